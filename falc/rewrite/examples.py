"""The examples every rewrite rule carries: its table test and its documentation.

An example is a text and what Clair makes of it (one or more sentences), or a text the rule must
leave as it is, with why (``docs/regles-reecriture.md`` shows both).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """``before`` and what Clair makes of it: ``after`` (the sentences, or the one text), or
    None when the rule must leave it as it is, ``why`` saying what would go wrong."""

    before: str
    after: tuple[str, ...] | None
    why: str = ""


def becomes(before: str, *after: str) -> Example:
    """An example the rule rewrites into ``after``."""
    return Example(before, tuple(after))


def kept(before: str, why: str) -> Example:
    """An example the rule must leave as it is, and why."""
    return Example(before, None, why)
