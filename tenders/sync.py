"""Incremental synchronisation with the BOAMP API: the notices published since a date.

Records go through the same path as an imported file (:func:`tenders.importers.read_tenders`),
so a record already stored is updated, never duplicated, and a malformed one is reported.
Without a start date, the sync starts from the newest BOAMP publication date in the base.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import httpx

from core.errors import ClairError
from tenders import _boamp, _boamp_http
from tenders.importers import ImportReport, import_tenders, read_tenders


class SyncError(ClairError):
    """The sync cannot start (no start date known)."""


def last_boamp_date(conn: sqlite3.Connection) -> date | None:
    """The newest publication date of the BOAMP notices stored, or None."""
    row = conn.execute(
        "SELECT MAX(date_publication) FROM tenders WHERE id LIKE 'boamp:%'"
    ).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def synchronise(
    conn: sqlite3.Connection,
    since: date | None = None,
    *,
    client: httpx.Client | None = None,
    limit: int | None = None,
    page_size: int = _boamp_http.PAGE_SIZE,
) -> ImportReport:
    """Fetch the BOAMP notices published since ``since`` and store them; return the report."""
    since = since or last_boamp_date(conn)
    if since is None:
        raise SyncError(
            "La base ne contient encore aucun avis du BOAMP : indiquez une date de départ "
            "avec --depuis (par exemple --depuis 2026-01-01)."
        )
    own_client = client is None
    client = client or _boamp_http.make_client()
    report = ImportReport(fichier=f"API BOAMP depuis le {since.isoformat()}", format="boamp-api")
    try:
        records = (
            (record, _boamp.raw_from_api_record)
            for record in _boamp_http.iter_records(client, since, limit=limit, page_size=page_size)
        )
        import_tenders(conn, read_tenders(records, report), report)
    finally:
        if own_client:
            client.close()
    return report
