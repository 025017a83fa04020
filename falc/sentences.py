"""Words and sentences of a parsed paragraph, counted once for every metric and rule.

A *word* is a spaCy token that holds a letter or a digit and is not punctuation. An elided
clitic written with an apostrophe (« l' », « d' », « qu' », « jusqu' ») is not a word of its own:
textstat, Kandel and Moles count « l'offre » as one word, and so does Clair. Syllables come from
:mod:`falc.syllables`, word frequencies from wordfreq's French list (Zipf scale).

:func:`parse_paragraph` walks the tokens of one spaCy ``Doc`` once and keeps, per sentence, the
counts the metrics need and the token indexes the word rules need.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token
from wordfreq import get_frequency_dict

from falc.config import FalcConfig
from falc.syllables import syllable_count

_APOSTROPHES = ("'", "’")
_SHORT_CLITIC_LETTERS = 3
"""« l' », « qu' » carry no syllable of their own; « jusqu' », « lorsqu' » do."""
_LONG_WORD_LETTERS = 6
"""LIX counts words of more than 6 letters (Björnsson 1968)."""
_PASSIVE_DEPS = frozenset({"aux:pass", "nsubj:pass"})
_FREQUENCIES: dict[str, float] = get_frequency_dict("fr")


@lru_cache(maxsize=131_072)
def zipf_frequency(word: str) -> float:
    """Zipf frequency of a lowercase French word (log10 per billion words); 0.0 if unknown.

    Same scale as ``wordfreq.zipf_frequency(word, "fr")`` but a direct lookup in the cached list,
    without wordfreq's tokenisation (the token is already one word).
    """
    frequency = _FREQUENCIES.get(word)
    if not frequency:
        return 0.0
    return round(math.log10(frequency) + 9.0, 2)


@dataclass(slots=True)
class SentenceStats:
    """Counts of one sentence; ``start``/``end`` are character offsets in the paragraph."""

    start: int
    end: int
    words: int = 0
    syllables: int = 0
    long_words: int = 0
    rated_words: int = 0
    """Words whose rarity is judged: alphabetic, not proper nouns or names, not in capitals.

    A word is rare when both its form and its lemma are rare: « éliminées » is rarer than
    « éliminer », and no reader stumbles on a plural."""
    rare_words: int = 0
    passive: bool = False
    commas: int = 0
    rare_tokens: list[int] = field(default_factory=list)
    """Indexes (in the paragraph's Doc) of the rare words."""


@dataclass(slots=True)
class ParsedParagraph:
    """One paragraph, its spaCy Doc and the counts of each of its sentences."""

    text: str
    doc: Doc
    sentences: list[SentenceStats]
    spans: list[Span]

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)


def is_word(token: Token) -> bool:
    """A word, as every count of this module sees it: letters or digits, not an elided clitic."""
    text = token.text
    if token.is_punct or token.is_space or text.endswith(_APOSTROPHES):
        return False
    return any(c.isalnum() for c in text)


def _sentence_stats(sentence: Span, config: FalcConfig) -> SentenceStats:
    stats = SentenceStats(start=sentence.start_char, end=sentence.end_char)
    rare_zipf = config.rare_word_zipf
    rare_min = config.rare_word_min_letters
    for token in sentence:
        text = token.text
        if token.is_punct:
            if text == ",":
                stats.commas += 1
            continue
        if token.is_space:
            continue
        dep = token.dep_
        if dep in _PASSIVE_DEPS:
            stats.passive = True
        if text.endswith(_APOSTROPHES):
            if len(text) > _SHORT_CLITIC_LETTERS:
                stats.syllables += syllable_count(text[:-1].lower())
            continue
        if not any(c.isalnum() for c in text):
            continue
        lower = token.lower_
        stats.words += 1
        stats.syllables += syllable_count(lower)
        if len(text) > _LONG_WORD_LETTERS:
            stats.long_words += 1
        if token.is_alpha and token.pos_ != "PROPN" and not text.isupper():
            if text[0].isupper() and not token.is_sent_start:
                continue  # a name the tagger missed (« les Tilleuls »)
            stats.rated_words += 1
            if (
                len(text) >= rare_min
                and zipf_frequency(lower) < rare_zipf
                and zipf_frequency(token.lemma_.lower()) < rare_zipf
            ):
                stats.rare_words += 1
                stats.rare_tokens.append(token.i)
    return stats


def parse_paragraph(text: str, doc: Doc, config: FalcConfig) -> ParsedParagraph:
    """Count words, syllables, rare words and passives of each sentence of ``doc``.

    Sentences without any word (a lone dash, a page number's punctuation) are dropped.
    """
    spans: list[Span] = []
    sentences: list[SentenceStats] = []
    for sentence in doc.sents:
        stats = _sentence_stats(sentence, config)
        if stats.words:
            spans.append(sentence)
            sentences.append(stats)
    return ParsedParagraph(text=text, doc=doc, sentences=sentences, spans=spans)
