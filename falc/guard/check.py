"""The guard's verdict on one change: every check, each failure with its reason in French."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field
from spacy.language import Language

from falc.guard.conditions import broken_conditions
from falc.guard.markers import changed_markers
from falc.guard.parse import Parses
from falc.guard.relatives import wrong_antecedents
from falc.guard.roles import changed_roles
from falc.guard.structure import changed_headings, changed_structure, without_leading_number
from falc.guard.words import lost_numbers, lost_words

GuardCheck = Literal["mots", "nombres", "marqueurs", "condition", "relative", "roles", "structure"]
_SENTENCE_END = re.compile(r"[.!?…](?=\s+\S|$)")


class GuardFailure(BaseModel):
    """One reason why a change would change what the text says."""

    check: GuardCheck = Field(description="Le contrôle qui refuse le changement.")
    message: str = Field(description="Pourquoi, en français.")


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text.strip())) or 1


class MeaningGuard:
    """Checks a change against the original text, with its own parses (one per process and
    pipeline: successive changes of one sentence share the parse of their original)."""

    def __init__(self, nlp: Language) -> None:
        self.parses = Parses(nlp)

    def check(self, original: str, result: str) -> list[GuardFailure]:
        """Every reason why ``result`` does not say what ``original`` says (empty: it does)."""
        if original == result:
            return []
        failures = [
            GuardFailure(check="structure", message=m) for m in changed_structure(original, result)
        ]
        lost = lost_numbers(original, result)
        if lost:
            values = ", ".join(str(v) for v in lost)
            failures.append(
                GuardFailure(check="nombres", message=f"La réécriture perd le nombre {values}.")
            )
        cut = _sentences(result) > _sentences(original) or result.count("\n") > original.count("\n")
        if not failures:
            # the same clause number opens both (else the structure check failed): the words
            # are parsed without it, so that « 3. » is read as neither a subject nor a sentence
            original, result = without_leading_number(original), without_leading_number(result)
        before = self.parses.full(original) if cut else self.parses.light(original)
        after = self.parses.full(result) if cut else self.parses.light(result)
        words = lost_words(before, after)
        if words:
            listed = ", ".join(f"« {w} »" for w in dict.fromkeys(words))
            failures.append(GuardFailure(check="mots", message=f"La réécriture perd {listed}."))
        failures += [
            GuardFailure(check="marqueurs", message=m) for m in changed_markers(before, after)
        ]
        if cut:
            failures += [
                GuardFailure(check="condition", message=m) for m in broken_conditions(before, after)
            ]
            failures += [
                GuardFailure(check="relative", message=m) for m in wrong_antecedents(before, after)
            ]
            failures += [
                GuardFailure(check="roles", message=m) for m in changed_roles(before, after)
            ]
        return failures


def check_headings(original: list[str], result: list[str]) -> list[GuardFailure]:
    """The titles of the document kept exactly, in the same order and case."""
    return [GuardFailure(check="structure", message=m) for m in changed_headings(original, result)]
