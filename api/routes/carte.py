"""Maps over the API: the HTML map of a firms search, and the same search as GeoJSON."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.csp import map_policy
from api.deps import DbDep, SettingsDep
from api.schemas import Erreur
from maps.firms_map import map_html
from maps.markers import firm_markers, search_circles
from suppliers.export import firms_to_geojson
from suppliers.search import FirmQuery, search_firms

router = APIRouter(prefix="/api", tags=["carte"])


BAD = {400: {"model": Erreur, "description": "Commune, code NAF ou CPV inconnu."}}


@router.get(
    "/carte",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **BAD},
)
def carte(query: Annotated[FirmQuery, Query()], db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """La carte HTML d'une recherche d'entreprises (mêmes filtres que GET /api/fournisseurs).

    Page autonome : Leaflet est inclus, aucun CDN n'est appelé. Couleurs par activité,
    regroupement des marqueurs, rayon de recherche.
    """
    results = search_firms(db, query)
    html = map_html(
        firm_markers(results.items),
        circles=search_circles(results, query.rayon_km),
        tiles=settings.tiles,
        title="Entreprises – Clair",
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": map_policy(html, settings.tiles)})


@router.get(
    "/fournisseurs.geojson",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}, **BAD},
)
def fournisseurs_geojson(query: Annotated[FirmQuery, Query()], db: DbDep) -> Response:
    """Une recherche d'entreprises en GeoJSON (RFC 7946, longitude d'abord), une page à la fois."""
    results = search_firms(db, query)
    return Response(
        json.dumps(firms_to_geojson(results.items), ensure_ascii=False),
        media_type="application/geo+json",
    )
