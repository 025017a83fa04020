"""Helpers for the page tests: a client on a fresh base, CSRF tokens, demo firms and tenders."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from storage import connect
from suppliers import store
from suppliers.firm import RECORD_COLUMNS, firms_from_records

FIRMS = [
    {
        "siret": "73282932000074",
        "denomination": "Primeurs du Littoral",
        "code_naf": "46.31Z",
        "commune": "Dunkerque",
        "code_commune": "59183",
        "code_postal": "59140",
        "latitude": "51.03",
        "longitude": "2.37",
        "precision": "adresse",
    },
    {
        "siret": "55210055400013",
        "denomination": "Transports <Flandre> & Fils",
        "code_naf": "49.41A",
        "commune": "Lille",
        "code_commune": "59350",
        "code_postal": "59000",
        "latitude": "50.63",
        "longitude": "3.06",
        "precision": "adresse",
    },
]


def add_firms(base: Path, records: list[dict[str, str]] = FIRMS) -> None:
    """Store a few firms through the suppliers package's own path (records → Firm → store)."""
    frame = pd.DataFrame(records, dtype=str).reindex(columns=RECORD_COLUMNS)
    frame = frame.astype(object).where(frame.notna(), "")
    conn = connect(base)
    try:
        store.migrate(conn)
        batch = firms_from_records(frame, source="test")
        assert not batch.rejects, batch.rejects
        store.upsert_firms(conn, batch.firms)
    finally:
        conn.close()


def add_demo_tenders(base: Path) -> int:
    from tenders.demo import load_demo
    from tenders.store import migrate

    conn = connect(base)
    try:
        migrate(conn)
        return load_demo(conn)
    finally:
        conn.close()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def csrf(client: TestClient, path: str = "/") -> str:
    """The CSRF token the page at ``path`` puts in its forms."""
    field = soup(client.get(path)).find("input", attrs={"name": "csrf_token"})
    assert field is not None, f"pas de jeton CSRF sur {path}"
    return field["value"]


def alert(response) -> str | None:
    """The text of the page's error message, if any."""
    box = soup(response).find(attrs={"role": "alert"})
    return box.get_text(" ", strip=True) if box else None
