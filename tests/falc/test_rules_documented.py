"""docs/regles-falc.md documents every rule of the registry, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from falc.config import FalcConfig
from falc.glossary import ACRONYMS, JARGON
from falc.rules import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "regles-falc.md"
HEADING = re.compile(r"^### `([a-z-]+)` — (.+)$", re.MULTILINE)


def _documented() -> dict[str, str]:
    return dict(HEADING.findall(DOC.read_text(encoding="utf-8")))


def test_every_rule_is_documented_with_its_title():
    documented = _documented()
    for rule in RULES:
        assert rule.code in documented, f"règle non documentée : {rule.code}"
        assert documented[rule.code] == rule.title


def test_no_documented_rule_is_missing_from_the_registry():
    assert set(_documented()) == {rule.code for rule in RULES}


def test_each_rule_section_states_the_rule_severity():
    text = DOC.read_text(encoding="utf-8")
    for rule in RULES:
        section = text.split(f"### `{rule.code}`", 1)[1].split("###", 1)[0]
        assert f"Gravité : {rule.severity}." in section, rule.code


def test_score_weights_in_the_documentation_match_the_configuration():
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Score FALC", 1)[1]
    documented = [float(w.replace(",", ".")) for w in re.findall(r"\| (\d,\d+) \|$", table, re.M)]
    assert documented == list(FalcConfig().score_weights.model_dump().values())


def test_glossary_sizes_claimed_by_the_documentation_hold():
    assert len(JARGON) >= 40
    assert len(ACRONYMS) > 100


def test_every_threshold_says_where_it_comes_from():
    from falc.config import ScoreWeights

    for model in (FalcConfig, ScoreWeights):
        for name, field in model.model_fields.items():
            assert field.description and len(field.description) > 20, f"{model.__name__}.{name}"
