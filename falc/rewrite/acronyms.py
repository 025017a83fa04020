"""Acronyms explained at their first use, in a form that cannot read as an alternative.

« Le CCAP fixe les pénalités. » → « Le CCAP (cahier des clauses administratives particulières)
fixe les pénalités. » The acronym stays where it is and is used as is afterwards; its meaning
follows it in parentheses, never « ou CCAP » (which reads as « the CCAP or something else »).
An acronym already explained in the paragraph (its expansion written out, or in parentheses) is
not explained again. A list item or a title is left alone: the explanation goes to the next
full sentence.
"""

from __future__ import annotations

import re

from core.text import fold
from falc.glossary import ACRONYMS
from falc.rewrite.context import RewriteContext
from falc.rewrite.examples import becomes, kept

_WORD = re.compile(r"(?<![\w-])([A-ZÉÈ][A-ZÉÈ0-9]{1,9})(s?)(?![\w-])")


def explanation(acronym: str) -> str | None:
    """What is written after the acronym: its expansion in parentheses (None if unknown)."""
    expansion = ACRONYMS.get(acronym)
    return f" ({expansion})" if expansion is not None else None


def explain_acronyms(text: str, context: RewriteContext) -> str:
    """The text with each acronym used here for the first time followed by its meaning."""
    if not text.rstrip().endswith((".", "!", "?")):
        return text  # a list item ending with ";" or a title: explain at a later full sentence
    folded = fold(text)
    pieces: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        acronym = match.group(1)
        if acronym not in ACRONYMS and match.group(2) == "" and acronym[:-1] in ACRONYMS:
            acronym = acronym[:-1]
        if acronym not in ACRONYMS or acronym in context.acronyms_explained:
            continue
        context.acronyms_explained.add(acronym)
        inside = text[match.start() - 1 : match.start()] == "(" or text[match.end() :].startswith(
            ")"
        )
        if fold(ACRONYMS[acronym]) in folded or inside:
            continue  # already spelled out, or itself the definition in parentheses
        added = explanation(acronym)
        if added is None:
            continue
        pieces.append(text[last : match.end()] + added)
        last = match.end()
    if not pieces:
        return text
    return "".join(pieces) + text[last:]


EXAMPLES = (
    becomes(
        "Le CCAP fixe les pénalités de retard.",
        "Le CCAP (cahier des clauses administratives particulières) fixe les pénalités de retard.",
    ),
    kept("Le titulaire remet le rapport mensuel.", "Aucun sigle."),
    kept(
        "Le cahier des clauses administratives particulières (CCAP) fixe les pénalités.",
        "Le sigle est déjà expliqué : il est lui-même la définition entre parenthèses.",
    ),
)
