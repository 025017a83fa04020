"""Importing files into the register: SIRENE establishments (48 or 53 columns, geolocated or
not), SIRENE legal units, and firms' declarations (CSV or JSON).

The file is streamed in chunks, so a national file of several GB fits in memory; each chunk is
filtered, normalised (:func:`suppliers.firm.firms_from_records`) and written in one
transaction. A malformed row is skipped and reported (line, reason); the import never stops
halfway, and importing the same file twice gives the same register.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sqlite3
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pandas as pd
from pydantic import BaseModel, Field, field_validator

from suppliers import _sirene, store
from suppliers.declarations import import_declarations
from suppliers.errors import ImportFileError
from suppliers.firm import Reject, firms_from_records
from suppliers.import_report import ImportReport
from suppliers.naf import naf_prefixes

Progress = Callable[[int, int], None]
"""Called after each chunk with (bytes read, total bytes) of the file."""

CHUNK_ROWS = 100_000
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
        commune = code_commune.str.upper()
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
            raise ImportFileError(f"Fichier illisible ({path.name}) : {error}") from error
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


def _sniff_header(text: IO[str]) -> tuple[list[str], str]:
    line = text.readline()
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
) -> ImportReport:
    """Import a SIRENE or declarations file into the register (format detected from its
    header or extension). Raises :class:`ImportFileError` only when the file cannot be read
    at all; bad rows are reported in the returned :class:`ImportReport`."""
    path = Path(path)
    filters = filters or ImportFilters()
    started = time.perf_counter()
    name = path.name.lower().removesuffix(".gz").removesuffix(".zip")
    if name.endswith(".json"):
        report = import_declarations(conn, path)
        report.duree_s = time.perf_counter() - started
        return report
    with open_text(path) as (text, raw, size):
        header, delimiter = _sniff_header(text)
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
        reader = pd.read_csv(
            text,
            names=header,
            header=None,
            usecols=[h for h in header if h in _sirene.needed_columns(layout)],
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            chunksize=chunk_rows,
            on_bad_lines="warn",
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )
        before = store.count_firms(conn)
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_MIB * 1024}")
        try:
            _import_chunks(conn, reader, layout, filters, config, report, raw, size, progress)
        finally:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")
        report.nouvelles = store.count_firms(conn) - before
    report.duree_s = time.perf_counter() - started
    return report


def _import_chunks(
    conn: sqlite3.Connection,
    reader: Iterator[pd.DataFrame],
    layout: _sirene.Layout,
    filters: ImportFilters,
    config: _sirene.SireneConfig | None,
    report: ImportReport,
    raw: IO[bytes],
    size: int,
    progress: Progress | None,
) -> None:
    """Read, check and write the file chunk by chunk; a parse error ends the reading (the
    chunks before it are kept) and is reported."""
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                chunk = next(reader)
            except StopIteration:
                chunk = None
            except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
                report.add_rejects([Reject(report.lignes_lues + 2, "", _parser_reason(error))])
                chunk = None
        report.add_rejects(_bad_lines(caught))
        if chunk is None:
            return
        report.lignes_lues += len(chunk)
        _import_chunk(conn, chunk, layout, filters, config, report)
        if progress:
            progress(min(raw.tell(), size), size)


def _parser_reason(error: Exception) -> str:
    return f"Lecture interrompue, fichier mal formé à partir d'ici : {error}"


def _bad_lines(caught: list[warnings.WarningMessage]) -> list[Reject]:
    rejects = []
    for warning in caught:
        for line, expected, saw in _BAD_LINE.findall(str(warning.message)):
            rejects.append(
                # pandas counts the lines it was given, after the header line.
                Reject(int(line) + 1, "", f"Ligne mal formée : {saw} champs au lieu de {expected}")
            )
    return rejects


def _import_chunk(
    conn: sqlite3.Connection,
    chunk: pd.DataFrame,
    layout: _sirene.Layout,
    filters: ImportFilters,
    config: _sirene.SireneConfig | None,
    report: ImportReport,
) -> None:
    # Line in the file of each row: the header is line 1 (exact unless a field spans lines).
    lines = pd.Series(chunk.index + 2, index=chunk.index)
    if layout is _sirene.Layout.UNITES_LEGALES:
        names = _sirene.legal_units_to_names(chunk)
        report.noms_unites_legales += int(names["denomination"].notna().sum())
        store.upsert_legal_units(conn, names)
        return
    keys = _sirene.filter_keys(chunk, layout)
    kept = filters.keep(keys["code_commune"], keys["code_naf"], keys["etat"])
    report.ecartees_par_filtre += int((~kept).sum())
    if not kept.any():
        return
    chunk = chunk[kept]
    records = _sirene.establishments_to_records(chunk, layout, config)
    batch = firms_from_records(records, source="sirene", line_numbers=lines[kept])
    report.add_rejects(batch.rejects)
    report.enregistrees += store.upsert_firms(conn, batch.firms)
