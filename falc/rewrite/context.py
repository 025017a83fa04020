"""What a rewrite receives besides the sentence: the pipeline and the document's memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from falc.config import FalcConfig
from falc.document import ParagraphKind

PARSE_CACHE_SIZE = 64


@dataclass(slots=True)
class RewriteContext:
    """One document being rewritten: the spaCy pipeline, the settings, what was already said."""

    nlp: Language
    config: FalcConfig = field(default_factory=FalcConfig)
    kind: ParagraphKind = "paragraph"
    acronyms_explained: set[str] = field(default_factory=set)
    _parses: dict[str, Doc] = field(default_factory=dict)

    @property
    def max_words(self) -> int:
        return self.config.sentence_max_words

    def parse(self, text: str) -> Doc:
        """The parse of ``text``; successive rewrites of an unchanged sentence share it."""
        doc = self._parses.get(text)
        if doc is None:
            if len(self._parses) >= PARSE_CACHE_SIZE:
                self._parses.clear()
            doc = self._parses[text] = self.nlp(text)
        return doc

    def single_sentence(self, text: str) -> Span:
        """The parse of ``text`` as one span (the caller already cut the paragraph into
        sentences; spaCy may still cut after an abbreviation such as "R." or "art.")."""
        return self.parse(text)[:]
