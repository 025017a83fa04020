"""Clause numbers, list markers and headings are kept exactly, in the same order.

« 3. 2. 1. Tout délai… » must not become « - \\2. 1. Tout délai… »; « 1° », « a) », « Article
12.3 » and the dash of a list item stay as they are written.
"""

from __future__ import annotations

import re

CLAUSE_NUMBER = re.compile(
    r"^[ \t]*(?P<n>\d+(?:[ \t]?\.[ \t]?\d+)*(?:[ \t]?\.)?)(?=[ \t]|$)"
    r"|\b(?P<a>[Aa]rticles?[ \t]+(?:[LRD][ \t]?\.?[ \t]?)?\d+(?:[ \t]?[.-][ \t]?\d+)*)"
    r"|(?P<o>\b\d+[ \t]?°)"
    r"|(?:^|(?<=[\s(]))(?P<l>[a-z]\))",
    re.MULTILINE,
)
LIST_MARKER = re.compile(r"^[ \t]*(?P<m>[-–―•*]|\\?\d+[.)])(?=[ \t])", re.MULTILINE)


def _compact(text: str) -> str:
    return re.sub(r"[ \t]+", "", text)


def clause_numbers(text: str) -> list[str]:
    """Clause numbers and references to articles, in order, spaces removed."""
    return [_compact(m.group(m.lastgroup or 0)) for m in CLAUSE_NUMBER.finditer(text)]


def leading_marker(text: str) -> str | None:
    """The clause number or list marker that opens the text, if any."""
    stripped = text.lstrip()
    for pattern in (CLAUSE_NUMBER, LIST_MARKER):
        match = pattern.match(stripped)
        if match is not None and match.start() == 0:
            return _compact(match.group(match.lastgroup or 0))
    return None


def without_leading_number(text: str) -> str:
    """The text without the clause number that opens it (« 3. 2. 2. Lorsque… » → « Lorsque… »):
    the parser reads « 3 » as a subject or « 2. » as a sentence of its own. The number itself is
    checked by :func:`changed_structure`."""
    match = CLAUSE_NUMBER.match(text)
    if match is None or match.group("n") is None or not match.group("n").rstrip().endswith("."):
        return text
    rest = text[match.end() :].lstrip()
    return rest or text


def changed_structure(original: str, result: str) -> list[str]:
    """French messages for each clause number or marker lost, added or moved."""
    messages: list[str] = []
    before, after = clause_numbers(original), clause_numbers(result)
    if before != after:
        lost = [n for n in before if n not in after]
        added = [n for n in after if n not in before]
        detail = (
            "; ".join([*(f"perdu « {n} »" for n in lost), *(f"ajouté « {n} »" for n in added)])
            or "ordre changé"
        )
        messages.append(f"La réécriture change les numéros de clause ou d'article ({detail}).")
    if original.rstrip().endswith(":") and not result.rstrip().endswith(":"):
        messages.append("Le texte finissait par « : » avant une liste : il ne l'annonce plus.")
    if leading_marker(original) != leading_marker(result):
        messages.append(
            f"Le texte ne commence plus par « {leading_marker(original) or 'son premier mot'} »."
        )
    return messages


def changed_headings(original: list[str], result: list[str]) -> list[str]:
    """French messages when the titles of the document are not the same, in the same order
    and with the same case."""
    if original == result:
        return []
    for index, (before, after) in enumerate(zip(original, result, strict=False)):
        if before != after:
            return [f"Le titre n° {index + 1} change : « {before} » devient « {after} »."]
    return [f"Le document avait {len(original)} titres, il en a {len(result)}."]
