"""What a search or an estimate becomes on the map: markers for firms, sites and the radius.

One path for every door (web page, API, CLI): search hits, delivery estimates and delivery
sites become :class:`maps.firms_map.MapFirm`, :class:`MapSite` and :class:`MapCircle` here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from maps.firms_map import MapCircle, MapFirm, MapSite
from suppliers.delivery import DeliveryEstimate
from suppliers.naf import naf_section
from suppliers.search import FirmHit, FirmResults
from suppliers.sites import DeliverySite


def firm_markers(
    hits: Iterable[FirmHit], estimates: Mapping[str, DeliveryEstimate] | None = None
) -> list[MapFirm]:
    """One marker per located firm; with ``estimates`` (by SIRET), its delivery cost and CO2."""
    estimates = estimates or {}
    markers = []
    for hit in hits:
        firm = hit.firm
        if firm.latitude is None or firm.longitude is None:
            continue
        estimate = estimates.get(firm.siret)
        markers.append(
            MapFirm(
                siret=firm.siret,
                nom=firm.nom,
                latitude=firm.latitude,
                longitude=firm.longitude,
                activite=firm.libelle_naf,
                section=naf_section(firm.code_naf) if firm.code_naf else None,
                code_commune=firm.code_commune,
                distance_km=hit.distance_km,
                statut_verification=firm.statut_verification,
                cout_livraison_eur=estimate.cout_total_eur if estimate else None,
                co2_kg=estimate.co2_kg if estimate else None,
            )
        )
    return markers


def site_markers(sites: Sequence[DeliverySite]) -> list[MapSite]:
    """One marker per delivery site."""
    return [
        MapSite(
            nom=s.nom,
            latitude=s.latitude,
            longitude=s.longitude,
            livraisons_par_an=s.livraisons_par_an,
            remarque=s.remarque,
        )
        for s in sites
    ]


def search_circles(results: FirmResults, rayon_km: float | None) -> list[MapCircle]:
    """The search radius around the search centre, when there is one."""
    if results.centre is None or not rayon_km:
        return []
    return [
        MapCircle(
            latitude=results.centre.latitude,
            longitude=results.centre.longitude,
            rayon_km=rayon_km,
        )
    ]
