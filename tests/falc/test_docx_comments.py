"""Annotated DOCX: comments on the findings (one per finding, or one per paragraph), the rest of
the file untouched."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from falc.docx_comments import annotate_document, annotate_docx, comment_count, text_docx
from falc.readers import read_bytes, read_document
from tests.falc.fixtures.reports import finding, report_for

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE = FIXTURES / "exemple.docx"
LIMIT = 5 * 1024 * 1024


def commented_spans(data: bytes) -> dict[str, str]:
    """Comment text → the document text between its range start and end."""
    word = docx.Document(io.BytesIO(data))
    texts = {str(c.comment_id): c.paragraphs[0].text for c in word.comments}
    open_ranges: dict[str, list[str]] = {}
    spans: dict[str, str] = {}
    for element in word.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ranges[element.get(qn("w:id"))] = []
        elif element.tag == qn("w:commentRangeEnd"):
            key = element.get(qn("w:id"))
            spans[texts[key]] = "".join(open_ranges.pop(key))
        elif element.tag in (qn("w:t"), qn("w:tab"), qn("w:br")):
            piece = (
                element.text or ""
                if element.tag == qn("w:t")
                else {qn("w:tab"): "\t"}.get(element.tag, "\n")
            )
            for chunks in open_ranges.values():
                chunks.append(piece)
    return spans


DOC = read_document(SOURCE, max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("paragraph", "fragment"),
    [
        (3, "porte sur la fourniture de denrées pour"),  # crosses the bold run on both sides
        (3, "denrées"),  # inside one run
        (3, "Le marché"),  # at the start of the paragraph
        (4, "DUME"),  # list item
        (10, "Valeur technique"),  # merged table cell
        (12, "acheteur.\nDate"),  # across a line break
    ],
)
def test_comment_anchors_the_exact_span(paragraph: int, fragment: str):
    item = finding(DOC, paragraph, fragment, message="Explication du constat.")
    annotated = annotate_docx(SOURCE, report_for(DOC, [item]), "tous")
    assert commented_spans(annotated) == {"Explication du constat.": fragment}


def test_overlapping_findings_each_get_their_comment_and_text_is_unchanged():
    findings = [
        finding(DOC, 1, "pouvoir adjudicateur", message="Jargon.", suggestion="l'acheteur"),
        finding(DOC, 1, "adjudicateur se réserve", message="Chevauchement."),
        finding(DOC, 12, "15/03/2025", message="Date en chiffres."),
    ]
    annotated = annotate_docx(SOURCE.read_bytes(), report_for(DOC, findings), "tous")
    assert commented_spans(annotated) == {
        "Jargon.": "pouvoir adjudicateur",
        "Chevauchement.": "adjudicateur se réserve",
        "Date en chiffres.": "15/03/2025",
    }
    again = read_bytes(annotated, "copie.docx", max_bytes=LIMIT)
    assert [(p.kind, p.level, p.text) for p in again.paragraphs] == [
        (p.kind, p.level, p.text) for p in DOC.paragraphs
    ]
    word = docx.Document(io.BytesIO(annotated))
    jargon = next(c for c in word.comments if c.paragraphs[0].text == "Jargon.")
    assert [p.text for p in jargon.paragraphs] == [
        "Jargon.",
        "Suggestion : l'acheteur",
        "Règle : jargon",
    ]
    assert jargon.author == "Clair (FALC)"


def test_styles_tables_and_formatting_are_kept():
    item = finding(DOC, 3, "fourniture de", message="Coupe le gras.")
    annotated = annotate_docx(SOURCE, report_for(DOC, [item]), "tous")
    word = docx.Document(io.BytesIO(annotated))
    assert len(word.tables) == 1
    assert [p.style.name for p in word.paragraphs][:3] == ["Heading 1", "Normal", "Heading 2"]
    runs = word.paragraphs[3].runs
    assert [(r.text, bool(r.bold)) for r in runs if r.text] == [
        ("Le marché porte sur la ", False),
        ("fourniture de", True),
        (" denrées", True),
        (" pour la restauration scolaire.", False),
    ]
    with zipfile.ZipFile(io.BytesIO(annotated)) as archive:
        assert "word/comments.xml" in archive.namelist()
        assert archive.testzip() is None


def test_finding_without_span_comments_the_whole_paragraph():
    item = finding(DOC, 5, "Les", message="Paragraphe entier.")
    item = item.model_copy(update={"start": 4, "end": 4})
    assert commented_spans(annotate_docx(SOURCE, report_for(DOC, [item]), "tous")) == {
        "Paragraphe entier.": DOC.paragraphs[5].text
    }


def test_findings_out_of_range_are_ignored():
    item = finding(DOC, 5, "Les", message="Hors document.").model_copy(update={"paragraph": 99})
    assert commented_spans(annotate_docx(SOURCE, report_for(DOC, [item]), "tous")) == {}


@pytest.mark.parametrize("name", ["exemple.md", "exemple.html", "exemple.odt", "exemple.pdf"])
def test_other_formats_get_a_new_docx_with_the_same_paragraphs(name: str):
    doc = read_document(FIXTURES / name, max_bytes=LIMIT)
    rebuilt = read_bytes(text_docx(doc), "x.docx", max_bytes=LIMIT)
    assert [p.text for p in rebuilt.paragraphs] == [p.text for p in doc.paragraphs]
    last = len(doc.paragraphs) - 1
    fragment = doc.paragraphs[last].text[:5]
    annotated = annotate_document(
        doc, report_for(doc, [finding(doc, last, fragment, message="Ici.")]), mode="tous"
    )
    assert commented_spans(annotated) == {"Ici.": fragment}


def _soffice() -> str | None:
    import shutil

    for candidate in ("soffice", "libreoffice", "/usr/lib/libreoffice/program/soffice"):
        if found := shutil.which(candidate):
            return found
    return None


@pytest.mark.slow
def test_libreoffice_opens_the_annotated_copy_with_every_comment(tmp_path: Path):
    import subprocess

    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) absent : apt-get install libreoffice-writer-nogui")
    findings = [
        finding(DOC, 1, "pouvoir adjudicateur", message="Jargon."),
        finding(DOC, 3, "porte sur la fourniture de denrées pour", message="Sur deux runs."),
        finding(DOC, 10, "Valeur technique", message="Dans un tableau."),
    ]
    source = tmp_path / "annote.docx"
    source.write_bytes(annotate_docx(SOURCE, report_for(DOC, findings), "tous"))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profil",
         "--convert-to", "odt", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "annote.odt") as archive:
        content = archive.read("content.xml").decode()
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == 3
    assert content.count("<office:annotation-end ") == 3  # each comment anchors a span
    for text in ("Jargon.", "Sur deux runs.", "Dans un tableau."):
        assert text in content


def test_default_mode_gives_one_comment_per_paragraph_that_lists_its_findings():
    findings = [
        finding(DOC, 1, "pouvoir adjudicateur", message="Mot du métier.", priorite=0.2),
        finding(DOC, 1, "adjudicateur se réserve", message="Chevauchement.", priorite=0.1),
        finding(DOC, 12, "15/03/2025", rule="date-numerique", message="Date en chiffres."),
    ]
    report = report_for(DOC, findings)
    annotated = annotate_docx(SOURCE, report)
    word = docx.Document(io.BytesIO(annotated))
    comments = {c.paragraphs[0].text: [p.text for p in c.paragraphs] for c in word.comments}
    assert comment_count(report, "paragraphe") == len(comments) == 2
    assert comments["2 points à revoir dans ce paragraphe :"] == [
        "2 points à revoir dans ce paragraphe :",
        "• « pouvoir adjudicateur » : Mot du métier. [jargon]",
        "• « adjudicateur se réserve » : Chevauchement. [jargon]",
    ]
    spans = commented_spans(annotated)
    assert spans["2 points à revoir dans ce paragraphe :"] == "pouvoir adjudicateur se réserve"
    assert spans["1 point à revoir dans ce paragraphe :"] == "15/03/2025"


def test_a_finding_repeated_in_a_paragraph_is_listed_once_with_its_count():
    text = DOC.paragraphs[1].text
    first = text.index("pouvoir")
    findings = [
        finding(DOC, 1, "pouvoir", message="Mot."),
        finding(DOC, 1, "pouvoir", message="Mot.").model_copy(
            update={"start": first, "end": first + 7}
        ),
    ]
    word = docx.Document(io.BytesIO(annotate_docx(SOURCE, report_for(DOC, findings))))
    (comment,) = list(word.comments)
    assert [p.text for p in comment.paragraphs][1] == "• « pouvoir » (2 fois) : Mot. [jargon]"


def test_priority_mode_keeps_only_the_passages_to_review_first():
    findings = [
        finding(DOC, 3, "denrées", rule=f"regle-{n}", message=f"Constat {n}.", priorite=float(n))
        for n in range(12)
    ]
    report = report_for(DOC, findings)
    word = docx.Document(io.BytesIO(annotate_docx(SOURCE, report, "prioritaires")))
    (comment,) = list(word.comments)
    listed = [p.text for p in comment.paragraphs]
    assert listed[0] == "10 points à revoir dans ce paragraphe :"
    assert "Constat 11." in listed[1] and not any("Constat 1." in line for line in listed)
    assert len(report.findings) == 12  # the report keeps every finding
