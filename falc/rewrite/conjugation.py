"""French verb conjugation with verbecc (no hand-written endings).

verbecc ships the conjugation templates of about 7,000 French verbs (LGPL, data from
Verbiste). Clair only asks it for finite forms of known verbs: an unknown infinitive gives
``None`` and the caller leaves the sentence as it is.
"""

from __future__ import annotations

import logging
import logging.config
from functools import cache, lru_cache
from typing import Literal

Person = Literal[1, 2, 3]
Number = Literal["s", "p"]
Tense = Literal["présent", "futur-simple", "imparfait", "passé-composé"]
Mood = Literal["indicatif", "conditionnel", "subjonctif"]


@cache
def _conjugator():
    # On import, verbecc applies its own logging configuration: it prints to stdout (that would
    # corrupt ``--format json``), writes verbecc.log in the working directory and replaces the
    # root logger's handlers. Skip that configuration and give verbecc a quiet logger instead.
    original = logging.config.dictConfig
    logging.config.dictConfig = lambda config: None
    try:
        from verbecc import TenseConjugator

        quiet = logging.getLogger("verbecc")
        quiet.setLevel(logging.ERROR)
        quiet.propagate = False
        return TenseConjugator(lang="fr")
    finally:
        logging.config.dictConfig = original


@cache
def known_infinitives() -> frozenset[str]:
    """The infinitives verbecc knows from its data (not guessed by its statistical model)."""
    return frozenset(_conjugator().get_infinitives())


@lru_cache(maxsize=4096)
def conjugate(
    infinitive: str,
    person: Person,
    number: Number,
    tense: Tense = "présent",
    mood: Mood = "indicatif",
) -> str | None:
    """The conjugated form without pronoun ("devoir", 2, "p" → "devez"); None if unknown."""
    infinitive = infinitive.lower()
    if infinitive not in known_infinitives():
        return None
    from verbecc import MoodFr, TenseFr

    moods = {
        "indicatif": MoodFr.Indicatif,
        "conditionnel": MoodFr.Conditionnel,
        "subjonctif": MoodFr.Subjonctif,
    }
    tenses = {
        "présent": TenseFr.Présent,
        "futur-simple": TenseFr.FuturSimple,
        "imparfait": TenseFr.Imparfait,
        "passé-composé": TenseFr.PasséComposé,
    }
    try:
        forms = _conjugator().conjugate_mood_tense(
            infinitive, moods[mood], tenses[tense], conjugate_pronouns=False
        )
    except Exception:  # verbecc raises several unrelated types for unknown verbs or tenses
        return None
    for form in forms:
        if str(form.get_person()) == str(person) and str(form.get_number()) == number:
            values = form.get_conjugations()
            if values:
                return values[0]
    return None


def spacy_tense(morph_tense: str | None, morph_mood: str | None) -> tuple[Tense, Mood] | None:
    """Map spaCy's ``Tense``/``Mood`` features of a finite verb to a verbecc tense and mood."""
    mood: Mood | None = {"Ind": "indicatif", "Cnd": "conditionnel", "Sub": "subjonctif"}.get(
        morph_mood or "Ind"
    )
    tense: Tense | None = {"Pres": "présent", "Fut": "futur-simple", "Imp": "imparfait"}.get(
        morph_tense or "Pres"
    )
    if mood is None or tense is None:
        return None
    if mood != "indicatif" and tense != "présent":
        return None
    return tense, mood
