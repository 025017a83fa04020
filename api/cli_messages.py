"""Click's usage errors in French: invalid value, missing option or argument, unknown option.

Typer 0.29 ships its own copy of Click (``typer._click``), in which the messages are plain
English f-strings, and checks values with pydantic. What Click offers to reword a message is
the ``format_message`` method of its exceptions: :func:`install` sets it, on each usage-error
class, to a function that writes the message in French from what the exception carries (the
option, its hint, the pydantic error behind a refused value, the options that come close).
Typer's own texts go through ``gettext`` (``typer.core._``) or are constants of
``typer.rich_utils`` (the « Error » panel, « Try … for help »): they are pointed at the French
catalogue :data:`FRENCH`. The « Usage: » line gets its French prefix from the help formatter.

Anything this module does not know stays as Typer wrote it: a missed message is English, never
a crash.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

FRENCH: dict[str, str] = {
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "Aborted!": "Abandon.",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "(dynamic)": "(calculé)",
    "Arguments": "Arguments",
    "Options": "Options",
    "Commands": "Commandes",
}
"""Typer's gettext message ids → French."""

_RICH_CONSTANTS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commandes",
    "ERRORS_PANEL_TITLE": "Erreur",
    "ABORTED_TEXT": "Abandon.",
    "RICH_HELP": "Essayez [blue]« {command_path} {help_option} »[/] pour l'aide.",
    "DEFAULT_STRING": "[par défaut : {}]",
    "ENVVAR_STRING": "[variable d'environnement : {}]",
    "REQUIRED_LONG_STRING": "[obligatoire]",
    "DEPRECATED_STRING": "(obsolète) ",
}
USAGE_PREFIX = "Utilisation : "

_PLAIN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^No such option: (.+)$"), r"Option inconnue : \1."),
    (re.compile(r"^Option '(.+)' requires an argument\.$"), r"L'option « \1 » demande une valeur."),
    (
        re.compile(r"^Option '(.+)' requires (\d+) arguments\.$"),
        r"L'option « \1 » demande \2 valeurs.",
    ),
    (
        re.compile(r"^Option '(.+)' does not take a value\.$"),
        r"L'option « \1 » ne prend pas de valeur.",
    ),
    (re.compile(r"^Got unexpected extra argument\(s\) \((.*)\)$"), r"Argument(s) en trop : \1."),
    (re.compile(r"^Argument '(.+)' takes (\d+) values\.$"), r"L'argument « \1 » prend \2 valeurs."),
    (re.compile(r"^Value must be an iterable\.$"), "Il faut une liste de valeurs."),
    (re.compile(r"^'(.*)' is not one of (.+)\.$"), r"« \1 » n'est pas proposé : choisissez \2."),
    (re.compile(r"^Value (.+) is not a valid (\w+)\.$"), r"\1 n'est pas une valeur valide."),
]
"""Typer's English f-strings (no hook to translate them before they are formatted)."""


def french(message: str) -> str:
    """A message Typer wrote in English, in French when it is one of :data:`_PLAIN`."""
    for pattern, replacement in _PLAIN:
        if pattern.match(message):
            return pattern.sub(replacement, message).replace(" or ", " ou ")
    return message


def _hint(error: Any) -> str | None:
    if error.param_hint is not None:
        hint = error.param_hint
        return hint if isinstance(hint, str) else " / ".join(repr(x) for x in hint)
    return error.param.get_error_hint() if error.param is not None else None


def _value_problem(error: Any) -> str:
    """Why a value was refused: from the pydantic errors behind it, else its message."""
    from pydantic import ValidationError

    cause = error.__cause__
    if isinstance(cause, ValidationError):
        return " ; ".join(_pydantic_problem(e) for e in cause.errors())
    return french(error.message)


_PYDANTIC: dict[str, Callable[[Any, dict[str, Any]], str]] = {
    "int_parsing": lambda value, _: f"« {value} » n'est pas un nombre entier.",
    "int_from_float": lambda value, _: f"« {value} » n'est pas un nombre entier.",
    "float_parsing": lambda value, _: f"« {value} » n'est pas un nombre.",
    "bool_parsing": lambda value, _: f"« {value} » n'est pas oui ou non (true, false).",
    "less_than_equal": lambda value, c: f"{value} dépasse le maximum, {c['le']}.",
    "less_than": lambda value, c: f"{value} doit être inférieur à {c['lt']}.",
    "greater_than_equal": lambda value, c: f"{value} est sous le minimum, {c['ge']}.",
    "greater_than": lambda value, c: f"{value} doit être supérieur à {c['gt']}.",
    "enum": lambda value, c: f"« {value} » n'est pas proposé : choisissez {c['expected']}.",
    "literal_error": lambda value, c: (
        f"« {value} » n'est pas proposé : choisissez {c['expected']}."
    ),
    "date_parsing": lambda value, _: f"« {value} » n'est pas une date AAAA-MM-JJ.",
    "date_from_datetime_parsing": lambda value, _: f"« {value} » n'est pas une date AAAA-MM-JJ.",
    "value_error": lambda value, c: french(str(c.get("error", ""))) or f"« {value} » refusé.",
}


def _pydantic_problem(error: Any) -> str:
    explain = _PYDANTIC.get(error["type"])
    if explain is None:
        return f"« {error.get('input')} » refusé ({error['msg']})."
    return explain(error.get("input"), error.get("ctx") or {}).replace(" or ", " ou ")


def _bad_parameter(self: Any) -> str:
    hint = _hint(self)
    if hint is None:
        return f"Valeur invalide : {_value_problem(self)}"
    return f"Valeur invalide pour {hint} : {_value_problem(self)}"


def _missing_parameter(self: Any) -> str:
    hint = _hint(self)
    kind = self.param_type or (self.param.param_type_name if self.param is not None else None)
    missing = {"argument": "Argument manquant", "option": "Option manquante"}.get(
        kind or "", "Paramètre manquant"
    )
    return f"{missing} : {hint}." if hint else f"{missing}."


def _no_such_option(self: Any) -> str:
    message = french(self.message)
    if not self.possibilities:
        return message
    return f"{message} Options proches : {', '.join(sorted(self.possibilities))}."


def _usage_error(self: Any) -> str:
    return french(self.message)


def install() -> None:
    """Give Typer's Click its French messages (idempotent)."""
    exceptions = importlib.import_module("typer._click.exceptions")
    exceptions.UsageError.format_message = _usage_error
    exceptions.BadParameter.format_message = _bad_parameter
    exceptions.MissingParameter.format_message = _missing_parameter
    exceptions.NoSuchOption.format_message = _no_such_option
    importlib.import_module("typer.core")._ = lambda message: FRENCH.get(message, message)
    rich_utils = importlib.import_module("typer.rich_utils")
    for constant, text in _RICH_CONSTANTS.items():
        setattr(rich_utils, constant, text)
    formatting = importlib.import_module("typer._click.formatting")
    write_usage = formatting.HelpFormatter.write_usage
    if getattr(write_usage, "_french", False):
        return

    def french_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    french_usage._french = True  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_usage = french_usage
