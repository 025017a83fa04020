"""Every rewrite's own examples, read from the one registry (falc/rewrite/registry.py): what it
makes of a text, and the texts it must leave as they are."""

from __future__ import annotations

import pytest

from falc.rewrite.context import RewriteContext
from falc.rewrite.registry import REWRITES
from falc.rules import RULES

EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.code}:{k}")
    for rule in REWRITES
    for k, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_rewrite_example(nlp, rule, example):
    expected = example.before if example.after is None else " ".join(example.after)
    assert rule.rewrite(example.before, RewriteContext(nlp)) == expected
    assert example.after is not None or example.why


def test_every_rewrite_has_examples_of_both_kinds_and_answers_a_known_rule():
    known = {rule.code for rule in RULES}
    for rule in REWRITES:
        assert rule.answers in known, rule.code
        assert rule.message.endswith(".") and rule.kind in ("sure", "proposition"), rule.code
        assert {example.after is None for example in rule.examples} == {True, False}, rule.code
