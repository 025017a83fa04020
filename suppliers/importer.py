"""Importing files into the register: SIRENE establishments (48 or 53 columns, geolocated or
not), SIRENE legal units, and firms' declarations (CSV or JSON).

The file is streamed in chunks, so a national file of several GB fits in memory; each chunk is
filtered, normalised (:func:`suppliers.firm.firms_from_records`) and written in one
transaction. A malformed row is skipped and reported (line, reason); the import never stops
halfway, and importing the same file twice gives the same register. A large file is read and
prepared by a second process while the first one writes (:func:`import_file`).
"""

from __future__ import annotations

import csv
import gzip
import io
import marshal
import os
import pickle
import re
import sqlite3
import struct
import subprocess
import sys
import time
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
from suppliers.declarations import import_declarations
from suppliers.errors import ImportFileError
from suppliers.firm import Reject, firms_from_records, upper_codes
from suppliers.import_report import ImportReport
from suppliers.naf import naf_prefixes
from suppliers.storage import connect

Progress = Callable[[int, int], None]
"""Called after each chunk with (bytes read, total bytes) of the file."""

CHUNK_ROWS = 100_000
"""Rows read, prepared and written at a time (one transaction each). Measured on 1,000,000
rows: 50,000 gave 20 % fewer rows per second (twice the commits and checkpoints), 200,000 no
more than 100,000."""
PARALLEL_MIN_BYTES = 50_000_000
"""From this size (about 250,000 establishments), an import reads and prepares the file in
another process: starting it costs about a second."""

IMPORT_CACHE_MIB = 64
"""SQLite page cache during an import (the default 2 MiB makes every index insert of a large
register read the disk); given back afterwards."""

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
            binary = archive.open(members[0])
        else:
            binary = raw
        try:
            head = binary.peek(65536) if hasattr(binary, "peek") else b""
        except (OSError, EOFError) as error:
            raise ImportFileError(f"Fichier illisible ({path.name}) : {_damage(error)}.") from error
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


def _sniff_header(text: IO[str]) -> tuple[list[str], str]:
    try:
        line = text.readline()
    except _DAMAGED as error:
        raise ImportFileError(f"Fichier illisible : {_damage(error)}.") from error
    if not line.strip():
        raise ImportFileError("Le fichier est vide : aucune ligne d'en-tête.")
    delimiter = max([",", ";", "\t", "|"], key=line.count)
    header = next(csv.reader([line], delimiter=delimiter))
    return [h.strip() for h in header], delimiter


def import_file(
    conn: sqlite3.Connection,
    path: Path,
    *,
    filters: ImportFilters | None = None,
    config: _sirene.SireneConfig | None = None,
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
    parallel: bool | None = None,
) -> ImportReport:
    """Import a SIRENE or declarations file into the register (format detected from its
    header or extension). Raises :class:`ImportFileError` only when the file cannot be read
    at all; bad rows are reported in the returned :class:`ImportReport`.

    With ``parallel`` (by default, for an establishments file of :data:`PARALLEL_MIN_BYTES` or
    more in a base file) another process reads and prepares the chunks while this one writes;
    an in-memory base or a ``StockUniteLegale`` file is always imported in this process.
    """
    path = Path(path)
    filters = filters or ImportFilters()
    started = time.perf_counter()
    name = path.name.lower().removesuffix(".gz").removesuffix(".zip")
    if name.endswith(".json"):
        report = import_declarations(conn, path)
        report.duree_s = time.perf_counter() - started
        return report
    with open_text(path) as (text, _, size):
        header, _ = _sniff_header(text)
    layout = _sirene.detect_layout(header)
    if layout is None:
        if "siret" in {h.lower() for h in header}:
            report = import_declarations(conn, path)
            report.duree_s = time.perf_counter() - started
            return report
        raise ImportFileError(
            f"Format non reconnu pour {path.name} : attendu un fichier SIRENE "
            "(StockEtablissement, géolocalisé ou StockUniteLegale) ou un fichier de "
            "déclarations avec une colonne « siret »."
        )
    report = ImportReport(fichier=path.name, format=layout.value)
    base = _base_file(conn)
    if parallel is None:
        parallel = size >= PARALLEL_MIN_BYTES and (os.cpu_count() or 1) > 1
    # Legal units are two columns written as they come: nothing to prepare in another process.
    parallel = parallel and base is not None and layout is not _sirene.Layout.UNITES_LEGALES
    job = _Job(path=path, filters=filters, config=config, chunk_rows=chunk_rows)
    before = store.count_firms(conn)
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_MIB * 1024}")
    try:
        if parallel:
            assert base is not None
            chunks = _chunks_from_worker(job, base)
        else:
            chunks = _chunks(job, lambda sirens: store.legal_names(conn, sirens))
        for chunk in chunks:
            _write(conn, chunk, report)
            if progress:
                progress(min(chunk.position, size), size)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
    report.nouvelles = store.count_firms(conn) - before
    report.duree_s = time.perf_counter() - started
    return report


def _base_file(conn: sqlite3.Connection) -> str | None:
    """The file of the main database of a connection, None for an in-memory one."""
    for _, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None


@dataclass(frozen=True)
class _Job:
    """What to read, and how (sent to the worker process)."""

    path: Path
    filters: ImportFilters
    config: _sirene.SireneConfig | None
    chunk_rows: int


@dataclass
class _Chunk:
    """A chunk of the file, read and prepared, ready to write."""

    position: int
    lines_read: int = 0
    filtered: int = 0
    rejects: list[Reject] = field(default_factory=list)
    firms: store.FirmRows | None = None
    legal_units: pd.DataFrame | None = None


