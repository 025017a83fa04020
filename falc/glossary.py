"""Plain-French vocabulary: procurement jargon, acronyms, Latin and foreign expressions.

Three tables ship as package data in ``falc/data/`` (see ``falc/data/SOURCES.md``):

- :data:`JARGON`: administrative or procurement term → plain alternative, with the grammar the
  rewriter needs to keep articles and agreement right: category, gender and number of the term
  and of its replacement, whether each elides a preceding « le/la/de » (first letter a vowel or a
  silent h), and both plural forms.
- :data:`ACRONYMS`: acronym → expansion (« DCE » → « dossier de consultation des entreprises »),
  and :data:`ACRONYM_DETAILS` with the gender of each.
- :data:`EXPRESSIONS`: Latin or foreign expression → plain French.

:func:`vocabulary_pattern` compiles every surface form into one regular expression, used by the
jargon and expression rules; :func:`lookup_jargon` maps a matched form back to its entry.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Category = Literal["nom", "verbe", "adjectif", "adverbe", "locution", "determinant", "pronom"]
Gender = Literal["m", "f"]
Number = Literal["s", "p"]

_VOWELS = frozenset("aàâäeéèêëiîïoôöuùûüyœæ")
_ASPIRATED_H = frozenset(
    {
        "hache",
        "haie",
        "hall",
        "hameau",
        "hangar",
        "handicap",
        "hasard",
        "hausse",
        "haut",
        "hauteur",
        "héros",
        "hêtre",
        "hors",
        "housse",
        "hublot",
        "hutte",
    }
)
_PREPOSITIONS = frozenset(
    {"de", "du", "des", "d'", "à", "au", "aux", "sur", "pour", "par", "en", "avec"}
)


def elides(phrase: str) -> bool:
    """True if « le », « la », « de », « que » before ``phrase`` become « l' », « d' », « qu' ».

    A first letter that is a vowel elides; an h elides unless it is aspirated (« la hausse »).
    """
    word = phrase.strip().split(" ")[0].lower()
    if not word:
        return False
    if word[0] in _VOWELS:
        return True
    return word[0] == "h" and word.split("-")[0] not in _ASPIRATED_H


def _plural_word(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    if word.endswith(("eau", "eu")):
        return word + "x"
    return word + "s"


def pluralise(phrase: str) -> str:
    """Plural of a noun phrase: each word up to the first preposition takes the plural mark.

    « pouvoir adjudicateur » → « pouvoirs adjudicateurs » ; « acte d'engagement » → « actes
    d'engagement ». Irregular phrases carry their plural explicitly in ``jargon.csv``.
    """
    words = phrase.split(" ")
    out: list[str] = []
    for position, word in enumerate(words):
        head = word.split("'")[0] + ("'" if "'" in word else "")
        if word in _PREPOSITIONS or head in _PREPOSITIONS:
            out.extend(words[position:])
            break
        out.append(_plural_word(word))
    return " ".join(out)


def _feminine_word(word: str) -> str:
    for ending, feminine in (
        ("eux", "euse"),
        ("if", "ive"),
        ("el", "elle"),
        ("ier", "ière"),
        ("et", "ète"),
        ("uc", "uque"),
        ("e", "e"),
    ):
        if word.endswith(ending):
            return word[: len(word) - len(ending)] + feminine
    return word + "e"


def adjective_forms(phrase: str) -> tuple[str, ...]:
    """The four forms of an adjective phrase, inflecting its first word (« relatif à »)."""
    first, _, rest = phrase.partition(" ")
    tail = f" {rest}" if rest else ""
    feminine = _feminine_word(first)
    words = {first, feminine, _plural_word(first), _plural_word(feminine)}
    return tuple(sorted(w + tail for w in words))


class JargonEntry(BaseModel):
    """One jargon term and its plain replacement."""

    model_config = ConfigDict(frozen=True)

    term: str = Field(description="Le terme, au singulier (au masculin pour un adjectif).")
    category: Category
    gender: Gender | None = Field(description="Genre du terme (noms, déterminants).")
    number: Number | None = Field(description="Nombre du terme tel qu'écrit dans « term ».")
    plain: str = Field(description="Le mot simple à écrire à la place.")
    plain_gender: Gender | None
    plain_number: Number | None
    plural: str | None = Field(description="Pluriel du terme (noms).")
    plain_plural: str | None = Field(description="Pluriel du remplacement (noms).")

    @property
    def elides(self) -> bool:
        """The term elides a preceding article (« l'attributaire »)."""
        return elides(self.term)

    @property
    def plain_elides(self) -> bool:
        """The replacement elides a preceding article (« l'acheteur », « l'entreprise »)."""
        return elides(self.plain)

    @property
    def forms(self) -> tuple[str, ...]:
        """Every surface form the analysis recognises."""
        if self.category == "nom":
            return tuple(dict.fromkeys(f for f in (self.term, self.plural) if f))
        if self.category == "adjectif":
            return adjective_forms(self.term)
        return (self.term,)


class Acronym(BaseModel):
    """One acronym, its expansion and its gender."""

    model_config = ConfigDict(frozen=True)

    acronym: str
    expansion: str
    gender: Gender


class Expression(BaseModel):
    """A Latin or foreign expression and its plain French meaning."""

    model_config = ConfigDict(frozen=True)

    expression: str
    plain: str


def _rows(name: str) -> Iterable[dict[str, str]]:
    with files("falc.data").joinpath(name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=";")


def _none_if_empty(value: str) -> str | None:
    return value.strip() or None


def _load_jargon() -> dict[str, JargonEntry]:
    entries: dict[str, JargonEntry] = {}
    for row in _rows("jargon.csv"):
        values = {key: _none_if_empty(value) for key, value in row.items()}
        category = values["category"]
        if category == "nom" and not values["plural"] and values["number"] == "s":
            values["plural"] = pluralise(values["term"] or "")
        if category == "nom" and not values["plain_plural"] and values["plain_number"] == "s":
            values["plain_plural"] = pluralise(values["plain"] or "")
        entry = JargonEntry.model_validate(values)
        entries[entry.term] = entry
    return entries


JARGON: dict[str, JargonEntry] = _load_jargon()
"""Jargon term (lowercase, singular) → entry."""

ACRONYM_DETAILS: dict[str, Acronym] = {
    row["acronym"]: Acronym.model_validate(row) for row in _rows("sigles.csv")
}
ACRONYMS: dict[str, str] = {code: a.expansion for code, a in ACRONYM_DETAILS.items()}
"""Acronym → expansion."""

EXPRESSIONS: dict[str, Expression] = {
    row["expression"]: Expression.model_validate(row) for row in _rows("expressions.csv")
}
"""Latin or foreign expression (lowercase) → plain French."""


def _normalise_apostrophes(text: str) -> str:
    return text.replace("’", "'").lower()


_FORM_TO_TERM: dict[str, str] = {
    _normalise_apostrophes(form): entry.term for entry in JARGON.values() for form in entry.forms
}
_FORM_TO_EXPRESSION: dict[str, str] = {_normalise_apostrophes(e): e for e in EXPRESSIONS}


def lookup_jargon(surface: str) -> JargonEntry | None:
    """The jargon entry of a surface form found in a text (any case, either apostrophe)."""
    term = _FORM_TO_TERM.get(_normalise_apostrophes(surface))
    return JARGON.get(term) if term else None


def lookup_expression(surface: str) -> Expression | None:
    """The Latin or foreign expression of a surface form found in a text."""
    key = _FORM_TO_EXPRESSION.get(_normalise_apostrophes(surface))
    return EXPRESSIONS.get(key) if key else None


def _alternation(forms: Iterable[str]) -> str:
    ordered = sorted(set(forms), key=len, reverse=True)  # longest first: « appel d'offres ouvert »
    return "|".join(re.escape(f).replace("'", "['’]") for f in ordered)


@lru_cache(maxsize=2)
def vocabulary_pattern(kind: Literal["jargon", "expressions"]) -> re.Pattern[str]:
    """One compiled, case-insensitive pattern of every form of the jargon or expression table.

    Verbs are matched on their lemma by the jargon rule, not here (they conjugate).
    """
    return re.compile(rf"(?<![\w-])(?:{_alternation(_forms(kind))})(?![\w-])", re.IGNORECASE)


def _forms(kind: Literal["jargon", "expressions"]) -> list[str]:
    if kind == "jargon":
        return [f for f, term in _FORM_TO_TERM.items() if JARGON[term].category != "verbe"]
    return list(_FORM_TO_EXPRESSION)


_RUN = re.compile(r"[\w-]+")
_WORD_START = re.compile(r"(?<![\w-])[\w-]+")


@lru_cache(maxsize=2)
def _forms_by_first_word(kind: Literal["jargon", "expressions"]) -> dict[str, tuple[str, ...]]:
    """Normalised forms grouped by their first run of letters, longest first."""
    groups: dict[str, list[str]] = {}
    for form in _forms(kind):
        first = _RUN.match(form)
        if first is not None:
            groups.setdefault(first.group(), []).append(form)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in groups.items()}


