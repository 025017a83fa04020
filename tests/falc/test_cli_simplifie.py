"""``clair simplifie``: the interface contract (Markdown in and out, read back by clair analyse),
JSON on stdout, every output format, French errors and exit codes."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings

runner = CliRunner()
SOURCE = (
    "# Article 2 – Délais\n\n"
    "Les offres sont analysées par le pouvoir adjudicateur dans un délai de quinze jours. "
    "Les candidats doivent fournir les pièces justificatives avant le 15/03/2026, le pouvoir "
    "adjudicateur se réservant le droit de demander des compléments.\n"
)


@pytest.fixture(autouse=True)
def _model_loaded(nlp):
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "ccap.md"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def test_markdown_in_markdown_out_then_analysed(source, tmp_path):
    out = tmp_path / "simple.md"
    done = runner.invoke(app, ["simplifie", str(source), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "Score FALC" in done.output and "Faits juridiques perdus : 0" in done.output
    text = out.read_text(encoding="utf-8")
    # The box of terms of art first, then the document: its title as it was.
    assert text.startswith("## Mots importants\n\n- pouvoir adjudicateur : ")
    assert "\n\n# Article 2 – Délais\n\n" in text
    # Safe changes only: the number and the date, the passive voice kept.
    assert (
        "Les offres sont analysées par le pouvoir adjudicateur dans un délai de 15 jours." in text
    )
    assert "dimanche 15 mars 2026" in text
    analysed = runner.invoke(app, ["analyse", str(out), "--format", "json"])
    assert analysed.exit_code == 0, analysed.output


def test_accepter_tout_applies_the_proposals_that_passed_the_guard(source, tmp_path):
    out = tmp_path / "tout.md"
    done = runner.invoke(app, ["simplifie", str(source), "--accepter-tout", "-o", str(out)])
    assert done.exit_code == 0, done.output
    text = out.read_text(encoding="utf-8")
    assert "Le pouvoir adjudicateur analyse les offres dans un délai de 15 jours." in text
    assert "\n\n# Article 2 – Délais\n\n" in text


def test_json_on_stdout_lists_every_change(source):
    done = runner.invoke(app, ["simplifie", str(source), "--format", "json"])
    assert done.exit_code == 0
    report = json.loads(done.output)
    assert report["invariants_lost"] == 0
    changes = report["changements"]
    assert {c["type"] for c in changes} == {"sure", "terme", "proposition"}
    for change in changes:
        assert {"type", "regle", "avant", "apres", "statut", "raison"} <= set(change)
        assert change["statut"] in ("appliqué", "proposé", "refusé")
    voice = next(c for c in changes if c["regle"] == "voix-active")
    assert voice["type"] == "proposition" and voice["statut"] == "proposé"


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (
            ".docx",
            lambda data: b"<w:ins " in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"),
        ),
        (".odt", lambda data: data[:2] == b"PK"),
        (
            ".html",
            lambda data: b"<del>" in data and b"<ins>" in data and b"Mots importants" in data,
        ),
        (".json", lambda data: json.loads(data)["invariants_lost"] == 0),
    ],
)
def test_every_output_format(source, tmp_path, suffix, check):
    out = tmp_path / f"simple{suffix}"
    done = runner.invoke(app, ["simplifie", str(source), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert check(out.read_bytes())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["absent.md", "-o", "x.md"], "introuvable"),
        (["{source}", "-o", "x.pdf"], "Je ne sais pas écrire"),
    ],
)
def test_french_errors_and_exit_code(source, tmp_path, arguments, message):
    arguments = [a.replace("{source}", str(source)) for a in arguments]
    done = runner.invoke(app, ["simplifie", *arguments])
    assert done.exit_code == 2
    assert message in done.output
    assert "Traceback" not in done.output
