"""Plain-French vocabulary: the glossary (exact equivalents and terms of art), acronyms, Latin
and foreign expressions.

Three tables ship as package data in ``falc/data/`` (see ``falc/data/SOURCES.md``):

- ``glossaire.csv`` (:data:`GLOSSARY`), with two kinds of entry, each with its source:
  « équivalent » (:data:`JARGON`), an exact plain equivalent that may replace the word
  (« nonobstant » → « malgré »), with the grammar the rewriter needs to keep articles and
  agreement right; « terme » (:data:`TERMS`), a term of art that is never replaced, only
  explained (« notification » dates from receipt, « envoi officiel » would not).
- ``sigles.csv``: acronym → expansion (« DCE » → « dossier de consultation des entreprises »),
  :data:`ACRONYMS`, and :data:`ACRONYM_DETAILS` with the gender of each.
- ``expressions.csv``: Latin or foreign expression → plain French (:data:`EXPRESSIONS`).

:func:`find_vocabulary` finds every surface form of one table in a text; :func:`lookup_jargon`
and :func:`lookup_term` map a matched form back to its entry.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

VocabularyKind = Literal["jargon", "termes", "expressions"]
"""What :func:`find_vocabulary` looks for: équivalents, terms of art, or Latin expressions."""

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


def adjective_inflections(phrase: str) -> dict[str, str]:
    """An adjective phrase by gender and number (``ms``, ``fs``, ``mp``, ``fp``), inflecting its
    first word: « cité plus haut » → « citées plus haut » for ``fp``."""
    first, _, rest = phrase.partition(" ")
    tail = f" {rest}" if rest else ""
    feminine = _feminine_word(first)
    return {
        "ms": first + tail,
        "fs": feminine + tail,
        "mp": _plural_word(first) + tail,
        "fp": _plural_word(feminine) + tail,
    }


def adjective_forms(phrase: str) -> tuple[str, ...]:
    """The four forms of an adjective phrase, inflecting its first word (« relatif à »)."""
    first, _, rest = phrase.partition(" ")
    tail = f" {rest}" if rest else ""
    feminine = _feminine_word(first)
    words = {first, feminine, _plural_word(first), _plural_word(feminine)}
    return tuple(sorted(w + tail for w in words))


EntryKind = Literal["équivalent", "terme"]
"""« équivalent »: an exact plain equivalent that may replace the word (a safe change);
« terme »: a term of art, never replaced, only explained (at the top of the simplified text)."""


class GlossaryEntry(BaseModel):
    """One row of ``glossaire.csv``: a word or phrase, its kind, and what to do with it."""

    model_config = ConfigDict(frozen=True)

    term: str = Field(description="Le terme, au singulier (au masculin pour un adjectif).")
    variants: tuple[str, ...] = Field(
        default=(), description="Autres formes écrites du même terme (colonne « formes »)."
    )
    kind: EntryKind = Field(description="« équivalent » (peut remplacer) ou « terme » (expliqué).")
    category: Category
    replacement: str | None = Field(
        default=None, description="Le mot simple qui peut le remplacer (équivalents seulement)."
    )
    explanation: str | None = Field(
        default=None, description="L'explication en français simple (termes seulement)."
    )
    source: str = Field(
        min_length=1, description="Où le sens est fixé : article, guide, dictionnaire."
    )
    gender: Gender | None = Field(default=None, description="Genre du terme (noms, déterminants).")
    number: Number | None = Field(default=None, description="Nombre du terme tel qu'écrit.")
    plural: str | None = Field(default=None, description="Pluriel du terme (noms).")
    replacement_gender: Gender | None = None
    replacement_number: Number | None = None
    replacement_plural: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> GlossaryEntry:
        if self.kind == "équivalent" and (not self.replacement or self.explanation):
            raise ValueError(
                f"« {self.term} » : un équivalent a un remplacement et pas d'explication."
            )
        if self.kind == "terme" and (self.replacement or not self.explanation):
            raise ValueError(
                f"« {self.term} » : un terme a une explication et pas de remplacement."
            )
        return self

    # The rewriter's and the analysis' names for the replacement (« plain words »).
    @property
    def plain(self) -> str | None:
        return self.replacement

    @property
    def plain_gender(self) -> Gender | None:
        return self.replacement_gender

    @property
    def plain_number(self) -> Number | None:
        return self.replacement_number

    @property
    def plain_plural(self) -> str | None:
        return self.replacement_plural

    @property
    def elides(self) -> bool:
        """The term elides a preceding article (« l'attributaire »)."""
        return elides(self.term)

    @property
    def plain_elides(self) -> bool:
        """The replacement elides a preceding article (« l'acheteur », « l'entreprise »)."""
        return elides(self.replacement or "")

    @property
    def forms(self) -> tuple[str, ...]:
        """Every surface form the analysis and the rewriter recognise."""
        if self.category == "nom":
            found = (self.term, self.plural, *self.variants)
        elif self.category == "adjectif":
            found = (*adjective_forms(self.term), *self.variants)
        else:
            found = (self.term, *self.variants)
        return tuple(dict.fromkeys(f for f in found if f))


JargonEntry = GlossaryEntry
"""The name the analysis rules use for an entry with a plain replacement."""


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


GLOSSARY_FILE = "glossaire.csv"


def _load_glossary() -> dict[str, GlossaryEntry]:
    entries: dict[str, GlossaryEntry] = {}
    for row in _rows(GLOSSARY_FILE):
        values = {key: _none_if_empty(value) for key, value in row.items()}
        category = values["categorie"]
        if category == "nom" and not values["pluriel"] and values["nombre"] == "s":
            values["pluriel"] = pluralise(values["terme"] or "")
        if (
            category == "nom"
            and values["remplacement"]
            and not values["pluriel_remplacement"]
            and values["nombre_remplacement"] == "s"
        ):
            values["pluriel_remplacement"] = pluralise(values["remplacement"] or "")
        entry = GlossaryEntry(
            term=values["terme"] or "",
            variants=tuple(v.strip() for v in (values["formes"] or "").split("|") if v.strip()),
            kind=values["type"],  # type: ignore[arg-type]
            category=category,  # type: ignore[arg-type]
            replacement=values["remplacement"],
            explanation=values["explication"],
            source=values["source"] or "",
            gender=values["genre"],  # type: ignore[arg-type]
            number=values["nombre"],  # type: ignore[arg-type]
            plural=values["pluriel"],
            replacement_gender=values["genre_remplacement"],  # type: ignore[arg-type]
            replacement_number=values["nombre_remplacement"],  # type: ignore[arg-type]
            replacement_plural=values["pluriel_remplacement"],
        )
        if entry.term in entries:
            raise ValueError(f"« {entry.term} » est deux fois dans {GLOSSARY_FILE}.")
        entries[entry.term] = entry
    return entries


GLOSSARY: dict[str, GlossaryEntry] = _load_glossary()
"""Every entry of the glossary, by term (lowercase, singular)."""

JARGON: dict[str, GlossaryEntry] = {
    term: entry for term, entry in GLOSSARY.items() if entry.kind == "équivalent"
}
"""The « équivalent » entries: words an exact plain equivalent may replace."""

TERMS: dict[str, GlossaryEntry] = {
    term: entry for term, entry in GLOSSARY.items() if entry.kind == "terme"
}
"""The « terme » entries: terms of art, kept as they are and explained."""

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
_FORM_TO_TERM_OF_ART: dict[str, str] = {
    _normalise_apostrophes(form): entry.term for entry in TERMS.values() for form in entry.forms
}
_FORM_TO_EXPRESSION: dict[str, str] = {_normalise_apostrophes(e): e for e in EXPRESSIONS}


def lookup_jargon(surface: str) -> JargonEntry | None:
    """The jargon entry of a surface form found in a text (any case, either apostrophe)."""
    term = _FORM_TO_TERM.get(_normalise_apostrophes(surface))
    return JARGON.get(term) if term else None


def lookup_term(surface: str) -> GlossaryEntry | None:
    """The term of art (« terme » entry) of a surface form found in a text."""
    term = _FORM_TO_TERM_OF_ART.get(_normalise_apostrophes(surface))
    return TERMS.get(term) if term else None


def lookup_expression(surface: str) -> Expression | None:
    """The Latin or foreign expression of a surface form found in a text."""
    key = _FORM_TO_EXPRESSION.get(_normalise_apostrophes(surface))
    return EXPRESSIONS.get(key) if key else None


def _alternation(forms: Iterable[str]) -> str:
    ordered = sorted(set(forms), key=len, reverse=True)  # longest first: « appel d'offres ouvert »
    return "|".join(re.escape(f).replace("'", "['’]") for f in ordered)


@cache  # one entry per VocabularyKind
def vocabulary_pattern(kind: VocabularyKind) -> re.Pattern[str]:
    """One compiled, case-insensitive pattern of every form of the jargon or expression table.

    Verbs are matched on their lemma by the jargon rule, not here (they conjugate).
    """
    return re.compile(rf"(?<![\w-])(?:{_alternation(_forms(kind))})(?![\w-])", re.IGNORECASE)


def _forms(kind: VocabularyKind) -> list[str]:
    if kind == "jargon":
        return [f for f, term in _FORM_TO_TERM.items() if JARGON[term].category != "verbe"]
    if kind == "termes":
        return [f for f, term in _FORM_TO_TERM_OF_ART.items() if TERMS[term].category != "verbe"]
    return list(_FORM_TO_EXPRESSION)


_RUN = re.compile(r"[\w-]+")
_WORD_START = re.compile(r"(?<![\w-])[\w-]+")


@cache  # one entry per VocabularyKind
def _forms_by_first_word(kind: VocabularyKind) -> dict[str, tuple[str, ...]]:
    """Normalised forms grouped by their first run of letters, longest first."""
    groups: dict[str, list[str]] = {}
    for form in _forms(kind):
        first = _RUN.match(form)
        if first is not None:
            groups.setdefault(first.group(), []).append(form)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in groups.items()}


def find_vocabulary(text: str, kind: VocabularyKind) -> list[tuple[int, int]]:
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
"""Verbs with an exact plain equivalent, by infinitive (without the reflexive « s' »), matched
on spaCy lemmas."""

TERM_VERBS: dict[str, GlossaryEntry] = {
    e.term.removeprefix("s'"): e for e in TERMS.values() if e.category == "verbe"
}
"""Verbs that are terms of art (« notifier »), by infinitive, matched on spaCy lemmas."""
