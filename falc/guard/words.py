"""Every content word of the original is still in the result.

Content words are the nouns, verbs, adjectives, adverbs, numbers and proper nouns of the
original. A word counts as kept when its stem (Snowball, on the lemma or on the word as written)
is among the stems of the result, whatever its part of speech there: « notifiés » kept as
« notifie » or « notification » is fine, « calendaires » dropped from « jours calendaires » is
not. Numbers are compared as values (« quinze » = « 15 », « 15/03/2025 » = « 15 mars 2025 »).

The one exception is a word replaced by its exact equivalent from the glossary (« nonobstant » →
« malgré »): only the « équivalent » entries are read, never the rewrites.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from snowballstemmer import stemmer
from spacy.tokens import Doc, Token
from text_to_num import alpha2digit

from falc.glossary import JARGON_VERBS, adjective_inflections, find_vocabulary, lookup_jargon

CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "NUM", "PROPN"})
NEGATION_WORDS = frozenset({"ne", "n'", "pas", "plus", "jamais", "ni", "point", "guère"})
"""Negation words are counted, with their place, by :mod:`falc.guard.markers`."""
MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_DIGITS = re.compile(r"\d+")
_STEMMER = stemmer("french")


def lower_word(token: Token) -> str:
    """The token's text in lower case, with straight apostrophes: « N’ » → « n' »."""
    return token.text.lower().replace("’", "'")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower().replace("’", "'").split("'")[-1])


def _is_word(token: Token) -> bool:
    return bool(_LETTERS.search(token.text))


ROMAN = re.compile(r"\b(?=[IVXLC]{2,}\b)(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})\b")
"""A Roman numeral of two letters or more (« chapitre IV »), read as its value."""
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(word: str) -> int:
    total = 0
    for letter, following in zip(word, [*word[1:], ""], strict=True):
        value = _ROMAN_VALUES[letter]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def numbers(text: str) -> list[int]:
    """The numbers a text states, as values: digits, numbers in letters, Roman numerals, month
    names."""
    normalised = alpha2digit(text.replace("\u00a0", " "), "fr", threshold=0)
    values = [_roman(m.group(0)) for m in ROMAN.finditer(normalised) if m.group(0)]
    normalised = ROMAN.sub(" ", normalised)
    values += [int(d) for d in _DIGITS.findall(normalised.replace(" 000", "000"))]
    values += [MONTHS[w] for w in re.findall(r"[^\W\d_]+", normalised.lower()) if w in MONTHS]
    return values


def equivalent_spans(original: Doc, result: Doc) -> list[tuple[int, int]]:
    """Spans of the original replaced by their exact equivalent in the result."""
    folded = result.text.lower().replace("’", "'")
    spans = []
    for start, end in find_vocabulary(original.text, "jargon"):
        entry = lookup_jargon(original.text[start:end])
        if entry is None or not entry.replacement:
            continue
        plain = {entry.replacement, entry.replacement_plural or ""}
        if entry.category == "adjectif":
            plain |= set(adjective_inflections(entry.replacement).values())
        if entry.category == "determinant":
            plain |= {entry.replacement + "t"}
        if any(p and p.lower() in folded for p in plain):
            spans.append((start, end))
    result_stems = {stem(t.lemma_) for t in result}
    for token in original:
        entry = JARGON_VERBS.get(token.lemma_.lower())
        if entry is not None and entry.replacement:
            verb = entry.replacement.split(" ")[0]
            if stem(verb) in result_stems:
                spans.append((token.idx, token.idx + len(token)))
    return spans


def _keys(token: Token) -> list[str]:
    """The stems a content word may be kept as: those of its written pieces, or of its lemma."""
    pieces = [stem(p) for p in re.split(r"[-'’]", token.text) if _LETTERS.search(p)]
    return pieces or [stem(token.lemma_)]


def lost_words(original: Doc, result: Doc) -> list[str]:
    """The content words of ``original`` that ``result`` does not keep, as written. Each use
    counts: a word said twice in the original must be said twice in the result."""
    kept = Counter[str]()
    for token in result:
        for piece in {
            stem(p) for p in re.split(r"[-'’]", token.text) + re.split(r"[-'’]", token.lemma_) if p
        }:
            kept[piece] += 1
    excused = equivalent_spans(original, result)
    lost: list[str] = []
    for token in original:
        if token.pos_ not in CONTENT_POS or not _is_word(token) or token.like_num:
            continue
        if ROMAN.fullmatch(token.text):
            continue  # a number: compared as a value by :func:`lost_numbers`
        if lower_word(token) in NEGATION_WORDS:
            continue
        if any(start <= token.idx < end for start, end in excused):
            continue
        keys = _keys(token)
        lemma_keys = [stem(p) for p in re.split(r"[-'’]", token.lemma_) if _LETTERS.search(p)]
        for candidate in (keys, lemma_keys):
            if candidate and all(kept[k] > 0 for k in candidate):
                for k in candidate:
                    kept[k] -= 1
                break
        else:
            lost.append(token.text)
    return lost


def lost_numbers(original: str, result: str) -> list[int]:
    """Numbers of the original missing from the result (values, with repeats)."""
    remaining = numbers(result)
    lost = []
    for value in numbers(original):
        if value in remaining:
            remaining.remove(value)
        else:
            lost.append(value)
    return lost