def find_vocabulary(text: str, kind: Literal["jargon", "expressions"]) -> list[tuple[int, int]]:
    """Spans of the forms of the jargon or expression table in ``text``, left to right.

    The same matches as :func:`vocabulary_pattern` (case-insensitive, either apostrophe, whole
    words, longest form first, no overlap), found by looking up each word of the text among the
    forms that start with it: much faster than one regular expression of several hundred
    alternatives.
    """
    normalised = _normalise_apostrophes(text)
    if len(normalised) != len(text):  # a rare character whose lowercase is longer
        return [m.span() for m in vocabulary_pattern(kind).finditer(text)]
    groups = _forms_by_first_word(kind)
    spans: list[tuple[int, int]] = []
    covered = 0
    for word in _WORD_START.finditer(normalised):
        start = word.start()
        if start < covered:
            continue
        for form in groups.get(word.group(), ()):
            end = start + len(form)
            if normalised.startswith(form, start) and not (
                end < len(normalised) and (normalised[end].isalnum() or normalised[end] in "_-")
            ):
                spans.append((start, end))
                covered = end
                break
    return spans


JARGON_VERBS: dict[str, JargonEntry] = {
    e.term.removeprefix("s'"): e for e in JARGON.values() if e.category == "verbe"
}
"""Jargon verbs by infinitive (without the reflexive « s' »), matched on spaCy lemmas."""
