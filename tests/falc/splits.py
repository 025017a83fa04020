"""The check shared by the table tests of sentence cuts."""

from __future__ import annotations

from spacy.language import Language

from falc.invariants import compare
from falc.rewrite.splitting import split_sentence


def assert_split(nlp: Language, text: str, expected: list[str]) -> None:
    """``split_sentence`` gives exactly ``expected``: every invariant of ``text`` kept, each
    piece a sentence (a capital first, a full stop last)."""
    pieces = split_sentence(text, nlp)
    assert pieces == expected
    assert compare(text, " ".join(pieces)) == []
    assert all(p[0].isupper() and p.endswith(".") for p in pieces)
