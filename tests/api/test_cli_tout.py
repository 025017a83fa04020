"""``chercher --tout`` streams every result past the page cap, as CSV or JSON Lines, read a page
at a time (issue 15, item 8)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

import suppliers.search
import tenders.search
from api.cli import app
from storage import connect
from suppliers import store as firm_store
from suppliers.demo import load_demo as load_demo_firms
from suppliers.search import FirmQuery, iter_firms, search_firms
from tenders import store as tender_store
from tenders.demo import load_demo as load_demo_tenders
from tenders.search import TenderQuery, iter_tenders, search_tenders


@pytest.fixture
def base(base_path):
    conn = connect(base_path)
    firm_store.migrate(conn)
    tender_store.migrate(conn)
    load_demo_firms(conn)
    load_demo_tenders(conn)
    conn.close()
    return base_path


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 7 results, so that a few dozen results cross many pages."""
    monkeypatch.setattr(suppliers.search, "PAGE_MAX", 7)
    monkeypatch.setattr(tenders.search, "PAGE_MAX", 7)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_fournisseurs_chercher_tout_streams_every_firm(base, small_pages, fmt: str):
    conn = connect(base)
    total = search_firms(conn, FirmQuery(autour="Gravelines", rayon_km=15)).total
    conn.close()
    result = run(
        "fournisseurs", "chercher", "--autour", "Gravelines", "--rayon", "15",
        "--tout", "--format", fmt, "--base", str(base),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    if fmt == "json":
        records = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(result.stdout), delimiter=";"))
    assert total > 20 and len(records) == total
    assert len({r["siret"] for r in records}) == total
    distances = [float(r["distance_km"]) for r in records]
    assert distances == sorted(distances)  # the order of the search, across pages


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_marches_chercher_tout_streams_every_notice(base, small_pages, fmt: str):
    conn = connect(base)
    total = search_tenders(conn, TenderQuery()).total
    conn.close()
    result = run("marches", "chercher", "--tout", "--format", fmt, "--base", str(base))
    assert result.exit_code == 0, result.output
    if fmt == "json":
        ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    else:
        ids = [r["id"] for r in csv.DictReader(io.StringIO(result.stdout), delimiter=";")]
    assert total > 20 and len(ids) == len(set(ids)) == total


def test_tout_needs_a_streamable_format(base):
    result = run("marches", "chercher", "--tout", "--base", str(base))
    assert result.exit_code == 1
    assert "--format csv ou --format json" in result.output


def test_the_iterators_read_one_page_at_a_time(base, small_pages, monkeypatch):
    pages: list[int] = []
    search = suppliers.search.search_firms

    def counting(conn, query, config=None):
        pages.append(query.page)
        return search(conn, query, config)

    monkeypatch.setattr(suppliers.search, "search_firms", counting)
    conn = connect(base)
    hits = iter_firms(conn, FirmQuery())
    first = [next(hits) for _ in range(8)]
    assert pages == [1, 2] and len({h.firm.siret for h in first}) == 8
    assert len(list(iter_tenders(conn, TenderQuery(limite=3)))) > 7  # the page cap is lifted
    conn.close()
