"""JSON from outside (an imported file, a field of a record), parsed with a bound on its depth.

Python's parser raises ``RecursionError`` on JSON nested about a thousand deep, and the readers
that walk a parsed record recursively would hit the same wall a little earlier. No real notice
or declaration is nested more than a dozen levels: past :data:`MAX_DEPTH`, the file is refused
with a French message instead of a traceback.
"""

from __future__ import annotations

import json
from typing import Any

from core.errors import InvalidInputError

MAX_DEPTH = 100
"""Deepest nesting accepted. BOAMP's ``donnees`` and eForms converted to JSON stay under 15."""


class JsonTooDeepError(InvalidInputError):
    """A JSON document nested deeper than Clair reads."""


def loads(data: str | bytes, what: str = "Le fichier", max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` that refuses, in French, a document nested past ``max_depth``.

    Decoding errors (``json.JSONDecodeError``, ``UnicodeDecodeError``) pass through: each
    caller words them for its own file.
    """
    try:
        value = json.loads(data)
    except RecursionError:
        raise _too_deep(what, max_depth) from None
    if depth(value, stop=max_depth + 1) > max_depth:
        raise _too_deep(what, max_depth)
    return value


def depth(value: Any, stop: int | None = None) -> int:
    """How deep lists and objects nest in ``value`` (a scalar is 0), walked without recursion;
    the walk ends as soon as ``stop`` is reached."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        level += 1
        deepest = max(deepest, level)
        if stop is not None and deepest >= stop:
            return deepest
        stack.extend((child, level) for child in children if isinstance(child, dict | list))
    return deepest


def _too_deep(what: str, max_depth: int) -> JsonTooDeepError:
    return JsonTooDeepError(
        f"{what} est refusé : son JSON est imbriqué sur plus de {max_depth} niveaux, ce "
        "qu'aucun avis ni aucune déclaration ne fait. Vérifiez qu'il s'agit du bon fichier."
    )
