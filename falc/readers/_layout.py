"""What page layout leaves in a text that is not prose, and prose that layout broke.

A PDF conversion (or a text copied from one) keeps the page's furniture: « Page 3 », « 3 / 12 »,
« - 3 - », and tables of contents whose dot leaders run to a page number. None of it is prose:
the readers drop it. It also breaks sentences: a hard line break or a page break inside a
sentence leaves one paragraph without final punctuation and the next one starting in lower case;
:func:`continues` tells the builder to join them again before anything is analysed or rewritten.
"""

from __future__ import annotations

import re

_PAGE_MARKER = re.compile(
    r"^(?:page\s+\d{1,4}(?:\s*(?:/|sur|de)\s*\d{1,4})?"  # « Page 3 », « Page 3 / 12 », « page 3 sur 12 »
    r"|\d{1,4}\s*/\s*\d{1,4}"  # « 3 / 12 »
    r"|[-–—]\s*\d{1,4}\s*[-–—])$",  # « - 3 - »
    re.IGNORECASE,
)
_TOC_LINE = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$|…{2,}\s*\d{1,4}\s*$|_{4,}\s*\d{1,4}\s*$")
"""A line whose dot leaders (« ..... », « . . . . », « …… ») end on a page number."""

SENTENCE_END = frozenset(".!?…:;»)]")
"""Characters that may close a paragraph on purpose (a colon opens a list, a semicolon ends an
item)."""


def is_page_marker(line: str) -> bool:
    """« Page 3 », « Page 3 / 12 », « 3 / 12 », « - 3 - »: a page number, not prose."""
    return _PAGE_MARKER.match(line.strip()) is not None


def is_toc_line(line: str) -> bool:
    """« Article 3 – Délais ........ 12 »: a line of a table of contents, not prose."""
    return _TOC_LINE.search(line.strip()) is not None


def not_prose(line: str) -> bool:
    return is_page_marker(line) or is_toc_line(line)


def continues(previous: str, following: str) -> bool:
    """``following`` is the rest of the sentence ``previous`` left open: ``previous`` has no final
    punctuation and ``following`` starts with a letter in lower case."""
    previous, following = previous.rstrip(), following.lstrip()
    if not previous or not following:
        return False
    return previous[-1] not in SENTENCE_END and following[0].isalpha() and following[0].islower()


def glue(previous: str, following: str) -> str:
    """The two parts of one sentence as one text; a word cut by a hyphen at the break is whole
    again (« adjudica-| teur »)."""
    previous, following = previous.rstrip(), following.lstrip()
    if re.search(r"[^\W\d_]-$", previous):
        return previous[:-1] + following
    return f"{previous} {following}"
