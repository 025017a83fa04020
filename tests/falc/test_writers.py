"""Outputs of clair simplifie: DOCX tracked changes (reopened, converted by LibreOffice), ODT,
Markdown read back by the analysis, side-by-side HTML escaped."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from falc.document import Document
from falc.readers import read_bytes, read_document
from falc.simplify import SimplifyReport, simplify_document
from falc.writers.diff import word_diff
from falc.writers.docx_revisions import docx_with_revisions
from falc.writers.markdown import to_markdown
from falc.writers.odt import odt_bytes
from falc.writers.output import OutputFormatError, output_kind, render
from falc.writers.side_by_side import render_side_by_side

CCAP_DOCX = Path(__file__).resolve().parents[2] / "falc" / "exemples" / "ccap-extrait.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = (
    "# Article 1 – Délais\n\n"
    "Les offres sont analysées par le pouvoir adjudicateur dans un délai de quinze jours.\n\n"
    "- Le candidat remet son offre avant le 15/03/2026.\n"
)


@pytest.fixture(scope="module")
def ccap(nlp) -> tuple[Document, SimplifyReport]:
    doc = read_document(CCAP_DOCX, max_bytes=10_000_000)
    return doc, simplify_document(doc, nlp)


@pytest.fixture(scope="module")
def small(nlp) -> tuple[Document, SimplifyReport]:
    doc = read_bytes(TEXT.encode(), "court.md", max_bytes=100_000)
    return doc, simplify_document(doc, nlp)


@pytest.mark.parametrize(
    ("original", "rewrite", "expected"),
    [
        ("le pouvoir adjudicateur signe", "l'acheteur signe", [("delete", "le pouvoir adjudicateur"), ("insert", "l'acheteur"), ("equal", " signe")]),
        ("quinze jours", "15 jours", [("delete", "quinze"), ("insert", "15"), ("equal", " jours")]),
        ("identique", "identique", [("equal", "identique")]),
    ],
)  # fmt: skip
def test_word_diff(original, rewrite, expected):
    assert [(s.op, s.text) for s in word_diff(original, rewrite)] == expected


def _box(report: SimplifyReport) -> int:
    """Paragraphs of the « Mots importants » box at the top: its title and one per term."""
    return 1 + len(report.mots_importants) if report.mots_importants else 0


def test_docx_keeps_structure_and_marks_each_proposal(ccap):
    doc, report = ccap
    data = docx_with_revisions(CCAP_DOCX, doc, report)
    original, rewritten = docx.Document(str(CCAP_DOCX)), docx.Document(io.BytesIO(data))
    box = _box(report)
    assert box and rewritten.paragraphs[0].text == "Mots importants"
    # After the box, same paragraphs with the same styles, same tables: only text changes.
    assert [p.style.name for p in rewritten.paragraphs[box:]] == [
        p.style.name for p in original.paragraphs
    ]
    assert len(rewritten.tables) == len(original.tables)
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    insertions, deletions = body.findall(f".//{W}ins"), body.findall(f".//{W}del")
    assert insertions and deletions
    for mark in insertions + deletions:
        assert mark.get(f"{W}author") == "Clair" and mark.get(f"{W}date")
    ids = [m.get(f"{W}id") for m in insertions + deletions]
    assert len(ids) == len(set(ids))
    # Rejecting every change gives the safe version; accepting them gives the proposals.
    rejected = _text(body, keep="del")[box:]
    accepted = _text(body, keep="ins")[box:]
    safe = {p.index: p.rewrite for p in report.paragraphs}
    assert rejected == [safe[p.index] for p in doc.paragraphs if p.kind != "table_cell" and p.text]
    proposed = {p.proposal for p in report.paragraphs if p.proposal != p.rewrite}
    assert proposed and proposed <= set(accepted)


def _text(body: etree._Element, keep: str) -> list[str]:
    """Paragraph texts with the changes rejected (keep="del") or accepted (keep="ins")."""
    drop = f"{W}ins" if keep == "del" else f"{W}del"
    texts = []
    for p in body.iter(f"{W}p"):
        if p.getparent().tag.endswith("}tc"):
            continue
        parts = []
        for node in p.iter(f"{W}t", f"{W}delText"):
            if any(a.tag == drop for a in node.iterancestors()):
                continue
            parts.append(node.text or "")
        if parts and "".join(parts):
            texts.append("".join(parts))
    return texts


def test_docx_from_markdown_has_headings_and_changes(small):
    doc, report = small
    data = docx_with_revisions(None, doc, report)
    rewritten = docx.Document(io.BytesIO(data))
    box = _box(report)
    assert rewritten.paragraphs[0].style.name == "Heading 2"
    assert rewritten.paragraphs[box].style.name == "Heading 1"
    assert rewritten.paragraphs[box + 2].style.name == "List Bullet"
    assert b"<w:ins " in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    accepted = docx_with_revisions(None, doc, report, accepted=True)
    assert b"<w:ins " not in zipfile.ZipFile(io.BytesIO(accepted)).read("word/document.xml")
    texts = [p.text for p in docx.Document(io.BytesIO(accepted)).paragraphs]
    assert report.paragraphs[1].proposal in texts


def test_libreoffice_converts_the_tracked_changes(tmp_path, ccap):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) absent : apt-get install libreoffice-writer-nogui")
    doc, report = ccap
    source = tmp_path / "simplifie.docx"
    source.write_bytes(docx_with_revisions(CCAP_DOCX, doc, report))
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "odt", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    converted = tmp_path / "simplifie.odt"
    assert done.returncode == 0 and converted.exists(), done.stderr
    content = zipfile.ZipFile(converted).read("content.xml")
    assert b"text:tracked-changes" in content and b"text:changed-region" in content


def test_odt_from_odt_and_from_markdown(small, tmp_path):
    doc, report = small
    built = odt_bytes(None, doc, report)
    reread = read_bytes(built, "court.odt", max_bytes=1_000_000)
    box = _box(report)
    assert reread.paragraphs[0].text == "Mots importants"
    assert [p.kind for p in reread.paragraphs[box:]] == ["heading", "paragraph", "list_item"]
    assert reread.paragraphs[box + 1].text == report.paragraphs[1].rewrite
    # An ODT source keeps its layout: rewrite it again and find the same paragraphs.
    plain = report.model_copy(update={"mots_importants": []})
    built = odt_bytes(None, doc, plain)
    reread = read_bytes(built, "court.odt", max_bytes=1_000_000)
    again = read_bytes(odt_bytes(built, reread, plain), "x.odt", max_bytes=1_000_000)
    assert [p.text for p in again.paragraphs] == [p.text for p in reread.paragraphs]
    boxed = read_bytes(odt_bytes(built, reread, report), "y.odt", max_bytes=1_000_000)
    assert boxed.paragraphs[0].text == "Mots importants"
    assert [p.text for p in boxed.paragraphs][box:] == [p.text for p in reread.paragraphs]


def test_markdown_output_is_read_back_the_same(small):
    doc, report = small
    markdown = render("md", doc, report).decode()
    assert markdown.startswith("## Mots importants\n\n- pouvoir adjudicateur : ")
    reread = read_bytes(markdown.encode(), "sortie.md", max_bytes=100_000)
    box = _box(report)
    assert [p.text for p in reread.paragraphs[box:]] == [p.rewrite for p in report.paragraphs]
    assert [p.kind for p in reread.paragraphs[box:]] == [p.kind for p in doc.paragraphs]
    accepted = read_bytes(render("md", doc, report, accepted=True), "tout.md", max_bytes=100_000)
    assert [p.text for p in accepted.paragraphs[box:]] == [p.proposal for p in report.paragraphs]


def test_markdown_escapes_what_would_become_markup():
    doc = Document.from_text("# pas un titre\n\n- pas une liste")
    assert to_markdown(doc) == "\\# pas un titre\n\n\\- pas une liste\n"


def test_side_by_side_html_escapes_and_shows_changes(nlp):
    report = simplify_document(
        Document.from_text("<script>alert(1)</script> Le pouvoir adjudicateur signe & paie."), nlp
    )
    page = render_side_by_side(report)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<del>" in page and "<ins>" in page
    assert "Avant" in page and "Version sûre" in page and "Mots importants" in page


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.docx", "docx"), ("a.ODT", "odt"), ("a.markdown", "md"), ("a.htm", "html")],
)
def test_output_kind(name, kind):
    assert output_kind(Path(name)) == kind


def test_unknown_output_kind_is_a_french_error():
    with pytest.raises(OutputFormatError, match="Je ne sais pas écrire"):
        output_kind(Path("sortie.pdf"))


ENUMERATION = (
    "# Article 7 – Étiquetage\n\n"
    "Chaque colis porte un étiquetage lisible comportant la dénomination de vente, le poids "
    "net, le numéro de lot, l'origine du produit et le nom du conditionneur.\n"
)
ITEMS = [
    "la dénomination de vente",
    "le poids net",
    "le numéro de lot",
    "l'origine du produit",
    "le nom du conditionneur.",
]


@pytest.fixture(scope="module")
def listed(nlp) -> tuple[Document, SimplifyReport]:
    doc = read_bytes(ENUMERATION.encode(), "liste.md", max_bytes=100_000)
    return doc, simplify_document(doc, nlp)


def test_markdown_list_read_back_one_item_per_paragraph(listed):
    doc, report = listed
    reread = read_bytes(render("md", doc, report, accepted=True), "sortie.md", max_bytes=100_000)
    kinds = [(p.kind, p.text) for p in reread.paragraphs[_box(report) + 1 :]]
    assert kinds == [
        ("paragraph", "Chaque colis porte un étiquetage lisible comportant :"),
        *[("list_item", item) for item in ITEMS],
    ]


def test_docx_list_is_one_tracked_insertion_with_line_breaks(listed):
    doc, report = listed
    built = docx.Document(io.BytesIO(render("docx", doc, report)))
    insertions = built.element.body.findall(f".//{W}ins")
    assert any(ins.find(f".//{W}br") is not None for ins in insertions)
    reread = read_bytes(render("docx", doc, report), "liste.docx", max_bytes=1_000_000)
    assert reread.paragraphs[_box(report) + 1].text.count("\n") == 0  # not accepted yet


def test_odt_list_lines_are_line_breaks(listed):
    doc, report = listed
    reread = read_bytes(render("odt", doc, report, accepted=True), "liste.odt", max_bytes=1_000_000)
    assert reread.paragraphs[_box(report) + 1].text.split("\n") == [
        "Chaque colis porte un étiquetage lisible comportant :",
        *[f"- {item}" for item in ITEMS],
    ]
