"""Rules about numbers and dates: digits rather than letters, no Roman numerals, no percentages,
no large numbers, full dates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from falc.glossary import ACRONYMS
from falc.rules.base import Hit, Rule, RuleContext

_SOURCE_IE = "Inclusion Europe, « L'information pour tous »"

# --- numbers in letters ---------------------------------------------------------------------------

NUMBER_WORDS = frozenset(
    {
        "zéro",
        "deux",
        "trois",
        "quatre",
        "cinq",
        "six",
        "sept",
        "huit",
        "neuf",
        "dix",
        "onze",
        "douze",
        "treize",
        "quatorze",
        "quinze",
        "seize",
        "vingt",
        "vingts",
        "trente",
        "quarante",
        "cinquante",
        "soixante",
        "septante",
        "huitante",
        "octante",
        "nonante",
        "cent",
        "cents",
        "mille",
        "million",
        "millions",
        "milliard",
        "milliards",
        "deuxième",
        "troisième",
        "quatrième",
        "cinquième",
        "sixième",
        "septième",
        "huitième",
        "neuvième",
        "dixième",
        "onzième",
        "douzième",
        "treizième",
        "quatorzième",
        "quinzième",
        "seizième",
        "vingtième",
        "trentième",
        "quarantième",
        "cinquantième",
        "soixantième",
        "centième",
        "millième",
    }
)
"""French number words (cardinals and ordinals). « un », « une » count only inside a compound."""
_COMPOUND_GLUE = frozenset({"et", "un", "une"})
_AMBIGUOUS = frozenset({"neuf"})
"""« neuf » is also « new »: a number only when spaCy tags it NUM."""


_PERCENT_CENT = frozenset({"cent", "cents"})
"""« cinq pour cent » : « cent » is part of the percent sign (the rule « pourcentage »), not a
number; « cinq » is the number written in letters."""


def _number_word(token: Token) -> bool:
    lower = token.lower_
    if lower in _PERCENT_CENT and token.i > 0 and token.doc[token.i - 1].lower_ == "pour":
        return False
    if lower in NUMBER_WORDS:
        return lower not in _AMBIGUOUS or token.pos_ == "NUM"
    if "-" not in lower:
        return False
    parts = lower.split("-")
    return all(p in NUMBER_WORDS or p in _COMPOUND_GLUE for p in parts) and any(
        p in NUMBER_WORDS for p in parts
    )


def _numbers_in_letters(context: RuleContext) -> Iterator[Hit]:
    doc = context.doc
    position = 0
    while position < len(doc):
        token = doc[position]
        if not _number_word(token):
            position += 1
            continue
        last = position
        probe = position + 1
        while probe < len(doc):
            nxt = doc[probe]
            if _number_word(nxt):
                last = probe
                probe += 1
            elif (
                nxt.lower_ == "et"
                and probe + 1 < len(doc)
                and doc[probe + 1].lower_ in ("un", "une")
            ):
                last = probe + 1  # « vingt et un »
                probe += 2
            else:
                break
        end_token = doc[last]
        yield Hit(token.idx, end_token.idx + len(end_token))
        position = last + 1


# --- Roman numerals -----------------------------------------------------------------------------------

_ROMAN = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_ORDINAL = re.compile(r"^([MDCLXVI]+)(?:e|er|ème|è)$")
_ROMAN_CONTEXT_BEFORE = frozenset(
    {
        "titre",
        "chapitre",
        "article",
        "annexe",
        "section",
        "partie",
        "livre",
        "tome",
        "lot",
        "volume",
        "phase",
        "tranche",
        "point",
        "niveau",
    }
)
_ROMAN_CONTEXT_AFTER = frozenset({"siècle", "siècles", "e", "er", "ème"})


def is_roman_numeral(text: str) -> bool:
    """True for a well-formed Roman numeral in capitals (« IV », « XII »), False for « » or « IIII »."""
    return bool(text) and text.isupper() and bool(_ROMAN.match(text))


def _roman_numeral(token: Token) -> bool:
    text = token.text
    doc = token.doc
    before = doc[token.i - 1].lower_ if token.i > 0 else ""
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    in_context = before in _ROMAN_CONTEXT_BEFORE or after in _ROMAN_CONTEXT_AFTER
    ordinal = _ROMAN_ORDINAL.match(text)
    if ordinal and is_roman_numeral(ordinal.group(1)):
        return len(ordinal.group(1)) >= 2 or in_context
    if not is_roman_numeral(text):
        return False
    if text in ACRONYMS:
        return False
    if len(text) >= 2 and set(text) <= {"I", "V", "X"}:
        return True
    return in_context


def _roman_numerals(context: RuleContext) -> Iterator[Hit]:
    for token in context.doc:
        if token.text[:1] in "MDCLXVI" and _roman_numeral(token):
            yield Hit(token.idx, token.idx + len(token))


# --- percentages -------------------------------------------------------------------------------------------

_PERCENT = re.compile(
    r"\d+(?:[,.]\d+)?\s?(?:%|pour ?cents?\b|p\.\s?100\b)"
    r"|\b(?:[a-zéèà]+-)*[a-zéèà]+ pour ?cents?\b",
    re.IGNORECASE,
)


def _percentages(context: RuleContext) -> Iterator[Hit]:
    text = context.text
    if "%" not in text and "cent" not in text and "p." not in text:
        return  # the pattern is slow to fail on long paragraphs
    for match in _PERCENT.finditer(text):
        yield Hit(match.start(), match.end())


# --- large numbers ------------------------------------------------------------------------------------------

_LARGE_NUMBER = re.compile(
    r"(?<![\w.,/-])(?<!\d[   ])(?:\d{1,3}(?:[   .]\d{3})+|\d{4,})(?:,\d+)?(?![\w/-]|[.,]\d)"
)
_LEGAL_REFERENCE = re.compile(
    r"(?:\b[RLDA]\.?|articles?|art\.|\b(?:CS|BP|TSA|case|n°|no|numéro))\s*$", re.IGNORECASE
)
"""« article R. 2152 », « articles 1316 à », « CS 20813 », « BP 8 » : references and boxes."""
_REFERENCE_LIST = re.compile(
    r"\barticles\s+(?:[RLDA]\.?\s*)?[\d.-]+(?:\s*(?:,|et|ou|à)\s*(?:[RLDA]\.?\s*)?[\d.-]+)*"
    r"\s*(?:,|et|ou|à)\s*(?:[RLDA]\.?\s*)?$",
    re.IGNORECASE,
)
"""« articles 1792 et 2270 », « articles L. 324-9, L. 324-10 » : the second and later numbers
of a list of articles."""
_FORMULA = re.compile(r"[=*×÷/]\s*$")
"""« V × R / 1 000 » : a constant of a formula, neither rounded nor explained away."""
_YEARS = range(1900, 2101)
_UNIT_AFTER = re.compile(
    r"^\s*(?:€|euros?\b|eur\b|m[²³23]?\b|km\b|kg\b|t\b|tonnes?\b|litres?\b|mètres?\b|"
    r"heures?\b|jours?\b|mois\b|ans?\b|habitants?\b|logements?\b|places?\b|repas\b|"
    r"personnes?\b|élèves?\b|abonnés?\b|branchements?\b|kw\w*\b|mw\w*\b)",
    re.IGNORECASE,
)
"""A unit or a currency after a number: it counts something."""
_LABEL_AFTER = re.compile(r"[.)](?:\s|$)|\s?[-–—]\s")
"""« 31.101. », « 2912. », « 6089 - remplacement… » at the head of a paragraph: the number of a
clause, a sub-clause or a lot (the dot between its parts is sometimes lost), not a quantity."""
_IDENTIFIER_DIGITS = 9
"""SIREN (9), SIRET (14), phone and account numbers are identifiers, not quantities."""


def _large_numbers(context: RuleContext) -> Iterator[Hit]:
    text = context.text
    minimum = context.config.large_number_min_digits
    for match in _LARGE_NUMBER.finditer(text):
        number = match.group()
        digits = sum(c.isdigit() for c in number.split(",")[0])
        if digits < minimum or digits >= _IDENTIFIER_DIGITS:
            continue
        if number.isdigit() and int(number) in _YEARS:
            continue  # a year
        if _LEGAL_REFERENCE.search(text[max(0, match.start() - 9) : match.start()]):
            continue  # « article R. 2152 »
        if _REFERENCE_LIST.search(text[max(0, match.start() - 60) : match.start()]):
            continue  # « articles 1792 et 2270 »
        if number.isdigit() and digits == 5 and not _UNIT_AFTER.match(text[match.end() :]):
            continue  # « 59140 Dunkerque », « (50110) », « 40117 - 59332 » : codes, not amounts
        if _FORMULA.search(text[max(0, match.start() - 3) : match.start()]):
            continue
        if not text[: match.start()].strip():
            if not text[match.end() :].strip(" ,.;"):
                continue  # a number alone in its paragraph: a code, a box number, a page
            if _LABEL_AFTER.match(text, match.end()):
                continue  # « 31.101. Le titulaire… » : a clause number
        yield Hit(match.start(), match.end())


# --- numeric dates ---------------------------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(
    r"(?<![\w/.-])(?:(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})|(\d{4})-(\d{2})-(\d{2}))(?![\w/-]|\.\d)"
)


def _numeric_dates(context: RuleContext) -> Iterator[Hit]:
    for match in _NUMERIC_DATE.finditer(context.text):
        if match.group(1):
            day, month = int(match.group(1)), int(match.group(3))
        else:
            day, month = int(match.group(7)), int(match.group(6))
        if 1 <= day <= 31 and 1 <= month <= 12:
            yield Hit(match.start(), match.end())


def numeric_date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the numeric dates of ``text`` (the special-character rule leaves their « / » alone)."""
    return [m.span() for m in _NUMERIC_DATE.finditer(text)]


