"""Delivery estimates on the road: OSRM road distances when a server is set, else great-circle
km × detour factor. The HTTP calls are in :mod:`suppliers._osrm`; this module decides what to
do with their answer, and says it in the table's ``remarques``."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import httpx
import numpy as np

from core.errors import InvalidInputError
from suppliers._osrm import OsrmError, table_km
from suppliers.delivery import (
    DeliveryFirm,
    DeliveryTable,
    distance_matrix_km,
    estimate_deliveries,
)
from suppliers.search import FirmQuery, FirmResults, search_firms
from suppliers.sites import DeliverySite
from suppliers.store import get_firms
from suppliers.vehicles import DeliveryParameters, Vehicle, get_vehicle

MAX_SIRETS = 500
"""Firms one estimate compares at most when they are given by SIRET."""


class DeliveryInputError(InvalidInputError):
    """The firms or sites of an estimate cannot be used; the message says why, in French."""


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


def estimate_for_search(
    conn: sqlite3.Connection,
    query: FirmQuery,
    sites: Sequence[DeliverySite],
    vehicule: str,
    params: DeliveryParameters,
    osrm_url: str | None,
) -> tuple[DeliveryTable, FirmResults]:
    """Search the register, then estimate the deliveries of the firms found (one page)."""
    vehicle = get_vehicle(vehicule)
    results = search_firms(conn, query)
    firms = [
        DeliveryFirm(
            siret=h.firm.siret, nom=h.firm.nom, latitude=h.firm.latitude, longitude=h.firm.longitude
        )
        for h in results.items
    ]
    table = estimate_deliveries_by_road(firms, sites, vehicle, params, osrm_url=osrm_url)
    if not results.items:
        table.remarques.append("Aucune entreprise ne répond à cette recherche.")
    return table, results


def estimate_for_sirets(
    conn: sqlite3.Connection,
    sirets: Sequence[str],
    sites: Sequence[DeliverySite],
    vehicule: str,
    params: DeliveryParameters,
    osrm_url: str | None,
) -> DeliveryTable:
    """Estimate the deliveries of the firms of the register with these SIRETs.

    Raises :class:`DeliveryInputError` when no SIRET is given, too many are, or none is known;
    the SIRETs not found are listed in the table's ``remarques``.
    """
    wanted = list(dict.fromkeys(sirets))
    if not wanted:
        raise DeliveryInputError("Donnez au moins un numéro SIRET d'entreprise (14 chiffres).")
    if len(wanted) > MAX_SIRETS:
        raise DeliveryInputError(f"Trop d'entreprises : {MAX_SIRETS} au plus.")
    vehicle = get_vehicle(vehicule)
    found = get_firms(conn, wanted)
    if not found:
        raise DeliveryInputError("Aucun de ces SIRET n'est dans Clair. Vérifiez les numéros.")
    firms = [
        DeliveryFirm(siret=f.siret, nom=f.nom, latitude=f.latitude, longitude=f.longitude)
        for f in found.values()
    ]
    table = estimate_deliveries_by_road(firms, sites, vehicle, params, osrm_url=osrm_url)
    missing = [s for s in wanted if s not in found]
    if missing:
        table.remarques.append(f"SIRET absents de Clair : {', '.join(missing[:20])}.")
    return table
