"""DOCX of ``clair simplifie``: the safe changes written in, each proposal a Word tracked change.

The safe version of each paragraph (safe changes and nothing else) is the text of the document;
each proposal that passed the guard is a ``w:del`` + ``w:ins`` pair (author, date) on top of it,
so the officer accepts or rejects it in Word or LibreOffice. « Rejeter tout » gives the safe
version, « Accepter tout » the version of ``--accepter-tout`` (written without tracked changes
when asked for). The « Mots importants » box comes first.

For a DOCX input, each rewritten paragraph is found back with its locator (see
:class:`falc.document.Paragraph`): its properties (style, numbering, table cell) are untouched,
only its runs are replaced, each piece keeping the formatting (``w:rPr``) of the original run it
comes from. A paragraph holding anything else than text (a hyperlink, a field, a picture, a
footnote mark) is left as it is. For another input, a new DOCX is built with Word's heading and
list styles, then the same tracked changes are written.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

from falc.document import Document
from falc.readers._docx import locate
from falc.rewrite.terms import BOX_TITLE
from falc.simplify import SimplifyReport
from falc.writers.diff import word_diff

AUTHOR = "Clair"
_TEXT_CHILDREN = {qn("w:rPr"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:lastRenderedPageBreak")}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class _Ids:
    def __init__(self, start: int = 9000) -> None:
        self.value = start

    def next(self) -> str:
        self.value += 1
        return str(self.value)


def _plain_runs(p: etree._Element) -> list[etree._Element] | None:
    """The paragraph's runs when they only hold text; None if it holds anything else."""
    runs: list[etree._Element] = []
    for child in p:
        if child.tag == qn("w:pPr") or child.tag in (
            qn("w:bookmarkStart"),
            qn("w:bookmarkEnd"),
            qn("w:proofErr"),
        ):
            continue
        if child.tag != qn("w:r"):
            return None
        if any(grandchild.tag not in _TEXT_CHILDREN for grandchild in child):
            return None
        runs.append(child)
    return runs


def _run_text(run: etree._Element) -> str:
    parts = []
    for child in run:
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag == qn("w:tab"):
            parts.append("\t")
        elif child.tag == qn("w:br"):
            parts.append("\n")
    return "".join(parts)


def _new_run(text: str, rpr: etree._Element | None, deleted: bool) -> etree._Element:
    run = etree.Element(qn("w:r"))
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    tag = qn("w:delText") if deleted else qn("w:t")
    for index, piece in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, qn("w:br"))
        for tab_index, chunk in enumerate(piece.split("\t")):
            if tab_index:
                etree.SubElement(run, qn("w:tab"))
            if chunk:
                node = etree.SubElement(run, tag)
                node.text = chunk
                node.set(_XML_SPACE, "preserve")
    return run


def _revision(tag: str, ids: _Ids, author: str, date: str) -> etree._Element:
    element = etree.Element(qn(tag))
    element.set(qn("w:id"), ids.next())
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), date)
    return element


def write_revisions(
    p: etree._Element,
    rewrite: str,
    ids: _Ids,
    author: str = AUTHOR,
    date: str | None = None,
    tracked: bool = True,
) -> bool:
    """Replace the runs of ``p`` with the tracked changes to ``rewrite`` (with ``tracked`` False:
    with ``rewrite`` itself, each piece keeping its formatting); False if not possible."""
    runs = _plain_runs(p)
    if not runs:
        return False
    original = "".join(_run_text(r) for r in runs)
    if original == rewrite:
        return True
    date = date or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    bounds: list[tuple[int, int, etree._Element | None]] = []
    position = 0
    for run in runs:
        text = _run_text(run)
        bounds.append((position, position + len(text), run.find(qn("w:rPr"))))
        position += len(text)

    def pieces(start: int, end: int) -> list[tuple[str, etree._Element | None]]:
        out = []
        for first, last, rpr in bounds:
            lo, hi = max(start, first), min(end, last)
            if lo < hi:
                out.append((original[lo:hi], rpr))
        return out

    def rpr_at(offset: int) -> etree._Element | None:
        for first, last, rpr in bounds:
            if first <= offset < last or (offset == last and last == len(original)):
                return rpr
        return bounds[-1][2] if bounds else None

    anchor = p.index(runs[0])
    for run in runs:
        p.remove(run)
    new: list[etree._Element] = []
    for segment in word_diff(original, rewrite):
        if segment.op == "equal":
            new.extend(
                _new_run(text, rpr, False) for text, rpr in pieces(segment.start, segment.end)
            )
        elif not tracked:
            if segment.op == "insert":
                new.append(_new_run(segment.text, rpr_at(max(segment.start - 1, 0)), False))
        elif segment.op == "delete":
            wrapper = _revision("w:del", ids, author, date)
            for text, rpr in pieces(segment.start, segment.end):
                wrapper.append(_new_run(text, rpr, True))
            new.append(wrapper)
        else:
            wrapper = _revision("w:ins", ids, author, date)
            wrapper.append(_new_run(segment.text, rpr_at(max(segment.start - 1, 0)), False))
            new.append(wrapper)
    for offset, element in enumerate(new):
        p.insert(anchor + offset, element)
    return True


