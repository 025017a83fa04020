"""Acronyms explained at their first use, FALC style: no parentheses, a short sentence after.

"Le CCAP fixe les pénalités." → "Le CCAP fixe les pénalités. CCAP veut dire cahier des clauses
administratives particulières." The acronym is kept in the sentence and used as is afterwards.
An acronym already explained in the paragraph (its expansion written out, or in parentheses) is
not explained again.
"""

from __future__ import annotations

import re

from core.text import fold
from falc.glossary import ACRONYMS
from falc.invariants import extract_invariants
from falc.rewrite.context import RewriteContext
from falc.rewrite.enumeration import join_sentences
from falc.rewrite.examples import becomes, kept

_WORD = re.compile(r"(?<![\w-])([A-ZÉÈ][A-ZÉÈ0-9]{1,9})(s?)(?![\w-])")


def explanation(acronym: str) -> str | None:
    """The sentence that explains the acronym; None if it is unknown or would add a fact that
    the invariants guard watches (an acronym such as CCAG is itself a legal reference)."""
    expansion = ACRONYMS.get(acronym)
    if expansion is None:
        return None
    sentence = f"{acronym} veut dire {expansion}."
    if extract_invariants(sentence):
        return None
    return sentence


def explain_acronyms(text: str, context: RewriteContext) -> str:
    """The text followed by one explaining sentence per acronym used here for the first time."""
    if not text.rstrip().endswith((".", "!", "?")):
        return text  # a list item ending with ";" or a title: explain at a later full sentence
    folded = fold(text)
    additions: list[str] = []
    for match in _WORD.finditer(text):
        acronym = match.group(1)
        if acronym not in ACRONYMS and match.group(2) == "" and acronym[:-1] in ACRONYMS:
            acronym = acronym[:-1]
        if acronym not in ACRONYMS or acronym in context.acronyms_explained:
            continue
        context.acronyms_explained.add(acronym)
        if fold(ACRONYMS[acronym]) in folded or f"({acronym})" in text:
            continue
        sentence = explanation(acronym)
        if sentence is not None:
            additions.append(sentence)
    if not additions:
        return text
    return join_sentences([text.rstrip(), *additions])


EXAMPLES = (
    becomes(
        "Le CCAP fixe les pénalités de retard.",
        "Le CCAP fixe les pénalités de retard. CCAP veut dire cahier des clauses "
        "administratives particulières.",
    ),
    kept("Le titulaire remet le rapport mensuel.", "Aucun sigle."),
)
