"""Readers: structure, text and positions from each format, and a French error for each bad input."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from falc.errors import DocumentError
from falc.readers import read_bytes, read_document
from falc.readers._docx import locate

FIXTURES = Path(__file__).parent / "fixtures"
LIMIT = 5 * 1024 * 1024


def read(name: str):
    return read_document(FIXTURES / name, max_bytes=LIMIT)


def summary(name: str) -> list[tuple[str, int | None, str, str | None]]:
    return [(p.kind, p.level, p.text, p.section) for p in read(name).paragraphs]


R = "Règlement de la consultation"
A1 = "Article 1 – Objet"
A2 = "Article 2 – Remise des offres"


def test_docx_keeps_structure_in_document_order():
    assert summary("exemple.docx") == [
        ("heading", 1, R, R),
        (
            "paragraph",
            None,
            "Le pouvoir adjudicateur se réserve la possibilité de ne pas donner suite à la consultation.",
            R,
        ),
        ("heading", 2, A1, A1),
        (
            "paragraph",
            None,
            "Le marché porte sur la fourniture de denrées pour la restauration scolaire.",
            A1,
        ),
        ("list_item", None, "Le candidat fournit le DUME ou les formulaires DC1 et DC2.", A1),
        ("list_item", None, "Les pièces sont rédigées en français.", A1),
        ("table_cell", None, "Critère", A1),
        ("table_cell", None, "Pondération", A1),
        ("table_cell", None, "Prix des prestations", A1),
        ("table_cell", None, "60 %", A1),
        ("table_cell", None, "Valeur technique appréciée au vu du mémoire", A1),  # merged: once
        ("heading", 2, A2, A2),
        (
            "paragraph",
            None,
            "Les offres sont transmises par voie électronique sur le profil d'acheteur."
            "\nDate limite : 15/03/2025 à 12h00.",
            A2,
        ),
    ]


def test_docx_locators_find_the_paragraph_again():
    document = read("exemple.docx")
    source = docx.Document(str(FIXTURES / "exemple.docx"))
    body = source.element.body
    for paragraph in document.paragraphs:
        element = locate(body, paragraph.locator)
        assert element is not None
        text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
        assert text == paragraph.text.replace("\n", "")
    assert [p.index for p in document.paragraphs] == list(range(len(document.paragraphs)))


def test_odt_keeps_structure_spaces_and_locators():
    document = read("exemple.odt")
    assert [(p.kind, p.level, p.text) for p in document.paragraphs] == [
        ("heading", 1, "Cahier des clauses particulières"),
        ("paragraph", None, "Le titulaire exécute les prestations  conformément au CCTP."),
        ("heading", 2, "Article 3 – Prix"),
        ("list_item", None, "Les prix sont fermes."),
        ("list_item", None, "Les prix sont révisables chaque année."),
        ("table_cell", None, "Lot"),
        ("table_cell", None, "Montant HT"),
        ("table_cell", None, "Lot 1 – Épicerie"),
        ("table_cell", None, "45 000 €"),
        ("paragraph", None, "Le paiement intervient sous 30 jours."),
    ]
    assert document.paragraphs[4].locator == "./text:list[1]/text:list-item[2]/text:p[1]"
    assert document.paragraphs[9].section == "Article 3 – Prix"


def test_pdf_rebuilds_paragraphs_headings_and_pages():
    assert [(p.kind, p.page, p.text) for p in read("exemple.pdf").paragraphs] == [
        ("heading", 1, "ARTICLE 1 - OBJET DU MARCHÉ"),
        (
            "paragraph",
            1,
            "Le présent marché a pour objet la fourniture de denrées alimentaires destinées "
            "aux restaurants scolaires de la commune de Valmont-sur-Aa, pour une durée de "
            "douze mois reconductible.",
        ),
        ("list_item", 1, "Lot 1 : épicerie et produits secs."),
        ("list_item", 1, "Lot 2 : fruits et légumes frais."),
        ("heading", 2, "2.1 Délai de paiement"),
        (
            "paragraph",
            2,
            "Le délai global de paiement est fixé à 30 jours à compter de la réception de la "
            "demande de paiement.",
        ),
    ]


def test_markdown_headings_lists_tables_and_inline_markup():
    assert summary("exemple.md") == [
        ("heading", 1, R, R),
        (
            "paragraph",
            None,
            "Le pouvoir adjudicateur lance une consultation pour la restauration scolaire.",
            R,
        ),
        ("heading", 2, "Article 1 – Pièces du dossier", "Article 1 – Pièces du dossier"),
        ("list_item", None, "le règlement de la consultation ;", "Article 1 – Pièces du dossier"),
        ("list_item", None, "le CCAP et le CCTP.", "Article 1 – Pièces du dossier"),
        ("table_cell", None, "Critère", "Article 1 – Pièces du dossier"),
        ("table_cell", None, "Poids", "Article 1 – Pièces du dossier"),
        ("table_cell", None, "Prix", "Article 1 – Pièces du dossier"),
        ("table_cell", None, "60 %", "Article 1 – Pièces du dossier"),
        ("heading", 2, "Sous-titre souligné", "Sous-titre souligné"),
        ("paragraph", None, "Dernier paragraphe.", "Sous-titre souligné"),
    ]


def test_html_drops_scripts_styles_navigation_and_comments():
    assert [(p.kind, p.level, p.text) for p in read("exemple.html").paragraphs] == [
        ("heading", 1, "Avis de marché"),
        ("paragraph", None, "La commune de Valmont-sur-Aa achète des repas pour ses écoles."),
        ("list_item", None, "Lot 1 : épicerie"),
        ("list_item", None, "Lot 2 : légumes"),
        ("table_cell", None, "Date limite"),
        ("table_cell", None, "vendredi 14 mars 2025"),
        ("heading", 2, "Contact"),
        ("paragraph", None, "Service de la commande publique"),
    ]


@pytest.mark.parametrize(
    ("name", "first_text"),
    [
        ("cp1252.txt", "Avis d'appel public à la concurrence"),
        ("utf8.txt", "Avis d'appel public à la concurrence"),
        ("latin1.txt", "Déjà reçu : réponse à l'acheteur."),
    ],
)
def test_text_encodings_are_detected(name: str, first_text: str):
    document = read(name)
    assert document.paragraphs[0].text == first_text
    assert document.format == "txt"


def test_text_paragraphs_split_at_blank_lines():
    assert [p.text for p in read("cp1252.txt").paragraphs] == [
        "Avis d'appel public à la concurrence",
        "L'acheteur passe un marché à procédure adaptée. "
        "Les offres sont reçues jusqu'au vendredi 14 mars 2025.",
        "Les candidats répondent en français.",
    ]


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        ("\ufeffPremier.\n\nSecond.".encode(), "a.txt", ["Premier.", "Second."]),
        ("Le délai.".encode("utf-16"), "a.txt", ["Le délai."]),
        (b"<p>Un &amp; deux</p>", "page.htm", ["Un & deux"]),
        (
            b"<p>Ligne un<br>ligne <b>deux</b></p><p>Fin</p>",
            "a.html",
            ["Ligne un ligne deux", "Fin"],
        ),
        (b"# Titre\nTexte", "notes.markdown", ["Titre", "Texte"]),
        (b"Sans extension.", "README", ["Sans extension."]),
    ],
)
def test_read_bytes_variants(data: bytes, filename: str, expected: list[str]):
    assert [p.text for p in read_bytes(data, filename, max_bytes=LIMIT).paragraphs] == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scanne.pdf", "document scanné"),
        ("protege.pdf", "protégé par un mot de passe"),
        ("protege.docx", "protégé par un mot de passe"),
        ("corrupt.docx", "endommagé"),
        ("broken_xml.docx", "endommagé"),
        ("corrupt.pdf", "endommagé"),
        ("vide.docx", "est vide"),
        ("vide.txt", "est vide"),
        ("image.png", "qui n'est pas pris en charge"),
        ("tableur.xlsx", "n'est pas un document texte pris en charge"),
    ],
)
def test_bad_documents_raise_a_french_error(name: str, message: str):
    with pytest.raises(DocumentError, match=message) as caught:
        read(name)
    assert name in str(caught.value)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "vide.docx", "est vide"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "ancien.doc", "ancien format"),
        (b"du texte, pas un PDF", "faux.pdf", "ne correspond pas"),
        (b"texte\x00binaire", "donnees.txt", "données binaires"),
    ],
)
def test_bad_bytes_raise_a_french_error(data: bytes, filename: str, message: str):
    with pytest.raises(DocumentError, match=message):
        read_bytes(data, filename, max_bytes=LIMIT)


def test_oversized_file_is_refused_before_parsing(tmp_path: Path):
    big = tmp_path / "gros.pdf"
    big.write_bytes(b"not even a pdf" * 100)  # parsing would fail differently
    with pytest.raises(
        DocumentError, match=r"trop volumineux \(0,0 Mo\) : la limite est de 0,0 Mo"
    ):
        read_document(big, max_bytes=1000)
    with pytest.raises(DocumentError, match="trop volumineux"):
        read_bytes(b"x" * 1001, "a.txt", max_bytes=1000)


def test_missing_file_and_directory(tmp_path: Path):
    with pytest.raises(DocumentError, match="introuvable"):
        read_document(tmp_path / "absent.docx", max_bytes=LIMIT)
    with pytest.raises(DocumentError, match="dossier"):
        read_document(tmp_path, max_bytes=LIMIT)


def test_sample_tenders_are_readable_and_sized_for_the_demo():
    from falc.exemples import exemple_paths

    paths = exemple_paths()
    assert {p.name for p in paths} >= {
        "reglement-consultation.md",
        "ccap-extrait.md",
        "cctp-restauration-scolaire.md",
        "avis-de-marche.md",
        "ccap-extrait.docx",
    }
    documents = {p.name: read_document(p, max_bytes=LIMIT) for p in paths}
    words = sum(
        len(p.text.split())
        for name, d in documents.items()
        if name.endswith(".md")
        for p in d.paragraphs
    )
    assert 6000 <= words <= 8000
    word_copy = documents["ccap-extrait.docx"]
    assert {p.kind for p in word_copy.paragraphs} == {
        "heading",
        "paragraph",
        "list_item",
        "table_cell",
    }
    assert [p.text for p in word_copy.paragraphs] == [
        p.text for p in documents["ccap-extrait.md"].paragraphs
    ]
