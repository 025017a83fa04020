"""Hostile inputs of the issue-15 campaign that cross packages: JSON nested 10,000 deep and
control characters in what firms import or declare. Each ends in a French error or a clean
result, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from api.cli import app
from core.json_input import JsonTooDeepError, depth, loads
from suppliers.declarations import Declaration
from suppliers.firm import firms_from_records

DEEP = "[" * 10_000 + "]" * 10_000


@pytest.mark.parametrize(
    ("text", "expected"), [("1", 0), ("[]", 1), ('{"a": [1, {"b": []}]}', 4), ("[[[]], []]", 3)]
)
def test_depth_is_counted_without_recursion(text: str, expected: int):
    assert depth(json.loads(text)) == expected


@pytest.mark.parametrize("text", [DEEP, '{"a":' * 150 + "1" + "}" * 150])
def test_deep_json_is_refused_in_french(text: str):
    with pytest.raises(JsonTooDeepError, match="imbriqué sur plus de 100 niveaux"):
        loads(text, "Le fichier avis.json")


@pytest.mark.parametrize(
    ("command", "name", "content"),
    [
        (["marches", "importer"], "avis.json", DEEP),
        (
            ["marches", "importer"],
            "avis.json",
            '{"results": [{"idweb": "1", "objet": ' + DEEP + "}]}",
        ),
        (["fournisseurs", "declarer"], "declarations.json", DEEP),
        (["fournisseurs", "importer"], "declarations.json", DEEP),
    ],
)
def test_json_nested_10000_deep_gives_a_french_error(
    tmp_path: Path, command: list[str], name: str, content: str
):
    path = tmp_path / name
    path.write_text(content)
    result = CliRunner().invoke(app, [*command, str(path), "--base", str(tmp_path / "b.sqlite")])
    assert result.exit_code != 0
    assert "imbriqué" in result.output, result.output
    assert not isinstance(result.exception, RecursionError)


def test_control_characters_in_firm_records_are_removed_and_counted():
    records = pd.DataFrame(
        [
            {
                "siret": "35600000000048",
                "denomination": "Boulangerie\x01 du Port\x02",
                "code_commune": "59183",
                "etat": "A",
            }
        ]
    )
    batch = firms_from_records(records, source="sirene")
    assert batch.caracteres_retires == 2
    assert batch.firms["denomination"].tolist() == ["Boulangerie du Port"]


def test_control_characters_in_a_declaration_are_dropped():
    declaration = Declaration.model_validate(
        {
            "siret": "35600000000048",
            "description": "Pain\x0b et viennoiseries",
            "mots_cles": ["pain\x01"],
        }
    )
    assert declaration.description == "Pain et viennoiseries"
    assert declaration.mots_cles == ["pain"]
