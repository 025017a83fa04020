"""Small pieces every ``clair`` sub-command shares."""

from __future__ import annotations

import typer


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a French error on stderr and return the exit to raise: ``raise fail("...")``."""
    typer.echo(message, err=True)
    return typer.Exit(code=code)
