"""``clair utilisateurs``: create accounts and API tokens (there is no default account)."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from api.cli_common import BaseOption, fail
from api.database import open_base
from api.users import AccountError, create_token, create_user, get_user_by_email, list_users

app = typer.Typer(
    name="utilisateurs",
    help="Comptes des agents et des entreprises, jetons d'API.",
    no_args_is_help=True,
)


class RoleChoice(StrEnum):
    agent = "agent"
    entreprise = "entreprise"


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise fail("Aucun mot de passe lu sur l'entrée standard.")
        return password
    return typer.prompt(
        "Mot de passe",
        hide_input=True,
        confirmation_prompt="Le même mot de passe, encore une fois",
    )


@app.command("creer")
def creer(
    email: Annotated[str, typer.Option(help="Adresse électronique du compte.")],
    role: Annotated[RoleChoice, typer.Option(help="agent (acheteur public) ou entreprise.")],
    siren: Annotated[
        str | None, typer.Option(help="SIREN de l'entreprise (obligatoire pour « entreprise »).")
    ] = None,
    mot_de_passe_stdin: Annotated[
        bool,
        typer.Option(
            "--mot-de-passe-stdin",
            help="Lire le mot de passe sur l'entrée standard au lieu de le demander deux fois.",
        ),
    ] = False,
    base: BaseOption = None,
) -> None:
    """Créer un compte. Le mot de passe est demandé deux fois ; il n'y en a jamais par défaut."""
    password = _read_password(mot_de_passe_stdin)
    conn = open_base(base)
    try:
        # Whoever runs this command administers Clair: a firm account they create is linked.
        user = create_user(
            conn, email, password, role.value, siren, approved_by="administrateur (ligne de commande)"
        )
    except AccountError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    suffix = f", SIREN {user.siren}" if user.siren else ""
    typer.echo(f"Compte créé : {user.email} ({user.role}{suffix}).")


@app.command("jeton")
def jeton(
    email: Annotated[str, typer.Option(help="Adresse électronique du compte.")],
    nom: Annotated[str, typer.Option(help="À quoi servira ce jeton.")] = "",
    base: BaseOption = None,
) -> None:
    """Créer un jeton d'API pour un compte ; il est affiché une seule fois."""
    conn = open_base(base)
    try:
        user = get_user_by_email(conn, email)
        if user is None:
            raise fail(f"Aucun compte pour l'adresse {email}.")
        token = create_token(conn, user.id, nom)
    finally:
        conn.close()
    # The advice goes first, on the error stream; the token comes last, alone on its line of
    # the standard output, so that `jeton=$(clair utilisateurs jeton …)` gets only the token
    # and a terminal never shows it glued to a sentence.
    typer.echo(
        "Jeton créé. Gardez-le secret. Envoyez-le dans l'en-tête « Authorization: Bearer … ».\n"
        "Il ne sera plus jamais affiché :",
        err=True,
    )
    typer.echo(token)


@app.command("liste")
def liste(base: BaseOption = None) -> None:
    """Lister les comptes (adresse, rôle, SIREN, lien avec le SIREN)."""
    conn = open_base(base)
    try:
        users = list_users(conn)
    finally:
        conn.close()
    if not users:
        typer.echo("Aucun compte. Créez-en un avec « clair utilisateurs creer ».")
    for user in users:
        typer.echo(f"{user.email}\t{user.role}\t{user.siren or ''}\t{user.lien or ''}".rstrip())
