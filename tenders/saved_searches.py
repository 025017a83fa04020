"""Saved searches: a firm keeps a search, and its Atom feed brings the new matching notices.

Each saved search has an unguessable id (128 random bits, URL-safe): whoever has the feed
address can read it, no one can guess it. Only the search itself is stored, never a result.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import UTC, datetime

from pydantic import BaseModel, Field

from core.text import xml_safe
from tenders.feeds import FEED_SIZE, atom_feed
from tenders.search import TenderQuery, search_tenders


class SavedSearch(BaseModel):
    id: str = Field(description="Identifiant secret : il donne accès au flux Atom.")
    nom: str
    query: TenderQuery
    user_id: int | None = None
    created_at: datetime


def create_saved_search(
    conn: sqlite3.Connection, nom: str, query: TenderQuery, user_id: int | None = None
) -> SavedSearch:
    """Store a search and return it with its new secret id."""
    nom = " ".join(xml_safe(nom).split())[:200] or "Ma recherche"
    search = SavedSearch(
        id=secrets.token_urlsafe(16),
        nom=nom,
        query=query.model_copy(update={"page": 1}),
        user_id=user_id,
        created_at=datetime.now(UTC).replace(microsecond=0),
    )
    conn.execute(
        "INSERT INTO tender_searches (id, user_id, nom, query, created_at) VALUES (?, ?, ?, ?, ?)",
        (
            search.id,
            user_id,
            search.nom,
            search.query.model_dump_json(exclude_defaults=True),
            search.created_at.isoformat(),
        ),
    )
    return search


def _from_row(row: sqlite3.Row) -> SavedSearch:
    return SavedSearch(
        id=row["id"],
        nom=row["nom"],
        query=TenderQuery.model_validate_json(row["query"]),
        user_id=row["user_id"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def get_saved_search(conn: sqlite3.Connection, search_id: str) -> SavedSearch | None:
    row = conn.execute("SELECT * FROM tender_searches WHERE id = ?", (search_id,)).fetchone()
    return _from_row(row) if row else None


def saved_searches_of(conn: sqlite3.Connection, user_id: int) -> list[SavedSearch]:
    rows = conn.execute(
        "SELECT * FROM tender_searches WHERE user_id = ? ORDER BY created_at DESC", (user_id,)
    )
    return [_from_row(r) for r in rows]


def search_feed(
    conn: sqlite3.Connection,
    search: SavedSearch,
    *,
    self_url: str,
    site_url: str,
    now: datetime | None = None,
) -> str:
    """The Atom feed of a saved search: its newest matching notices."""
    query = search.query.model_copy(
        update={"tri": "date_publication", "page": 1, "limite": FEED_SIZE}
    )
    results = search_tenders(conn, query, now=now)
    return atom_feed(
        feed_id=f"urn:clair:recherche:{search.id}",
        title=f"Clair : {search.nom}",
        self_url=self_url,
        site_url=site_url,
        tenders=[hit.tender for hit in results.items],
        updated=now,
    )
