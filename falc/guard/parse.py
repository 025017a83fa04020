"""The guard's own parses of the texts it compares, kept for the texts asked again."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

CACHE_SIZE = 256
LIGHT_DISABLED = ("parser", "ner", "clair_sentences")
"""The words and their lemmas need the tagger and the lemmatizer, not the dependency parse."""


class Parses:
    """Parses of texts by the guard: ``light`` (lemmas and parts of speech) or ``full`` (with
    the dependency parse and sentences)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._light: dict[str, Doc] = {}
        self._full: dict[str, Doc] = {}
        self._disabled = [name for name in LIGHT_DISABLED if name in nlp.pipe_names]

    def light(self, text: str) -> Doc:
        full = self._full.get(text)
        if full is not None:
            return full
        return self._get(self._light, text, self._disabled)

    def full(self, text: str) -> Doc:
        return self._get(self._full, text, [])

    def _get(self, cache: dict[str, Doc], text: str, disabled: list[str]) -> Doc:
        doc = cache.get(text)
        if doc is None:
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            doc = cache[text] = self.nlp(text, disable=disabled)
        return doc
