"""TODO"""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import join, lower_first
from falc.rewrite.cuts.base import Cut, CutRule
from falc.rewrite.cuts.grammar import has_clause, has_subject
from falc.rewrite.cuts.words import CONNECTORS


def _connector_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """ ", faute de quoi le bon est réputé accepté" → ". Sinon, le bon est réputé accepté"."""
    cuts = []
    for position, comma in enumerate(body):
        if comma.text != ",":
            continue
        for words, lead in CONNECTORS.items():
            end = position + 1 + len(words)
            if tuple(t.lower_ for t in body[position + 1 : end]) != words:
                continue
            left, right = body[:position], body[end:]
            if right and has_clause(left) and has_subject(right):
                cuts.append(
                    Cut(
                        join(left),
                        f"{lead} {lower_first(join(right), right[0])}",
                        at=left[-1].i + 1,
                    )
                )
    return cuts


CONNECTOR = CutRule(
    code="coupe-connecteur",
    message=(
        "Un connecteur après une virgule ouvre une phrase nouvelle au même sens "
        "(« , faute de quoi » → « Sinon, »)."
    ),
    find=_connector_cuts,
    examples=(),
)

RULES = (CONNECTOR,)
