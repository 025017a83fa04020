"""Opening the base at start-up: every package's migrations, then the demo data if it is empty."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from api import login_limit, users
from falc import decisions as falc_decisions
from jobs import store as jobs_store
from storage import connect
from suppliers import demo as suppliers_demo
from suppliers import store as suppliers_store
from tenders import demo as tenders_demo
from tenders import demo_awards as tenders_demo_awards
from tenders import store as tenders_store

log = logging.getLogger("clair")


def prepare_base(path: Path, *, demo: bool) -> None:
    """Create or upgrade the base at ``path``; load the demo data into an empty base."""
    conn = connect(path)
    try:
        migrate_all(conn)
        if demo:
            load_demo_if_empty(conn)
    finally:
        conn.close()


def open_base(path: Path | None = None) -> sqlite3.Connection:
    """A connection to the base at ``path`` (default: the ``CLAIR_BASE`` setting), created and
    migrated if needed, without demo data: what every command-line command works on."""
    from api.settings import get_settings

    path = path if path is not None else get_settings().base
    prepare_base(path, demo=False)
    return connect(path)


def migrate_all(conn: sqlite3.Connection) -> None:
    """Apply the migrations of every package that stores data."""
    # Each package that owns tables adds its ``migrate(conn)`` call here.
    users.migrate(conn)
    login_limit.migrate(conn)
    falc_decisions.migrate(conn)
    suppliers_store.migrate(conn)
    tenders_store.migrate(conn)
    jobs_store.migrate(conn)


def load_demo_if_empty(conn: sqlite3.Connection) -> None:
    """Load the demo data shipped with each package when the base holds none of its data."""
    # Each package that ships demo data adds its ``load_demo(conn)`` call here.
    tenders_demo.load_demo(conn)
    suppliers_demo.load_demo(conn)
    tenders_demo_awards.load_demo_awards(conn)  # after the firms: its winners are among them
