"""OpenDocument text output (odfpy).

For an ODT input, each rewritten paragraph is found back with its locator and its text is
replaced, keeping the paragraph's style (inline spans of a changed paragraph are merged into its
text). For another input, a new ODT is built: headings (``text:h`` with their level), paragraphs,
and list items as a bulleted list.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from odf.element import Element, Node
from odf.opendocument import OpenDocumentText, load
from odf.text import H, LineBreak, List, ListItem, P

from falc.document import Document
from falc.rewrite.terms import BOX_TITLE
from falc.simplify import SimplifyReport

_STEP = re.compile(r"^(text|table):([\w-]+)\[(\d+)\]$")


def _locate(body: Element, locator: str) -> Element | None:
    """The element an ODT locator ("./text:list[1]/text:list-item[2]/text:p[1]") points to."""
    node = body
    for step in locator.split("/")[1:]:
        match = _STEP.match(step)
        if match is None:
            return None
        name, position = match.group(2), int(match.group(3))
        same = [
            c for c in node.childNodes if c.nodeType == Node.ELEMENT_NODE and c.qname[1] == name
        ]
        if len(same) < position:
            return None
        node = same[position - 1]
    return node


def _replace_text(element: Element, text: str) -> None:
    for child in list(element.childNodes):
        if child.nodeType == Node.ELEMENT_NODE:
            element.removeChild(child)
        else:  # odfpy's removeChild only knows elements: unlink a text node by hand
            element.childNodes.remove(child)
            child.parentNode = None
    _add_text(element, text)


def _add_text(element: Element, text: str) -> None:
    """Text with its line breaks (a list made by the rewrite) as ``text:line-break``."""
    for index, line in enumerate(text.split("\n")):
        if index:
            element.addElement(LineBreak())
        if line:
            element.addText(line)


def _paragraph(element: Element, text: str) -> Element:
    _add_text(element, text)
    return element


def _box(report: SimplifyReport) -> list[Element]:
    """The « Mots importants » box: a title and a bulleted list of the terms explained."""
    if not report.mots_importants:
        return []
    items = List()
    for term in report.mots_importants:
        item = ListItem()
        item.addElement(_paragraph(P(), term.line))
        items.addElement(item)
    return [H(outlinelevel=2, text=BOX_TITLE), items]


def odt_bytes(
    source: Path | bytes | None, doc: Document, report: SimplifyReport, accepted: bool = False
) -> bytes:
    """The rewritten document as ODT (the original layout kept for an ODT ``source``): the safe
    version, or with ``accepted`` the version with every proposal accepted."""
    rewrites = {
        p.index: p.text(accepted) for p in report.paragraphs if p.text(accepted) != p.original
    }
    if source is not None and doc.format == "odt":
        data = source.read_bytes() if isinstance(source, Path) else source
        odt = load(io.BytesIO(data))
        for paragraph in doc.paragraphs:
            if paragraph.index in rewrites and paragraph.locator:
                element = _locate(odt.text, paragraph.locator)
                if element is not None:
                    _replace_text(element, rewrites[paragraph.index])
        first = next((c for c in odt.text.childNodes if c.nodeType == Node.ELEMENT_NODE), None)
        for element in _box(report):
            if first is None:
                odt.text.addElement(element)
            else:
                odt.text.insertBefore(element, first)
    else:
        odt = OpenDocumentText()
        for element in _box(report):
            odt.text.addElement(element)
        current_list: List | None = None
        for paragraph in doc.paragraphs:
            text = rewrites.get(paragraph.index, paragraph.text)
            if paragraph.kind == "list_item":
                if current_list is None:
                    current_list = List()
                    odt.text.addElement(current_list)
                item = ListItem()
                item.addElement(_paragraph(P(), text))
                current_list.addElement(item)
                continue
            current_list = None
            if paragraph.kind == "heading":
                odt.text.addElement(H(outlinelevel=paragraph.level or 1, text=text))
            else:
                odt.text.addElement(_paragraph(P(), text))
    out = io.BytesIO()
    odt.write(out)
    return out.getvalue()
