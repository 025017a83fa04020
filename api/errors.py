"""What people see when something goes wrong: a French sentence, never a stack trace.

API paths (``/api/...``) answer JSON ``{"detail": "..."}``; pages answer the error page. A page
that needs an account sends the visitor to the login page, and back afterwards.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import (
    ClairError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    TooLargeError,
)

log = logging.getLogger("clair.errors")

_JSON_PREFIXES = ("/api/", "/api", "/health", "/openapi.json", "/docs", "/redoc", "/static/")

_TITLES = {
    400: "Demande impossible",
    401: "Connexion nécessaire",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Action impossible ici",
    413: "Fichier trop gros",
    415: "Type de fichier refusé",
    422: "Informations à corriger",
    429: "Trop d'essais",
    500: "Erreur du serveur",
}

_DEFAULT_DETAILS = {
    404: "Cette adresse ne mène à rien. Vérifiez l'adresse ou revenez à l'accueil.",
    405: "Cette adresse n'accepte pas cette action.",
}

# Pydantic error types → French, for the people who fill the forms and call the API.
_VALIDATION_FR = {
    "missing": "ce champ est obligatoire",
    "int_parsing": "il faut un nombre entier",
    "int_type": "il faut un nombre entier",
    "float_parsing": "il faut un nombre",
    "float_type": "il faut un nombre",
    "bool_parsing": "il faut oui ou non (true ou false)",
    "string_type": "il faut du texte",
    "string_too_short": "le texte est trop court",
    "string_too_long": "le texte est trop long",
    "string_pattern_mismatch": "le format n'est pas le bon",
    "greater_than": "la valeur est trop petite",
    "greater_than_equal": "la valeur est trop petite",
    "less_than": "la valeur est trop grande",
    "less_than_equal": "la valeur est trop grande",
    "literal_error": "cette valeur n'est pas proposée",
    "enum": "cette valeur n'est pas proposée",
    "json_invalid": "le JSON n'est pas valide",
    "model_attributes_type": "il faut un objet JSON",
    "dict_type": "il faut un objet JSON",
    "list_type": "il faut une liste",
    "too_long": "la liste est trop longue",
    "too_short": "la liste est trop courte",
    "value_error": "la valeur n'est pas valide",
    "uuid_parsing": "l'identifiant n'est pas valide",
    "date_parsing": "il faut une date (AAAA-MM-JJ)",
    "date_from_datetime_parsing": "il faut une date (AAAA-MM-JJ)",
    "datetime_parsing": "il faut une date et une heure",
    "url_parsing": "il faut une adresse web",
}

_PLACES = {
    "query": "paramètre",
    "path": "adresse",
    "body": "champ",
    "header": "en-tête",
    "cookie": "cookie",
}


def validation_message(errors: list[dict[str, Any]]) -> str:
    """One French sentence for a list of pydantic errors: where, and what is wrong."""
    parts = []
    for error in errors[:5]:
        location = [str(part) for part in error.get("loc", ())]
        place = _PLACES.get(location[0], "champ") if location else "champ"
        name = ".".join(location[1:]) or place
        kind = error.get("type", "")
        if kind == "value_error" and error.get("msg"):
            # Clair's own validators raise ValueError with a French message: keep it.
            reason = str(error["msg"]).removeprefix("Value error, ").rstrip(".")
            if len(location) <= 1:  # the whole model, not one field
                parts.append(reason.rstrip("."))
                continue
        else:
            reason = _VALIDATION_FR.get(kind, "la valeur n'est pas valide")
        parts.append(f"{place} « {name} » : {reason}")
    more = f" (et {len(errors) - 5} autres)" if len(errors) > 5 else ""
    return "Informations à corriger : " + " ; ".join(parts) + more + "."


def _back_after_login(request: Request) -> str:
    """Where to go after logging in: this page, or for a form sent without an account, the
    page that held the form (a POST address cannot be opened again)."""
    if request.method in ("GET", "HEAD"):
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


def wants_json(request: Request) -> bool:
    """API clients get JSON, browsers on pages get HTML."""
    return request.url.path.startswith(_JSON_PREFIXES)


def _page(request: Request, status_code: int, detail: str, headers: dict | None = None) -> Response:
    from api.pages._render import render_error

    title = _TITLES.get(status_code, "Erreur")
    return render_error(request, status_code, title, detail, headers=headers)


def _respond(
    request: Request, status_code: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status_code, headers=headers)
    if status_code == 401:
        return RedirectResponse(f"/connexion?suivant={quote(_back_after_login(request))}", 303)
    return _page(request, status_code, detail, headers)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    detail = exc.detail
    if not isinstance(detail, str) or detail in {"Not Found", "Method Not Allowed"}:
        detail = _DEFAULT_DETAILS.get(exc.status_code, detail if isinstance(detail, str) else "")
        if not detail:
            detail = _TITLES.get(exc.status_code, "La demande n'a pas abouti.")
    if exc.status_code == 204 or exc.status_code == 304:
        return Response(status_code=exc.status_code, headers=exc.headers)
    return _respond(request, exc.status_code, detail, getattr(exc, "headers", None))


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    message = validation_message(list(exc.errors()))
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=422)
    return _page(request, 422, message)


_STATUS_OF_ERROR: tuple[tuple[type[ClairError], int], ...] = (
    (TooLargeError, 413),
    (InvalidInputError, 422),
    (ForbiddenError, 403),
    (NotFoundError, 404),
)
"""The one mapping from a domain error's kind to its HTTP status; the first kind that matches
wins (a too-large input is also invalid). Any other :class:`ClairError` is a 400."""


def status_for(error: ClairError) -> int:
    """The HTTP status that tells what went wrong with a domain error."""
    for kind, status in _STATUS_OF_ERROR:
        if isinstance(error, kind):
            return status
    return 400


async def clair_error(request: Request, exc: ClairError) -> Response:
    return _respond(request, status_for(exc), str(exc))


async def unexpected_error(request: Request, exc: Exception) -> Response:
    reference = getattr(request.state, "request_id", "") or "inconnue"
    log.error(
        "erreur inattendue",
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"request_id": reference, "path": request.url.path, "method": request.method},
    )
    detail = (
        "Une erreur inattendue est arrivée. Elle est enregistrée "
        f"(référence {reference}). Réessayez plus tard."
    )
    return _respond(request, 500, detail)


def install_error_handlers(app: FastAPI) -> None:
    """French answers for HTTP errors, invalid input, domain errors and crashes."""
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(ClairError, clair_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected_error)
