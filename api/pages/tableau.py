"""Tableau de bord (officers): who wins the buyers' contracts, how far away, how big, and where
local firms could answer; three charts, each with its table."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.dashboard_view import context
from api.deps import DbDep
from api.pages._forms import FormError, build, given
from api.pages._render import render
from api.security import AgentDep
from core.errors import ClairError
from tenders.dashboard import DashboardQuery, build_dashboard
from tenders.dashboard_model import parse_years
from tenders.demo_awards import demo_buyers

router = APIRouter(include_in_schema=False)

LABELS = {
    "acheteurs": "SIRET des acheteurs",
    "annee_debut": "Années",
    "annee_fin": "Années",
    "divisions": "Divisions CPV",
    "rayon_km": "Rayon",
}
_SEPARATORS = re.compile(r"[\s,;]+")


def _sirets(text: str) -> list[str]:
    """SIRETs typed with spaces inside them (« 215 901 830 00018 ») or separated by spaces,
    commas, semicolons or new lines."""
    pieces = [p for p in _SEPARATORS.split(text) if p]
    sirets, current = [], ""
    for piece in pieces:  # glue digit groups until they make 14 digits
        current += piece
        if not current.isdigit() or len(current) >= 14:
            sirets.append(current)
            current = ""
    if current:
        sirets.append(current)
    return sirets


def _query(raw: dict[str, str | None]) -> DashboardQuery | None:
    """The query the form describes, None before the first search; FormError if it is wrong."""
    filled = given(raw)
    if "acheteurs" not in filled:
        if filled:
            raise FormError("Donnez au moins un SIRET d'acheteur.")
        return None
    data: dict[str, object] = {"acheteurs": _sirets(filled["acheteurs"])}
    if "annees" in filled:
        data["annee_debut"], data["annee_fin"] = parse_years(filled["annees"])
    if "cpv" in filled:
        data["divisions"] = [p for p in _SEPARATORS.split(filled["cpv"]) if p]
    if "rayon_km" in filled:
        data["rayon_km"] = filled["rayon_km"].replace(",", ".")
    return build(DashboardQuery, data, LABELS)


@router.get("/tableau-de-bord", response_class=HTMLResponse)
def tableau_de_bord(
    request: Request,
    db: DbDep,
    user: AgentDep,
    acheteurs: Annotated[str | None, Query(max_length=20_000)] = None,
    annees: Annotated[str | None, Query(max_length=20)] = None,
    cpv: Annotated[str | None, Query(max_length=200)] = None,
    rayon_km: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    raw = {"acheteurs": acheteurs, "annees": annees, "cpv": cpv, "rayon_km": rayon_km}
    error = None
    extra: dict[str, object] = {"d": None}
    try:
        query = _query(raw)
        if query is not None:
            extra = context(build_dashboard(db, query))
    except (FormError, ClairError) as refused:
        error = str(refused)
    return render(
        request,
        "tableau_de_bord.html",
        user=user,
        title="Qui gagne nos marchés ? Tableau de bord",
        erreur=error,
        form={key: value or "" for key, value in raw.items()},
        exemples=demo_buyers(db),
        **extra,
    )
