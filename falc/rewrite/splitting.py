"""Long sentences split into short ones, by the cut rules of :mod:`falc.rewrite.cuts`.

Every rule proposes the cuts it finds on the dependency parse; the most balanced cut is taken,
the two parts are parsed again, and cutting goes on while a part is longer than the target. A
piece no rule can cut but that closes on an enumeration becomes an introduction and a list
(:mod:`falc.rewrite.enumeration`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language

from falc.rewrite._tokens import finish
from falc.rewrite.cuts import sentence_cuts
from falc.rewrite.cuts.grammar import word_count
from falc.rewrite.enumeration import find_enumeration

MAX_DEPTH = 4
ENUMERATION_RULE = "liste-enumeration"


@dataclass
class Split:
    """The pieces a sentence became, and the codes of the rules that made them, in order."""

    pieces: list[str]
    rules: list[str] = field(default_factory=list)


def split_traced(text: str, nlp: Language, max_words: int = 15, _depth: int = 0) -> Split:
    """The sentence as one or more short sentences (the input alone when no cut is safe), with
    the rules that cut it."""
    doc = nlp(text)
    sentence = doc[:]  # one sentence for Clair, even where spaCy cuts after "R." or "art."
    if word_count(sentence) <= max_words or _depth >= MAX_DEPTH:
        return Split([text])
    cuts = sentence_cuts(sentence)
    if not cuts:
        enumeration = find_enumeration(sentence)
        if enumeration is None:
            return Split([text])
        return Split([enumeration.render()], [ENUMERATION_RULE])
    best = min(cuts, key=lambda c: max(len(c.left.split()), len(c.right.split())))
    result = Split([], [best.rule])
    for part in (finish(best.left), finish(best.right)):
        piece = split_traced(part, nlp, max_words, _depth + 1)
        result.pieces.extend(piece.pieces)
        result.rules.extend(piece.rules)
    return result


def split_sentence(text: str, nlp: Language, max_words: int = 15) -> list[str]:
    """The sentence as one or more short sentences (the input alone when no cut is safe)."""
    return split_traced(text, nlp, max_words).pieces
