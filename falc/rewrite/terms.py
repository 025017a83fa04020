"""Terms of art kept as they are and explained in a « Mots importants » box at the top.

FALC asks to explain a difficult word, not to remove it; a contract's terms of art cannot be
removed anyway (« notification » dates from receipt, « envoi officiel » would not). Each term of
the glossary (« terme » entries of :data:`falc.glossary.TERMS`) found in the document is listed
once, in the order of its first use, with its plain explanation and its source.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field
from spacy.tokens import Doc

from falc.document import Paragraph
from falc.glossary import TERM_VERBS, GlossaryEntry, find_vocabulary, lookup_term

BOX_TITLE = "Mots importants"


class TermExplanation(BaseModel):
    """One term of art of the document and its explanation."""

    terme: str = Field(description="Le terme tel que le glossaire l'écrit.")
    forme: str = Field(description="Le terme tel que le document l'écrit la première fois.")
    explication: str
    source: str = Field(description="L'article ou le texte qui définit le terme.")
    paragraphe: int = Field(description="Index du paragraphe de sa première utilisation.")

    @property
    def line(self) -> str:
        """The line of the box: « notification : Action de… Source : CCAG-MI 2009, article 2. »"""
        explanation = self.explication.rstrip()
        if not explanation.endswith((".", "!", "?")):
            explanation += "."
        return f"{self.terme} : {explanation} Source : {self.source}."


def terms_of_art(paragraphs: Iterable[tuple[int, str, Doc | None]]) -> list[TermExplanation]:
    """The terms of art used in the paragraphs ((index, text, parse or None)), each once, in
    the order of their first use; verbs (« notifier ») are found on the parse's lemmas."""
    found: dict[str, TermExplanation] = {}
    for index, text, doc in paragraphs:
        hits: list[tuple[int, str, GlossaryEntry | None]] = [
            (start, text[start:end], lookup_term(text[start:end]))
            for start, end in find_vocabulary(text, "termes")
        ]
        if doc is not None:
            hits += [
                (t.idx, t.text, TERM_VERBS[t.lemma_.lower()])
                for t in doc
                if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in TERM_VERBS
            ]
        for _, surface, entry in sorted(hits, key=lambda hit: hit[0]):
            if entry is None or entry.term in found or not entry.explanation:
                continue
            found[entry.term] = TermExplanation(
                terme=entry.term,
                forme=surface,
                explication=entry.explanation,
                source=entry.source,
                paragraphe=index,
            )
    return list(found.values())


def box(terms: list[TermExplanation], template: Paragraph) -> list[Paragraph]:
    """The « Mots importants » box as paragraphs: a title, then one list item per term."""
    if not terms:
        return []
    base = {"locator": None, "section": BOX_TITLE}
    paragraphs = [
        template.model_copy(update=base | {"text": BOX_TITLE, "kind": "heading", "level": 2})
    ]
    paragraphs += [
        template.model_copy(update=base | {"text": term.line, "kind": "list_item", "level": None})
        for term in terms
    ]
    return paragraphs
