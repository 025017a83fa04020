"""The FastAPI application: API, web pages and OpenAPI documentation."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI
from pydantic import BaseModel

from api.database import prepare_base
from api.errors import install_error_handlers
from api.observability import install_observability
from api.pages import install_pages
from api.routes import carte, comptes, fournisseurs, livraison, marches, simplifie, statistiques
from api.routes import falc as falc_routes
from api.security import install_security
from api.settings import Settings, get_settings


class Health(BaseModel):
    statut: str
    version: str


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the base is created, migrated and filled with demo data at start-up."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        prepare_base(settings.base, demo=settings.demo)
        yield

    app = FastAPI(
        title="Clair",
        version="0.1.0",
        description=(
            "Clair rend les marchés publics lisibles et ouverts aux entreprises locales : "
            "lisibilité FALC des documents, registre des entreprises, coût des livraisons, "
            "recherche des marchés."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.dependency_overrides[get_settings] = lambda: settings  # routes see this app's settings
    install_security(app, settings)
    install_error_handlers(app)
    install_observability(app)

    @app.get("/health", tags=["système"])
    def health() -> Health:
        """Clair répond : la base est prête."""
        return Health(statut="ok", version=app.version)

    # Routers are included here, one line per package.
    app.include_router(comptes.router)
    app.include_router(marches.router)
    app.include_router(carte.router)  # /api/fournisseurs.geojson before /api/fournisseurs/{siret}
    app.include_router(fournisseurs.router)
    app.include_router(livraison.router)
    app.include_router(falc_routes.router)
    app.include_router(simplifie.router)
    app.include_router(statistiques.router)
    install_pages(app)
    return app
