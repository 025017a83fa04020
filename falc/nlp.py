"""The French spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from falc.segmentation import COMPONENT as SENTENCES_COMPONENT

DEFAULT_MODEL = "fr_core_news_md"


class ModelMissingError(RuntimeError):
    """The spaCy model is not installed."""


@lru_cache(maxsize=4)
def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process and per name; later calls return the same object.

    Clair's rule-based sentence boundaries (:mod:`falc.segmentation`) run before the parser.
    """
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelMissingError(
            f"Le modèle de langue « {name} » n'est pas installé. "
            "Lancez « make test » ou « make run » : ils l'installent."
        ) from error
    if "parser" in nlp.pipe_names and SENTENCES_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(SENTENCES_COMPONENT, before="parser")
    return nlp