def _write(element: etree._Element, safe: str, proposal: str, ids: _Ids, author: str) -> None:
    """The safe version written in, then the proposals as tracked changes on top of it."""
    write_revisions(element, safe, ids, author, tracked=False)
    if proposal != safe:
        write_revisions(element, proposal, ids, author)


def docx_with_revisions(
    source: Path | bytes | None,
    doc: Document,
    report: SimplifyReport,
    author: str = AUTHOR,
    accepted: bool = False,
) -> bytes:
    """A DOCX of the safe version where each proposal is a Word tracked change (with
    ``accepted``: the version with every proposal accepted, without tracked changes).

    ``source`` is the original DOCX (its layout is kept); with None, a DOCX is built from ``doc``.
    """
    versions = {
        p.index: (p.text(accepted), p.proposal)
        for p in report.paragraphs
        if p.rewrite != p.original or p.proposal != p.original
    }
    ids = _Ids()
    if source is not None and doc.format == "docx":
        data = source.read_bytes() if isinstance(source, Path) else source
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        for paragraph in doc.paragraphs:
            if paragraph.index in versions and paragraph.locator:
                element = locate(body, paragraph.locator)
                if element is not None:
                    safe, proposal = versions[paragraph.index]
                    _write(element, safe, proposal, ids, author)
        _add_box(document, report)
    else:
        document = _fresh_docx(doc)
        body = document.element.body
        elements = [e for e in body if e.tag == qn("w:p")]
        for paragraph, element in zip(doc.paragraphs, elements, strict=False):
            if paragraph.index in versions:
                safe, proposal = versions[paragraph.index]
                _write(element, safe, proposal, ids, author)
        _add_box(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_box(document: DocxDocument, report: SimplifyReport) -> None:
    """The « Mots importants » box at the start of the body: a title and one line per term."""
    if not report.mots_importants:
        return
    added = [_styled(document, BOX_TITLE, ("Heading 2", "Titre 2"))]
    added += [
        _styled(document, term.line, ("List Bullet", "Liste à puces"))
        for term in report.mots_importants
    ]
    body = document.element.body
    for position, paragraph in enumerate(added):
        body.remove(paragraph._p)
        body.insert(position, paragraph._p)


def _styled(document: DocxDocument, text: str, styles: tuple[str, ...]):
    for style in styles:
        try:
            return document.add_paragraph(text, style=style)
        except KeyError:
            continue
    return document.add_paragraph(text)


def _fresh_docx(doc: Document) -> DocxDocument:
    """A DOCX with one Word paragraph per paragraph of ``doc`` (headings and lists styled)."""
    document = docx.Document()
    document.core_properties.title = doc.name
    for paragraph in doc.paragraphs:
        if paragraph.kind == "heading":
            document.add_heading(paragraph.text, level=min(max(paragraph.level or 1, 1), 9))
        elif paragraph.kind == "list_item":
            document.add_paragraph(paragraph.text, style="List Bullet")
        else:
            document.add_paragraph(paragraph.text)
    return document
