"""Typer's usage errors reach the user in French (issue 15, item 8), through Click's
``format_message`` and Typer's gettext and panel constants (api/cli_messages.py)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.cli_messages import french

ENGLISH = ("Invalid value", "Missing", "No such", "Usage:", "Try ", "Error", "requires", "Got ")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["marches", "chercher", "--limite", "abc"],
            "Valeur invalide pour '--limite' : « abc » n'est pas un nombre entier.",
        ),
        (
            ["marches", "chercher", "--limite", "500"],
            "Valeur invalide pour '--limite' : 500 dépasse le maximum, 200.",
        ),
        (["marches", "chercher", "--page", "0"], "0 est sous le minimum, 1."),
        (["marches", "chercher", "--tri", "xyz"], "« xyz » n'est pas proposé : choisissez"),
        (["analyse", "a.md", "--seuil", "x"], "« x » n'est pas un nombre."),
        (["marches", "chercher", "--nope"], "Option inconnue : --nope."),
        (["marches", "chercher", "--format"], "L'option « --format » demande une valeur."),
        (["fournisseurs", "verifier"], "Argument manquant : 'siret'."),
        (["utilisateurs", "creer"], "Option manquante : '--email'."),
        (["marches", "chercher", "a", "b"], "Argument(s) en trop : b."),
        (["zzz"], "Commande inconnue : 'zzz'."),
    ],
)
def test_typer_usage_errors_are_french(args: list[str], expected: str):
    result = CliRunner().invoke(app, args, terminal_width=400)
    assert result.exit_code == 2
    output = " ".join(result.output.replace("│", " ").split())
    assert expected in output, output
    assert "Erreur" in output
    assert not any(word in output for word in ENGLISH), output


def test_help_is_french_too():
    output = CliRunner().invoke(app, ["marches", "chercher", "--help"]).output
    assert "Utilisation : clair marches chercher" in output
    assert "[par défaut : 20]" in " ".join(output.split())


def test_an_unknown_message_stays_as_typer_wrote_it():
    assert french("Something new in Typer 0.30.") == "Something new in Typer 0.30."
