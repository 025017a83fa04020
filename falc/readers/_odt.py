"""ODT reader (odfpy): headings, paragraphs, list items and table cells in document order."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator

from odf.element import Element, Node
from odf.namespaces import OFFICENS, STYLENS, TABLENS, TEXTNS
from odf.opendocument import OpenDocument, load

from core.archives import DEFAULT_LIMITS, ArchiveLimits, ArchiveTooLargeError, repeat_count
from falc.document import Document, ParagraphKind
from falc.errors import DocumentError, DocumentTooLargeError
from falc.readers._builder import DocumentBuilder

_PREFIX = {TEXTNS: "text", TABLENS: "table"}
# Containers walked for paragraphs; tables of contents are skipped (they repeat the headings).
_CONTAINERS = {
    (TEXTNS, "section"),
    (TEXTNS, "list"),
    (TEXTNS, "list-item"),
    (TEXTNS, "list-header"),
    (TABLENS, "table"),
    (TABLENS, "table-header-rows"),
    (TABLENS, "table-rows"),
    (TABLENS, "table-row"),
    (TABLENS, "table-cell"),
}
# Inline elements whose content is not part of the paragraph's running text.
_SKIPPED = {(TEXTNS, "note"), (OFFICENS, "annotation"), (TEXTNS, "bookmark-ref")}
_HEADING_STYLE = re.compile(r"^(?:heading|titre)(?:_20_|\s)*(\d)?$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|titre)$", re.IGNORECASE)


def read_odt(data: bytes, name: str, limits: ArchiveLimits = DEFAULT_LIMITS) -> Document:
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # odfpy prints a damaged file's XML
            odt = load(io.BytesIO(data))
        body = odt.text
        if body is None:
            raise ValueError("no office:text element")
    except Exception as error:  # the parser of an untrusted file can fail in many ways
        raise DocumentError(
            f"Le fichier « {name} » est endommagé : ce n'est pas un document OpenDocument lisible. "
            "Ouvrez-le dans LibreOffice et enregistrez-le de nouveau."
        ) from error
    parents = _style_parents(odt)
    builder = DocumentBuilder(name, "odt")
    for element, locator, context in _iter_blocks(body, ".", None):
        style = element.getAttrNS(TEXTNS, "style-name")
        kind, level = _classify(element, context, _resolve_style(style, parents))
        try:
            text = _text(element, name, limits)
        except ArchiveTooLargeError as error:
            raise DocumentTooLargeError(str(error)) from error
        builder.add(text, kind, level=level, style=style, locator=locator)
    return builder.build()


def _iter_blocks(
    container: Element, prefix: str, context: ParagraphKind | None
) -> Iterator[tuple[Element, str, ParagraphKind | None]]:
    counts: dict[str, int] = {}
    for child in container.childNodes:
        if child.nodeType != Node.ELEMENT_NODE or child.qname[0] not in _PREFIX:
            continue
        step = f"{_PREFIX[child.qname[0]]}:{child.qname[1]}"
        counts[step] = counts.get(step, 0) + 1
        path = f"{prefix}/{step}[{counts[step]}]"
        if child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            yield child, path, context
        elif child.qname in _CONTAINERS:
            inner = context
            if child.qname == (TEXTNS, "list-item") and context is None:
                inner = "list_item"
            elif child.qname == (TABLENS, "table-cell"):
                inner = "table_cell"
            yield from _iter_blocks(child, path, inner)


def _classify(
    element: Element, context: ParagraphKind | None, style: str | None
) -> tuple[ParagraphKind, int | None]:
    if element.qname == (TEXTNS, "h"):
        raw = element.getAttrNS(TEXTNS, "outline-level")
        level = "1" if raw is None else raw.strip()  # absent: level 1
        if not (level.isascii() and level.isdigit() and 0 < int(level) <= 10):
            return context or "paragraph", None  # a malformed level: read as body text
        return "heading", int(level)
    if style and (match := _HEADING_STYLE.match(style)):
        return "heading", int(match.group(1) or 1)
    if style and _TITLE_STYLE.match(style):
        return "heading", 1
    return context or "paragraph", None


def _text(node: Element, name: str, limits: ArchiveLimits) -> str:
    """The visible text of a paragraph: spaces, tabs and line breaks expanded, notes left out."""
    parts: list[str] = []
    for child in node.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType != Node.ELEMENT_NODE or child.qname in _SKIPPED:
            continue
        elif child.qname == (TEXTNS, "s"):
            spaces = repeat_count(child.getAttrNS(TEXTNS, "c"), "espaces (text:c)", name, limits)
            parts.append(" " * spaces)
        elif child.qname == (TEXTNS, "tab"):
            parts.append("\t")
        elif child.qname == (TEXTNS, "line-break"):
            parts.append("\n")
        else:
            parts.append(_text(child, name, limits))
    return "".join(parts)


def _style_parents(odt: OpenDocument) -> dict[str, str]:
    """Automatic style name → its parent (named) style, e.g. ``P3`` → ``Heading_20_2``."""
    parents: dict[str, str] = {}
    for style in odt.automaticstyles.childNodes:
        if style.nodeType == Node.ELEMENT_NODE and style.qname == (STYLENS, "style"):
            parent = style.getAttrNS(STYLENS, "parent-style-name")
            if parent:
                parents[style.getAttrNS(STYLENS, "name")] = parent
    return parents


def _resolve_style(style: str | None, parents: dict[str, str]) -> str | None:
    return parents.get(style, style) if style else None
