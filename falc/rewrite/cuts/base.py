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

MIN_PIECE_WORDS = 3


@dataclass(frozen=True)
class Cut:
    """Two sentences made from one: text of each part, before finishing; and the rule's code."""

    left: str
    right: str
    rule: str = ""


@dataclass(frozen=True)
class Example:
    """``before`` and what Clair makes of it: ``after`` (the sentences), or None when the rule
    must not cut it, ``why`` saying what would go wrong."""

    before: str
    after: tuple[str, ...] | None
    why: str = ""


def cut(before: str, *after: str) -> Example:
    """An example the rule cuts into ``after``."""
    return Example(before, tuple(after))


def kept(before: str, why: str) -> Example:
    """An example the rule must leave whole, and why."""
    return Example(before, None, why)


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
            Cut(found.left, found.right, self.code)
            for found in self.find(sentence, body)
            if len(found.left.split()) >= MIN_PIECE_WORDS
            and len(found.right.split()) >= MIN_PIECE_WORDS
        ]
