"""Cuts at a connector after a comma that can open a sentence of its own with the same meaning
(« , faute de quoi » → « Sinon, », « , auquel cas » → « Dans ce cas, »); the words after it must
hold a clause with its subject."""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import join, lower_first
from falc.rewrite.cuts.base import Cut, CutRule, cut, kept
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
    examples=(
        cut(
            "Le titulaire est tenu d'en accuser réception dans un délai de 24 heures ouvrées, "
            "faute de quoi le bon de commande est réputé accepté sans réserve.",
            "Le titulaire est tenu d'en accuser réception dans un délai de 24 heures ouvrées.",
            "Sinon, le bon de commande est réputé accepté sans réserve.",
        ),
        kept(
            "Le titulaire doit informer l'acheteur de tout retard de livraison dans les meilleurs "
            "délais, faute de quoi aucune prolongation.",
            "Après le connecteur, pas de proposition complète : « Sinon, aucune prolongation. » "
            "ne dirait pas qui fait quoi.",
        ),
    ),
)

RULES = (CONNECTOR,)
