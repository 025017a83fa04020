import math

import numpy as np
import pytest

from places.distance import EARTH_RADIUS_KM, bounding_box, great_circle_km


def spherical_law_of_cosines_km(lat1, lon1, lat2, lon2):
    """Independent formula, to check the haversine implementation."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    d = math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(d)
    return EARTH_RADIUS_KM * math.acos(min(1.0, max(-1.0, c)))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((51.0343, 2.3768), (50.6292, 3.0573)),  # Dunkerque town hall - Lille
        ((51.0343, 2.3768), (48.8566, 2.3522)),  # Dunkerque - Paris
        ((51.0343, 2.3768), (51.0343, 2.3768)),  # same point
    ],
)
def test_great_circle_matches_an_independent_formula(a, b):
    assert great_circle_km(*a, *b) == pytest.approx(spherical_law_of_cosines_km(*a, *b), abs=1e-3)


def test_dunkerque_paris_is_about_242_km():
    assert float(great_circle_km(51.0343, 2.3768, 48.8566, 2.3522)) == pytest.approx(242.2, abs=0.5)


def test_arrays_broadcast_to_a_matrix():
    lats = np.array([[51.0], [50.0]])
    lons = np.array([[2.0], [3.0]])
    matrix = great_circle_km(lats, lons, np.array([51.0, 48.0, 45.0]), np.array([2.0, 2.0, 5.0]))
    assert matrix.shape == (2, 3)
    assert matrix[0, 0] == pytest.approx(0.0)


def destination(lat, lon, bearing_deg, distance_km):
    """Point at ``distance_km`` from (lat, lon) on a bearing (spherical direct problem)."""
    d, b = distance_km / EARTH_RADIUS_KM, math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), math.degrees(l2)


@pytest.mark.parametrize(
    ("lat", "lon", "r"), [(51.0, 2.3, 30.0), (43.6, 1.44, 500.0), (70.0, 20.0, 800.0)]
)
def test_bounding_box_contains_the_circle(lat, lon, r):
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, r)
    for bearing in range(0, 360, 3):
        plat, plon = destination(lat, lon, bearing, r * 0.999999)
        assert min_lat <= plat <= max_lat and min_lon <= plon <= max_lon, bearing
