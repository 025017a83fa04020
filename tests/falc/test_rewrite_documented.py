"""docs/regles-reecriture.md shows every rewrite rule with its examples, as the registries hold
them (its generated part is written by falc/rewrite/documentation.py)."""

from __future__ import annotations

import re

from falc.rewrite.cuts import CUT_RULES
from falc.rewrite.documentation import END, PAGE, START, page_with_rules, rules_markdown
from falc.rewrite.registry import REWRITES


def test_the_page_holds_the_registries_as_they_are():
    page = PAGE.read_text(encoding="utf-8")
    assert page == page_with_rules(page), "lancez : python -m falc.rewrite.documentation"


def test_every_rule_has_its_section_once():
    codes = re.findall(r"^### `([a-z-]+)`$", rules_markdown(), re.MULTILINE)
    assert codes == [rule.code for rule in CUT_RULES] + [rule.code for rule in REWRITES]


def test_the_page_says_which_rules_are_disabled_and_why():
    page = PAGE.read_text(encoding="utf-8")
    generated = page.split(START, 1)[1].split(END, 1)[0]
    for rule in CUT_RULES:
        section = generated.split(f"### `{rule.code}`", 1)[1].split("### ", 1)[0]
        assert ("**Désactivée.**" in section) is (not rule.enabled), rule.code
