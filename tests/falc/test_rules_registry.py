"""The registry and the glossary: shape, uniqueness, rewrite slot."""

from __future__ import annotations

import re

import pytest

from falc.glossary import (
    ACRONYM_DETAILS,
    ACRONYMS,
    EXPRESSIONS,
    JARGON,
    elides,
    lookup_jargon,
    pluralise,
)
from falc.rules import RULES, UnknownRuleError, get_rule, register_rewrite


def test_codes_are_unique_kebab_case_french():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in codes)


def test_every_rule_has_french_words_and_a_source():
    for rule in RULES:
        assert rule.title and rule.message and rule.source
        assert rule.severity in ("info", "avertissement", "erreur")
        assert rule.suggestion


def test_get_rule_finds_a_rule_and_refuses_unknown_codes():
    assert get_rule("phrase-longue").code == "phrase-longue"
    with pytest.raises(UnknownRuleError):
        get_rule("inconnue")


def test_rewrite_slot_is_empty_until_a_rewrite_is_registered():
    rule = get_rule("expression-latine")
    previous = rule.rewrite

    def rewrite(*args, **kwargs):
        return None

    try:
        assert register_rewrite("expression-latine")(rewrite) is rewrite
        assert get_rule("expression-latine").rewrite is rewrite
    finally:
        from falc.rules.base import _REWRITES

        if previous is None:
            _REWRITES.pop("expression-latine", None)
        else:
            _REWRITES["expression-latine"] = previous
    with pytest.raises(UnknownRuleError):
        register_rewrite("inconnue")


def test_required_acronyms_are_known():
    required = [
        "DCE",
        "RC",
        "CCAP",
        "CCTP",
        "CCAG",
        "AE",
        "BPU",
        "DQE",
        "DPGF",
        "DUME",
        "MAPA",
        "SIRET",
        "HT",
        "TTC",
    ]
    assert set(required) <= set(ACRONYMS)
    assert len(ACRONYMS) >= 60
    assert ACRONYMS["DCE"] == "dossier de consultation des entreprises"
    assert ACRONYM_DETAILS["DCE"].gender == "m"


def test_equivalents_have_grammar_for_nouns():
    assert len(JARGON) >= 40
    for entry in JARGON.values():
        if entry.category == "nom":
            assert entry.gender and entry.number and entry.plain_gender and entry.plain_number
            assert entry.plural and entry.plain_plural


@pytest.mark.parametrize(
    ("surface", "plain", "plain_gender", "plain_elides"),
    [
        ("computation", "calcul", "m", False),
        ("Prorogations", "prolongation", "f", False),
        ("nonobstant", "malgré", None, False),
        ("susvisées", "cité plus haut", None, False),
    ],
)
def test_jargon_lookup_gives_plain_word_and_its_grammar(surface, plain, plain_gender, plain_elides):
    entry = lookup_jargon(surface)
    assert entry is not None
    assert (entry.plain, entry.plain_gender, entry.plain_elides) == (
        plain,
        plain_gender,
        plain_elides,
    )


def test_plain_plural_is_computed_when_the_file_leaves_it_empty():
    assert JARGON["prorogation"].plain_plural == "prolongations"


@pytest.mark.parametrize(
    ("phrase", "plural"),
    [
        ("pouvoir adjudicateur", "pouvoirs adjudicateurs"),
        ("acte d'engagement", "actes d'engagement"),
        ("marché global", "marchés globaux"),
        ("prix unitaire", "prix unitaires"),
        ("bon de commande", "bons de commande"),
    ],
)
def test_pluralise_marks_words_up_to_the_first_preposition(phrase, plural):
    assert pluralise(phrase) == plural


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("acheteur", True),
        ("entreprise", True),
        ("heure", True),
        ("hausse", False),
        ("liste", False),
    ],
)
def test_elision_of_the_first_letter(phrase, expected):
    assert elides(phrase) is expected


def test_expressions_have_plain_french():
    assert EXPRESSIONS["in fine"].plain == "à la fin"
    assert all(e.plain for e in EXPRESSIONS.values())


@pytest.mark.parametrize("kind", ["jargon", "expressions"])
@pytest.mark.parametrize(
    "text",
    [
        "Nonobstant ce qui précède, le Pouvoir adjudicateur notifie l’acte d'engagement.",
        "Les soumissionnaires remettent leurs plis conformément aux pièces constitutives du marché.",
        "Le pouvoir-adjudicateur, in fine, a contrario, etc. et sine qua non.",
        "Appel d'offres ouvert, appel d'offres, cahier des charges ; ci-après dénommé le titulaire.",
        "Aucun mot de la liste ici.",
        "",
    ],
)
def test_fast_vocabulary_lookup_matches_the_regular_expression(kind, text):
    from falc.glossary import find_vocabulary, vocabulary_pattern

    expected = [m.span() for m in vocabulary_pattern(kind).finditer(text)]
    assert find_vocabulary(text, kind) == expected
