"""POST /api/falc/analyse: JSON text or file upload, the same report, French errors."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

FIXTURES = Path(__file__).parent.parent / "falc" / "fixtures"
URL = "/api/falc/analyse"
TEXT = (
    "Le pouvoir adjudicateur se réserve la possibilité de ne pas donner suite à la consultation, "
    "nonobstant toute clause contraire figurant dans les documents du soumissionnaire."
)


@pytest.fixture
def client(base_path, nlp):
    app = create_app(Settings(base=base_path, demo=False, upload_max_mb=0.05))
    with TestClient(app) as test_client:
        yield test_client


def upload(client: TestClient, name: str, data: bytes | None = None, **params):
    data = (FIXTURES / name).read_bytes() if data is None else data
    return client.post(URL, files={"fichier": (name, data)}, params=params)


def test_json_text_gives_the_report(client):
    answer = client.post(URL, json={"texte": TEXT})
    assert answer.status_code == 200
    report = answer.json()
    assert 0 <= report["score"] <= 100
    assert {"jargon"} <= {f["rule"] for f in report["findings"]}
    finding = report["findings"][0]
    assert TEXT[finding["start"] : finding["end"]] == finding["text"]


def test_uploaded_file_gives_the_same_schema(client):
    answer = upload(client, "exemple.docx")
    assert answer.status_code == 200
    report = answer.json()
    assert report["document"] == "exemple.docx" and report["format"] == "docx"
    assert report["sections"][0]["title"] == "Règlement de la consultation"


def test_html_report(client):
    answer = client.post(URL, json={"texte": TEXT}, params={"format": "html"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "<mark" in answer.text


@pytest.mark.parametrize("name", ["exemple.docx", "exemple.md"])
def test_annotated_docx(client, name: str):
    answer = upload(client, name, format="docx")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="exemple.annote.docx"'
    assert len(docx.Document(io.BytesIO(answer.content)).comments) > 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scanne.pdf", "document scanné"),
        ("protege.docx", "mot de passe"),
        ("corrupt.pdf", "endommagé"),
        ("image.png", "pas pris en charge"),
        ("vide.txt", "est vide"),
    ],
)
def test_bad_documents_answer_422_in_french(client, name: str, message: str):
    answer = upload(client, name)
    assert answer.status_code == 422
    assert message in answer.json()["detail"]


def test_too_large_uploads_answer_413(client):
    limit = int(0.05 * 1024 * 1024)
    answer = upload(client, "grand.txt", b"Une phrase. " * (limit // 12 + 10))
    assert answer.status_code == 413
    assert "trop volumineux" in answer.json()["detail"]
    answer = client.post(URL, json={"texte": "Une phrase. " * (limit // 12 + 10)})
    assert answer.status_code == 413


@pytest.mark.parametrize(
    ("kwargs", "status", "message"),
    [
        ({"json": {"texte": "   "}}, 422, "vide"),
        ({"json": {"autre": "x"}}, 422, '{"texte": "..."}'),
        (
            {"content": b"{pas du json", "headers": {"content-type": "application/json"}},
            422,
            "texte",
        ),
        ({"content": b"texte brut", "headers": {"content-type": "text/plain"}}, 415, "multipart"),
        ({"files": {"autre": ("a.txt", b"Bonjour.")}}, 422, "fichier"),
    ],
)
def test_malformed_requests_are_explained(client, kwargs, status: int, message: str):
    answer = client.post(URL, **kwargs)
    assert answer.status_code == status
    assert message in answer.json()["detail"]


def test_openapi_documents_both_bodies_and_the_report(client):
    operation = client.get("/openapi.json").json()["paths"][URL]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Report"
    }
    assert {"413", "415", "422"} <= set(operation["responses"])
