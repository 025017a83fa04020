"""An annotated copy of a Word document: Word comments on the findings of the analysis.

Three modes (:data:`CommentMode`):

- ``paragraphe`` (the default): one comment per paragraph, over the words from its first
  finding to its last, listing all its findings; a finding repeated in the paragraph is listed
  once with its count. A 40-page CCAP gets one comment per paragraph to fix, not one per word.
- ``prioritaires``: the same, with only the findings of the top priority band (every
  occurrence of « Les 10 passages à revoir en premier », :mod:`falc.triage`).
- ``tous``: one comment on the exact span of each finding.

Every mode leaves the JSON report whole: the modes only choose how the DOCX shows it.

The DOCX is read again with :func:`falc.readers.read_bytes`, so paragraph indices and offsets
are the analysis' own, and each paragraph is found again through its ``locator``. Runs are cut at
the findings' offsets (each piece keeps the run's formatting) so every comment anchors the exact
words. A run that holds more than text (a picture, a field) is never cut: the comment then
covers the whole run. Documents that are not DOCX first get a plain DOCX of their text
(:func:`text_docx`).

Work is linear in the number of findings: each paragraph is cut once for all its findings, and
comment ids come from a counter instead of python-docx's scan of every existing comment.
"""

from __future__ import annotations

import copy
import io
import re
from bisect import bisect_right
from itertools import pairwise
from pathlib import Path
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

from falc.document import Document
from falc.readers import read_bytes
from falc.readers._docx import iter_paragraph_elements, open_docx, run_elements, run_text
from falc.report import Finding, Report
from falc.triage import group_key, passages_to_review, top_band
from storage import utc_stamp

CommentMode = Literal["tous", "paragraphe", "prioritaires"]
DEFAULT_MODE: CommentMode = "paragraphe"
AUTHOR = "Clair (FALC)"
INITIALS = "FALC"
_NO_LIMIT = 1 << 62
_RPR, _T, _BR, _TAB = qn("w:rPr"), qn("w:t"), qn("w:br"), qn("w:tab")
_TEXT_ONLY = {_RPR, _T, _TAB, qn("w:cr")}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ID, _VAL = qn("w:id"), qn("w:val")


def annotate_docx(source: Path | bytes, report: Report, mode: CommentMode = DEFAULT_MODE) -> bytes:
    """A copy of the DOCX ``source`` with the comments of ``report`` in the given ``mode``."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = report.document if isinstance(source, bytes) else Path(source).name
    read = read_bytes(data, name, max_bytes=_NO_LIMIT)
    word = open_docx(data, name)
    elements = dict(
        (locator, element) for element, locator in iter_paragraph_elements(word.element.body)
    )
    by_paragraph: dict[int, list[Finding]] = {}
    for finding in commented_findings(report, mode):
        if 0 <= finding.paragraph < len(read.paragraphs):
            by_paragraph.setdefault(finding.paragraph, []).append(finding)
    writer = _CommentWriter(word)
    for index, findings in by_paragraph.items():
        element = elements.get(read.paragraphs[index].locator or "")
        if element is None:
            continue
        if mode == "tous":
            comments = [(f.start, f.end, _finding_lines(f)) for f in findings]
        else:
            comments = [_paragraph_comment(findings)]
        _annotate_paragraph(element, comments, writer)
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
    # Style ids looked up once: python-docx resolves a style name on every paragraph otherwise.
    heading_ids = {level: word.styles[f"Heading {level}"].style_id for level in range(1, 10)}
    bullet_id = word.styles["List Bullet"].style_id
    for paragraph in doc.paragraphs:
        style_id = None
        if paragraph.kind == "heading":
            style_id = heading_ids[min(max(paragraph.level or 1, 1), 9)]
        elif paragraph.kind == "list_item":
            style_id = bullet_id
        added = word.add_paragraph(paragraph.text)
        if style_id:
            added._p.get_or_add_pPr().style = style_id
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def annotate_document(
    doc: Document,
    report: Report,
    source: Path | bytes | None = None,
    mode: CommentMode = DEFAULT_MODE,
) -> bytes:
    """Annotated DOCX for any document: a copy of a DOCX source, else a new DOCX of its text."""
    if doc.format == "docx" and source is not None:
        return annotate_docx(source, report, mode)
    return annotate_docx(text_docx(doc), report, mode)


def commented_findings(report: Report, mode: CommentMode) -> list[Finding]:
    """The findings the DOCX shows in this mode (all of them, or the top priority band)."""
    if mode == "prioritaires":
        return top_band(report.findings, passages_to_review(report.findings))
    return report.findings


def comment_count(report: Report, mode: CommentMode) -> int:
    """How many comments the annotated DOCX holds in this mode."""
    findings = commented_findings(report, mode)
    if mode == "tous":
        return len(findings)
    return len({f.paragraph for f in findings})


def _finding_lines(finding: Finding) -> list[str]:
    lines = [finding.message]
    if finding.suggestion:
        lines.append(f"Suggestion : {finding.suggestion}")
    lines.append(f"Règle : {finding.rule}")
    return lines


def _paragraph_comment(findings: list[Finding]) -> tuple[int, int, list[str]]:
    """One comment for all the findings of a paragraph: a line each, repeats counted once."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (-f.priorite, f.start)):
        groups.setdefault(group_key(finding), []).append(finding)
    count = len(findings)
    lines = [f"{count} point{'s' if count > 1 else ''} à revoir dans ce paragraphe :"]
    for members in groups.values():
        first = members[0]
        extract = " ".join(first.text.split())
        if len(extract) > 60:
            extract = extract[:57].rstrip() + "…"
        times = f" ({len(members)} fois)" if len(members) > 1 else ""
        line = f"• « {extract} »{times} : {first.message}"
        if first.suggestion:
            line += f" {first.suggestion}"
        lines.append(f"{line} [{first.rule}]")
    start = min(f.start for f in findings)
    end = max(f.end for f in findings)
    return start, end, lines