def _chunks(job: _Job, legal: Callable[[pd.Series], dict[str, str]]) -> Iterator[_Chunk]:
    """Read and prepare the file chunk by chunk; a parse error ends the reading (the chunks
    before it are kept) and is reported. ``legal`` gives the names of ``StockUniteLegale``
    already in the register."""
    with open_text(job.path) as (text, raw, _):
        header, delimiter = _sniff_header(text)
        layout = _sirene.detect_layout(header)
        assert layout is not None, "checked by import_file"
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
                except _DAMAGED as error:
                    failure = [Reject(lines_read + 2, "", _parser_reason(error))]
                    frame = None
            bad_lines = _bad_lines(caught) + failure
            if frame is None:
                if bad_lines:
                    yield _Chunk(position=raw.tell(), rejects=bad_lines)
                return
            chunk = _prepare(frame, layout, job, legal)
            chunk.position = raw.tell()
            chunk.rejects = bad_lines + chunk.rejects
            lines_read += chunk.lines_read
            yield chunk


def _csv_chunks(
    text: IO[str], header: list[str], delimiter: str, layout: _sirene.Layout, job: _Job
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


def _damage(error: BaseException) -> str:
    """What is wrong with a file, in French, from what reading it raised."""
    if isinstance(error, UnicodeDecodeError):
        return "caractères illisibles (encodage inattendu)"
    if isinstance(error, EOFError | OSError | zlib.error):
        return "archive tronquée ou abîmée"
    return "CSV mal formé (guillemets ou séparateurs)"


def _parser_reason(error: Exception) -> str:
    return f"Lecture interrompue, fichier mal formé à partir d'ici : {_damage(error)}"


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
    job: _Job,
    legal: Callable[[pd.Series], dict[str, str]],
) -> _Chunk:
    chunk = _Chunk(position=0, lines_read=len(frame))
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
    if not batch.firms.empty:
        chunk.firms = store.firm_rows(batch.firms, legal(batch.firms["siren"]))
    return chunk


def _write(conn: sqlite3.Connection, chunk: _Chunk, report: ImportReport) -> None:
    report.lignes_lues += chunk.lines_read
    report.ecartees_par_filtre += chunk.filtered
    report.add_rejects(chunk.rejects)
    if chunk.legal_units is not None:
        report.noms_unites_legales += int(chunk.legal_units["denomination"].notna().sum())
        store.upsert_legal_units(conn, chunk.legal_units)
    if chunk.firms is not None:
        report.enregistrees += store.write_rows(conn, chunk.firms)


def _failure(kind: str, message: str) -> Exception:
    """The exception of the importing process for what stopped the worker process."""
    if kind == ImportFileError.__name__:
        return ImportFileError(message)
    return RuntimeError(f"{kind} dans le processus de lecture : {message}")


def _send(out: IO[bytes], message: tuple) -> None:
    """One message to the importing process: its length, then its ``marshal`` form (plain
    tuples, lists and strings only; twice as fast to write as ``pickle``)."""
    payload = marshal.dumps(message)
    out.write(struct.pack("<Q", len(payload)))
    out.write(payload)
    out.flush()


def _receive(stream: IO[bytes]) -> tuple | None:
    """The next message of the worker process, None when its output ended too early."""
    size = stream.read(8)
    if len(size) < 8:
        return None
    payload = stream.read(struct.unpack("<Q", size)[0])
    return marshal.loads(payload)


def produce(job: _Job, base: str, out: IO[bytes]) -> None:
    """The worker process (:mod:`suppliers._import_worker`): read and prepare every chunk and
    send them to ``out``, then ``("fin",)``, or ``("erreur", kind, message)``."""
    try:
        reader = connect(base, read_only=True)
        try:
            for chunk in _chunks(job, lambda sirens: store.legal_names(reader, sirens)):
                firms = chunk.firms
                _send(
                    out,
                    (
                        "morceau",
                        chunk.position,
                        chunk.lines_read,
                        chunk.filtered,
                        [(r.ligne, r.siret, r.motif) for r in chunk.rejects],
                        (firms.ids, firms.firms, firms.index) if firms else None,
                    ),
                )
        finally:
            reader.close()
        _send(out, ("fin",))
    except Exception as error:
        _send(out, ("erreur", type(error).__name__, str(error)))


def _chunks_from_worker(job: _Job, base: str) -> Iterator[_Chunk]:
    """The chunks of :func:`_chunks`, prepared by another Python process: reading, checking
    and normalising (Python and pandas) run on one core while this one writes to SQLite. The
    pipe between them holds one chunk, which bounds the memory.

    A plain child process rather than :mod:`multiprocessing`, which would import the caller's
    main script again (or fork a process that holds a base open)."""
    root = str(Path(__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "suppliers._import_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert worker.stdin is not None and worker.stdout is not None
    try:
        pickle.dump((job, base), worker.stdin)
        worker.stdin.close()
        while True:
            message = _receive(worker.stdout)
            if message is None:
                raise ImportFileError(
                    f"La lecture de {job.path.name} s'est arrêtée : le processus de lecture "
                    f"s'est terminé (code {worker.wait()})."
                )
            if message[0] == "fin":
                return
            if message[0] == "erreur":
                raise _failure(message[1], message[2])
            _, position, lines_read, filtered, rejects, firms = message
            yield _Chunk(
                position=position,
                lines_read=lines_read,
                filtered=filtered,
                rejects=[Reject(*reject) for reject in rejects],
                firms=store.FirmRows(*firms) if firms else None,
            )
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        worker.stdout.close()
