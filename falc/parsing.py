"""Parsing paragraphs with spaCy in bounded pieces, so that time and memory grow with the text.

spaCy's pipeline holds one whole ``Doc`` at a time: its embedding and entity layers cost more
than linear time and memory on a very long one (a paragraph of 80,000 words without punctuation
took 30 s and 2 GB; 200,000 words, over 4 GB). And its parser reads one sentence as one tree:
a « sentence » of 200,000 words is no sentence at all.

So each paragraph is first tokenised alone (cheap and linear), cut into sentences by Clair's
rules (:mod:`falc.segmentation`), and:

- a sentence longer than ``max_sentence_tokens`` is cut every ``max_sentence_tokens`` tokens for
  parsing; where it is cut is kept in ``doc.user_data[FORCED_CUTS]`` (character offsets), and
  the rule « phrase sans ponctuation » flags the passage;
- a paragraph longer than :data:`PIECE_TOKENS` tokens is parsed as several pieces of whole
  sentences, joined back into one ``Doc`` with the paragraph's exact text.

A normal paragraph (shorter than a piece, no sentence over the cap) is parsed in one go, as
``nlp.pipe`` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc

from falc.segmentation import sentence_starts

PIECE_TOKENS = 1_000
"""Tokens parsed at most in one spaCy ``Doc`` (whole sentences, or a cut sentence's piece)."""

BATCH_TOKENS = 10_000
"""Tokens in one ``nlp.pipe`` batch at most: spaCy's memory grows with the tokens of a batch,
so 256 pieces of 1,000 tokens are not sent at once."""

FORCED_CUTS = "clair_forced_cuts"
"""Key of ``doc.user_data``: character offsets where a sentence was cut for parsing only."""


def forced_cuts(doc: Doc) -> tuple[int, ...]:
    """Where a too long sentence of ``doc`` was cut for parsing (character offsets, sorted)."""
    return doc.user_data.get(FORCED_CUTS, ())


def plan_pieces(
    doc: Doc, max_sentence_tokens: int, piece_tokens: int = PIECE_TOKENS
) -> tuple[list[tuple[int, int]], list[int]]:
    """Token ranges to parse apart, and the tokens where a too long sentence was cut.

    Whole sentences are packed into ranges of at most ``piece_tokens`` tokens; a sentence
    longer than ``max_sentence_tokens`` becomes ranges of ``max_sentence_tokens`` tokens, each
    starting a range (so that spaCy starts a sentence there).
    """
    starts = [i for i, start in enumerate(sentence_starts(doc)) if start] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(doc)]
    ranges: list[tuple[int, int]] = []
    cuts: list[int] = []
    piece_start = piece_end = 0
    for start, end in pairwise(bounds):
        if end - start > max_sentence_tokens:
            if piece_end > piece_start:
                ranges.append((piece_start, piece_end))
            for cut in range(start, end, max_sentence_tokens):
                ranges.append((cut, min(cut + max_sentence_tokens, end)))
                if cut > start:
                    cuts.append(cut)
            piece_start = piece_end = end
        elif end - piece_start > piece_tokens and piece_end > piece_start:
            ranges.append((piece_start, piece_end))
            piece_start, piece_end = start, end
        else:
            piece_end = end
    if piece_end > piece_start:
        ranges.append((piece_start, piece_end))
    return ranges, cuts


def parse_paragraphs(
    nlp: Language,
    texts: Iterable[str],
    *,
    max_sentence_tokens: int,
    batch_size: int = 256,
    disable: Iterable[str] = (),
) -> Iterator[Doc]:
    """One parsed ``Doc`` per text, in order, each with exactly the text's characters.

    Every piece of every text goes through one ``nlp.pipe`` stream, batched; the components
    named in ``disable`` do not run.
    """
    plans: list[tuple[int, tuple[int, ...]]] = []

    def pieces() -> Iterator[Doc]:
        for text in texts:
            tokens = nlp.make_doc(text)
            ranges, cuts = plan_pieces(tokens, max_sentence_tokens)
            if len(ranges) <= 1 and not cuts:
                plans.append((1, ()))
                yield tokens
                continue
            plans.append((len(ranges), tuple(tokens[i].idx for i in cuts)))
            words = [token.text for token in tokens]
            spaces = [bool(token.whitespace_) for token in tokens]
            for start, end in ranges:  # not Span.as_doc(): it copies the whole Doc each time
                yield Doc(nlp.vocab, words=words[start:end], spaces=spaces[start:end])

    stream = _batched(nlp, pieces(), batch_size, list(disable))
    for index, first in enumerate(stream):
        count, cuts = plans[index]
        if count == 1 and not cuts:
            yield first
            continue
        parts = [first, *(next(stream) for _ in range(count - 1))]
        joined = Doc.from_docs(parts, ensure_whitespace=False)
        joined.user_data[FORCED_CUTS] = cuts
        yield joined


def _batched(
    nlp: Language, docs: Iterable[Doc], batch_size: int, disable: list[str]
) -> Iterator[Doc]:
    """``nlp.pipe`` over ``docs`` in batches of at most ``batch_size`` docs and
    :data:`BATCH_TOKENS` tokens (a paragraph longer than that is a batch of its own)."""
    batch: list[Doc] = []
    tokens = 0
    for doc in docs:
        if batch and (len(batch) >= batch_size or tokens + len(doc) > BATCH_TOKENS):
            yield from nlp.pipe(batch, batch_size=len(batch), disable=disable)
            batch, tokens = [], 0
        batch.append(doc)
        tokens += len(doc)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch), disable=disable)