def _annotate_paragraph(
    p: etree._Element, comments: list[tuple[int, int, list[str]]], writer: _CommentWriter
) -> None:
    total = sum(len(run_text(r)) for r in run_elements(p))
    spans = [(max(0, start), min(end, total), lines) for start, end, lines in comments]
    _cut_runs(p, {offset for start, end, _ in spans if start < end for offset in (start, end)})
    runs = [r for r in run_elements(p) if run_text(r)]
    starts: list[int] = []
    position = 0
    for r in runs:
        starts.append(position)
        position += len(run_text(r))
    for start, end, lines in spans:
        if start >= end:  # nothing to point at: the comment covers the paragraph
            chosen = runs
        else:
            first = bisect_right(starts, start) - 1
            last = bisect_right(starts, end - 1) - 1
            chosen = runs[first : last + 1]
        if chosen:
            writer.add(chosen[0], chosen[-1], lines)


def _cut_runs(p: etree._Element, offsets: set[int]) -> None:
    """Make every offset a run boundary, cutting each text-only run at the offsets inside it."""
    position = 0
    for r in run_elements(p):
        text = run_text(r)
        inside = sorted(o - position for o in offsets if position < o < position + len(text))
        position += len(text)
        if not inside or not _text_only(r):
            continue
        bounds = [0, *inside, len(text)]
        _set_text(r, text[: bounds[1]])
        previous = r
        for start, end in pairwise(bounds[1:]):
            piece = copy.deepcopy(r)
            _set_text(piece, text[start:end])
            previous.addnext(piece)
            previous = piece


def _text_only(r: etree._Element) -> bool:
    for child in r:
        if child.tag == _BR:
            if child.get(qn("w:type"), "textWrapping") != "textWrapping":
                return False
        elif child.tag not in _TEXT_ONLY:
            return False
    return True


def _set_text(r: etree._Element, text: str) -> None:
    """Replace a run's content by ``text`` (tabs and line breaks as Word elements), keep rPr."""
    for child in list(r):
        if child.tag != _RPR:
            r.remove(child)
    for piece in re.split(r"([\t\n])", text):
        if piece == "\t":
            etree.SubElement(r, _TAB)
        elif piece == "\n":
            etree.SubElement(r, _BR)
        elif piece:
            element = etree.SubElement(r, _T)
            element.text = piece
            element.set(_XML_SPACE, "preserve")


class _CommentWriter:
    """Adds ``w:comment`` entries with ids from a counter (python-docx rescans every comment)."""

    def __init__(self, word: DocxDocument) -> None:
        self._word = word
        self._comments = word.comments._comments_elm
        ids = [int(i) for i in self._comments.xpath("./w:comment/@w:id") if i.isdigit()]
        self._next_id = max(ids, default=-1) + 1
        self._date = utc_stamp()

    def add(self, first: etree._Element, last: etree._Element, lines: list[str]) -> None:
        comment_id = self._next_id
        self._next_id += 1
        comment = etree.SubElement(self._comments, qn("w:comment"))
        comment.set(_ID, str(comment_id))
        comment.set(qn("w:author"), AUTHOR)
        comment.set(qn("w:initials"), INITIALS)
        comment.set(qn("w:date"), self._date)
        for number, line in enumerate(lines):
            p = etree.SubElement(comment, qn("w:p"))
            style = etree.SubElement(etree.SubElement(p, qn("w:pPr")), qn("w:pStyle"))
            style.set(_VAL, "CommentText")
            if number == 0:  # Word expects the annotation mark at the start of the comment
                mark = etree.SubElement(p, qn("w:r"))
                mark_style = etree.SubElement(etree.SubElement(mark, _RPR), qn("w:rStyle"))
                mark_style.set(_VAL, "CommentReference")
                etree.SubElement(mark, qn("w:annotationRef"))
            _set_text(etree.SubElement(p, qn("w:r")), line)
        start = etree.Element(qn("w:commentRangeStart"))
        start.set(_ID, str(comment_id))
        first.addprevious(start)
        end = etree.Element(qn("w:commentRangeEnd"))
        end.set(_ID, str(comment_id))
        reference = etree.Element(qn("w:r"))
        reference_style = etree.SubElement(etree.SubElement(reference, _RPR), qn("w:rStyle"))
        reference_style.set(_VAL, "CommentReference")
        etree.SubElement(reference, qn("w:commentReference")).set(_ID, str(comment_id))
        last.addnext(end)
        end.addnext(reference)
