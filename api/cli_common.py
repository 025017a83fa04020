"""Small pieces every ``clair`` sub-command shares."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from core.errors import ClairError
from falc.nlp import ModelMissingError

BaseOption = Annotated[
    Path | None,
    typer.Option(
        "--base", help="Fichier SQLite de Clair (par défaut : CLAIR_BASE ou clair.sqlite)."
    ),
]
"""The ``--base`` option of every command that reads or writes the base."""


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a French error on stderr and return the exit to raise: ``raise fail("...")``."""
    typer.echo(message, err=True)
    return typer.Exit(code=code)


EXIT_ERROR = 2
"""Exit code of a command that could not do its work (unreadable document, unwritable file)."""


def run_or_exit(work: Callable[[], int], console: Console) -> NoReturn:
    """Run a command's work and exit with its code; a Clair error or a file that cannot be
    written becomes a French message on ``console`` and exit code 2, never a traceback."""
    try:
        code = work()
    except (ClairError, ModelMissingError) as error:
        console.print(f"[bold red]Erreur :[/] {error}", soft_wrap=True)
        code = EXIT_ERROR
    except OSError as error:
        console.print(
            f"[bold red]Erreur :[/] écriture impossible ({error.strerror}) : {error.filename}"
        )
        code = EXIT_ERROR
    raise typer.Exit(code)


TOUT_HELP = (
    "Tous les résultats, au-delà d'une page, écrits au fur et à mesure : --format csv ou "
    "--format json (une ligne JSON par résultat)."
)


def write_stream(lines: Iterable[str]) -> None:
    """Write ``lines`` on standard output as they come: a stream of any length never sits in
    memory. A reader that stops early (``| head``) ends the stream quietly."""
    try:
        for line in lines:
            sys.stdout.write(line)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()  # nothing more to say to a closed pipe
