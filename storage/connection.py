"""Opening the embedded SQLite base: connection, PRAGMAs and transactions.

The only place where Clair calls ``sqlite3.connect`` or sets a PRAGMA.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def connect(path: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    """Open the base in WAL mode with foreign keys on; rows come back as ``sqlite3.Row``.

    The connection is in autocommit mode: group writes with :func:`transaction`.

    ``":memory:"`` gives a private in-memory base (tests).
    """
    path = str(path)
    if path != ":memory:" and not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    uri = f"file:{path}?mode=ro" if read_only else path
    conn = sqlite3.connect(
        uri, uri=read_only, check_same_thread=False, timeout=30, isolation_level=None
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if path != ":memory:" and not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run a block in one transaction: all of it is written, or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


READ_MMAP_BYTES = 256 * 2**20
"""Memory-mapped reading for searches: pages come from the OS page cache without a read call."""

READ_CACHE_KIB = 32 * 2**10
"""Page cache of a search connection (SQLite's default is 2 MiB)."""


def tune_for_reads(conn: sqlite3.Connection) -> None:
    """Read the base through memory mapping (shared OS page cache, no read call per page) with a
    larger page cache: the API opens one connection per request, so this is set per search."""
    conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
    conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")


@contextmanager
def page_cache(conn: sqlite3.Connection, mib: int) -> Iterator[sqlite3.Connection]:
    """A larger page cache for a long write (an import), the previous size restored after."""
    previous = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-mib * 1024}")
    try:
        yield conn
    finally:
        conn.execute(f"PRAGMA cache_size = {int(previous)}")


def main_database_file(conn: sqlite3.Connection) -> str | None:
    """The file of the main database of a connection, None for an in-memory one."""
    for _, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None
