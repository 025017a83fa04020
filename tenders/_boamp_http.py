"""HTTP access to the BOAMP open-data API (DILA, OpenDataSoft "explore" API v2.1).

Only this module talks to the network; tests hand it an ``httpx.MockTransport`` serving
recorded responses. The records endpoint returns ``{"total_count": n, "results": [...]}``,
at most 100 records a page, and refuses ``offset + limit`` beyond 10,000: past that, paging
starts again from the last publication date seen (records of that day come twice and are
merged by the store, never duplicated).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx

from core.errors import ClairError

BASE_URL = "https://boamp-datadila.opendatasoft.com/api/explore/v2.1/catalog/datasets/boamp/records"
PAGE_SIZE = 100
MAX_WINDOW = 10_000
TIMEOUT_S = 30.0


class BoampHttpError(ClairError):
    """The BOAMP API cannot be reached or answers with an error."""


def make_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(
        transport=transport,
        timeout=TIMEOUT_S,
        headers={"User-Agent": "Clair (open data BOAMP sync)"},
        follow_redirects=True,
    )


def fetch_page(
    client: httpx.Client, since: date, offset: int, limit: int = PAGE_SIZE
) -> dict[str, Any]:
    """One page of records published on or after ``since``, oldest first."""
    params = {
        "where": f"dateparution>=date'{since.isoformat()}'",
        "order_by": "dateparution,idweb",
        "limit": str(limit),
        "offset": str(offset),
    }
    try:
        response = client.get(BASE_URL, params=params)
    except httpx.HTTPError as error:
        raise BoampHttpError(
            f"L'API du BOAMP ne répond pas ({error.__class__.__name__})."
        ) from None
    if response.status_code != 200:
        raise BoampHttpError(
            f"L'API du BOAMP a répondu par une erreur {response.status_code}. Réessayez plus tard."
        )
    try:
        payload = response.json()
    except ValueError:
        raise BoampHttpError("L'API du BOAMP a renvoyé une réponse illisible.") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise BoampHttpError(
            "L'API du BOAMP a renvoyé une réponse inattendue (pas de « results »)."
        )
    return payload


def iter_records(
    client: httpx.Client,
    since: date,
    *,
    limit: int | None = None,
    page_size: int = PAGE_SIZE,
) -> Iterator[dict[str, Any]]:
    """Every record published since ``since``, page after page (``limit``: stop after that many)."""
    start = since
    offset = 0
    served = 0
    while True:
        page = fetch_page(client, start, offset, page_size)
        results = page["results"]
        for record in results:
            yield record
            served += 1
            if limit is not None and served >= limit:
                return
        if len(results) < page_size:
            return
        offset += page_size
        if offset + page_size > MAX_WINDOW:
            last = str(results[-1].get("dateparution") or "")[:10]
            try:
                next_start = date.fromisoformat(last)
            except ValueError:
                return
            if next_start <= start:
                # A single day holds more than the window: go on with the next day.
                next_start = date.fromordinal(start.toordinal() + 1)
            start, offset = next_start, 0
