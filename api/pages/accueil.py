"""Accueil: what Clair does, for officers and for firms."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.pages._render import render
from api.security import OptionalUserDep

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def accueil(request: Request, user: OptionalUserDep) -> HTMLResponse:
    return render(request, "accueil.html", user=user, title="Clair : des marchés publics clairs")
