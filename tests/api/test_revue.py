"""The officer reviews each proposal on /simplifier, downloads the decided document, and the
decisions feed the statistics of the API and the CLI."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.settings import Settings
from tests.api.pages_helpers import alert, csrf, soup

TEXT = "Les offres sont examinées par l'acheteur.\n\nLe candidat remet son offre avant le 12 mars 2026."


@pytest.fixture
def client(base_path, nlp):
    app = create_app(Settings(base=base_path, demo=False))
    with TestClient(app) as test_client:
        yield test_client


def _simplified(client) -> str:
    token = csrf(client, "/simplifier")
    response = client.post("/simplifier", data={"csrf_token": token, "texte": TEXT})
    for _ in range(240):
        if soup(response).find(attrs={"data-suivi": True}) is None:
            break
        time.sleep(0.5)
        response = client.get(str(response.url))
    path = response.url.path
    assert soup(response).find("a", href=f"{path}/revue") is not None
    return path


def test_the_officer_accepts_edits_or_rejects_and_downloads_the_result(client, base_path):
    path = _simplified(client)
    page = client.get(f"{path}/revue")
    assert page.status_code == 200
    fieldsets = soup(page).find_all("fieldset", class_="proposition")
    assert [f["id"] for f in fieldsets] == ["p0-s0"]
    assert "L'acheteur examine les offres." in fieldsets[0].get_text()
    token = csrf(client, f"{path}/revue")

    refused = client.post(
        f"{path}/revue",
        data={"csrf_token": token, "choix-p0-s0": "modifiée", "texte-p0-s0": " "},
    )
    assert refused.status_code == 422 and "vide" in alert(refused)

    done = client.post(
        f"{path}/revue",
        data={
            "csrf_token": token,
            "choix-p0-s0": "modifiée",
            "texte-p0-s0": "L'acheteur lit les offres.",
        },
    )
    assert done.status_code == 200 and "enregistrées" in done.text
    markdown = client.get(f"{path}/decide.md")
    assert markdown.status_code == 200
    assert "L'acheteur lit les offres." in markdown.text
    assert "examinées" not in markdown.text
    assert client.get(f"{path}/decide.docx").content[:2] == b"PK"
    assert client.get(f"{path}/decide.exe").status_code == 404

    stats = client.get("/api/falc/statistiques").json()
    assert stats == [
        {
            "regle": "voix-active",
            "proposees": 1,
            "acceptees": 0,
            "modifiees": 1,
            "refusees": 0,
            "sans_decision": 0,
            "taux_acceptation": 0.0,
        }
    ]
    result = CliRunner().invoke(
        cli, ["simplifie", "statistiques", "--base", str(base_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["modifiees"] == 1
    table = CliRunner().invoke(cli, ["simplifie", "statistiques", "--base", str(base_path)])
    assert "voix-active" in table.stdout


def test_reviewing_needs_a_finished_job(client):
    assert client.get("/simplifier/inconnu/revue").status_code == 404
