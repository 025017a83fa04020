"""Fournisseurs: search the register (keywords, activity, commune, radius, verified only),
results and map side by side, CSV and GeoJSON export of the same search."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.csp import map_policy
from api.deps import DbDep
from api.pages._forms import FormError, build, given
from api.pages._render import render
from api.security import OptionalUserDep
from core.errors import ClairError
from maps.firms_map import map_html
from maps.markers import firm_markers, search_circles
from suppliers.export import firms_to_csv, firms_to_geojson
from suppliers.naf import naf_sections_with_divisions
from suppliers.search import FirmQuery, FirmResults, search_firms

router = APIRouter(include_in_schema=False)

LABELS = {
    "q": "Mots-clés",
    "naf": "Activité",
    "autour": "Autour de la commune",
    "rayon_km": "Distance maximale",
    "verifies_seulement": "Seulement les entreprises vérifiées",
    "page": "Page",
}
PAGE_SIZE = 20
EXPORT_MAX = 500
MAP_MAX = 500


def firm_query(
    q: str | None,
    naf: str | None,
    autour: str | None,
    rayon_km: str | None,
    verifies: bool,
    page: int,
    limite: int,
) -> FirmQuery:
    data: dict[str, object] = given({"q": q, "autour": autour, "rayon_km": rayon_km})
    if naf and naf.strip():
        data["naf"] = [naf.strip()]
    if "rayon_km" in data:
        data["rayon_km"] = str(data["rayon_km"]).replace(",", ".")
    data.update(verifies_seulement=verifies, page=page, limite=limite)
    return build(FirmQuery, data, LABELS)


Q = Annotated[str | None, Query(max_length=200)]


def _search(
    db, q, naf, autour, rayon_km, verifies, page, limite
) -> tuple[FirmQuery | None, FirmResults | None, str | None]:
    try:
        query = firm_query(q, naf, autour, rayon_km, verifies is not None, page, limite)
        return query, search_firms(db, query), None
    except (FormError, ClairError) as refused:
        return None, None, str(refused)


@router.get("/fournisseurs", response_class=HTMLResponse)
def fournisseurs(
    request: Request,
    db: DbDep,
    user: OptionalUserDep,
    q: Q = None,
    naf: Q = None,
    autour: Q = None,
    rayon_km: Annotated[str | None, Query(max_length=20)] = None,
    verifies: Annotated[str | None, Query(max_length=5)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    searched = any(v for v in (q, naf, autour, rayon_km, verifies))
    results, error = None, None
    if searched:
        _, results, error = _search(db, q, naf, autour, rayon_km, verifies, page, PAGE_SIZE)
    same = request.url.query
    return render(
        request,
        "fournisseurs.html",
        user=user,
        title="Trouver des entreprises",
        erreur=error,
        form={
            "q": q or "",
            "naf": naf or "",
            "autour": autour or "",
            "rayon_km": rayon_km or "",
            "verifies": verifies is not None,
        },
        choices=naf_sections_with_divisions(),
        results=results,
        same_query=same,
        previous_url=str(request.url.include_query_params(page=page - 1)) if page > 1 else None,
        next_url=(
            str(request.url.include_query_params(page=page + 1))
            if results and page * results.limite < results.total
            else None
        ),
    )


@router.get("/fournisseurs/carte", response_class=HTMLResponse)
def carte(
    request: Request,
    db: DbDep,
    q: Q = None,
    naf: Q = None,
    autour: Q = None,
    rayon_km: Annotated[str | None, Query(max_length=20)] = None,
    verifies: Annotated[str | None, Query(max_length=5)] = None,
) -> HTMLResponse:
    """The map of the same search (up to :data:`MAP_MAX` firms), shown in the results page."""
    query, results, _ = _search(db, q, naf, autour, rayon_km, verifies, 1, MAP_MAX)
    if results is None:
        return HTMLResponse(
            "<!doctype html><html lang='fr'><title>Carte</title><p>Pas de carte.</p></html>"
        )
    tiles = request.app.state.settings.tiles
    html = map_html(
        firm_markers(results.items),
        circles=search_circles(results, query.rayon_km if query else None),
        tiles=tiles,
        title="Entreprises – Clair",
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": map_policy(html, tiles)})


@router.get("/fournisseurs/export.csv")
def export_csv(
    db: DbDep,
    q: Q = None,
    naf: Q = None,
    autour: Q = None,
    rayon_km: Annotated[str | None, Query(max_length=20)] = None,
    verifies: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    """The same search as a CSV file (``;``), first :data:`EXPORT_MAX` firms."""
    _, results, error = _search(db, q, naf, autour, rayon_km, verifies, 1, EXPORT_MAX)
    if results is None:
        raise FormError(error or "Recherche impossible.")
    return Response(
        "\ufeff" + firms_to_csv(results.items),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="entreprises.csv"'},
    )


@router.get("/fournisseurs/export.geojson")
def export_geojson(
    db: DbDep,
    q: Q = None,
    naf: Q = None,
    autour: Q = None,
    rayon_km: Annotated[str | None, Query(max_length=20)] = None,
    verifies: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    """The same search as GeoJSON (RFC 7946), first :data:`EXPORT_MAX` firms."""
    _, results, error = _search(db, q, naf, autour, rayon_km, verifies, 1, EXPORT_MAX)
    if results is None:
        raise FormError(error or "Recherche impossible.")
    return Response(
        json.dumps(firms_to_geojson(results.items), ensure_ascii=False),
        media_type="application/geo+json",
        headers={"Content-Disposition": 'attachment; filename="entreprises.geojson"'},
    )
