"""DOCX reader (python-docx): headings, paragraphs, list items and table cells in document order.

The body is walked as XML so that merged table cells are read once and content controls
(``w:sdt``) are not missed. Each paragraph's text is the concatenation of its runs (hyperlinks
included), the same text :func:`docx_runs` gives back to writers, so offsets map onto runs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from falc.document import Document, ParagraphKind
from falc.errors import DocumentError
from falc.readers._builder import DocumentBuilder

_HEADING_STYLE = re.compile(r"^(?:heading|titre)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|titre)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"\b(?:list|liste)\b", re.IGNORECASE)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
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
    for element, locator in iter_paragraph_elements(document.element.body):
        paragraph = DocxParagraph(element, document)
        kind, level, style = _classify(paragraph, in_table="/w:tc[" in locator)
        text = "".join(run.text for run in docx_runs(paragraph))
        builder.add(text, kind, level=level, style=style, locator=locator)
    return builder.build()


def docx_runs(paragraph: DocxParagraph) -> list[Run]:
    """The runs whose text makes up the paragraph's text, hyperlinks flattened, in order."""
    runs: list[Run] = []
    for child in paragraph._p.iterchildren(qn("w:r"), qn("w:hyperlink")):
        if child.tag == qn("w:r"):
            runs.append(Run(child, paragraph))
        else:
            runs.extend(Run(r, paragraph) for r in child.iterchildren(qn("w:r")))
    return runs


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


def _classify(
    paragraph: DocxParagraph, in_table: bool
) -> tuple[ParagraphKind, int | None, str | None]:
    style = paragraph.style
    names = [n for n in (style.name, style.style_id) if n] if style is not None else []
    style_name = names[0] if names else None
    for name in names:
        if match := _HEADING_STYLE.match(name):
            return "heading", int(match.group(1)), style_name
        if _TITLE_STYLE.match(name):
            return "heading", 1, style_name
    level = _outline_level(paragraph)
    if level is not None:
        return "heading", level, style_name
    if in_table:
        return "table_cell", None, style_name
    if _has_numbering(paragraph) or any(_LIST_STYLE.search(n) for n in names):
        return "list_item", None, style_name
    return "paragraph", None, style_name


def _outline_level(paragraph: DocxParagraph) -> int | None:
    """Direct ``w:outlineLvl`` (0-based in OOXML; 9 means body text)."""
    p_pr = paragraph._p.pPr
    if p_pr is None:
        return None
    outline = p_pr.find(qn("w:outlineLvl"))
    if outline is None:
        return None
    value = int(outline.get(qn("w:val"), "9"))
    return value + 1 if value < 9 else None


def _has_numbering(paragraph: DocxParagraph) -> bool:
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        s_pr = style.element.pPr
        if s_pr is not None and s_pr.numPr is not None:
            return True
        style = style.base_style
    return False
