"""The word lists of the cut rules, read once from ``falc/data/decoupage.json``.

Each list there has a French description; here each gets the shape the rules use (a frozenset,
a mapping, or tuples of words for the locutions matched word by word).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def _table() -> dict[str, Any]:
    text = files("falc.data").joinpath("decoupage.json").read_text(encoding="utf-8")
    return {key: entry["words"] for key, entry in json.loads(text).items() if key != "_description"}


def _set(key: str) -> frozenset[str]:
    return frozenset(_table()[key])


def _map(key: str) -> dict[str, str]:
    return dict(_table()[key])


def _locutions(key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(words) for words in _table()[key])


def _pairs(key: str) -> dict[str, tuple[str, str]]:
    return {word: (first, second) for word, (first, second) in _table()[key].items()}


CUT_CONJUNCTIONS = _map("cut_conjunctions")
MODALS = _set("modals")
NE = _set("ne")
RELATIVE_PRONOUNS = _set("relative_pronouns")
SUBORDINATORS = _set("subordinators")
CLAUSE_DETERMINERS = _set("clause_determiners")
AFOREMENTIONED = _map("aforementioned")
AUXILIARY_PARTICIPLES = _map("auxiliary_participles")
NOT_PARTICIPLES = _set("not_participles")
EACH = _set("each")
LEQUEL = _pairs("lequel")
CONNECTORS = {tuple(words.split()): lead for words, lead in _map("connectors").items()}
NEGATIVE_WORDS = _set("negative_words")
CLITICS = _set("clitics")
PRONOUN_PERSONS: dict[str, tuple[int, str]] = {
    word: (int(person), str(number))
    for word, (person, number) in _table()["pronoun_persons"].items()
}
THIRD_PERSON_PRONOUNS = _set("third_person_pronouns")
REFERRING_CLITICS = _set("referring_clitics")
WITHOUT_VERBS = _set("without_verbs")
CONDITION_OPENERS = _locutions("condition_openers")
CONDITION_CLAUSE_OPENERS = _locutions("condition_clause_openers")
WHEN = _set("when")
IF = _set("if")
IN_CASE = _locutions("in_case")
EXAMPLE_OPENERS = _locutions("example_openers")
NOUN_DETERMINERS = _set("noun_determiners")
PREJUDICE_NOUNS = _set("prejudice_nouns")
PREJUDICE_ARTICLES = _map("prejudice_articles")
CONTRACTED_LEQUEL = _pairs("contracted_lequel")
OBJECT_PRONOUNS = {tuple(key.split()): pronoun for key, pronoun in _map("object_pronouns").items()}
VERB_GROUP_MARKS = _set("verb_group_marks")
TRAILING_PREPOSITIONS = _set("trailing_prepositions")
LOCUTION_NOUNS = _set("locution_nouns")
