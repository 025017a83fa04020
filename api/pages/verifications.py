"""Vérifications (officers): the queue of declarations waiting for a decision, each with the
automatic register checks; verify, or reject with a reason the firm will read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbDep
from api.pages._render import render
from api.security import AgentDep, require_csrf
from core.errors import ClairError
from suppliers.declarations import (
    pending_declarations,
    register_checks,
    verification_history,
    verify,
)

router = APIRouter(include_in_schema=False)

QUEUE_SIZE = 50


@router.get("/verifications", response_class=HTMLResponse)
def verifications(
    request: Request,
    db: DbDep,
    user: AgentDep,
    siret: Annotated[str | None, Query(max_length=20)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    wanted = "".join((siret or "").split())
    error = None
    if wanted and not (wanted.isascii() and wanted.isdigit() and len(wanted) <= 14):
        error, wanted = "Le SIRET ou le SIREN s'écrit avec des chiffres seulement.", ""
    total, firms = pending_declarations(db, siret=wanted or None, page=page, limit=QUEUE_SIZE)
    return render(
        request,
        "verifications.html",
        user=user,
        title="Vérifier les entreprises",
        erreur=error,
        siret=siret or "",
        total=total,
        queue=[
            {
                "firm": firm,
                "checks": register_checks(db, firm.siret),
                "history": verification_history(db, firm.siret),
            }
            for firm in firms
        ],
        previous_url=str(request.url.include_query_params(page=page - 1)) if page > 1 else None,
        next_url=(
            str(request.url.include_query_params(page=page + 1))
            if page * QUEUE_SIZE < total
            else None
        ),
    )


@router.post("/verifications/{siret}", dependencies=[Depends(require_csrf)])
def decider(
    request: Request,
    siret: str,
    db: DbDep,
    user: AgentDep,
    decision: Annotated[str, Form(max_length=20)],
    motif: Annotated[str, Form(max_length=1000)] = "",
    filtre: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Verify or reject one declaration; the officer's e-mail is recorded as « par »."""
    try:
        firm = verify(db, siret, statut=decision, par=user.email, motif=motif)
    except ClairError as refused:
        request.session["flash_erreur"] = str(refused)
    else:
        word = "vérifiée" if firm.statut_verification == "vérifié" else "rejetée"
        request.session["flash"] = f"La fiche de {firm.nom} est {word}."
    back = "/verifications"
    if filtre.isascii() and filtre.isdigit():
        back += f"?siret={filtre}"
    return RedirectResponse(back, status_code=303)
