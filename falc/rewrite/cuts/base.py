"""What a cut rule is: a code, a French message, a finder on the parse, and its examples.

A finder reads one sentence's parse and returns every cut it would make there (two texts, each
to become a sentence). The examples are the rule's own table test (``tests/falc/test_cut_rules.py``)
and its documentation (``docs/regles-reecriture.md``): a sentence and the sentences Clair makes
of it, or a sentence the rule must leave whole, and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from falc.rewrite.examples import Example, becomes, kept

__all__ = ["Cut", "CutRule", "Example", "Finder", "cut", "kept"]

MIN_PIECE_WORDS = 3


CORE_DEPENDENCIES = frozenset(
    {"nsubj", "nsubj:pass", "csubj", "expl:subj", "obj", "iobj", "ccomp", "xcomp", "obl:arg",
     "mark", "aux", "aux:pass", "aux:tense", "cop", "fixed", "flat:name"}
)  # fmt: skip
"""A subject, an object, a subordinator, an auxiliary: what a verb needs to say what it says."""


@dataclass(frozen=True)
class Cut:
    """Two sentences made from one: text of each part, before finishing; the rule's code; and,
    for a cut between what comes before and what comes after a point of the sentence, the
    index (in the parse) of the first token of the right side."""

    left: str
    right: str
    rule: str = ""
    at: int | None = None


def breaks_a_clause(sentence: Span, at: int) -> bool:
    """The cut before token ``at`` takes a word away from the verb it belongs to: more than one
    dependency joins the two sides (one is the link between the two clauses), and one of them
    is core (:data:`CORE_DEPENDENCIES`). « Le titulaire équipe, s'il y a lieu, les matériels… »
    cut after « lieu » leaves « équipe » without its object. One link alone is let through,
    whatever its label: on long sentences the parser often mislabels the link itself."""
    links = [
        token
        for token in sentence
        if not token.is_punct
        and token.dep_ not in ("cc", "punct")
        and token.head.i != token.i
        and (token.i < at) != (token.head.i < at)
    ]
    return len(links) > 1 and any(token.dep_ in CORE_DEPENDENCIES for token in links)


OBJECT_DEPENDENCIES = frozenset({"obj", "ccomp", "xcomp", "obl:arg"})


def delays_an_object(sentence: Span, at: int) -> bool:
    """The words before the cut end on a verb, or on a verb then an aside between commas: what
    comes after the cut is the verb's object (« indique, le cas échéant, les montants… »,
    « pour prendre, dès notification de leur nom, les décisions… »), and the cut would leave
    the verb without it."""
    left = [t for t in sentence if t.i < at and not t.is_space]
    if not left:
        return False
    commas = [k for k, t in enumerate(left[:-1]) if t.text == ","]
    candidates = [left[-1]] + ([left[commas[-1] - 1]] if commas and commas[-1] > 0 else [])
    return any(
        verb.pos_ == "VERB"
        and "Part" not in verb.morph.get("VerbForm")
        and not any(c.dep_ in OBJECT_DEPENDENCIES and c.i < at for c in verb.children)
        for verb in candidates
    )


def after_a_colon(sentence: Span, at: int) -> bool:
    """A colon comes before the cut: what follows it are the items it announces (« une ou
    plusieurs des caractéristiques suivantes : A, B, C »), and an item cut off would read as a
    fact of its own."""
    return any(t.text == ":" and t.i < at for t in sentence)


def _breaks_meaning(sentence: Span, at: int) -> bool:
    return (
        breaks_a_clause(sentence, at)
        or delays_an_object(sentence, at)
        or after_a_colon(sentence, at)
    )


cut = becomes
"""An example the rule cuts into the sentences given."""


Finder = Callable[[Span, list[Token]], list[Cut]]


@dataclass(frozen=True)
class CutRule:
    """One way of cutting a long sentence. A disabled rule keeps its examples and says why it
    is off (``note``): it proposes nothing."""

    code: str
    message: str
    find: Finder
    examples: tuple[Example, ...]
    enabled: bool = True
    note: str = ""

    def cuts(self, sentence: Span, body: list[Token]) -> list[Cut]:
        if not self.enabled:
            return []
        return [
            Cut(found.left, found.right, self.code, found.at)
            for found in self.find(sentence, body)
            if len(found.left.split()) >= MIN_PIECE_WORDS
            and len(found.right.split()) >= MIN_PIECE_WORDS
            and (found.at is None or not _breaks_meaning(sentence, found.at))
        ]
