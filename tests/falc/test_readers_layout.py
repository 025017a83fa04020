"""Readers keep a contract's structure: clause numbers stay text, sentences broken by a line or
page break are joined, page numbers and tables of contents are not prose; the Markdown writer
writes clause numbers back as text."""

from __future__ import annotations

import re

import pytest

from falc.document import Document, Paragraph
from falc.readers import read_bytes
from falc.readers._layout import continues, glue, is_page_marker, is_toc_line
from falc.writers.markdown import to_markdown

LIMIT = 1_000_000


def texts(data: str, name: str) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in read_bytes(data.encode(), name, max_bytes=LIMIT).paragraphs]


MARKDOWN = [
    (
        "3. 2. 1. Tout délai mentionné au marché commence à courir à 0 heure.",
        [("paragraph", "3. 2. 1. Tout délai mentionné au marché commence à courir à 0 heure.")],
    ),
    (
        "3. 2. Modalités de computation des délais :\n\n3. 2. 1. Tout délai commence.",
        [
            ("paragraph", "3. 2. Modalités de computation des délais :"),
            ("paragraph", "3. 2. 1. Tout délai commence."),
        ],
    ),
    (
        "12) Le titulaire remet le rapport.\n13) Le titulaire remet la facture.",
        [
            ("paragraph", "12) Le titulaire remet le rapport."),
            ("paragraph", "13) Le titulaire remet la facture."),
        ],
    ),
    ("3.2.1 Tout délai commence.", [("paragraph", "3.2.1 Tout délai commence.")]),
    ("Article 12.3 Le délai court.", [("paragraph", "Article 12.3 Le délai court.")]),
    (
        "1° Le rapport ;\n\na) la facture.",
        [("paragraph", "1° Le rapport ;"), ("paragraph", "a) la facture.")],
    ),
    ("- un tiret reste un élément de liste", [("list_item", "un tiret reste un élément de liste")]),
    # A sentence broken by a page break, with the page number between.
    (
        "Le titulaire transmet la facture\n\nPage 3 / 12\n\nà l'acheteur dans un délai de 8 jours.",
        [("paragraph", "Le titulaire transmet la facture à l'acheteur dans un délai de 8 jours.")],
    ),
    # A full stop, a colon or a capital: two paragraphs.
    (
        "Le titulaire transmet la facture.\n\nle reste suit.",
        [("paragraph", "Le titulaire transmet la facture."), ("paragraph", "le reste suit.")],
    ),
    (
        "Le titulaire transmet la facture\n\nL'acheteur paie.",
        [("paragraph", "Le titulaire transmet la facture"), ("paragraph", "L'acheteur paie.")],
    ),
    # A table of contents is not prose.
    (
        "Sommaire\n\nArticle 1 – Objet ........................ 3\nArticle 2 – Prix . . . . . . 5\n\n"
        "Le marché porte sur des fournitures.",
        [("paragraph", "Sommaire"), ("paragraph", "Le marché porte sur des fournitures.")],
    ),
]


@pytest.mark.parametrize(("source", "expected"), MARKDOWN)
def test_markdown_reader_keeps_structure(source, expected):
    assert texts(source, "contrat.md") == expected


TEXT = [
    # A hard line break inside a paragraph and a page marker inside it.
    (
        "Le titulaire transmet\nla facture à l'acheteur.\n- 2 -\n",
        [("paragraph", "Le titulaire transmet la facture à l'acheteur.")],
    ),
    # A page break between two blocks of one sentence, the word cut by a hyphen.
    (
        "Le pouvoir adjudica-\n\nteur notifie le marché.",
        [("paragraph", "Le pouvoir adjudicateur notifie le marché.")],
    ),
]


@pytest.mark.parametrize(("source", "expected"), TEXT)
def test_text_reader_joins_broken_sentences(source, expected):
    assert texts(source, "contrat.txt") == expected


@pytest.mark.parametrize(
    ("line", "page", "toc"),
    [
        ("Page 3", True, False),
        ("page 3 sur 12", True, False),
        ("3 / 12", True, False),
        ("– 3 –", True, False),
        ("Article 3 – Délais .......... 12", False, True),
        ("Chapitre 2 …… 7", False, True),
        ("Le délai est de 3 / 4 du délai initial.", False, False),
        ("La page 3 du DCE est jointe.", False, False),
        ("3. 2. 1. Tout délai commence.", False, False),
    ],
)
def test_page_markers_and_tables_of_contents(line, page, toc):
    assert is_page_marker(line) is page
    assert is_toc_line(line) is toc


@pytest.mark.parametrize(
    ("previous", "following", "joined"),
    [
        ("Le titulaire transmet", "la facture.", "Le titulaire transmet la facture."),
        ("Le titulaire transmet,", "dans 8 jours.", "Le titulaire transmet, dans 8 jours."),
        ("Le pouvoir adjudica-", "teur notifie.", "Le pouvoir adjudicateur notifie."),
        ("Les pièces sont les suivantes :", "le DUME ;", None),
        ("Le titulaire transmet la facture.", "le reste.", None),
        ("Le titulaire transmet", "Le reste.", None),
        ("Le titulaire transmet", "« la facture ».", None),
    ],
)
def test_a_sentence_left_open_continues(previous, following, joined):
    assert continues(previous, following) is (joined is not None)
    if joined is not None:
        assert glue(previous, following) == joined


CLAUSES = [
    "3. 2. 1. Tout délai mentionné au marché commence à courir.",
    "12) Le titulaire remet le rapport.",
    "3.2.1 Tout délai commence.",
    "1° le rapport ;",
]


@pytest.mark.parametrize("text", CLAUSES)
def test_markdown_writer_keeps_clause_numbers_as_text(text):
    for kind in ("paragraph", "list_item"):
        doc = Document(name="x", format="md", paragraphs=[Paragraph(index=0, text=text, kind=kind)])
        written = to_markdown(doc)
        reread = read_bytes(written.encode(), "sortie.md", max_bytes=LIMIT).paragraphs
        assert [p.text for p in reread] == [text]


CLAUSE_NUMBER = re.compile(r"^(?:\d+\.\s)+|^\d+(?:\.\d+)+|\b[Aa]rticle\s+\d+(?:\.\d+)*|^\d+°", re.M)


def test_every_clause_number_of_the_ccag_survives_read_and_write(shared_data):
    for path in sorted((shared_data / "falc" / "corpus").glob("ccag-*-2009.md")):
        source = path.read_text(encoding="utf-8")
        doc = read_bytes(source.encode(), path.name, max_bytes=20_000_000)
        written = to_markdown(doc)
        reread = read_bytes(written.encode(), "sortie.md", max_bytes=20_000_000)
        before = [n.strip() for n in CLAUSE_NUMBER.findall(source)]
        after = [n.strip() for p in reread.paragraphs for n in CLAUSE_NUMBER.findall(p.text)]
        assert len(before) > 100, path.name
        assert before == after, path.name
