"""Importing files into the register: SIRENE establishments (48 or 53 columns, geolocated or
not), SIRENE legal units, and firms' declarations (CSV or JSON).

The file is streamed in chunks, so a national file of several GB fits in memory; each chunk is
filtered, normalised (:func:`suppliers.firm.firms_from_records`) and written in one
transaction. A malformed row is skipped and reported (line, reason); the import never stops
halfway, and importing the same file twice gives the same register. A large file is read and
prepared by a second process while the first one writes (:func:`import_file`).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from storage import main_database_file, page_cache
from suppliers import _sirene, store
from suppliers._import_worker import chunks_from_worker
from suppliers.declarations import import_declarations
from suppliers.errors import ImportFileError
from suppliers.import_reading import (
    CHUNK_ROWS,
    ImportFilters,
    PreparedChunk,
    ReadJob,
    open_text,
    read_chunks,
    sniff_header,
)
from suppliers.import_report import ImportReport

__all__ = ["CHUNK_ROWS", "ImportFilters", "Progress", "import_file"]

Progress = Callable[[int, int], None]
"""Called after each chunk with (bytes read, total bytes) of the file."""

PARALLEL_MIN_BYTES = 50_000_000
"""From this size (about 250,000 establishments), an import reads and prepares the file in
another process: starting it costs about a second."""

IMPORT_CACHE_MIB = 64
"""SQLite page cache during an import (the default 2 MiB makes every index insert of a large
register read the disk); given back afterwards."""


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
        header, _ = sniff_header(text)
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
    base = main_database_file(conn)
    if parallel is None:
        parallel = size >= PARALLEL_MIN_BYTES and (os.cpu_count() or 1) > 1
    # Legal units are two columns written as they come: nothing to prepare in another process.
    parallel = parallel and base is not None and layout is not _sirene.Layout.UNITES_LEGALES
    job = ReadJob(path=path, filters=filters, config=config, chunk_rows=chunk_rows)
    before = store.count_firms(conn)
    with page_cache(conn, IMPORT_CACHE_MIB):
        if parallel:
            assert base is not None
            chunks = chunks_from_worker(job, base)
        else:
            chunks = read_chunks(job, lambda sirens: store.legal_names(conn, sirens))
        for chunk in chunks:
            _write(conn, chunk, report)
            if progress:
                progress(min(chunk.position, size), size)
    report.nouvelles = store.count_firms(conn) - before
    report.duree_s = time.perf_counter() - started
    return report


def _write(conn: sqlite3.Connection, chunk: PreparedChunk, report: ImportReport) -> None:
    report.lignes_lues += chunk.lines_read
    report.ecartees_par_filtre += chunk.filtered
    report.add_rejects(chunk.rejects)
    report.caracteres_retires += chunk.forbidden_removed
    if chunk.legal_units is not None:
        report.noms_unites_legales += int(chunk.legal_units["denomination"].notna().sum())
        store.upsert_legal_units(conn, chunk.legal_units)
    if chunk.firms is not None:
        report.enregistrees += store.write_rows(conn, chunk.firms)
