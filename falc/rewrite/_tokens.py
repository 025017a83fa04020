"""Helpers to rebuild text from spaCy tokens (shared by the parse-based rewrites)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

VOWEL_START = re.compile(r"^[aeiouyhâàäéèêëîïôöûùüœAEIOUYHÂÀÄÉÈÊËÎÏÔÖÛÙÜŒ]")


def join(tokens: Iterable[Token]) -> str:
    """The tokens' text with their original spacing, without outer spaces."""
    return "".join(t.text_with_ws for t in tokens).strip()


def is_sigle(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


FUNCTION_WORDS = frozenset(
    {"d'", "l'", "le", "la", "les", "un", "une", "des", "du", "ce", "cet", "cette", "ces"}
)
"""Words that open a noun phrase and are never a proper noun, whatever the tagger says."""


def lower_first(text: str, first: Token | None = None) -> str:
    """Lowercase the first letter, unless it starts a proper noun or a sigle."""
    if not text:
        return text
    determiner = first is not None and first.text.lower().replace("’", "'") in FUNCTION_WORDS
    if first is not None and not determiner and (first.pos_ == "PROPN" or is_sigle(first.text)):
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


CLAUSE_MARK = re.compile(r"^(?:[a-z]|[ivx]+|\d+)[)°]\s")
"""« c) », « iv) », « 2° » opening a sentence: a clause mark, kept in lower case."""


def finish(text: str) -> str:
    """One clean sentence: single spaces, capitalised (unless it opens on a clause mark such as
    « c) »), ending with a full stop."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.])", r"\1", text)
    text = re.sub(r"^[,;:\s]+|[,;:\s]+$", "", text)
    if not text:
        return text
    if text[-1] not in ".!?…":
        text += "."
    return text if CLAUSE_MARK.match(text) else upper_first(text)


def subtree_span(token: Token) -> tuple[int, int]:
    """(first, last) indexes of the token's subtree, in the Doc."""
    return token.left_edge.i, token.right_edge.i


def contiguous(token: Token) -> bool:
    """True when the token's subtree covers a contiguous run of tokens."""
    first, last = subtree_span(token)
    return len(list(token.subtree)) == last - first + 1


def tokens_between(sentence: Span, first: int, last: int) -> list[Token]:
    """Tokens of the sentence whose Doc index is within [first, last]."""
    return [t for t in sentence if first <= t.i <= last]


def is_finite(token: Token) -> bool:
    return "Fin" in token.morph.get("VerbForm")


def number_of(token: Token) -> str:
    """'p' when the token (or a coordination from it) is plural, else 's'."""
    if any(child.dep_ == "conj" for child in token.children):
        return "p"
    return "p" if "Plur" in token.morph.get("Number") else "s"
