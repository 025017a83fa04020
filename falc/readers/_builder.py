"""One path from raw blocks to a :class:`Document`, whatever the reader.

Every reader walks its source in document order and hands each block of text to
:class:`DocumentBuilder`, which numbers the paragraphs, tracks the current section heading,
drops blocks without text and refuses an empty document.
"""

from __future__ import annotations

from core.text import xml_safe
from falc.document import Document, Paragraph, ParagraphKind
from falc.errors import DocumentError


class DocumentBuilder:
    """Collects paragraphs in order; each one learns the heading it falls under."""

    def __init__(self, name: str, format: str) -> None:
        self.name = name
        self.format = format
        self.paragraphs: list[Paragraph] = []
        self._section: str | None = None

    def add(
        self,
        text: str,
        kind: ParagraphKind = "paragraph",
        *,
        level: int | None = None,
        style: str | None = None,
        page: int | None = None,
        locator: str | None = None,
    ) -> None:
        """Add one block; a block with no visible text is skipped. Characters XML forbids
        (control characters of a text file) are dropped: no writer could write them back."""
        text = xml_safe(text)
        if not text.strip():
            return
        if kind == "heading":
            self._section = " ".join(text.split())
        self.paragraphs.append(
            Paragraph(
                index=len(self.paragraphs),
                text=text,
                kind=kind,
                section=self._section,
                level=level if kind == "heading" else None,
                style=style,
                page=page,
                locator=locator,
            )
        )

    def build(self) -> Document:
        if not self.paragraphs:
            raise DocumentError(
                f"Le document « {self.name} » est vide : il n'a aucun texte à analyser."
            )
        return Document(name=self.name, format=self.format, paragraphs=self.paragraphs)
