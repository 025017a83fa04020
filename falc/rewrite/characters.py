"""Special characters removed where the sentence allows it (FALC: no ( ) / & § # %).

Each replacement keeps the meaning: "&" → "et", "et/ou" → "ou", "€/jour" → "€ par jour",
"§ 3" → "paragraphe 3", "n° 12" → "numéro 12", "5 %" → "5 pour cent", a parenthesis becomes a
comma-separated insert (or "ou CCAP" for a sigle). Addresses (URL, e-mail) are left untouched.
"""

from __future__ import annotations

import re

from core.text import fold
from falc.glossary import ACRONYMS
from falc.rewrite.examples import becomes, kept

_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_SIMPLE = (
    (re.compile(r"\bet\s*/\s*ou\b", re.IGNORECASE), "ou"),
    (re.compile(r"\s*&\s*"), " et "),
    (re.compile(r"§\s*"), "paragraphe "),
    (re.compile(r"\b[Nn]\s*°\s*(?=\d)"), "numéro "),
    (re.compile(r"(?<=\d)\s*%"), " pour cent"),
    (re.compile(r"#\s*(?=\d)"), "numéro "),
    (
        re.compile(r"(?<=[\w€])\s*/\s*(jour|mois|an|heure|semaine|personne|page)s?\b"),
        r" par \1",
    ),
)
_PARENTHESIS = re.compile(r"\s*\(([^()]{1,120})\)(?P<after>\s*[.,;:!?]?)")


_SMALL_WORDS = frozenset({"de", "des", "du", "la", "le", "les", "l", "d", "à", "au", "aux", "et", "en", "sur", "pour"})  # fmt: skip


def _defines(acronym: str, before: str) -> bool:
    """True when the words just before spell the acronym out: its known expansion, or the
    initials of the last words ("date limite de consommation (DLC)", "Banque centrale
    européenne (BCE)")."""
    expansion = ACRONYMS.get(acronym)
    if expansion is not None and fold(before).rstrip().endswith(fold(expansion)):
        return True
    letters = [c for c in fold(acronym) if c.isalpha()]
    words = [w for w in re.split(r"[\s'’-]+", fold(before)) if w and w not in _SMALL_WORDS]
    initials = [w[0] for w in words[-len(letters) :]] if letters else []
    return len(letters) >= 2 and initials == letters


def _parenthesis(match: re.Match[str]) -> str:
    inside = match.group(1).strip()
    after = match.group("after")
    if re.fullmatch(r"[A-ZÉÈ][A-ZÉÈ0-9\-]{1,10}", inside):
        if not _defines(inside, match.string[: match.start()]):
            return match.group(0)  # "règlement (UE)": not the definition of an acronym
        return f" ou {inside}{after}"
    if re.fullmatch(r"\d+|[a-z]|[ivx]+", inside) or re.search(r"[=×+*/<>]", inside):
        return match.group(0)  # a footnote, a list mark or a formula: a person decides
    if match.end() == len(match.string) and not after:
        return f", {inside}"
    punctuation = after.strip()
    if punctuation and punctuation != ",":
        return f", {inside}{after}"
    return f", {inside},{after[1:] if punctuation == ',' else after}"


def remove_special_characters(text: str) -> str:
    """The text with the special characters FALC avoids replaced by words or commas."""
    pieces: list[str] = []
    last = 0
    for match in _ADDRESS.finditer(text):
        pieces.append(_clean(text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_clean(text[last:]))
    return "".join(pieces)


def _clean(text: str) -> str:
    for pattern, replacement in _SIMPLE:
        text = pattern.sub(replacement, text)
    text = _PARENTHESIS.sub(_parenthesis, text)
    return re.sub(r",\s*,", ",", text)


def list_item_ending(text: str) -> str:
    """A list item ending with a semicolon ends with a full stop instead ("le CCAP ;" → "le
    CCAP."); "; et" or "; ou" stay, they join the items."""
    return re.sub(r"\s*;\s*$", ".", text)


EXAMPLES = (
    becomes("Dupont & fils", "Dupont et fils"),
    becomes("une retenue de 5 %", "une retenue de 5 pour cent"),
    becomes("le dossier (le cas échéant) est remis.", "le dossier, le cas échéant, est remis."),
    kept("P = P0 × (0,15 + 0,85 × I / I0)", "Une formule garde ses signes."),
    kept("sur https://a.fr/x?a=1&b=2 demain", "Une adresse web garde ses caractères."),
)
