"""Zip archives from outside (DOCX, ODT, XLSX) checked before anything inflates them.

Office documents are zip archives. A « decompression bomb » is a small archive whose members
inflate to gigabytes: a 1.26 MB .docx whose ``word/document.xml`` inflates to 1.2 GB, or a
member that lies about its size. :func:`check_archive` reads only the archive's directory and
streams each member through the inflater, a megabyte at a time and without keeping it, so a
bomb is refused after a few megabytes of work, never after it is inflated:

- the number of members (read from the end-of-directory record, before the directory itself);
- each member's declared uncompressed size, then its actual size counted while streaming (a
  lying header does not help), against :attr:`ArchiveLimits.member_max_bytes`;
- the sum of the members' sizes against :attr:`ArchiveLimits.total_max_bytes`;
- each member's compression ratio (inflated bytes over compressed bytes consumed so far), once
  it has inflated past a grace size.

Every refusal is an :class:`ArchiveTooLargeError` (HTTP 413) whose French message says what was
refused and why; a damaged archive is an :class:`ArchiveDamagedError`. A reader turns them into
its own error kind (``falc.errors.DocumentTooLargeError`` for documents).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from pydantic import BaseModel, ConfigDict, Field

from core.errors import InvalidInputError, TooLargeError

_MB = 1024 * 1024
_CHUNK = 1 << 20
"""Bytes inflated at a time: the most a check holds in memory for one member."""
_INPUT_CHUNK = 64 * 1024
"""Compressed bytes given to the inflater at a time."""
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"


class ArchiveLimits(BaseModel):
    """What Clair accepts in a zip archive it is sent (a .docx, .odt or .xlsx file), and in the
    compressed page streams of a PDF.

    The ratio and its grace size are Apache POI's defaults for the same check on Office files
    (``ZipSecureFile``: minimum inflate ratio 0.01, i.e. 100 times, checked past 100 KB); the
    sizes leave ten times the room the largest documents of Clair's corpus need (the CCAP extract's
    members total 0.8 MB, its most compressed member 32 times).
    """

    model_config = ConfigDict(frozen=True)

    member_max_bytes: int = Field(
        default=50 * _MB,
        gt=0,
        description="Taille décompressée maximale d'un élément de l'archive (word/document.xml, "
        "content.xml…), en octets.",
    )
    total_max_bytes: int = Field(
        default=100 * _MB,
        gt=0,
        description="Taille décompressée maximale de tous les éléments de l'archive ensemble, "
        "en octets.",
    )
    ratio_max: float = Field(
        default=100.0,
        gt=1,
        description="Taux de compression maximal d'un élément (taille décompressée / taille "
        "compressée). Apache POI (ZipSecureFile) : 100.",
    )
    ratio_grace_bytes: int = Field(
        default=100 * 1024,
        ge=0,
        description="Le taux n'est vérifié qu'au-delà de cette taille décompressée : un petit "
        "élément très répétitif est normal. Apache POI : 100 Ko.",
    )
    members_max: int = Field(
        default=5_000,
        gt=0,
        description="Nombre maximal d'éléments dans l'archive (un document Word en a 10 à 50, "
        "plus ses images).",
    )
    pdf_content_max_bytes: int = Field(
        default=10 * _MB,
        gt=0,
        description="Taille décompressée maximale des flux de texte de toutes les pages d'un PDF, "
        "en octets (une page de texte dense en a 5 à 50 Ko : la limite laisse 200 pages de "
        "50 Ko). Lire 10 Mo de texte hostile prend environ 25 secondes.",
    )
    repeat_max: int = Field(
        default=1_000,
        gt=0,
        description="Nombre maximal de répétitions qu'une balise du document peut demander "
        "(espaces text:s text:c en OpenDocument).",
    )


DEFAULT_LIMITS = ArchiveLimits()


class ArchiveTooLargeError(TooLargeError):
    """An archive would inflate past a limit (size, ratio, members, repeats)."""


class ArchiveDamagedError(InvalidInputError):
    """An archive cannot be read: truncated, corrupt, or not a zip at all."""


def check_archive(data: bytes, name: str, limits: ArchiveLimits = DEFAULT_LIMITS) -> None:
    """Refuse ``data`` (a zip archive named ``name``) if any member would pass ``limits``.

    Reads the directory, then inflates each member a megabyte at a time, keeping nothing.
    """
    _check_member_count(data, name, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        struct.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as error:  # a damaged directory, or an archive format zipfile does not read
        raise damaged(name) from error
    with archive:
        members = archive.infolist()
        if len(members) > limits.members_max:
            raise _too_many(name, len(members), limits)
        declared = 0
        for member in members:
            if member.file_size > limits.member_max_bytes:
                raise _member_too_large(name, member.filename, member.file_size, limits)
            declared += member.file_size
            if declared > limits.total_max_bytes:
                raise _total_too_large(name, declared, limits)
        total = 0
        for member in members:
            total += _inflated_size(data, archive, member, name, limits, total)


def repeat_count(
    value: object, what: str, name: str, limits: ArchiveLimits = DEFAULT_LIMITS
) -> int:
    """A repeat count read from a document's XML: 1 when malformed, refused past the limit."""
    try:
        count = int(str(value).strip()) if value not in (None, "") else 1
    except ValueError:
        return 1
    if count > limits.repeat_max:
        raise ArchiveTooLargeError(
            f"Le fichier « {name} » est refusé : il demande {_count(count)} {what} à la suite, "
            f"et Clair en accepte au plus {_count(limits.repeat_max)}. Un document ordinaire "
            "n'en demande jamais autant : c'est sans doute un fichier piégé (bombe de "
            "décompression)."
        )
    return max(count, 1)


