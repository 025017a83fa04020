"""The pieces of a sentence that a reader reads one at a time: glued list items.

A PDF or a plain-text conversion often glues the items of a list into one paragraph
(« a) La nature des prestations ; b) Le nom du sous-traitant ; »). The sentence splitter sees one
long sentence; a reader sees a list. The rules about the length of a sentence and about its
action nouns measure each item on its own.

An item starts after a « ; » or a « : » followed by a list marker (« a) », « 2° », « 3) »,
« ― », « – », « - », « • »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from falc.sentences import is_word

_MARKER = re.compile(r"^(?:[―–—•-]|[a-zA-Z]\)|\d{1,2}[°)]|[ivx]{1,4}\))$")
_SEPARATORS = frozenset({";", ":"})


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


def list_pieces(span: Span) -> list[Piece]:
    """The list items glued in one sentence, or the whole sentence when it holds no list."""
    doc = span.doc
    cuts = [span.start]
    for i in range(span.start, span.end - 1):
        if doc[i].text in _SEPARATORS and _is_marker(span, i + 1):
            cuts.append(i + 1)
    if len(cuts) == 1:
        return [Piece(span, sum(1 for t in span if is_word(t)))]
    cuts.append(span.end)
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = doc[start:end]
        words = sum(1 for t in piece if is_word(t))
        if words:
            pieces.append(Piece(piece, words))
    return pieces
