"""``POST /api/falc/analyse``: the FALC readability of a text or of an uploaded document.

A JSON body ``{"texte": "..."}`` or a multipart upload (field ``fichier``) gives the same JSON
report as ``clair analyse --format json``; ``?format=html`` or ``?format=docx`` returns the report
page or the annotated Word copy instead. Too large: 413; unreadable document: 422.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from api.deps import SettingsDep
from api.schemas import Erreur
from api.uploads import (
    DOCUMENT_REQUEST_BODY,
    ascii_filename,
    received_readable_document,
)
from api.waiting import run_for_request
from falc.report import Report

router = APIRouter(prefix="/api/falc", tags=["FALC"])

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class FormatRapport(StrEnum):
    html = "html"
    docx = "docx"


@router.post(
    "/analyse",
    response_model=Report,
    summary="Analyser la lisibilité FALC d'un texte ou d'un document",
    openapi_extra={"requestBody": DOCUMENT_REQUEST_BODY},
    responses={
        200: {
            "description": "Le rapport (JSON), ou la page HTML, ou la copie Word commentée.",
            "content": {"text/html": {}, DOCX_MEDIA_TYPE: {}},
        },
        413: {"model": Erreur, "description": "Document trop volumineux, ou analyse hors budget."},
        415: {"model": Erreur, "description": "Ni JSON ni envoi de fichier."},
        422: {"model": Erreur, "description": "Document illisible, vide ou d'un type refusé."},
    },
)
async def analyse(
    request: Request,
    settings: SettingsDep,
    format: Annotated[
        FormatRapport | None,
        Query(description="html : page du rapport ; docx : copie Word commentée. Sans : JSON."),
    ] = None,
) -> Any:
    """Score FALC de 0 à 100, niveau, mesures, sections et chaque problème avec sa place exacte.

    Envoyez soit du JSON `{"texte": "..."}`, soit un fichier dans le champ `fichier`
    (multipart/form-data). La taille maximale vient de `CLAIR_UPLOAD_MAX_MB`. L'analyse passe
    par la file des tâches, avec un temps et une mémoire bornés (`CLAIR_TACHE_DUREE_MAX_S`,
    `CLAIR_TACHE_MEMOIRE_MAX_MO`) : au-delà, réponse 413. Si le client se déconnecte, l'analyse
    est arrêtée.
    """
    limit = settings.upload_max_bytes
    doc, data, filename = await received_readable_document(request, limit)
    job = await run_for_request(request, "analyse", doc, data, filename)
    report = Report.model_validate_json(job.result or "")
    if format is FormatRapport.html:
        from falc.html_report import render_report_html

        return HTMLResponse(await run_in_threadpool(render_report_html, report, doc))
    if format is FormatRapport.docx:
        from falc.docx_comments import annotate_document

        annotated = await run_in_threadpool(annotate_document, doc, report, data)
        stem = filename.rsplit(".", 1)[0] or "document"
        return Response(
            annotated,
            media_type=DOCX_MEDIA_TYPE,
            headers={
                "Content-Disposition": f'attachment; filename="{ascii_filename(stem)}.annote.docx"'
            },
        )
    return report
