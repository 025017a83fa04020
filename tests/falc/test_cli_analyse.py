"""``clair analyse``: the interface contract (JSON, JSON Lines, exit codes) and French errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings

FIXTURES = Path(__file__).parent / "fixtures"
DOCX = FIXTURES / "exemple.docx"
MD = FIXTURES / "exemple.md"

runner = CliRunner()


@pytest.fixture(autouse=True)
def _model_loaded(nlp):
    """The model is loaded once per session; the command reuses the cached pipeline."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(*args: str | Path):
    return runner.invoke(app, ["analyse", *map(str, args)])


def test_json_for_one_file_is_one_object_with_score_and_findings():
    result = run(DOCX, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert isinstance(report, dict)
    assert 0 <= report["score"] <= 100
    assert report["document"] == "exemple.docx"
    assert report["findings"] and all(
        {"rule", "message", "paragraph", "start", "end", "text"} <= set(f)
        for f in report["findings"]
    )
    assert set(report) >= {"score", "niveau", "metrics", "sections", "findings"}


def test_json_for_several_files_is_a_list_in_order():
    result = run(DOCX, MD, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [r["document"] for r in json.loads(result.stdout)] == ["exemple.docx", "exemple.md"]


@pytest.mark.parametrize(("seuil", "code"), [("0", 0), ("100", 1)])
def test_threshold_sets_the_exit_code(seuil: str, code: int):
    assert run(MD, "--format", "json", "--seuil", seuil).exit_code == code


def test_par_ligne_prints_one_object_per_line_in_order(tmp_path: Path):
    lines = [
        "Le pouvoir adjudicateur notifie la décision au soumissionnaire retenu nonobstant les recours.",
        "",
        "Vous envoyez votre offre avant le lundi 16 mars.",
        "   ",
        "Le DCE est disponible.",
    ]
    source = tmp_path / "lignes.txt"
    source.write_text("\n".join(lines) + "\n", encoding="cp1252")
    result = run(source, "--par-ligne", "--format", "json")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["ligne"] for r in records] == [1, 2, 3, 4, 5]
    assert [r["texte"] for r in records] == lines
    assert [r["score"] is None for r in records] == [False, True, False, True, False]
    assert records[0]["score"] < records[2]["score"]
    assert {f["rule"] for f in records[0]["findings"]}
    assert records[1]["findings"] == []


def test_par_ligne_threshold_and_output_file(tmp_path: Path):
    source = tmp_path / "a.txt"
    source.write_text("Le soumissionnaire produit le DUME nonobstant les stipulations susvisées.\n")
    out = tmp_path / "sortie.jsonl"
    result = run(source, "--par-ligne", "--seuil", "100", "-o", out)
    assert result.exit_code == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_html_report_to_stdout_and_to_a_file(tmp_path: Path):
    result = run(MD, "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!doctype html>") and "<mark" in result.stdout
    out = tmp_path / "rapport.html"
    assert run(MD, "--format", "html", "-o", out).exit_code == 0
    assert "Lisibilité FALC" in out.read_text(encoding="utf-8")


def test_docx_output_comments_a_copy_of_the_word_file(tmp_path: Path):
    findings = json.loads(run(DOCX, "--format", "json").stdout)["findings"]
    counts = {}
    for mode, expected in (
        ("paragraphe", len({f["paragraph"] for f in findings})),
        ("tous", len(findings)),
    ):
        out = tmp_path / f"annote-{mode}.docx"
        result = run(DOCX, "--format", "docx", "--commentaires", mode, "-o", out)
        assert result.exit_code == 0, result.stderr
        annotated = docx.Document(io.BytesIO(out.read_bytes()))
        counts[mode] = len(annotated.comments)
        assert counts[mode] == expected
        assert f"{expected} commentaire" in result.stderr
        assert len(annotated.tables) == 1
    default = tmp_path / "defaut.docx"
    assert run(DOCX, "--format", "docx", "-o", default).exit_code == 0
    assert len(docx.Document(str(default)).comments) == counts["paragraphe"] < counts["tous"]
    out = tmp_path / "prioritaires.docx"
    assert run(DOCX, "--format", "docx", "--commentaires", "prioritaires", "-o", out).exit_code == 0
    assert 0 < len(docx.Document(str(out)).comments) <= counts["paragraphe"]


def test_several_files_to_a_folder(tmp_path: Path):
    folder = tmp_path / "rapports"
    result = run(DOCX, MD, "--format", "docx", "-o", folder)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["exemple-md.annote.docx", "exemple.annote.docx"]  # same stem: both kept


def test_default_output_is_a_score_card():
    result = run(MD)
    assert result.exit_code == 0, result.stderr
    assert "Lisibilité FALC" in result.stdout
    assert "exemple.md" in result.stdout
    assert "Règles les plus enfreintes" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((FIXTURES / "scanne.pdf", "--format", "json"), "document scanné"),
        ((FIXTURES / "protege.pdf",), "mot de passe"),
        ((FIXTURES / "absent.docx",), "introuvable"),
        ((FIXTURES / "image.png",), "pas pris en charge"),
        ((FIXTURES / "vide.txt",), "est vide"),
        ((MD, "--par-ligne", "--format", "html"), "--par-ligne"),
        ((DOCX, "--par-ligne"), "fichier texte"),
    ],
)
def test_errors_are_french_with_exit_code_2(args, message: str):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_one_bad_file_does_not_lose_the_others():
    result = run(MD, FIXTURES / "scanne.pdf", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["document"] == "exemple.md"
    assert "scanné" in result.stderr


def test_size_limit_comes_from_the_settings(monkeypatch):
    monkeypatch.setenv("CLAIR_UPLOAD_MAX_MB", "0.0001")
    get_settings.cache_clear()
    result = run(DOCX)
    assert result.exit_code == 2
    assert "trop volumineux" in result.stderr
