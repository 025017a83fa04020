"""PDF reader (pypdf): the text layer, page by page, rebuilt into paragraphs.

A PDF keeps lines, not paragraphs. Lines are joined back into a paragraph until a blank line, a
bullet, a heading-like line, or a short line ending a sentence (a line shorter than
``_SHORT_LINE`` of the page's longest line that ends with . ! ? or :). A word cut by a hyphen at
the end of a line is glued back. A PDF without any text is a scan: it needs OCR first.

A PDF compresses its pages' content streams: a few kilobytes can inflate to gigabytes of text
operators. Before any text is extracted, every page's content streams are inflated with pypdf's
own output limit set to what is left of ``ArchiveLimits.pdf_content_max_bytes``, and the file is
refused once their total passes it (the inflated streams stay cached for the extraction).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PasswordType, PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, StreamObject

from core.archives import DEFAULT_LIMITS, ArchiveLimits
from falc.document import Document, ParagraphKind
from falc.errors import DocumentError, DocumentTooLargeError
from falc.readers._builder import DocumentBuilder
from falc.readers._layout import not_prose

_SHORT_LINE = 0.85
_BULLET = re.compile(r"^\s*(?:[•▪◦●■□➢►‣∙·]|[-–—*]|o(?=\s))\s+")
_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+[A-ZÀÂÇÉÈÊËÎÏÔÛÙ]")
_NAMED_HEADING = re.compile(
    r"^(?:(titre|chapitre|partie|annexe)|(article|section))\s+[\dIVXLC]+\b", re.IGNORECASE
)
_MAX_HEADING_WORDS = 14


def read_pdf(data: bytes, name: str, limits: ArchiveLimits = DEFAULT_LIMITS) -> Document:
    with _quiet_pypdf():
        reader = _open(data, name)
        _check_content_size(reader, name, limits)
        try:
            pages = [page.extract_text() or "" for page in reader.pages]
        except Exception as error:  # the parser of an untrusted file can fail in many ways
            raise _corrupt(name) from error
    if not any(text.strip() for text in pages):
        raise DocumentError(
            f"Le PDF « {name} » ne contient pas de texte : c'est sans doute un document scanné (une image). "
            "Passez-le d'abord dans un logiciel de reconnaissance de caractères (OCR), "
            "ou envoyez le document d'origine (Word, OpenDocument)."
        )
    builder = DocumentBuilder(name, "pdf")
    for number, text in enumerate(pages, start=1):
        for block, kind, level in _blocks(text):
            builder.add(block, kind, level=level, page=number)
    return builder.build()


def _open(data: bytes, name: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as error:
        raise _corrupt(name) from error
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception:  # unsupported cipher: treat as protected
            opened = False
        if not opened:
            raise DocumentError(
                f"Le PDF « {name} » est protégé par un mot de passe. "
                "Enregistrez-en une copie sans mot de passe, puis envoyez-la."
            )
    return reader


def _check_content_size(reader: PdfReader, name: str, limits: ArchiveLimits) -> None:
    """Refuse the PDF if its pages' content streams inflate past ``limits.pdf_content_max_bytes``."""
    budget = limits.pdf_content_max_bytes
    total = 0
    try:
        for page in reader.pages:
            for stream in _content_streams(page.get("/Contents")):
                room = budget - total + 1  # one byte past what is left: pypdf stops there
                with apply_configuration(
                    zlib_maximum_output_length=room,
                    lzw_maximum_output_length=room,
                    run_length_maximum_output_length=room,
                    brotli_maximum_output_length=room,
                ):
                    total += len(stream.get_data())
                if total > budget:
                    raise _content_too_large(name, limits)
    except LimitReachedError as error:
        raise _content_too_large(name, limits) from error
    except DocumentError:
        raise
    except Exception as error:  # the parser of an untrusted file can fail in many ways
        raise _corrupt(name) from error


def _content_streams(contents: object) -> list[StreamObject]:
    """The content streams of a page's ``/Contents`` entry (one stream or an array of them)."""
    resolved = contents.get_object() if hasattr(contents, "get_object") else contents
    if isinstance(resolved, StreamObject):
        return [resolved]
    if isinstance(resolved, ArrayObject):
        return [s for s in (item.get_object() for item in resolved) if isinstance(s, StreamObject)]
    return []


def _content_too_large(name: str, limits: ArchiveLimits) -> DocumentTooLargeError:
    megabytes = limits.pdf_content_max_bytes // (1024 * 1024)
    return DocumentTooLargeError(
        f"Le PDF « {name} » est refusé : une fois décompressé, le texte de ses pages dépasse "
        f"{megabytes} Mo. Coupez le document en plusieurs parties. Vous pouvez aussi envoyer "
        "le document d'origine, en Word ou en OpenDocument."
    )


def _corrupt(name: str) -> DocumentError:
    return DocumentError(
        f"Le fichier « {name} » est endommagé : ce n'est pas un PDF lisible. "
        "Demandez une nouvelle copie du document."
    )


def _blocks(page_text: str) -> Iterator[tuple[str, ParagraphKind, int | None]]:
    """Paragraph blocks of one page: (text, kind, heading level)."""
    lines = [line.rstrip() for line in page_text.splitlines()]
    width = max((len(line) for line in lines), default=0)
    buffer: list[str] = []
    kind: ParagraphKind = "paragraph"

    def flush() -> Iterator[tuple[str, ParagraphKind, int | None]]:
        if buffer:
            yield _join(buffer), kind, None
            buffer.clear()

    for line in lines:
        stripped = line.strip()
        if not_prose(stripped):
            continue  # « Page 3 / 12 », a table of contents' line
        if not stripped:
            yield from flush()
            continue
        level = _heading_level(stripped)
        if level is not None:
            yield from flush()
            yield stripped, "heading", level
            kind = "paragraph"
            continue
        if bullet := _BULLET.match(stripped):
            yield from flush()
            kind = "list_item"
            stripped = stripped[bullet.end() :]
        elif not buffer:
            kind = "paragraph"
        buffer.append(stripped)
        if stripped[-1] in ".!?:" and len(line) < _SHORT_LINE * width:
            yield from flush()
    yield from flush()


def _heading_level(line: str) -> int | None:
    if len(line.split()) > _MAX_HEADING_WORDS or line[-1] in ".,;":
        return None
    if match := _NAMED_HEADING.match(line):
        return 1 if match.group(1) else 2
    if match := _NUMBERED_HEADING.match(line):
        return min(match.group(1).count(".") + 1, 6)
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return 1
    return None


def _join(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        if re.search(r"\w-$", text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning for every oddity of a damaged file; the user gets our message instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
