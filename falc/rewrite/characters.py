"""Special characters removed where the sentence allows it (FALC: no ( ) / & § # %).

Two rewrites. :func:`replace_special_characters` is a safe change, one symbol for the word it
stands for: "&" → "et", "€/jour" → "€ par jour", "§ 3" → "paragraphe 3", "n° 12" → "numéro
12", "5 %" → "5 pour cent". :func:`parentheses_to_commas` is only a proposal: a parenthesis
becomes a comma-separated insert and "et/ou" becomes "ou", which a reader of a contract may
weigh differently. A parenthesis that defines an acronym (« cahier des clauses administratives
particulières (CCAP) ») stays: « ou CCAP » would read as an alternative. Addresses (URL,
e-mail) are left untouched.
"""

from __future__ import annotations

import re

from core.text import fold
from falc.glossary import ACRONYMS
from falc.rewrite.examples import becomes, kept

_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_AND_OR = re.compile(r"\bet\s*/\s*ou\b", re.IGNORECASE)
_SIMPLE = (
    (re.compile(r"\s*&\s*"), " et "),
    (re.compile(r"§\s*"), "paragraphe "),
    (
        re.compile(
            r"(?<!\bloi )(?<!\bdécret )(?<!\barrêté )(?<!\bordonnance )(?<!\bdirective )"
            r"(?<!\brèglement )\b[Nn]\s*°\s*(?=\d)"
        ),
        "numéro ",
    ),
    (re.compile(r"(?<=\d)\s*%"), " pour cent"),
    (re.compile(r"#\s*(?=\d)"), "numéro "),
    (
        re.compile(r"(?<=[\w€])\s*/\s*(jour|mois|an|heure|semaine|personne|page)s?\b"),
        r" par \1",
    ),
)
_PARENTHESIS = re.compile(r"\s*\(([^()]{1,120})\)(?P<after>\s*[.,;:!?]?)")


MAX_INSERT_WORDS = 6
"""A longer parenthesis holds a clause of its own; between commas it would read as the main one."""
_LAST_WORD = re.compile(r"([A-ZÉÈ][A-ZÉÈ0-9-]{1,10})s?\s*$")


def _explains_acronym(inside: str, before: str) -> bool:
    """« CCAP (cahier des clauses administratives particulières) »: the acronym's explanation."""
    found = _LAST_WORD.search(before)
    expansion = ACRONYMS.get(found.group(1)) if found else None
    return expansion is not None and fold(expansion) == fold(inside)


def _parenthesis(match: re.Match[str]) -> str:
    inside = match.group(1).strip()
    after = match.group("after")
    if re.fullmatch(r"[A-ZÉÈ][A-ZÉÈ0-9\-]{1,10}", inside):
        return match.group(0)  # "(CCAP)" defines the acronym; "règlement (UE)" names a text
    if _explains_acronym(inside, match.string[: match.start()]):
        return match.group(0)
    if not re.search(r"\w", inside) or "," in inside or len(inside.split()) > MAX_INSERT_WORDS:
        return match.group(0)  # « (...) », or a clause of its own: commas would blur it
    if re.fullmatch(r"\d+|[a-z]|[ivx]+", inside) or re.search(r"[=×+*/<>]", inside):
        return match.group(0)  # a footnote, a list mark or a formula: a person decides
    if match.end() == len(match.string) and not after:
        return f", {inside}"
    punctuation = after.strip()
    if punctuation and punctuation != ",":
        return f", {inside}{after}"
    return f", {inside},{after[1:] if punctuation == ',' else after}"


def _outside_addresses(text: str, clean) -> str:
    pieces: list[str] = []
    last = 0
    for match in _ADDRESS.finditer(text):
        pieces.append(clean(text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(clean(text[last:]))
    return "".join(pieces)


def replace_special_characters(text: str) -> str:
    """The text with each symbol FALC avoids written as the word it stands for (safe)."""
    return _outside_addresses(text, _symbols)


def parentheses_to_commas(text: str) -> str:
    """The text with its parentheses turned into commas and « et/ou » into « ou » (a proposal)."""
    return _outside_addresses(text, _parentheses)


def remove_special_characters(text: str) -> str:
    """Both rewrites, symbols then parentheses."""
    return parentheses_to_commas(replace_special_characters(text))


def _symbols(text: str) -> str:
    for pattern, replacement in _SIMPLE:
        text = pattern.sub(replacement, text)
    return text


def _parentheses(text: str) -> str:
    text = _AND_OR.sub("ou", text)
    text = _PARENTHESIS.sub(_parenthesis, text)
    return re.sub(r",\s*,", ",", text)


def list_item_ending(text: str) -> str:
    """A list item ending with a semicolon ends with a full stop instead ("le CCAP ;" → "le
    CCAP."); "; et" or "; ou" stay, they join the items."""
    return re.sub(r"\s*;\s*$", ".", text)


EXAMPLES = (
    becomes("Dupont & fils", "Dupont et fils"),
    becomes("une retenue de 5 %", "une retenue de 5 pour cent"),
    kept(
        "le dossier (le cas échéant) est remis.",
        "Des parenthèses ne deviennent des virgules qu'en proposition (réécriture « parentheses »).",
    ),
    kept("P = P0 × (0,15 + 0,85 × I / I0)", "Une formule garde ses signes."),
    kept("sur https://a.fr/x?a=1&b=2 demain", "Une adresse web garde ses caractères."),
)
