"""Plain text, Markdown and HTML readers, with encoding detection.

Bytes are decoded as UTF-8 (with or without BOM, or UTF-16 with BOM) when they are valid
UTF-8; otherwise charset-normalizer chooses among the Western encodings French files come in
(cp1252, then latin-1, which decodes anything).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from charset_normalizer import from_bytes

from falc.document import Document, ParagraphKind
from falc.errors import DocumentError
from falc.readers._builder import DocumentBuilder
from falc.readers._layout import not_prose

_WESTERN = ["cp1252", "latin_1"]


def decode(data: bytes, name: str) -> str:
    """Text of a file in UTF-8, UTF-16 (BOM), cp1252 or latin-1."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data:
        raise DocumentError(
            f"Le fichier « {name} » n'est pas un fichier texte : il contient des données binaires."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=_WESTERN).best()
    encoding = best.encoding if best is not None else "latin_1"
    return data.decode(encoding, errors="replace")


# --- plain text ---------------------------------------------------------------------------


def read_txt(text: str, name: str) -> Document:
    """Paragraphs at blank lines; the lines of one paragraph are joined with a space."""
    builder = DocumentBuilder(name, "txt")
    for block in _blank_line_blocks(text):
        builder.add(" ".join(block))
    return builder.build()


def _blank_line_blocks(text: str) -> Iterator[list[str]]:
    block: list[str] = []
    for line in text.splitlines():
        if not_prose(line):
            continue
        if line.strip():
            block.append(line.strip())
        elif block:
            yield block
            block = []
    if block:
        yield block


# --- Markdown -----------------------------------------------------------------------------

_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_LIST_ITEM = re.compile(r"^\s*[-*+]\s+")
_CLAUSE_NUMBER = re.compile(r"^\s*\d+[.)]\s")
"""« 3. 2. 1. Tout délai… », « 12) Le titulaire… »: Markdown would read an ordered list item,
but in a contract it is a clause number, and it stays text: a paragraph of its own."""
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image: keep its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link: keep its text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)"), r"\1"),  # italic *x*
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # italic _x_
    (re.compile(r"`([^`]+)`"), r"\1"),  # code
    (re.compile(r"<[^>\n]+>"), ""),  # inline HTML tags
]


def read_markdown(text: str, name: str) -> Document:
    """``#`` headings (and underlined ones), paragraphs, list items and table cells. A line
    opening on a number (« 3. 2. 1. », « 12) ») starts a paragraph that keeps it as text.

    Inline markup (bold, italics, links, code) is removed: the text is the one a reader sees.
    """
    builder = DocumentBuilder(name, "md")
    buffer: list[str] = []
    kind: ParagraphKind = "paragraph"
    in_fence = False

    def flush() -> None:
        if buffer:
            builder.add(_inline(" ".join(buffer)), kind)
            buffer.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            builder.add(stripped)
            continue
        if not_prose(stripped):
            continue
        if not stripped:
            flush()
        elif heading := _ATX_HEADING.match(stripped):
            flush()
            builder.add(_inline(heading.group(2)), "heading", level=len(heading.group(1)))
        elif _SETEXT.match(stripped) and len(buffer) == 1 and kind == "paragraph":
            title = buffer.pop()
            builder.add(_inline(title), "heading", level=1 if stripped[0] == "=" else 2)
        elif _TABLE_ROW.match(line):
            flush()
            if not _TABLE_RULE.match(line):
                for cell in stripped.strip("|").split("|"):
                    builder.add(_inline(cell.strip()), "table_cell")
        elif _CLAUSE_NUMBER.match(line):
            flush()
            kind = "paragraph"
            buffer.append(stripped)
        elif item := _LIST_ITEM.match(line):
            flush()
            kind = "list_item"
            buffer.append(line[item.end() :].strip())
        elif stripped.startswith(">"):
            if kind != "paragraph":
                flush()
            kind = "paragraph"
            buffer.append(stripped.lstrip("> ").strip())
        else:
            if not buffer:
                kind = "paragraph"
            buffer.append(stripped)
    flush()
    return builder.build()


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text.replace("\\", "").strip()


# --- HTML ---------------------------------------------------------------------------------

_DROPPED = {"script", "style", "noscript", "template", "head", "svg", "nav", "iframe", "object"}
_BLOCK_KIND: dict[str, ParagraphKind] = {
    **{f"h{n}": "heading" for n in range(1, 7)},
    "li": "list_item",
    "dt": "list_item",
    "dd": "list_item",
    "td": "table_cell",
    "th": "table_cell",
}
_BLOCKS = {
    *_BLOCK_KIND,
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre",
    "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "caption", "figure",
    "figcaption", "form", "fieldset", "address", "body", "html", "hr",
}  # fmt: skip


def read_html(text: str, name: str) -> Document:
    """Block elements in order: h1–h6 are headings, li list items, td/th table cells.

    Scripts, styles and navigation are dropped; white space is collapsed as a browser does.
    """
    soup = BeautifulSoup(text, "lxml")
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    builder = DocumentBuilder(name, "html")
    root = soup.body or soup
    _walk_html(root, "paragraph", builder)
    return builder.build()


def _walk_html(
    node: Tag, kind: ParagraphKind, builder: DocumentBuilder, level: int | None = None
) -> None:
    """Inline text of ``node`` becomes paragraphs of ``kind``; block children are walked in turn."""
    inline: list[str] = []

    def flush() -> None:
        builder.add(" ".join("".join(inline).split()), kind, level=level)
        inline.clear()

    for child in node.children:
        if isinstance(child, NavigableString):
            inline.append(str(child))
        elif isinstance(child, Tag) and child.name in _BLOCKS:
            flush()
            if child.name in _BLOCK_KIND:
                child_kind = _BLOCK_KIND[child.name]
            else:  # a <p> or <div> inside a list item or a cell still belongs to it
                child_kind = kind if kind in ("list_item", "table_cell") else "paragraph"
            child_level = int(child.name[1]) if child_kind == "heading" else None
            _walk_html(child, child_kind, builder, child_level)
        elif isinstance(child, Tag) and child.name == "br":
            inline.append(" ")  # a line break inside a paragraph reads as a space
        elif isinstance(child, Tag):
            inline.append(child.get_text(" ") if child.find("br") else child.get_text())
    flush()
