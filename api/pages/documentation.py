"""The API documentation pages, ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), served offline.

FastAPI's own pages load both from a CDN and ReDoc's fonts from Google Fonts: offline, or on a
network that blocks them, the documentation was blank. Here both come from the npm packages
installed by ``npm ci`` (``swagger-ui-dist``, ``redoc``), like Leaflet for the maps, and the
script that starts Swagger UI is a static file (no inline script: :mod:`api.csp`).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import FileResponse, HTMLResponse

from api.csp import REDOC_POLICY
from api.pages._render import templates
from maps.assets import node_modules

router = APIRouter(include_in_schema=False)

VENDOR_FILES: dict[str, str] = {
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "redoc.standalone.js": "redoc/bundles/redoc.standalone.js",
}
"""The only files of ``node_modules`` Clair serves, under ``/static/vendor/``."""


def vendor_path(name: str) -> Path | None:
    """Where npm installed one of :data:`VENDOR_FILES`; None when it is missing."""
    relative = VENDOR_FILES.get(name)
    if relative is None:
        return None
    path = node_modules() / relative
    return path if path.is_file() else None


MISSING = (
    "La documentation interactive a besoin de fichiers installés par « make install » "
    "(npm ci). Le schéma de l'API reste lisible ici : /openapi.json."
)


def _page(request: Request, template: str, needs: tuple[str, ...], **headers: str) -> HTMLResponse:
    missing = [name for name in needs if vendor_path(name) is None]
    return templates.TemplateResponse(
        request,
        template,
        {
            "openapi_url": request.app.openapi_url,
            "title": f"{request.app.title} — documentation de l'API",
            "missing": MISSING if missing else None,
        },
        headers=headers or None,
    )


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI: try every route of the API from the browser."""
    return _page(request, "docs_swagger.html", ("swagger-ui-bundle.js", "swagger-ui.css"))


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    """ReDoc: the same API documentation, to read."""
    return _page(
        request,
        "docs_redoc.html",
        ("redoc.standalone.js",),
        **{"Content-Security-Policy": REDOC_POLICY},
    )


@router.get("/static/vendor/{name}")
def vendor_file(name: str) -> FileResponse:
    """One front-end file from the npm install (never the rest of ``node_modules``)."""
    if name not in VENDOR_FILES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Fichier inconnu.")
    path = vendor_path(name)
    if path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Fichier absent : {name}. {MISSING}")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})