def damaged(name: str) -> ArchiveDamagedError:
    return ArchiveDamagedError(
        f"Le fichier « {name} » est endommagé : l'archive est incomplète ou illisible. "
        "Demandez une nouvelle copie du document."
    )


def _check_member_count(data: bytes, name: str, limits: ArchiveLimits) -> None:
    """Refuse an archive announcing too many members before its directory is parsed (each
    entry of the directory becomes an object in memory)."""
    start = data.rfind(_END_RECORD, max(0, len(data) - 65_536 - _END_RECORD_SIZE))
    if start < 0 or start + _END_RECORD_SIZE > len(data):
        raise damaged(name)
    (entries,) = struct.unpack_from("<H", data, start + 10)
    if entries != 0xFFFF and entries > limits.members_max:  # 0xFFFF: counted in a ZIP64 record
        raise _too_many(name, entries, limits)


def _inflated_size(
    data: bytes,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    name: str,
    limits: ArchiveLimits,
    before: int,
) -> int:
    """The actual uncompressed size of ``member``, counted while streaming it.

    Deflated members are inflated from their raw bytes, whatever their header declares; other
    methods go through :mod:`zipfile`, which stops at the declared size.
    """
    size = 0
    for chunk_size, consumed in _inflate(data, archive, member, name):
        size += chunk_size
        if size > limits.member_max_bytes:
            raise _member_too_large(name, member.filename, size, limits, streamed=True)
        if before + size > limits.total_max_bytes:
            raise _total_too_large(name, before + size, limits)
        if size > limits.ratio_grace_bytes and size > limits.ratio_max * max(consumed, 1):
            raise ArchiveTooLargeError(
                f"Le fichier « {name} » est refusé : son élément « {member.filename} » est "
                f"compressé plus de {limits.ratio_max:g} fois ({_size(consumed)} qui donnent "
                f"déjà {_size(size)}). Aucun document ordinaire ne se compresse autant : "
                "c'est sans doute un fichier piégé (bombe de décompression)."
            )
    return size


def _inflate(data: bytes, archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str):
    """Yield (size of an inflated chunk, compressed bytes consumed so far) for each chunk of at
    most a megabyte. The ratio is checked on what was consumed so far, as Apache POI does."""
    try:
        if member.compress_type == zipfile.ZIP_DEFLATED:
            start = _data_offset(data, member, name)
            raw = memoryview(data)[start : start + member.compress_size]
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            for position in range(0, len(raw), _INPUT_CHUNK):
                piece = raw[position : position + _INPUT_CHUNK]
                pending: bytes | memoryview = piece
                while pending:
                    chunk = inflater.decompress(pending, _CHUNK)
                    if not chunk and len(inflater.unconsumed_tail) == len(pending):
                        break  # no progress: the rest is not deflate data
                    pending = inflater.unconsumed_tail
                    yield len(chunk), position + len(piece) - len(pending)
                if inflater.eof:
                    return
            return
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                yield len(chunk), member.compress_size
    except (
        zipfile.BadZipFile,
        zlib.error,
        struct.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as error:  # what a damaged archive makes zipfile and zlib raise
        raise damaged(name) from error


def _data_offset(data: bytes, member: zipfile.ZipInfo, name: str) -> int:
    """Where the member's compressed bytes start, after its local header."""
    offset = member.header_offset
    if offset < 0 or offset + _LOCAL_HEADER.size > len(data):
        raise damaged(name)
    header = _LOCAL_HEADER.unpack_from(data, offset)
    if header[0] != _LOCAL_HEADER_SIGNATURE:
        raise damaged(name)
    name_length, extra_length = header[-2], header[-1]
    start = offset + _LOCAL_HEADER.size + name_length + extra_length
    if start + member.compress_size > len(data):
        raise damaged(name)
    return start


def _member_too_large(
    name: str, member: str, size: int, limits: ArchiveLimits, *, streamed: bool = False
) -> ArchiveTooLargeError:
    how = "dépasse déjà" if streamed else "ferait"
    return ArchiveTooLargeError(
        f"Le fichier « {name} » est refusé : une fois décompressé, son élément « {member} » "
        f"{how} {_size(size)}, et Clair accepte au plus {_size(limits.member_max_bytes)} par "
        "élément. Un document ordinaire n'est pas si gros : c'est sans doute un fichier piégé "
        "(bombe de décompression)."
    )


def _total_too_large(name: str, size: int, limits: ArchiveLimits) -> ArchiveTooLargeError:
    return ArchiveTooLargeError(
        f"Le fichier « {name} » est refusé : une fois décompressé, il ferait plus de "
        f"{_size(size)}, et Clair accepte au plus {_size(limits.total_max_bytes)}. Un document "
        "ordinaire n'est pas si gros : c'est sans doute un fichier piégé (bombe de décompression)."
    )


def _too_many(name: str, count: int, limits: ArchiveLimits) -> ArchiveTooLargeError:
    return ArchiveTooLargeError(
        f"Le fichier « {name} » est refusé : son archive annonce {_count(count)} éléments, et "
        f"Clair en accepte au plus {_count(limits.members_max)}."
    )


def _size(size: int) -> str:
    if size >= 1024 * _MB:
        return f"{size / (1024 * _MB):.1f} Go".replace(".", ",")
    if size >= _MB:
        return f"{size / _MB:.1f} Mo".replace(".", ",")
    return f"{size / 1024:.0f} Ko"


def _count(count: int) -> str:
    return f"{count:,}".replace(",", "\u202f")
