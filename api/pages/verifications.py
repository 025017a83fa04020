"""Vérifications (officers): what waits for a decision.

- Firm accounts waiting for their link to a SIREN, with the register's data for that SIREN and
  the requester's e-mail domain: approve, or refuse with a reason.
- Changes to verified records (revisions): the verified value next to the proposed one.
- Declarations, each with the automatic register checks: verify, or reject with a reason.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbDep
from api.firm_links import decide_link, pending_links
from api.pages._render import render
from api.security import AgentDep, require_csrf
from core.errors import ClairError
from suppliers.declarations import (
    decide_revision,
    pending_declarations,
    register_checks,
    verification_history,
    verify,
)
from suppliers.revisions import pending_revisions
from suppliers.store import get_firms

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
    links_total, links = pending_links(db, limit=QUEUE_SIZE)
    revisions_total, waiting = pending_revisions(db, limit=QUEUE_SIZE)
    revision_firms = get_firms(db, [r.siret for r in waiting])
    return render(
        request,
        "verifications.html",
        user=user,
        title="Vérifier les entreprises",
        erreur=error,
        siret=siret or "",
        links_total=links_total,
        links=links,
        revisions_total=revisions_total,
        revisions=[(r, revision_firms.get(r.siret)) for r in waiting],
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


@router.post("/verifications/comptes/{user_id}", dependencies=[Depends(require_csrf)])
def decider_compte(
    request: Request,
    user_id: int,
    db: DbDep,
    user: AgentDep,
    decision: Annotated[str, Form(max_length=20)],
    motif: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Approve or refuse a firm account's link to its SIREN."""
    try:
        account = decide_link(db, user_id, decision=decision, par=user.email, motif=motif)
    except ClairError as refused:
        request.session["flash_erreur"] = str(refused)
    else:
        word = "approuvé" if account.lien == "approuvé" else "refusé"
        request.session["flash"] = (
            f"Le lien entre {account.email} et le SIREN {account.siren} est {word}."
        )
    return RedirectResponse("/verifications", status_code=303)


@router.post("/verifications/modifications/{revision_id}", dependencies=[Depends(require_csrf)])
def decider_modification(
    request: Request,
    revision_id: int,
    db: DbDep,
    user: AgentDep,
    decision: Annotated[str, Form(max_length=20)],
    motif: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Accept or refuse a firm's change to its verified record."""
    try:
        firm = decide_revision(db, revision_id, decision=decision, par=user.email, motif=motif)
    except ClairError as refused:
        request.session["flash_erreur"] = str(refused)
    else:
        request.session["flash"] = f"Votre décision sur la modification de {firm.nom} est enregistrée."
    return RedirectResponse("/verifications", status_code=303)
