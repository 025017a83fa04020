"""The pieces of a sentence that a reader reads one at a time: glued list items.

A PDF or a plain-text conversion often glues the items of a list into one paragraph
(« a) La nature des prestations ; b) Le nom du sous-traitant ; »). The sentence splitter sees one
long sentence; a reader sees a list. The rules about the length of a sentence and about its
action nouns measure each item on its own.

An item starts after a « ; » or a « : » followed by a list marker (« a) », « 2° », « 3) »,
« ― », « – », « - », « • »), or at a dash glued to a word, which only a lost line break
explains: « appréciée.-Déclaration », « -Titres d'études », « à cet effet- une déclaration »,
« du même code.- la déclaration ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Span

from falc.rules.base import RuleContext
from falc.sentences import is_word

_MARKER = re.compile(r"^(?:[―–—•-]|[a-zA-Z]\)|\d{1,2}[°)]|[ivx]{1,4}\))$")
_SEPARATORS = frozenset({";", ":"})
_GLUED_DASH_BEFORE = re.compile(r"^[-–―•][A-Za-zÀ-ÿ]|\.[-–―][A-ZÀ-Ý]")
"""A token that starts a glued item: « -Titres », « appréciée.-Déclaration »."""
_GLUED_DASH_AFTER = re.compile(r"\w\.?[-–―]$")
"""A token that ends with a dash and a space after it: « effet- » in « à cet effet- une »,
« code.- » in « du même code.- la déclaration »."""


@dataclass(frozen=True, slots=True)
class Piece:
    """One item of a sentence: its tokens and where it lies in the paragraph."""

    span: Span
    words: int

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char


def _is_marker(span: Span, i: int) -> bool:
    """Token ``i`` (or ``i`` and the next, « a » + « ) ») is a list marker."""
    doc = span.doc
    token = doc[i]
    if _MARKER.match(token.text):
        return True
    if i + 1 < span.end and doc[i + 1].text in (")", "°"):
        return _MARKER.match(token.text + doc[i + 1].text) is not None
    return False


_MAYBE_CUT = re.compile(
    r"[;:]\s*(?:[-–―—•]|[a-zA-Z]\)|\d{1,2}[°)]|[ivx]{1,4}\))"
    r"|\w\.?[-–―]\s|(?:^|\s)[-–―•][A-Za-zÀ-ÿ]|\.[-–―][A-ZÀ-Ý]"
)
"""A sentence without any of these holds no glued list: it is one piece (the fast path)."""


def sentence_pieces(context: RuleContext) -> list[list[Piece]]:
    """The pieces of each sentence of the paragraph, computed once for every rule."""
    return context.shared(
        "pieces",
        lambda: [list_pieces(span, stats.words) for span, stats in context.sentences()],
    )


def list_pieces(span: Span, words: int | None = None) -> list[Piece]:
    """The list items glued in one sentence, or the whole sentence when it holds no list.

    ``words`` is the sentence's word count when the caller already has it.
    """
    if _MAYBE_CUT.search(span.text) is None:
        return [Piece(span, words if words is not None else sum(1 for t in span if is_word(t)))]
    doc = span.doc
    cuts = [span.start]
    for i in range(span.start, span.end - 1):
        token = doc[i]
        if (token.text in _SEPARATORS and _is_marker(span, i + 1)) or (
            _GLUED_DASH_AFTER.search(token.text) and token.whitespace_
        ):
            cuts.append(i + 1)
        elif i > span.start and _GLUED_DASH_BEFORE.search(token.text):
            cuts.append(i)
    cuts = sorted(set(cuts))
    if len(cuts) == 1:
        return [Piece(span, words if words is not None else sum(1 for t in span if is_word(t)))]
    cuts.append(span.end)
    pieces = []
    for start, end in pairwise(cuts):
        piece = doc[start:end]
        words = sum(1 for t in piece if is_word(t))
        if words:
            pieces.append(Piece(piece, words))
    return pieces
