"""Atom feeds of saved searches: valid RFC 4287, escaped, stable entry ids."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from lxml import etree

from storage import connect
from tenders import store
from tenders.demo import load_demo
from tenders.feeds import ATOM, atom_feed
from tenders.saved_searches import (
    create_saved_search,
    get_saved_search,
    saved_searches_of,
    search_feed,
)
from tenders.search import TenderQuery
from tenders.tender import RawTender, make_tender

SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "atom.rng")))
NS = {"a": ATOM}
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def conn():
    connection = connect(":memory:")
    store.migrate(connection)
    load_demo(connection, today=date(2026, 3, 2))
    yield connection
    connection.close()


def check_atom(xml: str) -> etree._Element:
    """RELAX NG of RFC 4287, plus the rules the RFC states outside the grammar."""
    root = etree.fromstring(xml.encode())
    assert SCHEMA.validate(root), SCHEMA.error_log
    assert root.tag == f"{{{ATOM}}}feed"
    for element in [root, *root.findall("a:entry", NS)]:
        for required in ("a:id", "a:title", "a:updated"):
            assert len(element.findall(required, NS)) == 1, required
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.findall("a:link[@rel='alternate']", NS)
        ]
        assert len(alternates) == len(set(alternates))  # 4.1.1: one alternate per type/lang
    has_feed_author = root.find("a:author", NS) is not None
    assert has_feed_author or all(
        e.find("a:author", NS) is not None for e in root.findall("a:entry", NS)
    )
    ids = [e.findtext("a:id", namespaces=NS) for e in root.findall("a:entry", NS)]
    assert len(ids) == len(set(ids))
    return root


def test_saved_search_feed_is_valid_atom(conn):
    search = create_saved_search(conn, "Nettoyage", TenderQuery(q="nettoyage"), user_id=7)
    xml = search_feed(
        conn,
        search,
        self_url=f"https://clair.example/api/recherches/{search.id}/flux.atom",
        site_url="https://clair.example/",
        now=NOW,
    )
    root = check_atom(xml)
    titles = [e.findtext("a:title", namespaces=NS) for e in root.findall("a:entry", NS)]
    assert "Nettoyage des locaux administratifs" in titles
    assert root.find("a:link[@rel='self']", NS).get("href").endswith("/flux.atom")


def test_feed_escapes_everything():
    hostile = make_tender(
        RawTender(
            source="t",
            local_id="<x>&1",
            titre="</title><script>alert(1)</script>",
            objet="Travaux & <b>gras</b> ]]>",
            acheteur_nom='Ville "A" & <B>',
        )
    )
    xml = atom_feed(
        feed_id="urn:clair:recherche:x",
        title="A & <B>",
        self_url="https://c/f?a=1&b=2",
        site_url="https://c/",
        tenders=[hostile],
        updated=NOW,
    )
    root = check_atom(xml)
    assert "<script>" not in xml
    entry = root.find("a:entry", NS)
    assert entry.findtext("a:title", namespaces=NS) == "</title><script>alert(1)</script>"
    assert "Travaux & <b>gras</b> ]]>" in entry.findtext("a:summary", namespaces=NS)
    assert root.findtext("a:title", namespaces=NS) == "A & <B>"


def test_entry_ids_are_stable_and_feed_updates_with_entries(conn):
    search = create_saved_search(conn, "Toits", TenderQuery(q="toiture"))
    first = check_atom(
        search_feed(conn, search, self_url="https://c/f", site_url="https://c/", now=NOW)
    )
    second = check_atom(
        search_feed(conn, search, self_url="https://c/f", site_url="https://c/", now=NOW)
    )
    assert (
        [e.findtext("a:id", namespaces=NS) for e in first.findall("a:entry", NS)]
        == [e.findtext("a:id", namespaces=NS) for e in second.findall("a:entry", NS)]
        == ["urn:clair:marche:demo:020"]
    )


def test_empty_feed_is_still_valid(conn):
    search = create_saved_search(conn, "Rien", TenderQuery(q="zzzzzz"))
    root = check_atom(
        search_feed(conn, search, self_url="https://c/f", site_url="https://c/", now=NOW)
    )
    assert root.findall("a:entry", NS) == []


def test_saved_searches_are_stored_with_unguessable_ids(conn):
    one = create_saved_search(conn, "  Mes   marchés ", TenderQuery(q="pain", page=3), user_id=1)
    two = create_saved_search(conn, "", TenderQuery(), user_id=1)
    assert len(one.id) >= 22 and one.id != two.id
    stored = get_saved_search(conn, one.id)
    assert stored.nom == "Mes marchés" and stored.query.q == "pain" and stored.query.page == 1
    assert two.nom == "Ma recherche"
    assert {s.id for s in saved_searches_of(conn, 1)} == {one.id, two.id}
    assert get_saved_search(conn, "inconnu") is None


def test_schema_rejects_a_feed_without_id():
    broken = etree.fromstring(
        f'<feed xmlns="{ATOM}"><title>x</title><updated>2026-01-01T00:00:00Z</updated></feed>'.encode()
    )
    assert not SCHEMA.validate(broken)
