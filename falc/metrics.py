"""Readability metrics of a span of text, from the per-sentence counts of :mod:`falc.sentences`.

Pure functions of counts: a metric that cannot be computed (no word, no sentence) is ``None``.

- Kandel–Moles (1958), French Flesch: ``207 − 1.015 × words/sentences − 73.6 × syllables/words``.
- LIX (Björnsson 1968): ``words/sentences + 100 × words of more than 6 letters / words``.
- Rare-word share: rare words / rated words (alphabetic words, not proper nouns, not in capitals),
  a word being rare when its wordfreq French Zipf frequency is below ``FalcConfig.rare_word_zipf``.
- Passive ratio: sentences with a passive (spaCy ``aux:pass`` or ``nsubj:pass``) / sentences.
"""

from __future__ import annotations

from collections.abc import Iterable

from falc.report import Metrics
from falc.sentences import SentenceStats

KM_INTERCEPT = 207.0
"""Kandel and Moles (1958) coefficients for French."""
KM_SENTENCE_COEFFICIENT = 1.015
KM_SYLLABLE_COEFFICIENT = 73.6
LIX_LONG_WORD_FACTOR = 100.0


def kandel_moles(words: int, sentences: int, syllables: int) -> float | None:
    """Kandel–Moles score (higher is easier); None without words or sentences."""
    if words <= 0 or sentences <= 0:
        return None
    return (
        KM_INTERCEPT
        - KM_SENTENCE_COEFFICIENT * words / sentences
        - KM_SYLLABLE_COEFFICIENT * syllables / words
    )


def lix(words: int, sentences: int, long_words: int) -> float | None:
    """LIX index (higher is harder); None without words or sentences."""
    if words <= 0 or sentences <= 0:
        return None
    return words / sentences + LIX_LONG_WORD_FACTOR * long_words / words


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole > 0 else None


def metrics_of(sentences: Iterable[SentenceStats]) -> Metrics:
    """Aggregate the counts of some sentences into :class:`~falc.report.Metrics`."""
    n_sentences = words = syllables = long_words = rated = rare = passive = 0
    for s in sentences:
        n_sentences += 1
        words += s.words
        syllables += s.syllables
        long_words += s.long_words
        rated += s.rated_words
        rare += s.rare_words
        passive += s.passive
    km = kandel_moles(words, n_sentences, syllables)
    return Metrics(
        words=words,
        sentences=n_sentences,
        syllables=syllables,
        kandel_moles=None if km is None else round(km, 2),
        lix=_rounded(lix(words, n_sentences, long_words)),
        words_per_sentence=_rounded(_ratio(words, n_sentences)),
        syllables_per_word=_rounded(_ratio(syllables, words), 3),
        rare_word_share=_rounded(_ratio(rare, rated), 4),
        passive_ratio=_rounded(_ratio(passive, n_sentences), 4),
    )


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)
