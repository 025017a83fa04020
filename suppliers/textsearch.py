"""French text normalisation for full-text search, shared by firms and tenders.

Case-, accent- and plural-insensitive matching: text is folded to lower case, accents are
removed, and each word is reduced to its Snowball French stem ("Boulangeries" → "boulang",
"boulangère" → "boulanger"... both sides of the search go through the same function, so the
query matches the stored text). The normalised text goes into SQLite FTS5 columns; queries are
built by :func:`fts_query`, which never passes user syntax through to FTS5.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from core.text import fold

_WORD = re.compile(r"[0-9a-z]+")
_STEMMER = snowballstemmer.stemmer("french")

# Words too common to help a search (articles, prepositions, conjunctions).
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "ou",
        "par",
        "pour",
        "sa",
        "se",
        "ses",
        "sur",
        "un",
        "une",
        "y",
        "est",
        "sont",
        "qui",
        "que",
        "quoi",
        "dont",
    ]
)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball French stem of one folded word."""
    return _STEMMER.stemWord(word)


def tokens(text: str) -> list[str]:
    """Stemmed, folded words of ``text`` without stop words."""
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in STOP_WORDS]


def searchable_text(text: str | None) -> str:
    """The searchable form of a text: its stemmed tokens joined by spaces."""
    if not text:
        return ""
    return " ".join(tokens(text))


def fts_query(query: str, *, prefix: bool = True) -> str | None:
    """An FTS5 MATCH expression for a user's query, every word required; None if no word.

    Each stem is quoted, so quotes, operators or column filters typed by a user are inert.
    With ``prefix`` each stem also matches longer stems ("boulang" matches "boulanger").
    """
    words = tokens(query)
    if not words:
        return None
    star = "*" if prefix else ""
    return " AND ".join(f'"{w}"{star}' for w in dict.fromkeys(words))
