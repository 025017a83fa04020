"""Word-level diff of an original paragraph and its rewrite (difflib), with character offsets."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "delete", "insert"]
_TOKEN = re.compile(r"\s+|[\w'’-]+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the diff: ``text`` kept, deleted from, or inserted into the original.

    ``start``/``end`` are offsets in the original (for an insertion, both are where it goes).
    """

    op: Op
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(original: str, rewrite: str) -> list[Segment]:
    """The segments turning ``original`` into ``rewrite``, word by word, in order."""
    before, after = _tokens(original), _tokens(rewrite)
    offsets = [0]
    for token in before:
        offsets.append(offsets[-1] + len(token))
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(before[i1:i2]), offsets[i1], offsets[i2]))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(before[i1:i2]), offsets[i1], offsets[i2]))
        if j2 > j1:
            segments.append(Segment("insert", "".join(after[j1:j2]), offsets[i2], offsets[i2]))
    return segments
