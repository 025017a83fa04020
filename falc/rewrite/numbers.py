"""Numbers in digits: "quinze jours" → "15 jours", "titre II" → "titre 2".

Numbers written in letters are converted with text2num's ``alpha2digit``. Words that look like
numbers but are not, or should stay words, are protected first: the articles "un"/"une" ("un
délai"), the ordinals "premier"/"première" (dates handle "1er" themselves), "pour cent" (kept in
words, where text2num would write "pour 100"), "neuf" as an adjective ("un bâtiment neuf") and
"million(s)" after digits ("1,5 million", which text2num would read as another number).
"""

from __future__ import annotations

import re

from text_to_num import alpha2digit

from falc.invariants import STRUCTURE_WORDS, roman_to_int, tens_and_one_to_digits
from falc.rewrite.examples import becomes, kept

_PROTECTED = re.compile(
    r"\b(?:un|une|Un|Une|premier|première|premiers|premières|Premier|Première)\b"
    r"|\bpour\s+cent\b"
    r"|\bneufs?\b(?=\s*(?:[.,;:)!?]|$|et\b|ou\b))"
    r"|(?<=\bà )neuf\b|(?<=\bà l'état )neuf\b"
    r"|\b(?:tous|toutes|Tous|Toutes)\s+(?:deux|trois)\b"
    r"|(?<=\d)\s+(?:millions?|milliards?)\b"
)
_ROMAN = re.compile(rf"\b({STRUCTURE_WORDS})\s+([IVXLC]+)\b(?![.\-]?\s*\d)", re.IGNORECASE)


def digits_for_words(text: str) -> str:
    """The text with numbers written in letters turned into digits."""
    saved: list[str] = []

    def protect(match: re.Match[str]) -> str:
        saved.append(match.group(0))
        return f"\ue100{len(saved) - 1}\ue101"

    protected = re.sub(r"\b(?:un|une)\s*\(\s*1\s*\)", "1", text, flags=re.IGNORECASE)
    protected = _PROTECTED.sub(protect, tens_and_one_to_digits(protected))
    converted = alpha2digit(protected, "fr", threshold=0)
    converted = re.sub(r"\ue100(\d+)\ue101", lambda m: saved[int(m.group(1))], converted)
    if converted == text:
        return text
    # "vingt-quatre (24) heures" → "24 heures": the digits in parentheses are now a repetition.
    return re.sub(r"\b(\d+)\s*\(\s*\1\s*\)", r"\1", converted)


def roman_to_digits(text: str) -> str:
    """Roman numerals after "titre", "chapitre", "lot"... in digits: "lot IV" → "lot 4"."""

    def replace(match: re.Match[str]) -> str:
        value = roman_to_int(match.group(2))
        return f"{match.group(1)} {value}" if value else match.group(0)

    return _ROMAN.sub(replace, text)


NUMBER_EXAMPLES = (
    becomes(
        "Le titulaire dispose d'un délai de quinze jours.",
        "Le titulaire dispose d'un délai de 15 jours.",
    ),
    becomes("vingt-quatre (24) heures ouvrées", "24 heures ouvrées"),
    kept("L'un des lots est réservé.", "« un » n'est pas un nombre ici."),
    kept("La première phase commence en mai.", "Un rang reste en lettres."),
)
ROMAN_EXAMPLES = (
    becomes(
        "Les stipulations du titre II s'appliquent.", "Les stipulations du titre 2 s'appliquent."
    ),
    kept(
        "Voir l'article L. 2152 du code.", "« L. » est une lettre de code, pas un chiffre romain."
    ),
)
