"""The one centre resolver: a point, a commune, or nothing; unknown places in French."""

from __future__ import annotations

import pytest

from places.centre import resolve_centre
from places.communes import CommuneNotFoundError
from places.distance import great_circle_km, planar_distance2


def test_a_point_is_its_own_centre() -> None:
    centre = resolve_centre(None, 51.03, 2.37)
    assert centre is not None and centre.point == (51.03, 2.37)


def test_a_commune_gives_its_point_and_name() -> None:
    centre = resolve_centre("Dunkerque")
    assert centre is not None and centre.nom == "Dunkerque (59)"
    assert 50.9 < centre.latitude < 51.1 and centre.avertissement is None


def test_an_ambiguous_code_is_said() -> None:
    centre = resolve_centre("59140")
    assert centre is not None and "Caullery" in (centre.avertissement or "")


def test_no_place_no_centre_and_unknown_place_in_french() -> None:
    assert resolve_centre() is None
    with pytest.raises(CommuneNotFoundError, match="introuvable"):
        resolve_centre("Atlantide")


def test_planar_sql_distance_agrees_with_great_circle_nearby() -> None:
    import sqlite3

    sql, params = planar_distance2((51.03, 2.37), "lat", "lon")
    conn = sqlite3.connect(":memory:")
    (squared,) = conn.execute(
        f"SELECT {sql} FROM (SELECT 51.10 AS lat, 2.50 AS lon)", params
    ).fetchone()
    exact = float(great_circle_km(51.03, 2.37, 51.10, 2.50))
    assert squared**0.5 == pytest.approx(exact, rel=0.01)
