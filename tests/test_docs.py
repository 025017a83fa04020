"""The README stays true: its commands exist, every setting is documented (STYLE.md § 12)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["run", "test", "bench", "portfolio"])
def test_every_make_target_in_the_readme_exists(target):
    assert f"make {target}" in README
    assert re.search(rf"^{target}:", MAKEFILE, re.MULTILINE)


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field):
    variable = f"CLAIR_{field.upper()}"
    assert f"`{variable}`" in README, f"{variable} absent du README"


def test_every_dependency_is_explained():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [
        re.split(r"[<>=!\[ ;]", spec, maxsplit=1)[0]
        for spec in project["dependencies"] + project["optional-dependencies"]["dev"]
    ]
    missing = [n for n in names if f"`{n}`" not in README]
    assert missing == [], f"dépendances sans explication dans le README : {missing}"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
