"""Every rewrite kind's own examples (falc/rewrite/kinds.py): what it makes of a text, and the
texts it must leave as they are."""

from __future__ import annotations

import pytest

from falc.rewrite import registry  # noqa: F401  (attaches the rewrites to their rules)
from falc.rewrite.context import RewriteContext
from falc.rewrite.enumeration import join_sentences
from falc.rewrite.kinds import REWRITE_KINDS
from falc.rewrite.splitting import split_sentence
from falc.rules import RULES

REWRITES = {rule.code: rule for rule in RULES}
EXAMPLES = [
    pytest.param(kind.code, example, id=f"{kind.code}:{k}")
    for kind in REWRITE_KINDS
    for k, example in enumerate(kind.examples)
]


def rewrite(code: str, text: str, nlp) -> str:
    if code == "liste-enumeration":
        return join_sentences(split_sentence(text, nlp))
    return REWRITES[code].rewrite(text, RewriteContext(nlp))


@pytest.mark.parametrize(("code", "example"), EXAMPLES)
def test_rewrite_kind_example(nlp, code, example):
    expected = example.before if example.after is None else " ".join(example.after)
    assert rewrite(code, example.before, nlp) == expected
    assert example.after is not None or example.why


def test_every_kind_has_examples_of_both_kinds_and_a_known_code():
    for kind in REWRITE_KINDS:
        assert kind.code in REWRITES or kind.code == "liste-enumeration"
        assert {example.after is None for example in kind.examples} == {True, False}, kind.code
