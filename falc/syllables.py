"""Syllables of French words, counted as textstat does for French (pyphen's French dictionary).

A word has ``len(hyphenation points) + 1`` syllables. pyphen keeps two letters on each side of a
break, so it undercounts words like « idée » (1): the same bias textstat has, which keeps Clair's
Kandel–Moles comparable with textstat's. Lookups are cached per word.
"""

from __future__ import annotations

from functools import lru_cache

import pyphen

_HYPHENATOR = pyphen.Pyphen(lang="fr")


@lru_cache(maxsize=131_072)
def syllable_count(word: str) -> int:
    """Syllables of one word (lowercase it first for the cache's sake); 0 for an empty word."""
    if not word:
        return 0
    return len(_HYPHENATOR.positions(word)) + 1
