"""Simplifier: Clair rewrites a text or a document for FALC, side by side with the original,
with the rewrites it refused (and why), the score before and after, and a Word copy with
tracked changes. Long documents run as a job with a progress page, as in Analyser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from api.deps import SettingsDep
from api.errors import status_for
from api.pages._render import render
from api.pages.analyse import (
    ACCEPT,
    DOCX_MEDIA_TYPE,
    TEXT_MAX_CHARS,
    WAIT_BEFORE_PROGRESS_S,
    document_from_form,
    download_name,
    finished_job,
    job_state,
    page_job,
    progress_page,
)
from api.security import OptionalUserDep, require_csrf
from api.waiting import error_status, job_queue
from falc.document import Document
from falc.errors import DocumentError
from falc.readers import SUPPORTED_EXTENSIONS
from falc.rewrite.registry import rewrite_message
from falc.rules import get_rule
from falc.simplify import SimplifyReport
from falc.writers.diff import word_diff

router = APIRouter(include_in_schema=False)
KIND = "simplifie"


def rule_title(code: str) -> str:
    try:
        return get_rule(code).title
    except KeyError:
        return code


def _form(request: Request, user, *, erreur=None, texte: str = "", status_code: int = 200):
    return render(
        request,
        "simplifier.html",
        user=user,
        title="Simplifier un texte",
        erreur=erreur,
        texte=texte,
        accept=ACCEPT,
        formats=", ".join(sorted(ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS)),
        max_mb=request.app.state.settings.upload_max_mb,
        status_code=status_code,
    )


@router.get("/simplifier", response_class=HTMLResponse)
def simplifier_page(request: Request, user: OptionalUserDep) -> HTMLResponse:
    return _form(request, user)


@router.post("/simplifier", dependencies=[Depends(require_csrf)])
async def simplifier(
    request: Request,
    settings: SettingsDep,
    user: OptionalUserDep,
    fichier: UploadFile | None = None,
    texte: Annotated[str, Form(max_length=TEXT_MAX_CHARS)] = "",
) -> Response:
    try:
        doc, data = await document_from_form(
            fichier, texte, settings.upload_max_bytes, settings.archive_limits
        )
    except DocumentError as refused:
        return _form(
            request, user, erreur=str(refused), texte=texte, status_code=status_for(refused)
        )
    job_id = await run_in_threadpool(job_queue(request).submit, KIND, doc, data, doc.name)
    return RedirectResponse(f"/simplifier/{job_id}", status_code=303)


def _rows(report: SimplifyReport) -> list[dict]:
    """Each paragraph with its word diff (safe version), the safe changes applied, the
    proposals and the changes refused by the guard."""
    rows = []
    for paragraph in report.paragraphs:
        refused = [
            {"rule": rewrite_message(r.regle), "reason": r.raison}
            for sentence in paragraph.sentences
            for r in sentence.refused
        ]
        applied = sorted(
            {
                rewrite_message(code)
                for sentence in paragraph.sentences
                for code in sentence.applied_rules
            }
        )
        proposed = [
            {"rule": rewrite_message(c.regle), "text": c.apres}
            for sentence in paragraph.sentences
            for c in sentence.changes
            if c.statut == "proposé"
        ]
        rows.append(
            {
                "paragraph": paragraph,
                "diff": word_diff(paragraph.original, paragraph.rewrite),
                "applied": applied,
                "proposed": proposed,
                "refused": refused,
            }
        )
    return rows


@router.get("/simplifier/{job_id}", response_class=HTMLResponse)
async def resultat(request: Request, job_id: str, user: OptionalUserDep) -> HTMLResponse:
    job = await page_job(request, job_id, KIND, wait_s=WAIT_BEFORE_PROGRESS_S)
    if job.state == "erreur":
        return _form(request, user, erreur=job.error, status_code=error_status(job))
    if job.state != "termine":
        return progress_page(request, user, job, "Simplification en cours", f"/simplifier/{job.id}")
    report = SimplifyReport.model_validate_json(job.result or "")
    return render(
        request,
        "simplifier_resultat.html",
        user=user,
        title=f"Simplification : {report.document}",
        job=job,
        report=report,
        rows=_rows(report),
        remaining=[(rule_title(f.rule), f) for f in report.remaining],
    )


@router.get("/simplifier/{job_id}/etat")
async def etat(request: Request, job_id: str) -> JSONResponse:
    return job_state(await page_job(request, job_id, KIND))


@router.get("/simplifier/{job_id}/modifications.docx")
async def modifications_docx(request: Request, job_id: str) -> Response:
    """The Word copy with every rewrite as a tracked change, to accept or reject in Word."""
    from falc.writers.docx_revisions import docx_with_revisions

    job = await finished_job(request, job_id, KIND)
    doc = Document.model_validate_json(job.document)
    source = job.source if doc.format == "docx" else None
    report = SimplifyReport.model_validate_json(job.result or "")
    data = await run_in_threadpool(docx_with_revisions, source, doc, report)
    return Response(
        data,
        media_type=DOCX_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{download_name(job, ".simplifie.docx")}"'
        },
    )
