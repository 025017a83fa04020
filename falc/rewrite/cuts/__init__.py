"""The registry of sentence cuts: one module per family, each rule with its code, its French
message and its examples (:mod:`falc.rewrite.cuts.base`).

The rules run in the order of :data:`CUT_RULES`; :func:`sentence_cuts` gathers every cut they
find in one sentence, and :mod:`falc.rewrite.splitting` keeps the most balanced one. Every cut is
a proposal: the meaning guard checks it and the officer decides.
"""

from __future__ import annotations

from spacy.tokens import Span

from falc.rewrite.cuts import (
    asides,
    clauses,
    conditions,
    connectors,
    coordination,
    illustrations,
    participles,
    references,
    relatives,
)
from falc.rewrite.cuts.base import Cut, CutRule, Example
from falc.rewrite.cuts.grammar import sentence_body

CUT_RULES: tuple[CutRule, ...] = (
    *clauses.RULES,
    *participles.RULES,
    *coordination.RULES,
    *connectors.RULES,
    *relatives.RULES,
    *references.RULES,
    *conditions.RULES,
    *illustrations.RULES,
    *asides.RULES,
)
RULES_BY_CODE = {rule.code: rule for rule in CUT_RULES}

__all__ = ["CUT_RULES", "RULES_BY_CODE", "Cut", "CutRule", "Example", "sentence_cuts"]


def sentence_cuts(sentence: Span) -> list[Cut]:
    """Every cut the enabled rules find in the sentence, each giving two parts of at least three
    words."""
    body = sentence_body(sentence)
    return [found for rule in CUT_RULES for found in rule.cuts(sentence, body)]
