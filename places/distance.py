"""Distances on the Earth's surface, vectorised with numpy.

Coordinates are WGS84 degrees (EPSG:4326). Great-circle distances use the mean Earth radius;
road distances are estimated elsewhere (delivery) by multiplying them by a detour factor.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), in km."""

ArrayLike = float | npt.NDArray[np.float64]


def great_circle_km(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> npt.NDArray[np.float64]:
    """Haversine distance in km between points; arrays broadcast (n×1 against 1×m gives n×m)."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi = phi2 - phi1
    dlmb = np.radians(lon2) - np.radians(lon1)
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that contains the circle of ``radius_km``.

    Used to pre-filter with an index before the exact great-circle test.
    """
    angle = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angle)
    # Widest longitude of a spherical cap: asin(sin(angle) / cos(lat)); the whole circle of
    # longitudes when the cap reaches a pole.
    ratio = math.sin(angle) / max(math.cos(math.radians(lat)), 1e-12)
    dlon = 180.0 if ratio >= 1 or abs(lat) + dlat >= 90 else math.degrees(math.asin(ratio))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
"""Length of one degree of latitude (and of longitude at the equator), in km."""


def planar_distance2(
    centre: tuple[float, float], lat_column: str, lon_column: str
) -> tuple[str, list[float]]:
    """SQL for the squared distance in km² from ``centre`` (latitude, longitude) to the points in
    two columns, on the local equirectangular plane (x = Δlon·cos φ0, y = Δlat), and its
    parameters. Within a few hundred km it differs from :func:`great_circle_km` by well under
    1 %, and SQLite computes it without a Python call per row: use it to sort and pre-filter,
    and show great-circle distances. The column names are Clair's own, never user input."""
    lat, lon = centre
    kx = KM_PER_DEGREE * math.cos(math.radians(lat))
    ky = KM_PER_DEGREE
    sql = (
        f"((({lat_column} - ?) * ?) * (({lat_column} - ?) * ?) "
        f"+ (({lon_column} - ?) * ?) * (({lon_column} - ?) * ?))"
    )
    return sql, [lat, ky, lat, ky, lon, kx, lon, kx]
