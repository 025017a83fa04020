"""Analyser un document: upload or paste → score card, rules most broken, highlighted text,
downloads (HTML report, annotated DOCX). Every analysis is a job of the queue (:mod:`jobs`):
a short one shows its result at once, a longer one a progress page that polls it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from api.deps import SettingsDep
from api.errors import status_for
from api.pages._render import render
from api.security import OptionalUserDep, require_csrf
from api.uploads import ascii_filename
from api.waiting import error_status, job_queue, read_job, wait_for
from core.archives import DEFAULT_LIMITS, ArchiveLimits
from falc.document import Document
from falc.errors import DocumentError, DocumentTooLargeError
from falc.html_report import NumberedFinding, metric_rows, render_triage_html, segments
from falc.readers import SUPPORTED_EXTENSIONS, read_bytes
from falc.report import Report
from jobs import Job

router = APIRouter(include_in_schema=False)

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_MAX_CHARS = 200_000
"""Pasted text limit (about 80 pages); longer documents are sent as files."""
WAIT_BEFORE_PROGRESS_S = 2.0
"""A short analysis shows its result at once; a longer one shows the progress page."""

ACCEPT = ",".join(sorted(SUPPORTED_EXTENSIONS))


def _form(request: Request, user, *, erreur: str | None = None, texte: str = "", status_code=200):
    return render(
        request,
        "analyser.html",
        user=user,
        title="Analyser un document",
        erreur=erreur,
        texte=texte,
        accept=ACCEPT,
        formats=", ".join(sorted(ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS)),
        max_mb=request.app.state.settings.upload_max_mb,
        status_code=status_code,
    )


@router.get("/analyser", response_class=HTMLResponse)
def analyser_page(request: Request, user: OptionalUserDep) -> HTMLResponse:
    return _form(request, user)


async def read_upload(upload: UploadFile, max_bytes: int) -> bytes:
    """The uploaded bytes, refused with a French message beyond ``max_bytes``."""
    chunks, size = [], 0
    while chunk := await upload.read(1024 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise DocumentTooLargeError(
                f"Le fichier « {upload.filename} » est trop gros : "
                f"{max_bytes / 1024 / 1024:g} Mo au plus."
            )
        chunks.append(chunk)
    return b"".join(chunks)


async def document_from_form(
    fichier: UploadFile | None,
    texte: str,
    max_bytes: int,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> tuple[Document, bytes | None]:
    """The document a form sends, uploaded or pasted, with the uploaded bytes (None if pasted).

    Raises :class:`DocumentError` with a French message when there is nothing, or nothing
    readable, or a file beyond ``max_bytes``.
    """
    if fichier is not None and fichier.filename:
        data = await read_upload(fichier, max_bytes)
        return read_bytes(data, fichier.filename, max_bytes=max_bytes, limits=limits), data
    if texte.strip():
        return Document.from_text(texte, name="texte collé"), None
    raise DocumentError("Choisissez un fichier ou collez un texte.")


@router.post("/analyser", dependencies=[Depends(require_csrf)])
async def analyser(
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
    return RedirectResponse(f"/analyser/{job_id}", status_code=303)


KIND = "analyse"


async def page_job(request: Request, job_id: str, kind: str = KIND, *, wait_s: float = 0.0) -> Job:
    """The job of this kind (its page was asked for: someone still waits for it), or a 404."""
    job = await (wait_for(request, job_id, wait_s) if wait_s else read_job(request, job_id))
    if job is None or job.kind != kind:
        what = "analyse" if kind == KIND else "simplification"
        raise HTTPException(404, f"Cette {what} n'existe plus. Envoyez le document à nouveau.")
    return job


def progress_page(request: Request, user, job: Job, title: str, path: str) -> HTMLResponse:
    """The page shown while the job waits or runs; it polls ``{path}/etat``."""
    return render(
        request, "analyser_attente.html", user=user, title=title, job=job, suivi=f"{path}/etat"
    )


def job_state(job: Job) -> JSONResponse:
    """What the progress page polls."""
    return JSONResponse(
        {"etat": job.state, "message": job.message, "secondes": round(job.elapsed_s)}
    )


@router.get("/analyser/{job_id}", response_class=HTMLResponse)
async def resultat(request: Request, job_id: str, user: OptionalUserDep) -> HTMLResponse:
    job = await page_job(request, job_id, wait_s=WAIT_BEFORE_PROGRESS_S)
    if job.state == "erreur":
        return _form(request, user, erreur=job.error, status_code=error_status(job))
    if job.state != "termine":
        return progress_page(request, user, job, "Analyse en cours", f"/analyser/{job.id}")
    report = Report.model_validate_json(job.result or "")
    doc = Document.model_validate_json(job.document)
    return render(
        request,
        "analyser_resultat.html",
        user=user,
        title=f"Analyse : {doc.name}",
        job=job,
        report=report,
        views=_views(report, doc),
        metrics=metric_rows(report.metrics),
        triage=render_triage_html(report),
    )


def _views(report: Report, doc: Document) -> list[dict]:
    """Each paragraph cut into highlighted pieces, with its numbered findings."""
    by_paragraph: dict[int, list[NumberedFinding]] = {}
    for number, finding in enumerate(report.findings, start=1):
        by_paragraph.setdefault(finding.paragraph, []).append(
            NumberedFinding(id=f"constat-{number}", finding=finding)
        )
    return [
        {
            "paragraph": paragraph,
            "segments": segments(paragraph.text, by_paragraph.get(paragraph.index, [])),
            "findings": by_paragraph.get(paragraph.index, []),
        }
        for paragraph in doc.paragraphs
    ]


@router.get("/analyser/{job_id}/etat")
async def etat(request: Request, job_id: str) -> JSONResponse:
    """Progress of the analysis, polled by the progress page."""
    return job_state(await page_job(request, job_id))


async def finished_job(request: Request, job_id: str, kind: str = KIND) -> Job:
    job = await page_job(request, job_id, kind)
    if job.state != "termine":
        what = "L'analyse" if kind == KIND else "La simplification"
        raise HTTPException(409, f"{what} n'est pas encore terminée.")
    return job


def download_name(job: Job, suffix: str) -> str:
    """An ASCII file name for a download, from the uploaded file's name."""
    return ascii_filename(job.filename.rsplit(".", 1)[0]) + suffix


@router.get("/analyser/{job_id}/rapport.html")
async def rapport_html(request: Request, job_id: str) -> Response:
    from falc.html_report import render_report_html

    job = await finished_job(request, job_id)
    doc = Document.model_validate_json(job.document)
    html = render_report_html(Report.model_validate_json(job.result or ""), doc)
    name = download_name(job, ".rapport.html")
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/analyser/{job_id}/annote.docx")
async def annote_docx(request: Request, job_id: str) -> Response:
    from falc.docx_comments import annotate_document

    job = await finished_job(request, job_id)
    doc = Document.model_validate_json(job.document)
    report = Report.model_validate_json(job.result or "")
    source = job.source if doc.format == "docx" else None
    data = await run_in_threadpool(annotate_document, doc, report, source)
    name = download_name(job, ".annote.docx")
    return Response(
        data,
        media_type=DOCX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
