"""An annotated copy of a Word document: one Word comment on the exact span of each finding.

The DOCX is read again with :func:`falc.readers.read_bytes`, so paragraph indices and offsets
are the analysis' own, and each paragraph is found through its ``locator``. Runs are split at the
finding's offsets (keeping their formatting) so the comment anchors the exact words. A run that
holds more than text (a picture, a field) is never split: the comment then covers the whole run.
Documents that are not DOCX get a new, plain DOCX of their text (:func:`text_docx`) first.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from falc.document import Document
from falc.readers import read_bytes
from falc.readers._docx import docx_runs, locate, open_docx
from falc.report import Finding, Report

AUTHOR = "Clair (FALC)"
INITIALS = "FALC"
_TEXT_ONLY = {qn("w:rPr"), qn("w:t"), qn("w:tab"), qn("w:cr")}
_NO_LIMIT = 1 << 62


def annotate_docx(source: Path | bytes, report: Report) -> bytes:
    """A copy of the DOCX ``source`` with a comment on each finding of ``report``."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = report.document if isinstance(source, bytes) else Path(source).name
    read = read_bytes(data, name, max_bytes=_NO_LIMIT)
    word = open_docx(data, name)
    body = word.element.body
    for finding in report.findings:
        if not 0 <= finding.paragraph < len(read.paragraphs):
            continue
        located = read.paragraphs[finding.paragraph]
        element = locate(body, located.locator) if located.locator else None
        if element is None:
            continue
        paragraph = DocxParagraph(element, word)
        runs = _anchor_runs(paragraph, finding)
        if runs:
            _comment(word, runs, finding)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def text_docx(doc: Document) -> bytes:
    """A plain DOCX of a document read from another format, paragraph for paragraph.

    Headings keep their level and list items their bullet, so that reading the result again gives
    the same paragraphs, with the same indices and texts, as ``doc``.
    """
    word = docx.Document()
    word.core_properties.title = doc.name
    for paragraph in doc.paragraphs:
        if paragraph.kind == "heading":
            word.add_heading(paragraph.text, level=min(max(paragraph.level or 1, 1), 9))
        elif paragraph.kind == "list_item":
            word.add_paragraph(paragraph.text, style="List Bullet")
        else:
            word.add_paragraph(paragraph.text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def annotate_document(doc: Document, report: Report, source: Path | bytes | None = None) -> bytes:
    """Annotated DOCX for any document: a copy of a DOCX source, else a new DOCX of its text."""
    if doc.format == "docx" and source is not None:
        return annotate_docx(source, report)
    return annotate_docx(text_docx(doc), report)


def _anchor_runs(paragraph: DocxParagraph, finding: Finding) -> list[Run]:
    """The runs covering exactly ``[start, end)``, after splitting the runs at both ends."""
    text_length = sum(len(run.text) for run in docx_runs(paragraph))
    start, end = max(0, finding.start), min(finding.end, text_length)
    if start >= end:  # nothing to point at: the comment covers the paragraph
        return [run for run in docx_runs(paragraph) if run.text]
    _split_at(paragraph, start)
    _split_at(paragraph, end)
    chosen: list[Run] = []
    position = 0
    for run in docx_runs(paragraph):
        length = len(run.text)
        if length and position < end and position + length > start:
            chosen.append(run)
        position += length
    return chosen


def _split_at(paragraph: DocxParagraph, offset: int) -> None:
    """Make ``offset`` a run boundary by cutting the run that spans it in two."""
    position = 0
    for run in docx_runs(paragraph):
        text = run.text
        if position < offset < position + len(text):
            if _splittable(run):
                cut = offset - position
                twin = copy.deepcopy(run._r)
                run._r.addnext(twin)
                run.text = text[:cut]
                Run(twin, run._parent).text = text[cut:]
            return
        position += len(text)


def _splittable(run: Run) -> bool:
    for child in run._r:
        if child.tag == qn("w:br"):
            if child.get(qn("w:type"), "textWrapping") != "textWrapping":
                return False
        elif child.tag not in _TEXT_ONLY:
            return False
    return True


def _comment(word: DocxDocument, runs: list[Run], finding: Finding) -> None:
    comment = word.add_comment(runs, text=finding.message, author=AUTHOR, initials=INITIALS)
    if finding.suggestion:
        comment.add_paragraph(f"Suggestion : {finding.suggestion}")
    comment.add_paragraph(f"Règle : {finding.rule}")
