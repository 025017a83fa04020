"""Rule about special characters: ( ) / § ; & # have no place in an easy-to-read text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from falc.rules.base import Hit, Rule, RuleContext
from falc.rules.numbers import numeric_date_spans

_SPECIAL = re.compile(r"[()/§;&#]")
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
_ADVICE = {
    "/": "Écrivez « ou », « et » ou « par » à la place de « / ».",
    "§": "Écrivez « paragraphe » à la place de « § ».",
    ";": "Terminez la phrase par un point à la place du point-virgule.",
    "&": "Écrivez « et » à la place de « & ».",
    "#": "Écrivez « numéro » à la place de « # ».",
    "(": "Écrivez le contenu des parenthèses dans une phrase à part.",
    ")": "Écrivez le contenu des parenthèses dans une phrase à part.",
}


def _special_characters(context: RuleContext) -> Iterator[Hit]:
    text = context.text
    if _SPECIAL.search(text) is None:
        return
    protected = numeric_date_spans(text) + [m.span() for m in _URL_OR_EMAIL.finditer(text)]
    opened: int | None = None
    for match in _SPECIAL.finditer(text):
        position = match.start()
        if any(s <= position < e for s, e in protected):
            continue
        character = match.group()
        if character == "(":
            if opened is not None:
                yield Hit(opened, opened + 1, suggestion=_ADVICE["("])
            opened = position
        elif character == ")" and opened is not None:
            yield Hit(
                opened,
                position + 1,
                message="Les parenthèses cachent une idée de plus dans la phrase.",
                suggestion=_ADVICE["("],
            )
            opened = None
        else:
            yield Hit(position, position + 1, suggestion=_ADVICE[character])
    if opened is not None:
        yield Hit(opened, opened + 1, suggestion=_ADVICE["("])


RULES = (
    Rule(
        code="caractere-special",
        title="Caractère spécial",
        message="Ce caractère spécial gêne la lecture.",
        severity="info",
        suggestion="Remplacez-le par des mots.",
        source="Inclusion Europe, « L'information pour tous » : évitez les caractères spéciaux ; "
        "lucid-lint, profil falc",
        check=_special_characters,
    ),
)
