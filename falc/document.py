"""A document as Clair reads it: ordered paragraphs that know their section and position.

Every reader (DOCX, ODT, PDF, text, HTML) returns a :class:`Document`; every finding points
into it with a paragraph index and character offsets into that paragraph's ``text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.text import xml_safe

ParagraphKind = Literal["heading", "paragraph", "list_item", "table_cell"]


class Paragraph(BaseModel):
    """One block of text of the original document, exactly as it reads there."""

    index: int = Field(description="Position of the paragraph in the document, from 0.")
    text: str = Field(description="The paragraph's text, unchanged: offsets point into it.")
    kind: ParagraphKind = "paragraph"
    section: str | None = Field(
        default=None, description="Text of the heading this paragraph falls under, if any."
    )
    level: int | None = Field(default=None, description="Heading level (1 = top) for headings.")
    style: str | None = Field(default=None, description="Style name in the source, if any.")
    page: int | None = Field(default=None, description="Page number (PDF), from 1.")
    locator: str | None = Field(
        default=None,
        description=(
            "Where the paragraph lives in a DOCX or ODT source, so outputs can write back: an XPath "
            "relative to the body (w:body for DOCX, office:text for ODT), with 1-based positions "
            "among same-name siblings, e.g. './w:tbl[1]/w:tr[2]/w:tc[1]/w:p[1]'. None for other formats."
        ),
    )


class Document(BaseModel):
    """An ordered list of paragraphs read from one source."""

    name: str = Field(description="File name or label of the source.")
    format: str = Field(description="docx, odt, pdf, txt, md or html.")
    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @classmethod
    def from_text(cls, text: str, name: str = "texte", format: str = "txt") -> Document:
        """Split plain text into paragraphs at blank lines (single newlines are kept inside);
        characters XML forbids are dropped, as every reader does."""
        blocks = [b.strip() for b in xml_safe(text).replace("\r\n", "\n").split("\n\n")]
        paragraphs = [Paragraph(index=i, text=b) for i, b in enumerate(x for x in blocks if x)]
        return cls(name=name, format=format, paragraphs=paragraphs)
