"""Relire les propositions: the officer accepts, edits or rejects each proposal of a rewrite,
then downloads the document with the decisions applied. The decisions are stored, so the lab
sees which rules officers trust (``clair simplifie statistiques``, ``/api/falc/statistiques``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbDep
from api.pages._render import render
from api.pages.analyse import download_name, finished_job
from api.pages.simplifier import KIND, rule_title
from api.security import OptionalUserDep, require_csrf
from falc.decisions import decisions_of, record_decisions
from falc.document import Document
from falc.review import (
    CHOICES,
    Decision,
    Proposal,
    ReviewError,
    apply_decisions,
    checked_decisions,
    proposals_of,
)
from falc.rewrite.registry import get_rewrite, rewrite_message
from falc.simplify import SimplifyReport
from falc.writers.output import MEDIA_TYPES
from falc.writers.output import render as render_output
from jobs import Job

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 200
"""Proposals per review page (each has two form fields; a form holds at most 1,000)."""

DOWNLOADS = ("docx", "odt", "md")


async def _finished(request: Request, job_id: str) -> tuple[Job, SimplifyReport]:
    """The finished simplification (404 if unknown, 409 if not finished) and its report."""
    job = await finished_job(request, job_id, KIND)
    return job, SimplifyReport.model_validate_json(job.result or "")


def _why(code: str) -> str:
    """Why a rule proposes a change: the FALC rule it answers."""
    try:
        return f"Règle FALC : {rule_title(get_rewrite(code).answers)}."
    except KeyError:
        return ""


def _page_of(proposals: list[Proposal], page: int) -> list[Proposal]:
    return proposals[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


def _show(
    request: Request,
    user,
    job: Job,
    report: SimplifyReport,
    page: int,
    decided: dict[str, Decision],
    *,
    erreur: str | None = None,
    enregistre: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    proposals = proposals_of(report)
    pages = max(1, -(-len(proposals) // PAGE_SIZE))
    return render(
        request,
        "simplifier_revue.html",
        user=user,
        title=f"Relire les propositions : {report.document}",
        job=job,
        report=report,
        proposals=_page_of(proposals, page),
        total=len(proposals),
        page=page,
        pages=pages,
        decided=decided,
        titles={code: rewrite_message(code) for p in proposals for code in p.regles},
        why={code: _why(code) for p in proposals for code in p.regles},
        choices=CHOICES,
        downloads=DOWNLOADS,
        erreur=erreur,
        enregistre=enregistre,
        status_code=status_code,
    )


@router.get("/simplifier/{job_id}/revue", response_class=HTMLResponse)
async def revue(
    request: Request,
    job_id: str,
    db: DbDep,
    user: OptionalUserDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    enregistre: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    job, report = await _finished(request, job_id)
    decided = {d.id: d for d in decisions_of(db, job.id)}
    return _show(request, user, job, report, page, decided, enregistre=enregistre)


@router.post("/simplifier/{job_id}/revue", dependencies=[Depends(require_csrf)])
async def decider(
    request: Request,
    job_id: str,
    db: DbDep,
    user: OptionalUserDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    job, report = await _finished(request, job_id)
    shown = _page_of(proposals_of(report), page)
    form = await request.form()
    decisions = []
    for proposal in shown:
        choice = form.get(f"choix-{proposal.id}")
        if choice not in CHOICES:
            continue
        text = form.get(f"texte-{proposal.id}")
        decisions.append(
            Decision(id=proposal.id, choix=choice, texte=text if isinstance(text, str) else None)
        )
    try:
        checked = checked_decisions(report, decisions)
    except ReviewError as refused:
        kept = {**{d.id: d for d in decisions_of(db, job.id)}, **{d.id: d for d in decisions}}
        return _show(request, user, job, report, page, kept, erreur=str(refused), status_code=422)
    record_decisions(db, job.id, report.document, shown, checked)
    return RedirectResponse(f"/simplifier/{job.id}/revue?page={page}&enregistre=true", 303)


@router.get("/simplifier/{job_id}/decide.{kind}")
async def telecharger(request: Request, job_id: str, kind: str, db: DbDep) -> Response:
    """The document with the officer's decisions applied (proposals not accepted keep their
    safe version)."""
    if kind not in DOWNLOADS:
        raise HTTPException(404, "Clair écrit ce document en .docx, .odt ou .md.")
    job, report = await _finished(request, job_id)
    decided = apply_decisions(report, decisions_of(db, job.id))
    doc = Document.model_validate_json(job.document)
    source = job.source if doc.format in ("docx", "odt") and kind == doc.format else None
    data = render_output(kind, doc, decided, source, accepted=True)  # type: ignore[arg-type]
    name = download_name(job, f".decide.{kind}")
    return Response(
        data,
        media_type=MEDIA_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
