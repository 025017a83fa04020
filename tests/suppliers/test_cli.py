"""``clair fournisseurs``: the interface contract (importer, chercher --format json), French
errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from places.distance import great_circle_km
from tests.suppliers.conftest import FIXTURES

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["fournisseurs", *args])


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "clair.sqlite"
    result = run("importer", str(FIXTURES / "sirene_cud_2021_extrait.csv"), "--base", str(path))
    assert result.exit_code == 0, result.output
    assert "742 lignes lues" in result.output
    assert "0 rejetés" in result.output
    result = run("importer", str(FIXTURES / "geo_siret_59.csv"), "--base", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_search_json_contract(base: Path) -> None:
    result = run("chercher", "--autour", "Dunkerque", "--rayon", "5", "--format", "json",
                 "--base", str(base))  # fmt: skip
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert len(records) == 20  # default limit
    for record in records:
        assert {"siret", "nom", "code_naf", "code_commune", "latitude", "longitude"} <= set(record)
        independent = great_circle_km(51.030077, 2.336709, record["latitude"], record["longitude"])
        assert record["distance_km"] == pytest.approx(float(independent), abs=1e-3)
        assert record["distance_km"] <= 5


def test_ambiguous_code_warns_on_stderr_and_keeps_json_clean(base: Path) -> None:
    result = run("chercher", "--autour", "59140", "--rayon", "5", "--format", "json",
                 "--base", str(base))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []  # Caullery, far from the Dunkerque firms
    assert "code postal de Dunkerque (59)" in result.stderr
    assert "écrivez « Dunkerque »" in result.stderr


def test_search_without_query_or_centre(base: Path) -> None:
    result = run(
        "chercher", "--limite", "3", "--page", "2", "--format", "json", "--base", str(base)
    )
    records = json.loads(result.output)
    assert len(records) == 3
    assert all("distance_km" in r and r["distance_km"] is None for r in records)


@pytest.mark.parametrize("fmt", ["csv", "geojson", "table"])
def test_other_formats(base: Path, fmt: str) -> None:
    result = run("chercher", "plomberie", "--autour", "59183", "--format", fmt, "--base", str(base))
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output), delimiter=";"))
        assert rows[0]["nom"] == "PLOMBERIE LEFEBVRE"
    elif fmt == "geojson":
        assert json.loads(result.output)["features"][0]["properties"]["code_naf"] == "43.22A"
    else:
        assert "PLOMBERIE LEFEBVRE" in result.output
        assert "autour de Dunkerque (59)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("chercher", "--autour", "Atlantide"), "Commune introuvable"),
        (("chercher", "--cpv", "xx"), "Code CPV invalide"),
        (("importer", "absent.csv"), "Fichier introuvable"),
        (
            ("verifier", "73282932000074", "--statut", "vérifié", "--par", "A"),
            "Aucun établissement",
        ),
    ],
)
def test_french_errors(base: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--base", str(base))
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_import_with_legal_units(tmp_path: Path) -> None:
    base = tmp_path / "clair.sqlite"
    result = run("importer", str(FIXTURES / "stock_etablissement_53.csv"),
                 "--unites-legales", str(FIXTURES / "stock_unite_legale.csv"),
                 "--naf", "10", "--base", str(base))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 noms d'entreprises lus" in result.output
    assert "1 établissements enregistrés" in result.output
    shown = run("voir", "12345678000014", "--base", str(base))
    assert "Nom : BOULANGERIE DU PORT SARL" in shown.output


def test_declare_then_verify(base: Path) -> None:
    result = run("declarer", str(FIXTURES / "declarations.json"), "--base", str(base))
    assert result.exit_code == 0, result.output
    assert "rejet" in result.output  # the fixture holds two bad entries
    siret = "77788899000010"
    declared = FIXTURES.parent / "fixtures" / "declarations.json"
    assert declared.exists()
    result = run("verifier", siret, "--statut", "vérifié", "--par", "Agent Dupont",
                 "--base", str(base))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "vérifié par Agent Dupont" in result.output
    assert "[oui] L'établissement est en activité" in result.output
    result = run("verifier", siret, "--statut", "rejeté", "--par", "A", "--base", str(base))
    assert result.exit_code == 1 and "motif" in result.output
    shown = json.loads(run("voir", siret, "--format", "json", "--base", str(base)).output)
    assert shown["statut_verification"] == "vérifié"
    verified = run("chercher", "--verifies", "--format", "json", "--base", str(base))
    assert [r["siret"] for r in json.loads(verified.output)] == [siret]
