"""``POST /api/falc/analyse``: the FALC readability of a text or of an uploaded document.

A JSON body ``{"texte": "..."}`` or a multipart upload (field ``fichier``) gives the same JSON
report as ``clair analyse --format json``; ``?format=html`` or ``?format=docx`` returns the report
page or the annotated Word copy instead. Too large: 413; unreadable document: 422.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from api.deps import NlpDep, SettingsDep
from falc.document import Document
from falc.errors import DocumentError
from falc.readers import read_bytes
from falc.report import Report

router = APIRouter(prefix="/api/falc", tags=["FALC"])

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the file


class FormatRapport(StrEnum):
    html = "html"
    docx = "docx"


class TexteAAnalyser(BaseModel):
    """Un texte à analyser, envoyé en JSON."""

    texte: str = Field(description="Le texte, paragraphes séparés par une ligne vide.")


class Erreur(BaseModel):
    detail: str = Field(description="La raison, en français.")


_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": TexteAAnalyser.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["fichier"],
                "properties": {
                    "fichier": {
                        "type": "string",
                        "format": "binary",
                        "description": "Document .docx, .odt, .pdf, .txt, .md ou .html.",
                    }
                },
            }
        },
    },
}


@router.post(
    "/analyse",
    response_model=Report,
    summary="Analyser la lisibilité FALC d'un texte ou d'un document",
    openapi_extra={"requestBody": _REQUEST_BODY},
    responses={
        200: {
            "description": "Le rapport (JSON), ou la page HTML, ou la copie Word commentée.",
            "content": {"text/html": {}, DOCX_MEDIA_TYPE: {}},
        },
        413: {"model": Erreur, "description": "Document trop volumineux."},
        415: {"model": Erreur, "description": "Ni JSON ni envoi de fichier."},
        422: {"model": Erreur, "description": "Document illisible, vide ou d'un type refusé."},
    },
)
async def analyse(
    request: Request,
    nlp: NlpDep,
    settings: SettingsDep,
    format: Annotated[
        FormatRapport | None,
        Query(description="html : page du rapport ; docx : copie Word commentée. Sans : JSON."),
    ] = None,
) -> Any:
    """Score FALC de 0 à 100, niveau, mesures, sections et chaque problème avec sa place exacte.

    Envoyez soit du JSON `{"texte": "..."}`, soit un fichier dans le champ `fichier`
    (multipart/form-data). La taille maximale vient de `CLAIR_UPLOAD_MAX_MB`.
    """
    limit = settings.upload_max_bytes
    data, filename = await _received_document(request, limit)
    try:
        doc = read_bytes(data, filename, max_bytes=limit)
    except DocumentError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(error)) from None
    report = await run_in_threadpool(_analyse, doc, nlp)
    if format is FormatRapport.html:
        from falc.html_report import render_report_html

        return HTMLResponse(render_report_html(report, doc))
    if format is FormatRapport.docx:
        from falc.docx_comments import annotate_document

        annotated = await run_in_threadpool(annotate_document, doc, report, data)
        stem = filename.rsplit(".", 1)[0] or "document"
        return Response(
            annotated,
            media_type=DOCX_MEDIA_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{_ascii(stem)}.annote.docx"'},
        )
    return report


def _analyse(doc: Document, nlp) -> Report:
    from falc.analysis import analyse_document

    return analyse_document(doc, nlp)


async def _received_document(request: Request, limit: int) -> tuple[bytes, str]:
    """The document's bytes and file name, from a JSON body or a multipart upload."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    # JSON escapes can make the body longer than the text it carries (é → \u00e9).
    body_limit = (2 * limit if content_type == "application/json" else limit) + _MULTIPART_OVERHEAD
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > body_limit:
        raise _too_large(limit)
    if content_type == "application/json":
        body = await _read_limited(request, body_limit)
        try:
            texte = TexteAAnalyser.model_validate_json(body).texte
        except ValidationError:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_ENTITY,
                'Le corps JSON doit être de la forme {"texte": "..."}.',
            ) from None
        data = texte.encode("utf-8")
        if len(data) > limit:
            raise _too_large(limit)
        return data, "texte.txt"
    if content_type == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("fichier")
        if not isinstance(upload, UploadFile):
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_ENTITY,
                "Envoyez le document dans le champ « fichier » du formulaire.",
            )
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise _too_large(limit)
        return data, upload.filename or "document"
    raise HTTPException(
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        'Envoyez du JSON {"texte": "..."} ou un fichier (multipart/form-data, champ « fichier »).',
    )


async def _read_limited(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> HTTPException:
    megabytes = f"{limit / (1024 * 1024):.1f}".replace(".", ",")
    return HTTPException(
        status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        f"Le document est trop volumineux : la limite est de {megabytes} Mo.",
    )


def _ascii(name: str) -> str:
    """A file name safe in a Content-Disposition header: accents dropped, odd characters dashed."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", plain).strip("-.") or "document"
