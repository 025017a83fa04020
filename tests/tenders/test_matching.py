"""« Ces marchés sont pour vous » : which open tenders fit a firm, and why."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage import connect
from tenders import store
from tenders.demo import load_demo
from tenders.matching import FirmProfile, cpv_prefixes_for_naf, km_text, tenders_for_firm

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def conn():
    connection = connect(":memory:")
    store.migrate(connection)
    load_demo(connection, today=TODAY)
    yield connection
    connection.close()


def matches(conn, **profile):
    return tenders_for_firm(conn, FirmProfile(**profile), now=NOW, limite=50)


def test_cleaning_firm_gets_open_cleaning_tenders_with_an_activity_reason(conn):
    found = matches(conn, code_naf="81.21Z", autour="Dunkerque", rayon_km=30)
    found_ids = [m.tender.id for m in found]
    assert found_ids[:2] == ["demo:010", "demo:011"]  # open, CPV 9091…, nearest first
    assert "demo:012" not in found_ids  # deadline passed
    assert "demo:015" not in found_ids  # award notice
    first = found[0]
    assert [r.kind for r in first.raisons] == ["activite", "distance"]
    assert "CPV 90919200" in first.raisons[0].message
    assert "Nettoyage courant des bâtiments" in first.raisons[0].message
    assert first.raisons[1].message == "Dunkerque est à 0 km de chez vous."


def test_keywords_explain_the_match(conn):
    found = matches(conn, mots_cles=["pain", "viennoiseries"], autour="Bourbourg", rayon_km=30)
    assert [m.tender.id for m in found] == ["demo:003"]
    messages = [r.message for r in found[0].raisons]
    assert messages[:2] == ["L'avis parle de « pain ».", "L'avis parle de « viennoiseries »."]
    assert messages[2].startswith("Gravelines est à ") and messages[2].endswith(" km de chez vous.")


def test_radius_excludes_far_tenders(conn):
    near = {
        m.tender.id for m in matches(conn, mots_cles=["plages"], autour="Bray-Dunes", rayon_km=5)
    }
    far = {m.tender.id for m in matches(conn, mots_cles=["plages"], autour="Lille", rayon_km=20)}
    assert near == {"demo:077"}
    assert far == set()


def test_distance_alone_is_not_a_reason(conn):
    assert matches(conn, autour="Dunkerque", rayon_km=50) == []


def test_activity_and_keyword_rank_above_activity_alone(conn):
    found = matches(conn, code_naf="18.12Z", mots_cles=["affiches"])
    assert found[0].tender.id == "demo:041"
    assert {r.kind for r in found[0].raisons} == {"activite", "mot_cle"}
    assert found[0].score > found[1].score


@pytest.mark.parametrize(
    ("naf", "expected_in"),
    [("81.21Z", "909"), ("56.29A", "55"), ("43.21A", "45")],
)
def test_cpv_prefixes_for_naf(naf, expected_in):
    assert any(
        p.startswith(expected_in) or expected_in.startswith(p) for p in cpv_prefixes_for_naf(naf)
    )


@pytest.mark.parametrize(("km", "text"), [(0.0, "0 km"), (3.5, "3,5 km"), (12.0, "12 km")])
def test_distances_are_written_the_french_way(km, text):
    assert km_text(km) == text
