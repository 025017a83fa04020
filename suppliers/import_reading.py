"""Reading a SIRENE file into prepared chunks: the text of a plain, gzip or zip file, its
header and layout, then chunk by chunk the rows kept by the filters, checked and normalised
(:func:`suppliers.firm.firms_from_records`) into the rows to write
(:func:`suppliers.store.firm_rows`).

Nothing here writes to the base: :mod:`suppliers.importer` writes the chunks, which this
process or another one (:mod:`suppliers._import_worker`) prepares.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pandas as pd
from pydantic import BaseModel, Field, field_validator

from suppliers import _sirene, store
from suppliers.errors import ImportFileError
from suppliers.firm import Reject, firms_from_records, upper_codes
from suppliers.naf import naf_prefixes

CHUNK_ROWS = 100_000
"""Rows read, prepared and written at a time (one transaction each). Measured on 1,000,000
rows: 50,000 gave 20 % fewer rows per second (twice the commits and checkpoints), 200,000 no
more than 100,000."""
_BAD_LINE = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")


class ImportFilters(BaseModel):
    """Which establishments of a file to keep."""

    departements: list[str] = Field(default_factory=list, description="Codes : 59, 2A, 974.")
    communes: list[str] = Field(default_factory=list, description="Codes INSEE.")
    naf: list[str] = Field(default_factory=list, description="Codes ou préfixes NAF, sections.")
    actives_seulement: bool = False

    @field_validator("departements", "communes")
    @classmethod
    def _upper(cls, values: list[str]) -> list[str]:
        return [v.strip().upper() for v in values if v.strip()]

    @field_validator("naf")
    @classmethod
    def _prefixes(cls, values: list[str]) -> list[str]:
        return [p for v in values if v.strip() for p in naf_prefixes(v)]

    def keep(self, code_commune: pd.Series, code_naf: pd.Series, etat: pd.Series) -> pd.Series:
        """Which rows pass, from their raw commune code, NAF code and state."""
        mask = pd.Series(True, index=code_commune.index)
        if self.departements or self.communes:
            commune = upper_codes(code_commune)
        if self.departements:
            overseas = commune.str.startswith("97")
            departement = commune.str[:3].where(overseas, commune.str[:2])
            mask &= departement.isin(self.departements)
        if self.communes:
            mask &= commune.isin(self.communes)
        if self.naf:
            mask &= code_naf.str.startswith(tuple(self.naf))
        if self.actives_seulement:
            mask &= etat.isin(["A", "actif"])
        return mask


@contextmanager
def open_text(path: Path) -> Iterator[tuple[IO[str], IO[bytes], int]]:
    """(text stream, raw byte stream for progress, size in bytes) of a plain, gzip or zip file."""
    if not path.is_file():
        raise ImportFileError(f"Fichier introuvable : {path}")
    size = path.stat().st_size
    with open(path, "rb") as raw:
        if path.suffix.lower() == ".gz":
            binary: IO[bytes] = gzip.GzipFile(fileobj=raw)
        elif path.suffix.lower() == ".zip":
            try:
                archive = zipfile.ZipFile(raw)
            except zipfile.BadZipFile as error:
                raise ImportFileError(f"Archive ZIP illisible : {path.name}.") from error
            members = [n for n in archive.namelist() if n.lower().endswith((".csv", ".json"))]
            if not members:
                raise ImportFileError(f"L'archive {path.name} ne contient aucun fichier CSV.")
            try:
                binary = archive.open(members[0])
            except (zipfile.BadZipFile, NotImplementedError, OSError) as error:
                raise ImportFileError(f"Archive ZIP illisible : {path.name}.") from error
        else:
            binary = raw
        try:
            head = binary.peek(65536) if hasattr(binary, "peek") else b""
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as error:
            raise ImportFileError(f"Fichier illisible ({path.name}) : {damage(error)}.") from error
        text = io.TextIOWrapper(binary, encoding=_encoding(head), errors="replace", newline="")
        yield text, raw, size


def _encoding(head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if error.start < len(head) - 4:
            return "cp1252"
    return "utf-8"


_DAMAGED = (pd.errors.ParserError, UnicodeDecodeError, ValueError, EOFError, OSError, zlib.error)
"""What reading a damaged file raises: a bad CSV, a truncated or corrupt archive."""
_TRUNCATED = (EOFError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile)
"""What a truncated or corrupt archive raises: the rest of the file cannot be read at all, so
the import stops with an error instead of reporting one bad line."""


def sniff_header(text: IO[str]) -> tuple[list[str], str]:
    try:
        line = text.readline()
    except _DAMAGED as error:
        raise ImportFileError(f"Fichier illisible : {damage(error)}.") from error
    if not line.strip():
        raise ImportFileError("Le fichier est vide : aucune ligne d'en-tête.")
    delimiter = max([",", ";", "\t", "|"], key=line.count)
    header = next(csv.reader([line], delimiter=delimiter))
    return [h.strip() for h in header], delimiter


@dataclass(frozen=True)
class ReadJob:
    """What to read, and how (also sent to the worker process)."""

    path: Path
    filters: ImportFilters
    config: _sirene.SireneConfig | None
    chunk_rows: int


@dataclass
class PreparedChunk:
    """A chunk of the file, read and prepared, ready to write."""

    position: int
    lines_read: int = 0
    filtered: int = 0
    rejects: list[Reject] = field(default_factory=list)
    forbidden_removed: int = 0
    firms: store.FirmRows | None = None
    legal_units: pd.DataFrame | None = None


def read_chunks(
    job: ReadJob, legal: Callable[[pd.Series], dict[str, str]]
) -> Iterator[PreparedChunk]:
    """Read and prepare the file chunk by chunk; a parse error ends the reading (the chunks
    before it are kept) and is reported. ``legal`` gives the names of ``StockUniteLegale``
    already in the register."""
    with open_text(job.path) as (text, raw, _):
        header, delimiter = sniff_header(text)
        layout = _sirene.detect_layout(header)
        assert layout is not None, "checked by suppliers.importer.import_file"
        reader = None
        lines_read = 0
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                failure = []
                try:
                    # Created here: pandas reads the first block of the file at once.
                    reader = reader or _csv_chunks(text, header, delimiter, layout, job)
                    frame = next(reader)
                except StopIteration:
                    frame = None
                except _TRUNCATED as error:
                    done = (
                        f"après {lines_read} lignes de données, qui sont importées"
                        if lines_read
                        else "avant la première ligne de données : rien n'est importé"
                    )
                    raise ImportFileError(
                        f"Archive tronquée ou abîmée ({job.path.name}) : la lecture s'est "
                        f"arrêtée {done}. Téléchargez le fichier de nouveau."
                    ) from error
                except _DAMAGED as error:
                    failure = [Reject(lines_read + 2, "", _parser_reason(error))]
                    frame = None
            bad_lines = _bad_lines(caught) + failure
            if frame is None:
                if bad_lines:
                    yield PreparedChunk(position=raw.tell(), rejects=bad_lines)
                return
            chunk = _prepare(frame, layout, job, legal)
            chunk.position = raw.tell()
            chunk.rejects = bad_lines + chunk.rejects
            lines_read += chunk.lines_read
            yield chunk


def _csv_chunks(
    text: IO[str], header: list[str], delimiter: str, layout: _sirene.Layout, job: ReadJob
) -> Iterator[pd.DataFrame]:
    """The rest of the file, after its header, in chunks of the columns the import reads (as
    strings in object columns: pandas' string dtype would check every value again)."""
    return pd.read_csv(
        text,
        names=header,
        header=None,
        usecols=[h for h in header if h in _sirene.needed_columns(layout)],
        sep=delimiter,
        dtype=object,
        keep_default_na=False,
        chunksize=job.chunk_rows,
        on_bad_lines="warn",
        engine="c",
        quoting=csv.QUOTE_MINIMAL,
    )


def damage(error: BaseException) -> str:
    """What is wrong with a file, in French, from what reading it raised."""
    if isinstance(error, UnicodeDecodeError):
        return "caractères illisibles (encodage inattendu)"
    if isinstance(error, EOFError | OSError | zlib.error):
        return "archive tronquée ou abîmée"
    return "CSV mal formé (guillemets ou séparateurs)"


def _parser_reason(error: Exception) -> str:
    return f"Lecture interrompue, fichier mal formé à partir d'ici : {damage(error)}"


def _bad_lines(caught: list[warnings.WarningMessage]) -> list[Reject]:
    rejects = []
    for warning in caught:
        for line, expected, saw in _BAD_LINE.findall(str(warning.message)):
            rejects.append(
                # pandas counts the lines it was given, after the header line.
                Reject(int(line) + 1, "", f"Ligne mal formée : {saw} champs au lieu de {expected}")
            )
    return rejects


def _prepare(
    frame: pd.DataFrame,
    layout: _sirene.Layout,
    job: ReadJob,
    legal: Callable[[pd.Series], dict[str, str]],
) -> PreparedChunk:
    chunk = PreparedChunk(position=0, lines_read=len(frame))
    # Line in the file of each row: the header is line 1 (exact unless a field spans lines).
    lines = pd.Series(frame.index + 2, index=frame.index)
    if layout is _sirene.Layout.UNITES_LEGALES:
        chunk.legal_units = _sirene.legal_units_to_names(frame)
        return chunk
    keys = _sirene.filter_keys(frame, layout)
    kept = job.filters.keep(keys["code_commune"], keys["code_naf"], keys["etat"])
    chunk.filtered = int((~kept).sum())
    if not kept.any():
        return chunk
    frame = frame[kept]
    records = _sirene.establishments_to_records(frame, layout, job.config)
    batch = firms_from_records(records, source="sirene", line_numbers=lines[kept])
    chunk.rejects = batch.rejects
    chunk.forbidden_removed = batch.caracteres_retires
    if not batch.firms.empty:
        chunk.firms = store.firm_rows(batch.firms, legal(batch.firms["siren"]))
    return chunk
