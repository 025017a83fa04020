"""The README stays true: its commands exist, every setting is documented (STYLE.md § 12)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import typer

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


def readme_commands() -> list[list[str]]:
    """Every ``clair ...`` command shown in the README's shell blocks, as words."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("clair "):
                commands.append(line.split()[1:])
    return commands


def command_path(words: list[str]) -> list[str]:
    """The command and sub-command names at the start of a command line."""
    from api.cli import app

    group = typer.main.get_command(app)
    path = []
    for word in words:
        commands = getattr(group, "commands", None)
        if not commands or word not in commands:
            break
        path.append(word)
        group = commands[word]
    return path


def test_the_readme_shows_each_command_group():
    groups = {words[0] for words in readme_commands()}
    assert {"analyse", "simplifie", "fournisseurs", "marches", "livraison", "carte"} <= groups


@pytest.mark.parametrize("words", readme_commands(), ids=" ".join)
def test_every_readme_command_exists_and_takes_its_options(words):
    from typer.testing import CliRunner

    from api.cli import app

    path = command_path(words)
    assert path, f"commande inconnue : clair {' '.join(words)}"
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    for option in (w for w in words if w.startswith("--")):
        assert option in result.output, f"option {option} absente de clair {' '.join(path)}"
