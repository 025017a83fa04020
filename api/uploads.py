"""Reading what a client sends: a JSON text or an uploaded file, within the size limit.

Shared by the routes that take documents (FALC analysis and rewriting) or files (delivery sites):
the body is read in chunks and refused with a French 413 as soon as it passes the limit.
"""

from __future__ import annotations

import re
import unicodedata

from fastapi import HTTPException, Request, status
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from core.errors import TooLargeError
from falc.document import Document
from falc.errors import DocumentError
from falc.readers import read_bytes

MULTIPART_OVERHEAD = 64 * 1024
"""Room for the multipart boundaries and part headers around a file."""


class TexteAAnalyser(BaseModel):
    """Un texte à analyser, envoyé en JSON."""

    texte: str = Field(description="Le texte, paragraphes séparés par une ligne vide.")


DOCUMENT_REQUEST_BODY = {
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


async def received_document(request: Request, limit: int) -> tuple[bytes, str]:
    """The document's bytes and file name, from a JSON body or a multipart upload."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    # JSON escapes can make the body longer than the text it carries (é → \u00e9).
    body_limit = (2 * limit if content_type == "application/json" else limit) + MULTIPART_OVERHEAD
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > body_limit:
        raise too_large(limit)
    if content_type == "application/json":
        body = await read_limited(request, body_limit)
        try:
            texte = TexteAAnalyser.model_validate_json(body).texte
        except ValidationError:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_ENTITY,
                'Le corps JSON doit être de la forme {"texte": "..."}.',
            ) from None
        data = texte.encode("utf-8")
        if len(data) > limit:
            raise too_large(limit)
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
            raise too_large(limit)
        return data, upload.filename or "document"
    raise HTTPException(
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        'Envoyez du JSON {"texte": "..."} ou un fichier (multipart/form-data, champ « fichier »).',
    )


async def read_limited(
    request: Request, limit: int, subject: str = "Le document est trop volumineux"
) -> bytes:
    """The request body, refused with a 413 as soon as it passes ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit, subject)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int, subject: str = "Le document est trop volumineux") -> HTTPException:
    """A 413 saying the limit in megabytes, French style (« 20,0 Mo »)."""
    megabytes = f"{limit / (1024 * 1024):.1f}".replace(".", ",")
    return HTTPException(
        status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        f"{subject} : la limite est de {megabytes} Mo.",
    )


def ascii_filename(name: str) -> str:
    """A file name safe in a Content-Disposition header: accents dropped, odd characters dashed."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", plain).strip("-.") or "document"


async def received_readable_document(request: Request, limit: int) -> tuple[Document, bytes, str]:
    """The document a client sends, read: the Document, its bytes and its file name.

    An unreadable document (empty, scanned, protected, wrong type) is a French 422; one that
    would inflate past the archive limits (a decompression bomb) a French 413.
    """
    data, filename = await received_document(request, limit)
    limits = request.app.state.settings.archive_limits
    try:
        return read_bytes(data, filename, max_bytes=limit, limits=limits), data, filename
    except DocumentError as error:
        code = 413 if isinstance(error, TooLargeError) else status.HTTP_422_UNPROCESSABLE_ENTITY
        raise HTTPException(code, str(error)) from None
