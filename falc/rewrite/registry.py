"""Every rewrite of ``clair simplifie`` but the sentence cuts: one registry, in the order they
run, each rewrite with its code, its kind, its French message, its examples and its function.

Each rewrite has the signature ``(text: str, context: RewriteContext) -> str``: it takes one
sentence and returns it rewritten (one or more sentences), or unchanged. Its kind:

- ``sure`` (safe): form only, applied by default. Numbers and dates, special characters, an
  acronym explained in parentheses at its first use, an exact equivalent of the glossary.
- ``proposition``: never applied by default, offered for review (a tracked change in Word):
  the cut into short sentences, the active voice, « vous », a parenthesis that says a thing of
  its own made a sentence, Roman numerals in digits.

The third kind, ``terme``, is not a rewrite: terms of art are never replaced, they are
explained in the « Mots importants » box (:mod:`falc.rewrite.terms`).

The examples are the rewrite's table test (``tests/falc/test_rewrite_kinds.py``) and its
documentation (``docs/regles-reecriture.md``, written by :mod:`falc.rewrite.documentation`).
The sentence cuts, which the rewrite ``coupe`` runs, have their own registry with their own
examples (:data:`falc.rewrite.cuts.CUT_RULES`). Each rewrite is also attached to the FALC rule
it answers (:func:`falc.rules.register_rewrite`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from falc.rewrite import acronyms, address, characters, dates, enumeration, jargon, numbers, voice
from falc.rewrite.acronyms import explain_acronyms
from falc.rewrite.address import address_reader
from falc.rewrite.characters import parenthesis_sentences, replace_special_characters
from falc.rewrite.context import RewriteContext
from falc.rewrite.dates import full_dates
from falc.rewrite.enumeration import join_sentences
from falc.rewrite.examples import Example
from falc.rewrite.jargon import replace_jargon
from falc.rewrite.numbers import digits_for_words, roman_to_digits
from falc.rewrite.splitting import split_sentence
from falc.rewrite.voice import active_voice
from falc.rules import RULES, register_rewrite

ChangeKind = Literal["sure", "terme", "proposition"]
"""``sure``: applied by default; ``terme``: a term of art kept and explained; ``proposition``:
offered for review, applied only when accepted."""

RewriteFn = Callable[[str, RewriteContext], str]


@dataclass(frozen=True, slots=True)
class RewriteRule:
    """One rewrite of the registry."""

    code: str
    """Stable code shown in reports (``regle``)."""
    kind: ChangeKind
    message: str
    """What it does, in French (shown to the officer with each change)."""
    answers: str
    """The FALC rule (:data:`falc.rules.RULES`) whose findings it fixes."""
    rewrite: RewriteFn
    examples: tuple[Example, ...] = ()
    """A text and what the rewrite makes of it, or a text it must leave as it is and why."""
    in_cells: bool = False
    """Also run in table cells (words only: never in titles, which stay as they are)."""


def rewrite_numbers(text: str, context: RewriteContext) -> str:
    return digits_for_words(text)


def rewrite_roman(text: str, context: RewriteContext) -> str:
    return roman_to_digits(text)


def rewrite_dates(text: str, context: RewriteContext) -> str:
    return full_dates(text)


def rewrite_characters(text: str, context: RewriteContext) -> str:
    return replace_special_characters(text)


def rewrite_parentheses(text: str, context: RewriteContext) -> str:
    return parenthesis_sentences(text, context.nlp)


def rewrite_reader(text: str, context: RewriteContext) -> str:
    sentence = context.single_sentence(text)
    return (address_reader(sentence) if sentence is not None else None) or text


def rewrite_voice(text: str, context: RewriteContext) -> str:
    sentence = context.single_sentence(text)
    return (active_voice(sentence) if sentence is not None else None) or text


def rewrite_equivalents(text: str, context: RewriteContext) -> str:
    return replace_jargon(text, context)


def rewrite_long_sentence(text: str, context: RewriteContext) -> str:
    return join_sentences(split_sentence(text, context.nlp, context.max_words))


def rewrite_acronyms(text: str, context: RewriteContext) -> str:
    return explain_acronyms(text, context)


REWRITES: tuple[RewriteRule, ...] = (
    RewriteRule(
        "nombre-en-lettres",
        "sure",
        "Les nombres écrits en lettres passent en chiffres (« quinze jours » → « 15 jours »).",
        "nombre-en-lettres",
        rewrite_numbers,
        numbers.NUMBER_EXAMPLES,
        in_cells=True,
    ),
    RewriteRule(
        "date-numerique",
        "sure",
        "Une date en chiffres s'écrit en toutes lettres, avec le jour de la semaine (« 15/03/2025 » → « samedi 15 mars 2025 »).",
        "date-numerique",
        rewrite_dates,
        dates.EXAMPLES,
        in_cells=True,
    ),
    RewriteRule(
        "caractere-special",
        "sure",
        "Les symboles s'écrivent en mots (« § 3 » → « paragraphe 3 », « 5 % » → « 5 pour cent »).",
        "caractere-special",
        rewrite_characters,
        characters.EXAMPLES,
        in_cells=True,
    ),
    RewriteRule(
        "equivalent",
        "sure",
        "Un mot administratif est remplacé par son équivalent exact du glossaire (« nonobstant » → « malgré »).",
        "jargon",
        rewrite_equivalents,
        jargon.EXAMPLES,
        in_cells=True,
    ),
    RewriteRule(
        "sigle-explique",
        "sure",
        "Un sigle est expliqué entre parenthèses la première fois qu'il apparaît.",
        "sigle-non-explique",
        rewrite_acronyms,
        acronyms.EXAMPLES,
    ),
    RewriteRule(
        "vous",
        "proposition",
        "Le texte s'adresse au lecteur avec « vous » (« les candidats doivent » → « vous devez »).",
        "tournure-impersonnelle",
        rewrite_reader,
        address.EXAMPLES,
    ),
    RewriteRule(
        "voix-active",
        "proposition",
        "Une phrase au passif passe à l'actif, quand on sait qui agit.",
        "voix-passive",
        rewrite_voice,
        voice.EXAMPLES,
    ),
    RewriteRule(
        "parentheses",
        "proposition",
        "Une parenthèse qui dit une idée à part devient une phrase à elle.",
        "caractere-special",
        rewrite_parentheses,
        characters.PARENTHESIS_EXAMPLES,
    ),
    RewriteRule(
        "chiffres-romains",
        "proposition",
        "Un chiffre romain après « titre », « lot », « chapitre »… passe en chiffres (« titre II » → « titre 2 »).",
        "chiffres-romains",
        rewrite_roman,
        numbers.ROMAN_EXAMPLES,
    ),
    RewriteRule(
        "coupe",
        "proposition",
        "Une phrase longue est coupée en phrases courtes par les règles de coupe ; une phrase qu'aucune ne coupe mais qui finit par une énumération devient une introduction et une liste.",
        "phrase-longue",
        rewrite_long_sentence,
        enumeration.EXAMPLES,
    ),
)
"""Every rewrite, in the order it runs: the safe ones, then the proposals."""

_BY_CODE = {rule.code: rule for rule in REWRITES}
if len(_BY_CODE) != len(REWRITES):  # pragma: no cover - caught by the import in any test
    raise RuntimeError("Deux réécritures ont le même code.")

SAFE: tuple[RewriteRule, ...] = tuple(r for r in REWRITES if r.kind == "sure")
PROPOSALS: tuple[RewriteRule, ...] = tuple(r for r in REWRITES if r.kind == "proposition")
TERM_RULE = "terme-explique"
"""The code of the explanations of terms of art (kind ``terme``)."""

for _rule in REWRITES:
    if _rule.answers not in {r.code for r in RULES}:  # pragma: no cover
        raise RuntimeError(f"La réécriture « {_rule.code} » répond à une règle inconnue.")
for _code in dict.fromkeys(r.answers for r in REWRITES):
    register_rewrite(_code)(next(r.rewrite for r in REWRITES if r.answers == _code))

REWRITTEN_RULES: frozenset[str] = frozenset(r.answers for r in REWRITES)
NOT_REWRITTEN: tuple[str, ...] = tuple(r.code for r in RULES if r.code not in REWRITTEN_RULES)
"""Rules left as findings with their suggestion (negation, Latin, rare words...)."""


def get_rewrite(code: str) -> RewriteRule:
    """The rewrite with this code (KeyError if unknown)."""
    return _BY_CODE[code]


def rewrite_message(code: str) -> str:
    """What the rewrite with this code does, without its final stop (the code itself when
    unknown: an old stored decision may name a rule since removed)."""
    rule = _BY_CODE.get(code)
    return rule.message.rstrip(".") if rule is not None else code
