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
) -> None:
    """Démarrer l'application web et l'API (documentation sur /docs)."""
    import uvicorn

    from api.app import create_app
    from api.settings import get_settings

    settings = get_settings()
    if base is not None:
        settings = settings.model_copy(update={"base": base})
    # Clair writes its own JSON request log (api/observability.py): no second access log.
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=False)


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
