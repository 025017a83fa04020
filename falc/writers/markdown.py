"""Markdown output: the rewritten document, paragraph by paragraph, readable by ``clair analyse``.

Headings keep their level (``#``), list items their dash; table cells become paragraphs (the
Markdown reader does not keep their rows). A line that Markdown would misread (a paragraph
starting with "#", "-" or ">") is escaped with a backslash; a clause number (« 3. 2. 1. Tout
délai… », « 12) ») is written « 3\\. 2. 1. », which CommonMark reads as text, never as a list.
"""

from __future__ import annotations

import re

from falc.document import Document

_MARKUP_START = re.compile(r"^(#|>|[-+*]\s|\|)")
_NUMBER_START = re.compile(r"^(\d+)([.)])(?=\s)")


def _escape(text: str) -> str:
    text = " ".join(text.split())
    if _NUMBER_START.match(text):
        return _NUMBER_START.sub(r"\1\\\2", text, count=1)
    return "\\" + text if _MARKUP_START.match(text) else text


def to_markdown(doc: Document) -> str:
    """The document as Markdown (headings, paragraphs, lists)."""
    blocks: list[str] = []
    items: list[str] = []
    for paragraph in doc.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        if paragraph.kind == "list_item":
            items.append(f"- {_escape(text)}")
            continue
        if items:
            blocks.append("\n".join(items))
            items = []
        if paragraph.kind == "heading":
            level = min(max(paragraph.level or 1, 1), 6)
            blocks.append(f"{'#' * level} {' '.join(text.split())}")
        else:
            blocks.append(_escape(text))
    if items:
        blocks.append("\n".join(items))
    return "\n\n".join(blocks) + "\n"
