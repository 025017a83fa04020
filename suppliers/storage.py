"""The embedded SQLite store shared by Clair's packages: connection and migrations.

One file (``CLAIR_BASE``) holds firms, tenders and accounts. Each package owns its tables and
declares its migrations as an ordered list of SQL scripts; :func:`migrate` applies the ones a
base has not seen yet, each in its own transaction, so a base is created and upgraded
automatically.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS clair_migrations (
    component TEXT NOT NULL,
    version   INTEGER NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (component, version)
)
"""


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


def migrate(conn: sqlite3.Connection, component: str, steps: Sequence[str]) -> int:
    """Apply the migrations of ``component`` that this base has not seen; return how many.

    ``steps[i]`` is the SQL script that brings the component to version ``i + 1``. Steps are
    append-only: never edit one that has shipped, add a new one.
    """
    conn.execute(_MIGRATIONS_TABLE)
    row = conn.execute(
        "SELECT COALESCE(MAX(version), 0) FROM clair_migrations WHERE component = ?",
        (component,),
    ).fetchone()
    current = int(row[0])
    applied = 0
    for version, script in enumerate(steps, start=1):
        if version <= current:
            continue
        # executescript commits any open transaction; wrap the step and its record together.
        try:
            conn.executescript(
                "BEGIN;\n"
                + script.rstrip().rstrip(";")
                + ";\n"
                + "INSERT INTO clair_migrations (component, version) "
                + f"VALUES ('{component}', {version});\n"
                + "COMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied += 1
    return applied
