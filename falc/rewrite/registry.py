"""Each rewrite attached to its rule in :data:`falc.rules.RULES`, in the order they run.

Every registered rewrite has the signature ``(text: str, context: RewriteContext) -> str``: it
takes one sentence and returns it rewritten (one or more sentences), or unchanged.

The order matters: numbers, dates and characters first (plain text), then "vous" before the
jargon (so "les soumissionnaires doivent" becomes "vous devez", not "les entreprises qui
répondent doivent"), the active voice, the jargon, the cut into short sentences, and last the
explanation of acronyms (which adds sentences the guard checks apart).
"""

from __future__ import annotations

from falc.rewrite.acronyms import explain_acronyms
from falc.rewrite.address import address_reader
from falc.rewrite.characters import list_item_ending, remove_special_characters
from falc.rewrite.context import RewriteContext
from falc.rewrite.dates import full_dates
from falc.rewrite.enumeration import join_sentences
from falc.rewrite.jargon import replace_jargon
from falc.rewrite.numbers import digits_for_words, roman_to_digits
from falc.rewrite.splitting import split_sentence
from falc.rewrite.voice import active_voice
from falc.rules import RULES, register_rewrite

ACRONYM_RULE = "sigle-non-explique"


@register_rewrite("nombre-en-lettres")
def rewrite_numbers(text: str, context: RewriteContext) -> str:
    return digits_for_words(text)


@register_rewrite("chiffres-romains")
def rewrite_roman(text: str, context: RewriteContext) -> str:
    return roman_to_digits(text)


@register_rewrite("date-numerique")
def rewrite_dates(text: str, context: RewriteContext) -> str:
    return full_dates(text)


@register_rewrite("caractere-special")
def rewrite_characters(text: str, context: RewriteContext) -> str:
    if context.kind == "list_item":
        text = list_item_ending(text)
    return remove_special_characters(text)


@register_rewrite("tournure-impersonnelle")
def rewrite_reader(text: str, context: RewriteContext) -> str:
    sentence = context.single_sentence(text)
    return (address_reader(sentence) if sentence is not None else None) or text


@register_rewrite("voix-passive")
def rewrite_voice(text: str, context: RewriteContext) -> str:
    sentence = context.single_sentence(text)
    return (active_voice(sentence) if sentence is not None else None) or text


@register_rewrite("jargon")
def rewrite_jargon(text: str, context: RewriteContext) -> str:
    return replace_jargon(text, context)


@register_rewrite("phrase-longue")
def rewrite_long_sentence(text: str, context: RewriteContext) -> str:
    return join_sentences(split_sentence(text, context.nlp, context.max_words))


@register_rewrite(ACRONYM_RULE)
def rewrite_acronyms(text: str, context: RewriteContext) -> str:
    return explain_acronyms(text, context)


SURFACE_ORDER = ("nombre-en-lettres", "chiffres-romains", "date-numerique", "caractere-special")
SENTENCE_ORDER = ("tournure-impersonnelle", "voix-passive", "jargon", "phrase-longue")
PIPELINE: tuple[str, ...] = (*SURFACE_ORDER, *SENTENCE_ORDER)
"""Rules whose rewrite is checked by the invariants guard, in order (acronyms come after)."""

BLOCK_PIPELINE: tuple[str, ...] = (*SURFACE_ORDER, "jargon")
"""Headings and table cells: words only, never cut nor reordered."""

NOT_REWRITTEN: tuple[str, ...] = tuple(
    rule.code for rule in RULES if rule.code not in (*PIPELINE, ACRONYM_RULE)
)
"""Rules left as findings with their suggestion (negation, Latin, rare words...)."""
