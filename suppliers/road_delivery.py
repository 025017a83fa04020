"""Delivery estimates on the road: OSRM road distances when a server is set, else great-circle
km × detour factor. The HTTP calls are in :mod:`suppliers._osrm`; this module decides what to
do with their answer, and says it in the table's ``remarques``."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import numpy as np

from suppliers._osrm import OsrmError, table_km
from suppliers.delivery import (
    DeliveryFirm,
    DeliveryTable,
    distance_matrix_km,
    estimate_deliveries,
)
from suppliers.sites import DeliverySite
from suppliers.vehicles import DeliveryParameters, Vehicle


def estimate_deliveries_by_road(
    firms: Sequence[DeliveryFirm],
    sites: Sequence[DeliverySite],
    vehicle: Vehicle,
    params: DeliveryParameters | None = None,
    *,
    osrm_url: str | None,
    client: httpx.Client | None = None,
) -> DeliveryTable:
    """:func:`suppliers.delivery.estimate_deliveries` with OSRM road km when ``osrm_url`` is set.

    Without a URL, or when the server fails, distances are great-circle × detour factor and
    the table's ``remarques`` say so. A pair OSRM cannot route also falls back to that estimate.
    """
    if not osrm_url:
        return estimate_deliveries(firms, sites, vehicle, params)
    params = params or DeliveryParameters()
    located = [f for f in firms if f.latitude is not None and f.longitude is not None]
    try:
        road = table_km(
            osrm_url,
            [(f.latitude, f.longitude) for f in located],  # type: ignore[misc]
            [(s.latitude, s.longitude) for s in sites],
            client=client,
        )
    except OsrmError as error:
        table = estimate_deliveries(firms, sites, vehicle, params)
        table.remarques.append(f"{error} Distances à vol d'oiseau × {params.detour_factor:g}.")
        return table
    missing = np.isnan(road)
    if missing.any():
        estimate = distance_matrix_km(
            [f.latitude for f in located],
            [f.longitude for f in located],
            [s.latitude for s in sites],
            [s.longitude for s in sites],
            detour_factor=params.detour_factor,
        )
        road = np.where(missing, estimate, road)
    table = estimate_deliveries(
        firms,
        sites,
        vehicle,
        params,
        road_distances_km=road,
        distance_source="Distances routières du serveur OSRM (itinéraire le plus court).",
    )
    if missing.any():
        table.remarques.append(
            f"{int(missing.sum())} trajets sans itinéraire OSRM : "
            f"vol d'oiseau × {params.detour_factor:g} pour ceux-là."
        )
    return table
