"""The FastAPI application: API, web pages and OpenAPI documentation."""

from __future__ import annotations

from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from pydantic import BaseModel

from api.database import prepare_base
from api.errors import install_error_handlers
from api.observability import install_observability
from api.pages import install_pages
from api.proconnect import ProConnect
from api.routes import (
    carte,
    comptes,
    fournisseurs,
    livraison,
    marches,
    simplifie,
    statistiques,
    tableau,
)
from api.routes import falc as falc_routes
from api.security import install_security
from api.settings import Settings, get_settings
from jobs import JobQueue


class Health(BaseModel):
    statut: str
    version: str


def create_app(
    settings: Settings | None = None,
    *,
    proconnect_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """Build the app; the base is created, migrated and filled with demo data at start-up.

    ``proconnect_transport`` carries the ProConnect calls elsewhere than the network (the tests'
    in-process provider)."""
    settings = settings or get_settings()

    jobs = JobQueue(settings.jobs)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        prepare_base(settings.base, demo=settings.demo)
        if not settings.taches_externes:
            jobs.start()
        try:
            yield
        finally:
            jobs.stop()

    app = FastAPI(
        title="Clair",
        version="0.1.0",
        description=(
            "Clair rend les marchés publics lisibles et ouverts aux entreprises locales : "
            "lisibilité FALC des documents, registre des entreprises, coût des livraisons, "
            "recherche des marchés."
        ),
        lifespan=lifespan,
        # /docs and /redoc are Clair's own pages (api/pages/documentation.py): no CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.jobs = jobs
    app.dependency_overrides[get_settings] = lambda: settings  # routes see this app's settings
    install_security(app, settings)
    app.state.proconnect = (
        ProConnect(settings, proconnect_transport) if settings.proconnect_enabled else None
    )
    install_error_handlers(app)
    install_observability(app)

    @app.get("/health", tags=["système"])
    def health() -> Health:
        """Clair répond : la base est prête."""
        return Health(statut="ok", version=app.version)

    # Routers are included here, one line per package.
    app.include_router(comptes.router)
    app.include_router(marches.router)
    app.include_router(tableau.router)
    app.include_router(carte.router)  # /api/fournisseurs.geojson before /api/fournisseurs/{siret}
    app.include_router(fournisseurs.router)
    app.include_router(livraison.router)
    app.include_router(falc_routes.router)
    app.include_router(simplifie.router)
    app.include_router(statistiques.router)
    install_pages(app)
    return app
