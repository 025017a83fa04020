"""The web pages: server-rendered French pages over the packages' public functions.

One module per page group; :func:`install_pages` mounts them all and the static files.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def install_pages(app: FastAPI) -> None:
    """Include every page router and serve ``/static`` (no CDN: everything comes from Clair)."""
    from api.pages import (
        accueil,
        analyse,
        communes,
        comptes,
        documentation,
        entreprise,
        fournisseurs,
        livraisons,
        marches,
        revue,
        simplifier,
        tableau,
        verifications,
    )

    # /docs, /redoc and /static/vendor/… before the /static mount, which would hide them.
    app.include_router(documentation.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    pages = (accueil, comptes, analyse, communes, fournisseurs, livraisons, marches)
    for module in (*pages, simplifier, revue, entreprise, verifications, tableau):
        app.include_router(module.router)
