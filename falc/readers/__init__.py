"""Read a document of any supported type into a :class:`falc.document.Document`.

Supported: DOCX (python-docx), ODT (odfpy), PDF with a text layer (pypdf), plain text,
Markdown and HTML. The type is recognised from the file's first bytes, then its extension.
Every failure is a :class:`falc.errors.DocumentError` with a French message: too large (checked
before anything is parsed), unsupported type, damaged, password-protected, scanned, empty.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from core.archives import DEFAULT_LIMITS, ArchiveLimits, ArchiveTooLargeError, check_archive
from core.errors import ClairError
from falc.document import Document
from falc.errors import DocumentError, DocumentTooLargeError
from falc.readers._docx import read_docx
from falc.readers._odt import read_odt
from falc.readers._pdf import read_pdf
from falc.readers._text import decode, read_html, read_markdown, read_txt

__all__ = ["SUPPORTED_EXTENSIONS", "decode", "detect_format", "read_bytes", "read_document"]

SUPPORTED_EXTENSIONS = {
    ".docx": "docx",
    ".odt": "odt",
    ".pdf": "pdf",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    "": "txt",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ACCEPTED = "Word (.docx), OpenDocument (.odt), PDF, texte (.txt), Markdown (.md) ou HTML"


def read_document(
    path: Path, *, max_bytes: int, limits: ArchiveLimits = DEFAULT_LIMITS
) -> Document:
    """Read the file at ``path``; its size is checked before it is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentError(f"Le fichier « {path} » est introuvable ou illisible.") from error
    if path.is_dir():
        raise DocumentError(f"« {path} » est un dossier, pas un document.")
    _check_size(size, path.name, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"Le fichier « {path} » ne peut pas être lu.") from error
    return read_bytes(data, path.name, max_bytes=max_bytes, limits=limits)


def read_bytes(
    data: bytes, filename: str, *, max_bytes: int, limits: ArchiveLimits = DEFAULT_LIMITS
) -> Document:
    """Read a document received as bytes (an upload); ``filename`` gives its name and extension.

    An archive (.docx, .odt) is checked against ``limits`` before anything inflates it.
    """
    name = Path(filename).name or "document"
    _check_size(len(data), name, max_bytes)
    if not data.strip():
        raise DocumentError(f"Le document « {name} » est vide : il n'a aucun texte à analyser.")
    if data.startswith(b"PK\x03\x04"):
        _check_archive(data, name, limits)
    kind = detect_format(data, name)
    if kind in _STRUCTURED:
        try:
            return _STRUCTURED[kind](data, name, limits)
        except DocumentError:
            raise
        except Exception as error:  # an odd structure the parser accepted: still damaged
            raise DocumentError(
                f"Le fichier « {name} » est endommagé : sa structure est incohérente. "
                "Ouvrez-le dans un traitement de texte et enregistrez-le de nouveau."
            ) from error
    match kind:
        case "md":
            return read_markdown(decode(data, name), name)
        case "html":
            return read_html(decode(data, name), name)
        case _:
            return read_txt(decode(data, name), name)


_STRUCTURED = {
    "docx": lambda data, name, _: read_docx(data, name),
    "odt": read_odt,
    "pdf": read_pdf,
}
"""Readers of formats whose structure a damaged file can make inconsistent after it parsed."""


def detect_format(data: bytes, name: str) -> str:
    """docx, odt, pdf, md, html or txt; raise :class:`DocumentError` for anything else."""
    extension = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise DocumentError(
                f"Le document « {name} » est protégé par un mot de passe. "
                "Enregistrez-en une copie sans mot de passe, puis envoyez-la."
            )
        raise DocumentError(
            f"« {name} » est dans un ancien format Office (.doc, .xls), non pris en charge. "
            "Enregistrez-le au format Word (.docx) ou OpenDocument (.odt)."
        )
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, name)
    if extension in (".docx", ".odt", ".pdf"):
        raise DocumentError(
            f"Le fichier « {name} » est endommagé : son contenu ne correspond pas à un fichier {extension}."
        )
    if extension not in SUPPORTED_EXTENSIONS:
        raise DocumentError(
            f"Le fichier « {name} » est d'un type ({extension}) qui n'est pas pris en charge. "
            f"Envoyez un document {_ACCEPTED}."
        )
    return SUPPORTED_EXTENSIONS[extension]


def _zip_format(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (
        zipfile.BadZipFile,
        OSError,
        KeyError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as error:
        raise DocumentError(
            f"Le fichier « {name} » est endommagé : l'archive est incomplète ou illisible. "
            "Demandez une nouvelle copie du document."
        ) from error
    if "word/document.xml" in names:
        return "docx"
    if mimetype == _ODT_MIMETYPE:
        return "odt"
    raise DocumentError(
        f"Le fichier « {name} » n'est pas un document texte pris en charge "
        f"(tableur, présentation ou autre archive). Envoyez un document {_ACCEPTED}."
    )


def _check_archive(data: bytes, name: str, limits: ArchiveLimits) -> None:
    try:
        check_archive(data, name, limits)
    except ArchiveTooLargeError as error:
        raise DocumentTooLargeError(str(error)) from error
    except ClairError as error:
        raise DocumentError(str(error)) from error


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise DocumentTooLargeError(
            f"Le fichier « {name} » est trop volumineux ({_megabytes(size)}) : "
            f"la limite est de {_megabytes(max_bytes)}."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
