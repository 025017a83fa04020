"""Every cut rule's own examples (falc/rewrite/cuts): what it makes of a sentence, and the
sentences it must leave whole. One table for all rules, read from the registry."""

from __future__ import annotations

import pytest

from falc.invariants import compare
from falc.rewrite.cuts import CUT_RULES, RULES_BY_CODE
from falc.rewrite.cuts.grammar import sentence_body
from falc.rewrite.splitting import split_traced

CUTS = [
    pytest.param(rule.code, example, id=f"{rule.code}:{k}")
    for rule in CUT_RULES
    for k, example in enumerate(rule.examples)
    if example.after is not None
]
KEPT = [
    pytest.param(rule.code, example, id=f"{rule.code}:{k}")
    for rule in CUT_RULES
    for k, example in enumerate(rule.examples)
    if example.after is None
]


@pytest.mark.parametrize(("code", "example"), CUTS)
def test_rule_cuts_its_example(nlp, code, example):
    split = split_traced(example.before, nlp)
    assert split.pieces == list(example.after)
    assert code in split.rules
    assert compare(example.before, " ".join(split.pieces)) == []
    assert all(p[0].isupper() or p[0].isdigit() or p[1] == ")" for p in split.pieces)
    assert all(p.endswith((".", "?")) or "\n- " in p for p in split.pieces)


@pytest.mark.parametrize(("code", "example"), KEPT)
def test_rule_leaves_its_counter_example_whole(nlp, code, example):
    sentence = nlp(example.before)[:]
    assert RULES_BY_CODE[code].cuts(sentence, sentence_body(sentence)) == []
    assert example.why


def test_every_enabled_rule_has_examples_of_both_kinds():
    for rule in CUT_RULES:
        if rule.enabled:
            kinds = {example.after is None for example in rule.examples}
            assert kinds == {True, False}, rule.code
        else:
            assert rule.note and not rule.examples, rule.code


def test_codes_are_unique_and_messages_french():
    codes = [rule.code for rule in CUT_RULES]
    assert len(codes) == len(set(codes))
    assert all(rule.message and not rule.message[0].islower() for rule in CUT_RULES)


def test_a_disabled_rule_proposes_nothing(nlp):
    text = (
        "Le titulaire transmet à l'acheteur, au plus tard un mois avant la date de révision, une "
        "proposition de prix révisés accompagnée du détail du calcul."
    )
    sentence = nlp(text)[:]
    aside = RULES_BY_CODE["coupe-incise"]
    assert not aside.enabled
    assert aside.find(sentence, sentence_body(sentence)) != []  # what it would have cut
    assert aside.cuts(sentence, sentence_body(sentence)) == []
    assert split_traced(text, nlp).pieces == [text]
