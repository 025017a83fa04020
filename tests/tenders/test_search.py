"""Searching the demo tenders: French keywords, CPV prefixes, place, distance, open, sorts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from places.communes import CommuneNotFoundError
from storage import connect
from suppliers.errors import CodeError
from tenders import store
from tenders.demo import demo_notices, load_demo
from tenders.search import TenderQuery, search_tenders

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def conn():
    connection = connect(":memory:")
    store.migrate(connection)
    load_demo(connection, today=TODAY)
    yield connection
    connection.close()


def ids(conn, **query) -> list[str]:
    results = search_tenders(conn, TenderQuery(limite=200, **query), now=NOW)
    return [hit.tender.id for hit in results.items]


def test_no_query_lists_every_notice_open_or_closed(conn):
    results = search_tenders(conn, TenderQuery(limite=200), now=NOW)
    assert results.total == len(demo_notices()) == len(results.items)


@pytest.mark.parametrize(
    "words",
    ["nettoyage", "Nettoyages", "NETTOYAGE", "nettoyâge", "le nettoyage des"],
)
def test_keywords_ignore_case_accents_plurals_and_stop_words(conn, words):
    assert ids(conn, q=words) == ids(conn, q="nettoyage")
    assert "demo:010" in ids(conn, q=words)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("élagage", {"demo:061"}),
        ("elagages arbres", {"demo:061"}),
        ("vidéoprotection", {"demo:056"}),
        ("magazine municipal", {"demo:040"}),
        ("carnaval", {"demo:045"}),
    ],
)
def test_keywords_find_the_right_notices(conn, words, expected):
    assert set(ids(conn, q=words)) == expected


def test_every_keyword_is_required(conn):
    assert ids(conn, q="nettoyage plages") == ["demo:077"]
    assert ids(conn, q="nettoyage zzzzz") == []


@pytest.mark.parametrize(
    ("cpv", "expected"),
    [
        (["90911300"], {"demo:011"}),
        (["9091"], {"demo:010", "demo:011", "demo:012", "demo:015"}),
        (["909"], {"demo:010", "demo:011", "demo:012", "demo:015"}),
        (["90911300-9"], {"demo:011"}),
        (
            ["15"],
            {"demo:001", "demo:002", "demo:003", "demo:005", "demo:006", "demo:007", "demo:008"},
        ),
        (["90680000", "77211400"], {"demo:077", "demo:061"}),
    ],
)
def test_cpv_matches_at_any_level(conn, cpv, expected):
    assert set(ids(conn, cpv=cpv)) == expected


def test_bad_cpv_is_refused_in_french():
    with pytest.raises(CodeError, match="Code CPV invalide"):
        TenderQuery(cpv=["nettoyage"])


def test_open_only_drops_passed_deadlines_and_awards(conn):
    open_ids = set(ids(conn, ouverts=True))
    expected = {
        f"demo:{n.id}"
        for n in demo_notices()
        if n.jours_avant_cloture is not None and n.jours_avant_cloture >= 0
    }
    assert open_ids == expected


def test_distance_filter_and_sort(conn):
    results = search_tenders(
        conn, TenderQuery(autour="Gravelines", rayon_km=5, tri="distance", limite=200), now=NOW
    )
    distances = [hit.distance_km for hit in results.items]
    assert distances == sorted(distances)
    assert all(d <= 5 for d in distances)
    assert {hit.tender.lieu.commune for hit in results.items} == {"Gravelines"}
    point = search_tenders(
        conn,
        TenderQuery(latitude=50.998, longitude=2.144, rayon_km=5, tri="distance", limite=200),
        now=NOW,
    )
    assert [h.tender.id for h in point.items] == [h.tender.id for h in results.items]


def test_unknown_commune_is_a_french_error(conn):
    with pytest.raises(CommuneNotFoundError, match="introuvable"):
        search_tenders(conn, TenderQuery(autour="Atlantide", rayon_km=10), now=NOW)


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ({"departement": "59"}, lambda t: t.lieu.departement == "59"),
        ({"type_marche": "travaux"}, lambda t: t.type_marche == "travaux"),
        ({"nature": "attribution"}, lambda t: t.nature == "attribution"),
    ],
)
def test_filters(conn, query, check):
    results = search_tenders(conn, TenderQuery(limite=200, **query), now=NOW)
    assert results.total > 0
    assert all(check(hit.tender) for hit in results.items)


def test_sort_by_deadline(conn):
    results = search_tenders(
        conn, TenderQuery(ouverts=True, tri="date_limite", limite=200), now=NOW
    )
    deadlines = [hit.tender.date_limite for hit in results.items]
    assert deadlines == sorted(deadlines)


def test_pages_cover_every_result_once(conn):
    first = ids(conn, q="nettoyage")
    pages = []
    for page in (1, 2, 3):
        results = search_tenders(conn, TenderQuery(q="nettoyage", limite=3, page=page), now=NOW)
        assert results.total == len(first)
        pages += [hit.tender.id for hit in results.items]
    assert pages == first


def test_user_syntax_is_inert(conn):
    assert ids(conn, q='nettoyage" OR texte:*') == ids(conn, q="nettoyage texte")


def test_a_cancelled_call_for_tenders_is_never_open():
    from tenders.store import save_tenders
    from tenders.tender import RawTender, make_tender

    connection = connect(":memory:")
    store.migrate(connection)
    raws = [
        RawTender(
            source="t",
            local_id=key,
            objet="Nettoyage",
            nature="APPEL_OFFRE",
            etat=etat,
            date_limite="2026-04-01T12:00:00+02:00",
            codes_cpv=["90910000"],
        )
        for key, etat in (("1", "INITIAL"), ("2", "ANNULATION"))
    ]
    save_tenders(connection, [make_tender(r) for r in raws])
    found = search_tenders(connection, TenderQuery(ouverts=True), now=NOW)
    assert [hit.tender.id for hit in found.items] == ["t:1"]
    assert [t.is_open(NOW) for t in (hit.tender for hit in found.items)] == [True]
