"""The demo register: fictitious, clearly labelled, in the CUD, loaded once."""

from __future__ import annotations

import collections

from core.identifiers import siret_is_valid
from places.communes import CUD_COMMUNES, commune_polygons
from suppliers import store
from suppliers.demo import demo_table, load_demo
from suppliers.search import FirmQuery, search_firms


def test_demo_table_is_labelled_and_local() -> None:
    table = demo_table()
    assert 350 <= len(table) <= 450
    assert table["siret"].is_unique
    assert all(siret_is_valid(s) for s in table["siret"])
    assert table["nom_repli"].str.endswith(" (démo)").all()
    assert set(table["code_commune"]) == set(CUD_COMMUNES)  # every CUD commune has firms
    assert table["contact"].fillna("").map(lambda c: c == "" or c.endswith(".example")).all()
    sections = collections.Counter(table["code_naf"].str[:2])
    for division in ("10", "56", "81", "43", "18", "62"):  # food, catering, cleaning, works...
        assert sections[division] >= 5, division


def test_demo_points_lie_in_their_commune() -> None:
    table = demo_table()
    polygons = commune_polygons(CUD_COMMUNES).set_index("code_insee")["geometry"]
    from shapely import Point

    for code, lat, lon in zip(
        table["code_commune"], table["latitude"], table["longitude"], strict=True
    ):
        assert polygons[code].buffer(0.002).contains(Point(float(lon), float(lat)))


def test_load_demo_once(conn) -> None:
    added = load_demo(conn)
    assert added == len(demo_table())
    assert load_demo(conn) == 0
    statuses = dict(conn.execute("SELECT statut, COUNT(*) FROM declarations GROUP BY 1").fetchall())
    assert statuses["vérifié"] > 0 and statuses["rejeté"] > 0 and statuses["déclaré"] > 0
    assert {r[0] for r in conn.execute("SELECT DISTINCT source FROM firms")} == {"démo"}
    results = search_firms(conn, FirmQuery(q="nettoyage", autour="Dunkerque", rayon_km=30))
    assert results.total > 5
    assert store.count_firms(conn) == added
