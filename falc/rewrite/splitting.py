"""Long sentences split into short ones, by the cut rules of :mod:`falc.rewrite.cuts`.

Every rule proposes the cuts it finds on the dependency parse; the most balanced cut whose two
parts are sentences of their own is taken, the two parts are parsed again, and cutting goes on
while a part is longer than the target. A sentence that closes on a colon or a semicolon (it
opens a list, or it is an item of one) is never cut: its last piece would lose that mark. A piece
no rule can cut but that closes on an enumeration becomes an introduction and a list
(:mod:`falc.rewrite.enumeration`).

The consequence a condition cut made (« Dans ce cas, Y. ») may still be long: Y is cut like any
sentence, and each of its pieces opens with « Dans ce cas, » again, so that none of them leaves
the condition (« Dans ce cas, il s'entend en jours calendaires. Dans ce cas, il expire à minuit
le dernier jour du délai. »).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from falc.rewrite._tokens import finish, lower_first, upper_first
from falc.rewrite.cuts import sentence_cuts
from falc.rewrite.cuts.grammar import is_sentence, word_count
from falc.rewrite.enumeration import find_enumeration

MAX_DEPTH = 4
ENUMERATION_RULE = "liste-enumeration"
LIST_MARKS = (":", ";")
CONSEQUENCE = "Dans ce cas, "
"""How a condition cut opens the consequence (:mod:`falc.rewrite.cuts.conditions`)."""


@dataclass
class Split:
    """The pieces a sentence became, and the codes of the rules that made them, in order."""

    pieces: list[str]
    rules: list[str] = field(default_factory=list)


def split_traced(text: str, nlp: Language, max_words: int = 15) -> Split:
    """The sentence as one or more short sentences (the input alone when no cut is safe), with
    the rules that cut it."""
    return _split(nlp(text), nlp, max_words, 0)


def _split(doc: Doc, nlp: Language, max_words: int, depth: int) -> Split:
    text = doc.text
    sentence = doc[:]  # one sentence for Clair, even where spaCy cuts after "R." or "art."
    if word_count(sentence) <= max_words or depth >= MAX_DEPTH:
        return Split([text])
    if depth > 0 and text.startswith(CONSEQUENCE):
        consequence = _consequence(text, nlp, max_words, depth)
        if consequence is not None:
            return consequence
    cuts = [] if text.rstrip().endswith(LIST_MARKS) else sentence_cuts(sentence)
    for best in sorted(cuts, key=lambda c: max(len(c.left.split()), len(c.right.split()))):
        parts = [nlp(finish(best.left)), nlp(finish(best.right))]
        if not all(is_sentence(part[:]) for part in parts):
            continue  # « Si un vice est constaté. » is no sentence: the next cut is tried
        result = Split([], [best.rule])
        for part in parts:
            piece = _split(part, nlp, max_words, depth + 1)
            result.pieces.extend(piece.pieces)
            result.rules.extend(piece.rules)
        return result
    enumeration = find_enumeration(sentence)
    if enumeration is None:
        return Split([text])
    return Split([enumeration.render()], [ENUMERATION_RULE])


def _consequence(text: str, nlp: Language, max_words: int, depth: int) -> Split | None:
    """The consequence « Dans ce cas, Y. » cut as Y would be, each piece under « Dans ce cas, »
    (None when Y is not cut, or becomes a list)."""
    rest = upper_first(text[len(CONSEQUENCE) :])
    inner = _split(nlp(rest), nlp, max_words - len(CONSEQUENCE.split()), depth)
    if len(inner.pieces) < 2 or any("\n" in piece for piece in inner.pieces):
        return None
    pieces = [CONSEQUENCE + lower_first(piece, nlp(piece)[0]) for piece in inner.pieces]
    return Split(pieces, inner.rules)


def split_sentence(text: str, nlp: Language, max_words: int = 15) -> list[str]:
    """The sentence as one or more short sentences (the input alone when no cut is safe)."""
    return split_traced(text, nlp, max_words).pieces
