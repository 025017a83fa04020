"""TODO"""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import join
from falc.rewrite.cuts.base import Cut, CutRule
from falc.rewrite.cuts.grammar import (
    clause_head,
    has_main_verb,
    has_subject,
    opens_on_participle,
    starts_relative,
)

CLAUSE_LINKS = frozenset({"conj", "parataxis", "advcl"})
"""Relations that join two clauses of equal weight (a relative or a complement clause is not)."""


def _juxtaposed_cuts(body: list[Token], separators: tuple[str, ...]) -> list[Cut]:
    """Cuts at a separator between two main clauses that only share the link of their heads."""
    cuts = []
    for position, token in enumerate(body):
        if token.text not in separators:
            continue
        left, right = body[:position], body[position + 1 :]
        if not left or not right or right[0].dep_ == "cc" or starts_relative(right):
            continue
        if token.text == ";":
            # A semicolon in French prose separates two independent clauses: each side only
            # needs its own subject and verb (or, when the parse is wrong, its own main verb).
            if (has_subject(left) and has_subject(right)) or (
                has_main_verb(left) and has_main_verb(right)
            ):
                cuts.append(Cut(join(left), join(right), at=left[-1].i + 1))
            continue
        if not (has_main_verb(left) and has_main_verb(right)):
            continue  # « s'il constate que … », « la signature étant exigée »: no main clause
        if opens_on_participle(right):
            continue  # « la signature … étant exigée …, au moyen d'un certificat dit … »
        strict = True
        left_head, right_head = clause_head(left, strict), clause_head(right, strict)
        if left_head is None or right_head is None:
            continue
        if any(
            "Rel" in t.morph.get("PronType") and right_head.i in (t.head.i, t.head.head.i)
            for t in right
        ):
            continue  # "…, dont le montant est déduit": a relative clause read as a main one
        if right_head.head.i == left_head.i:
            link = right_head.dep_
        elif left_head.head.i == right_head.i:
            link = left_head.dep_
        else:
            continue
        if link not in CLAUSE_LINKS and not (token.text == ";" and link != "acl:relcl"):
            continue
        cuts.append(Cut(join(left), join(right), at=left[-1].i + 1))
    return cuts


def _juxtaposition_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    return _juxtaposed_cuts(body, (";", ","))


JUXTAPOSITION = CutRule(
    code="coupe-juxtaposition",
    message=(
        "Deux propositions complètes séparées par un point-virgule ou une virgule deviennent "
        "deux phrases."
    ),
    find=_juxtaposition_cuts,
    examples=(),
)

RULES = (JUXTAPOSITION,)
