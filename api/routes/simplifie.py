"""``POST /api/falc/simplifie``: a FALC rewrite of a text or an uploaded document.

Same input as ``/api/falc/analyse``: a JSON body ``{"texte": "..."}`` or a multipart upload (field
``fichier``). The answer is the JSON of ``clair simplifie --format json`` (``changements[]``, each
with ``type``, ``regle``, ``avant``, ``apres``, ``statut``, ``raison``); ``?format=docx`` gives the
safe version with each proposal as a tracked change, ``html`` the side-by-side page, ``odt`` and
``md`` the safe version; ``?accepter_tout=true`` writes every proposal that passed the guard in.
Too large: 413; unreadable document: 422.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import SettingsDep
from api.schemas import Erreur
from api.uploads import (
    DOCUMENT_REQUEST_BODY,
    ascii_filename,
    received_readable_document,
)
from api.waiting import run_for_request
from falc.document import Document
from falc.simplify import SimplifyReport
from falc.writers.output import MEDIA_TYPES, render

router = APIRouter(prefix="/api/falc", tags=["FALC"])


class FormatSimplifie(StrEnum):
    docx = "docx"
    html = "html"
    odt = "odt"
    md = "md"


_SUFFIX = {
    FormatSimplifie.docx: ".simplifie.docx",
    FormatSimplifie.html: ".simplifie.html",
    FormatSimplifie.odt: ".simplifie.odt",
    FormatSimplifie.md: ".simplifie.md",
}


@router.post(
    "/simplifie",
    response_model=SimplifyReport,
    summary="Réécrire un texte ou un document en FALC, sans changer les faits juridiques",
    openapi_extra={"requestBody": DOCUMENT_REQUEST_BODY},
    responses={
        200: {
            "description": "Le rapport (JSON), ou le document réécrit dans le format demandé.",
            "content": {MEDIA_TYPES[f.value]: {} for f in FormatSimplifie},
        },
        413: {
            "model": Erreur,
            "description": "Document trop volumineux, ou réécriture hors budget.",
        },
        415: {"model": Erreur, "description": "Ni JSON ni envoi de fichier."},
        422: {"model": Erreur, "description": "Document illisible, vide ou d'un type refusé."},
    },
)
async def simplifie(
    request: Request,
    settings: SettingsDep,
    format: Annotated[
        FormatSimplifie | None,
        Query(
            description="docx : copie Word avec les changements à accepter ou refuser ; html : "
            "avant et après côte à côte ; odt ou md : le texte réécrit. Sans : JSON."
        ),
    ] = None,
    accepter_tout: Annotated[
        bool,
        Query(
            description="Écrire la version où toutes les propositions qui ont passé la garde "
            "sont acceptées (par défaut : changements sûrs et termes expliqués seulement)."
        ),
    ] = False,
) -> Any:
    """Chaque changement (`sure`, `terme` ou `proposition`) avec sa règle, le texte avant et
    après, son statut (`appliqué`, `proposé`, `refusé`) et sa raison ; les termes juridiques
    expliqués ; le score FALC avant, après et avec toutes les propositions acceptées. Aucun
    montant, date, délai, référence, négation ou obligation ne change.

    Envoyez soit du JSON `{"texte": "..."}`, soit un fichier dans le champ `fichier`
    (multipart/form-data). La taille maximale vient de `CLAIR_UPLOAD_MAX_MB`. La réécriture
    passe par la file des tâches, avec un temps et une mémoire bornés : au-delà, réponse 413.
    Si le client se déconnecte, elle est arrêtée.
    """
    limit = settings.upload_max_bytes
    doc, data, filename = await received_readable_document(request, limit)
    job = await run_for_request(request, "simplifie", doc, data, filename)
    report = SimplifyReport.model_validate_json(job.result or "")
    if format is None:
        return report
    content = await run_in_threadpool(_render, format, doc, report, data, accepter_tout)
    stem = filename.rsplit(".", 1)[0] or "document"
    disposition = "inline" if format is FormatSimplifie.html else "attachment"
    return Response(
        content,
        media_type=MEDIA_TYPES[format.value],
        headers={
            "Content-Disposition": f'{disposition}; filename="{ascii_filename(stem)}{_SUFFIX[format]}"'
        },
    )


def _render(
    format: FormatSimplifie, doc: Document, report: SimplifyReport, data: bytes, accepted: bool
) -> bytes:
    source = data if doc.format in ("docx", "odt") else None
    return render(format.value, doc, report, source, accepted=accepted)
