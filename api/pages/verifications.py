"""Vérifications (officers): the queue of declarations waiting for a decision, each with the
automatic register checks; verify, or reject with a reason the firm will read."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbDep
from api.pages._render import render
from api.security import AgentDep, require_csrf
from falc.errors import ClairError
from suppliers.declarations import register_checks, verification_history, verify
from suppliers.firm import Firm
from suppliers.store import get_firms

router = APIRouter(include_in_schema=False)

QUEUE_SIZE = 50


def pending_declarations(
    conn: sqlite3.Connection, limit: int = QUEUE_SIZE
) -> tuple[int, list[Firm]]:
    """How many declarations wait for an officer, and the oldest ``limit`` of them.

    (A read of the ``declarations`` table of :mod:`suppliers.store`; the suppliers package
    has no listing of its own yet.)
    """
    total = int(
        conn.execute("SELECT COUNT(*) FROM declarations WHERE statut = 'déclaré'").fetchone()[0]
    )
    rows = conn.execute(
        "SELECT id FROM declarations WHERE statut = 'déclaré' ORDER BY maj, id LIMIT ?", (limit,)
    ).fetchall()
    sirets = [str(row[0]).zfill(14) for row in rows]
    found = get_firms(conn, sirets)
    return total, [found[s] for s in sirets if s in found]


@router.get("/verifications", response_class=HTMLResponse)
def verifications(
    request: Request,
    db: DbDep,
    user: AgentDep,
) -> HTMLResponse:
    total, firms = pending_declarations(db)
    return render(
        request,
        "verifications.html",
        user=user,
        title="Vérifier les entreprises",
        total=total,
        queue=[
            {
                "firm": firm,
                "checks": register_checks(db, firm.siret),
                "history": verification_history(db, firm.siret),
            }
            for firm in firms
        ],
    )


@router.post("/verifications/{siret}", dependencies=[Depends(require_csrf)])
def decider(
    request: Request,
    siret: str,
    db: DbDep,
    user: AgentDep,
    decision: Annotated[str, Form(max_length=20)],
    motif: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Verify or reject one declaration; the officer's e-mail is recorded as « par »."""
    try:
        firm = verify(db, siret, statut=decision, par=user.email, motif=motif)
    except ClairError as refused:
        request.session["flash_erreur"] = str(refused)
    else:
        word = "vérifiée" if firm.statut_verification == "vérifié" else "rejetée"
        request.session["flash"] = f"La fiche de {firm.nom} est {word}."
    return RedirectResponse("/verifications", status_code=303)
