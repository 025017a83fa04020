"""The ``clair`` command line: one Typer app, with one sub-command group per package."""

from __future__ import annotations

from typing import Annotated

import typer

from api import cli_messages
from api.cli_common import BaseOption
from api.cli_falc import analyse
from api.cli_fournisseurs import app as fournisseurs_app
from api.cli_livraison import app as livraison_app
from api.cli_livraison import carte
from api.cli_marches import app as marches_app
from api.cli_simplifie import simplifie
from api.cli_utilisateurs import app as utilisateurs_app

cli_messages.install()  # Click's usage errors in French

app = typer.Typer(
    name="clair",
    help="Clair : des marchés publics lisibles et ouverts aux entreprises locales.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback()
def root() -> None:
    """Clair : des marchés publics lisibles et ouverts aux entreprises locales."""


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adresse d'écoute.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port d'écoute.")] = 8000,
    base: BaseOption = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processus web (les tâches ont les leurs).")
    ] = 1,
) -> None:
    """Démarrer l'application web et l'API (documentation sur /docs), et les processus qui
    font les analyses et les réécritures (file des tâches)."""
    import os

    import uvicorn

    from api.app import create_app
    from api.database import prepare_base
    from api.security import session_secret
    from api.settings import get_settings
    from jobs import JobQueue

    settings = get_settings()
    if base is not None:
        settings = settings.model_copy(update={"base": base})
    # Clair writes its own JSON request log (api/observability.py): no second access log.
    # proxy_headers=False: uvicorn would otherwise take X-Forwarded-For from 127.0.0.1 as the
    # client; Clair reads it itself, only from the proxies of CLAIR_PROXIES (api.login_limit).
    if workers == 1:
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_level="info",
            access_log=False,
            proxy_headers=False,
        )
        return
    # Several web processes share the base: prepare it and the session key once, start the job
    # processes here, and tell each web process that they are running.
    prepare_base(settings.base, demo=settings.demo)
    session_secret(settings)
    queue = JobQueue(settings.jobs)
    queue.start()
    os.environ["CLAIR_BASE"] = str(settings.base)
    os.environ["CLAIR_TACHES_EXTERNES"] = "true"
    try:
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="info",
            access_log=False,
            proxy_headers=False,
            # a web process imports the language stack: on a busy machine it needs more than
            # uvicorn's 5 s to answer its first health check, and would be restarted forever
            timeout_worker_healthcheck=60,
        )
    finally:
        queue.stop()


app.add_typer(utilisateurs_app, name="utilisateurs")
app.add_typer(marches_app, name="marches")
app.command("analyse")(analyse)
app.add_typer(fournisseurs_app, name="fournisseurs")
app.command("simplifie")(simplifie)
app.add_typer(livraison_app, name="livraison")
app.command("carte")(carte)


def main() -> None:
    """Entry point of the ``clair`` console script."""
    app()


if __name__ == "__main__":
    main()