RULES = (
    Rule(
        code="nombre-en-lettres",
        title="Nombre écrit en lettres",
        message="Ce nombre est écrit en lettres.",
        severity="info",
        suggestion="Écrivez les nombres en chiffres : « 15 jours » plutôt que « quinze jours ».",
        source=f"{_SOURCE_IE} : écrivez les nombres en chiffres",
        check=_numbers_in_letters,
    ),
    Rule(
        code="chiffres-romains",
        title="Chiffres romains",
        message="Ce nombre est écrit en chiffres romains.",
        severity="avertissement",
        suggestion="Écrivez le nombre en chiffres : « titre 4 » plutôt que « titre IV ».",
        source=f"{_SOURCE_IE} : n'utilisez pas les chiffres romains",
        check=_roman_numerals,
    ),
    Rule(
        code="pourcentage",
        title="Pourcentage",
        message="Les pourcentages sont difficiles à comprendre.",
        severity="info",
        suggestion="Écrivez « 1 sur 4 », « la moitié » ou « presque tous » quand c'est possible.",
        source=f"{_SOURCE_IE} : évitez les pourcentages",
        check=_percentages,
    ),
    Rule(
        code="grand-nombre",
        title="Grand nombre",
        message="Les grands nombres sont difficiles à comprendre.",
        severity="info",
        suggestion="Arrondissez si c'est possible (« plus de 40 000 euros ») ou comparez à une "
        "chose connue.",
        source=f"{_SOURCE_IE} : évitez les grands nombres ; lucid-lint, profil falc (4 chiffres)",
        check=_large_numbers,
    ),
    Rule(
        code="date-numerique",
        title="Date écrite en chiffres",
        message="Cette date est écrite seulement en chiffres.",
        severity="avertissement",
        suggestion="Écrivez la date en entier : « lundi 15 mars 2025 » plutôt que « 15/03/2025 ».",
        source=f"{_SOURCE_IE} : écrivez les dates en entier",
        check=_numeric_dates,
    ),
)
