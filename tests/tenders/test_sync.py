"""BOAMP sync against recorded-shape API pages served by an httpx MockTransport (no network)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest

from core.errors import ClairError
from storage import connect
from tenders import _boamp_http, store
from tenders.store import count_tenders, get_tender
from tenders.sync import SyncError, last_boamp_date, synchronise

PAGES = Path(__file__).parent / "data" / "boamp_api"


@pytest.fixture
def conn():
    connection = connect(":memory:")
    store.migrate(connection)
    yield connection
    connection.close()


class RecordedApi:
    """Serves page{n}.json for offset (n-1)*2 and remembers the queries."""

    def __init__(self) -> None:
        self.queries: list[dict[str, list[str]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.host == "boamp-datadila.opendatasoft.com"
        query = parse_qs(request.url.query.decode())
        self.queries.append(query)
        page = int(query["offset"][0]) // int(query["limit"][0]) + 1
        path = PAGES / f"page{page}.json"
        if not path.exists():
            return httpx.Response(200, json={"total_count": 5, "results": []})
        return httpx.Response(200, content=path.read_bytes())


def test_sync_reads_every_page_and_stores_once(conn):
    api = RecordedApi()
    client = _boamp_http.make_client(httpx.MockTransport(api))
    report = synchronise(conn, date(2026, 1, 1), client=client, page_size=2)
    assert api.queries[0]["where"] == ["dateparution>=date'2026-01-01'"]
    assert [q["offset"][0] for q in api.queries] == ["0", "2", "4"]
    assert report.lus == 5
    assert (report.ajoutes, report.mis_a_jour) == (3, 1)  # 26-1001 then its rectification
    assert [s.identifiant for s in report.ignores] == ["26-1003"]
    assert count_tenders(conn) == 3
    rectified = get_tender(conn, "boamp:26-1001")
    assert rectified.etat == "rectificatif"
    assert rectified.date_limite.isoformat() == "2026-02-17T12:00:00+01:00"
    assert rectified.codes_cpv == ["90911200"]
    eforms = get_tender(conn, "boamp:26-1002")
    assert eforms.dossier == "8e2b7c1a-3f4d-4e5a-b6c7-d8e9f0a1b2c3"
    assert eforms.codes_cpv == ["90910000"]
    assert eforms.date_limite.isoformat() == "2026-02-20T12:00:00+01:00"
    award = get_tender(conn, "boamp:26-1004")
    assert award.nature == "attribution" and award.montant_eur == 38000
    assert award.codes_cpv == ["79810000"]


def test_sync_again_starts_from_the_last_date_and_duplicates_nothing(conn):
    client = _boamp_http.make_client(httpx.MockTransport(RecordedApi()))
    synchronise(conn, date(2026, 1, 1), client=client, page_size=2)
    assert last_boamp_date(conn) == date(2026, 1, 25)
    api = RecordedApi()
    again = synchronise(conn, client=_boamp_http.make_client(httpx.MockTransport(api)), page_size=2)
    assert api.queries[0]["where"] == ["dateparution>=date'2026-01-25'"]
    assert again.ajoutes == 0
    assert count_tenders(conn) == 3


def test_sync_needs_a_start_date_on_an_empty_base(conn):
    with pytest.raises(SyncError, match="--depuis"):
        synchronise(conn)


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(503), "erreur 503"),
        (httpx.Response(200, content=b"<html>"), "illisible"),
        (httpx.Response(200, json={"error": "x"}), "inattendue"),
    ],
)
def test_api_errors_are_french_and_keep_what_was_stored(conn, response, message):
    client = _boamp_http.make_client(httpx.MockTransport(lambda request: response))
    with pytest.raises(ClairError, match=message):
        synchronise(conn, date(2026, 1, 1), client=client)


def test_network_failure_is_a_french_error(conn):
    def refuse(request):
        raise httpx.ConnectError("refused")

    client = _boamp_http.make_client(httpx.MockTransport(refuse))
    with pytest.raises(ClairError, match="ne répond pas"):
        synchronise(conn, date(2026, 1, 1), client=client)


def test_paging_restarts_from_the_last_date_past_the_window(monkeypatch):
    monkeypatch.setattr(_boamp_http, "MAX_WINDOW", 4)
    seen = []

    def handler(request):
        query = parse_qs(request.url.query.decode())
        seen.append((query["where"][0], query["offset"][0]))
        if len(seen) > 3:
            return httpx.Response(200, json={"results": []})
        day = f"2026-01-0{len(seen)}"
        return httpx.Response(
            200, json={"results": [{"idweb": f"{day}-{i}", "dateparution": day} for i in range(2)]}
        )

    client = _boamp_http.make_client(httpx.MockTransport(handler))
    records = list(_boamp_http.iter_records(client, date(2026, 1, 1), page_size=2))
    assert len(records) == 6
    assert seen[:3] == [
        ("dateparution>=date'2026-01-01'", "0"),
        ("dateparution>=date'2026-01-01'", "2"),
        ("dateparution>=date'2026-01-02'", "0"),
    ]
    assert json.dumps(records)  # plain JSON records
