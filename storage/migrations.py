"""Migrations: each package owns its tables and declares them as an ordered list of SQL scripts.

:func:`migrate` applies the scripts a base has not seen yet, each in its own transaction, so a
base is created and upgraded automatically.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS clair_migrations (
    component TEXT NOT NULL,
    version   INTEGER NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (component, version)
)
"""


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
