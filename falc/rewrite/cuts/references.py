"""TODO"""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import is_finite, join
from falc.rewrite.cuts.base import Cut, CutRule
from falc.rewrite.cuts.grammar import stands_alone
from falc.rewrite.references import reference_cuts


def _reference_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """ "Selon l'article X, vous fournissez…" → "Vous fournissez… C'est ce que prévoit
    l'article X." (:mod:`falc.rewrite.references`)."""
    cuts = []
    for before, after, sentence in reference_cuts(body):
        rest = [*before, *after]
        if not rest or not stands_alone(rest) or (after and after[0].dep_ == "cc"):
            continue
        # A comma stays after words in front of the clause (« Dans un délai de 8 jours, le
        # titulaire… »), never inside the clause (« L'acheteur peut néanmoins autoriser… »).
        fronted = not any(t.pos_ in ("VERB", "AUX") and is_finite(t) for t in before)
        glue = ", " if fronted and after[:1] and after[0].pos_ != "ADP" else " "
        text = glue.join(join(part) for part in (before, after) if part)
        cuts.append(Cut(text, sentence))
    return cuts


REFERENCE = CutRule(
    code="coupe-reference",
    message=(
        "Une référence juridique accrochée à la phrase passe dans une phrase à elle "
        "(« C'est ce que prévoit l'article… »)."
    ),
    find=_reference_cuts,
    examples=(),
)

RULES = (REFERENCE,)
