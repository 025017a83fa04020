"""DOCX reader (python-docx): headings, paragraphs, list items and table cells in document order.

The body is walked as XML so that merged table cells are read once and content controls
(``w:sdt``) are not missed. Each paragraph's text is the concatenation of its runs (hyperlinks
included), read by :func:`run_elements` and :func:`run_text`, which writers use too, so offsets
map onto runs. ``Paragraph.locator`` is an XPath relative to ``w:body``; :func:`locate` follows it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.styles import BabelFish
from lxml import etree

from falc.document import Document, ParagraphKind
from falc.errors import DocumentError
from falc.readers._builder import DocumentBuilder

_HEADING_STYLE = re.compile(r"^(?:heading|titre)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|titre)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"\b(?:list|liste)\b", re.IGNORECASE)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R, _HYPERLINK, _T, _BR, _BR_TYPE = (
    qn("w:r"),
    qn("w:hyperlink"),
    qn("w:t"),
    qn("w:br"),
    qn("w:type"),
)
_INLINE_TEXT = {qn("w:tab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-", qn("w:ptab"): "\t"}
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    qn("w:p"),
    qn("w:tbl"),
    qn("w:tr"),
    qn("w:tc"),
    qn("w:sdt"),
    qn("w:sdtContent"),
)


def open_docx(data: bytes, name: str) -> DocxDocument:
    """Open DOCX bytes with python-docx, or raise a French :class:`DocumentError`."""
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # the parser of an untrusted file can fail in many ways
        raise DocumentError(
            f"Le fichier « {name} » est endommagé : ce n'est pas un document Word lisible. "
            "Ouvrez-le dans Word ou LibreOffice et enregistrez-le de nouveau."
        ) from error


def read_docx(data: bytes, name: str) -> Document:
    document = open_docx(data, name)
    builder = DocumentBuilder(name, "docx")
    styles, default = _paragraph_styles(document)
    for element, locator in iter_paragraph_elements(document.element.body):
        kind, level, style = _classify(element, styles, default, in_table="/w:tc[" in locator)
        text = "".join(run_text(r) for r in run_elements(element))
        builder.add(text, kind, level=level, style=style, locator=locator)
    return builder.build()


def run_elements(p: etree._Element) -> list[etree._Element]:
    """The ``w:r`` whose text makes up the paragraph's text, hyperlinks flattened, in order.

    The same runs as python-docx's ``Paragraph.iter_inner_content()``, so the text is the one
    ``Paragraph.text`` gives.
    """
    runs: list[etree._Element] = []
    for child in p.iterchildren(_R, _HYPERLINK):
        if child.tag == _R:
            runs.append(child)
        else:
            runs.extend(child.iterchildren(_R))
    return runs


def run_text(r: etree._Element) -> str:
    """A run's text as python-docx's ``Run.text`` reads it (tabs, line breaks), without XPath."""
    parts: list[str] = []
    for child in r:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _BR:
            if child.get(_BR_TYPE, "textWrapping") == "textWrapping":
                parts.append("\n")
        elif tag in _INLINE_TEXT:
            parts.append(_INLINE_TEXT[tag])
    return "".join(parts)


def locate(body: etree._Element, locator: str) -> etree._Element | None:
    """The ``w:p`` element a locator written by :func:`read_docx` points to, if it is still there."""
    found = etree.XPath(locator, namespaces={"w": _W_NS})(body)
    return found[0] if found else None


def iter_paragraph_elements(
    container: etree._Element, prefix: str = "."
) -> Iterator[tuple[etree._Element, str]]:
    """Every ``w:p`` under a container in reading order, with its XPath locator."""
    counts: dict[str, int] = {}
    for child in container:
        if child.tag not in (_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT):
            continue
        local = "w:" + etree.QName(child).localname
        counts[local] = counts.get(local, 0) + 1
        path = f"{prefix}/{local}[{counts[local]}]"
        if child.tag == _P:
            yield child, path
        else:
            yield from iter_paragraph_elements(child, path)


@dataclass(frozen=True, slots=True)
class _Style:
    """What the reader needs of a paragraph style, with its base styles already resolved."""

    name: str
    heading_level: int | None
    numbered: bool


def _paragraph_styles(document: DocxDocument) -> tuple[dict[str, _Style], str | None]:
    """Paragraph styles by id, read once from styles.xml, and the default style's id.

    A style is a heading when its name says so (Heading n, Titre n, Title) or when it (or a
    style it is based on) sets an outline level; numbered when it or a base style has numbering.
    """
    raw: dict[str, tuple[str, str | None, int | None, bool]] = {}
    default: str | None = None
    for style in document.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        style_id = style.get(qn("w:styleId")) or ""
        name_element = style.find(qn("w:name"))
        name = name_element.get(qn("w:val")) if name_element is not None else style_id
        based = style.find(qn("w:basedOn"))
        p_pr = style.find(qn("w:pPr"))
        raw[style_id] = (
            BabelFish.internal2ui(name or style_id),
            based.get(qn("w:val")) if based is not None else None,
            _outline(p_pr),
            p_pr is not None and p_pr.find(qn("w:numPr")) is not None,
        )
        if style.get(qn("w:default")) in ("1", "true"):
            default = style_id

    def resolve(style_id: str, seen: frozenset[str] = frozenset()) -> _Style:
        name, based, outline, numbered = raw[style_id]
        parent = resolve(based, seen | {style_id}) if based in raw and based not in seen else None
        level = None
        for candidate in (name, style_id):
            if match := _HEADING_STYLE.match(candidate):
                level = int(match.group(1))
                break
            if _TITLE_STYLE.match(candidate):
                level = 1
                break
        if level is None:
            level = outline if outline is not None else (parent.heading_level if parent else None)
        return _Style(
            name=name,
            heading_level=level,
            numbered=numbered or bool(parent and parent.numbered),
        )

    return {style_id: resolve(style_id) for style_id in raw}, default


def _classify(
    p: etree._Element, styles: dict[str, _Style], default: str | None, in_table: bool
) -> tuple[ParagraphKind, int | None, str | None]:
    p_pr = p.find(qn("w:pPr"))
    style_ref = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
    style_id = style_ref.get(qn("w:val")) if style_ref is not None else default
    style = styles.get(style_id or "")
    style_name = style.name if style else style_id
    level = _outline(p_pr)
    if level is None and style is not None:
        level = style.heading_level
    if level is not None:
        return "heading", level, style_name
    if in_table:
        return "table_cell", None, style_name
    numbered = p_pr is not None and p_pr.find(qn("w:numPr")) is not None
    if numbered or (style and (style.numbered or _LIST_STYLE.search(style.name))):
        return "list_item", None, style_name
    return "paragraph", None, style_name


def _outline(p_pr: etree._Element | None) -> int | None:
    """A ``w:outlineLvl`` as a heading level (OOXML counts from 0; 9 means body text)."""
    if p_pr is None:
        return None
    outline = p_pr.find(qn("w:outlineLvl"))
    if outline is None:
        return None
    value = (outline.get(qn("w:val")) or "9").strip()
    if not (value.isascii() and value.isdigit()):
        return None  # a malformed level: read as body text
    return int(value) + 1 if int(value) < 9 else None
