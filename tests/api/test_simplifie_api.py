"""POST /api/falc/simplifie: JSON text or upload; the JSON report, or DOCX/HTML/ODT/Markdown."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

URL = "/api/falc/simplifie"
TEXT = "Les offres sont analysées par le pouvoir adjudicateur dans un délai de quinze jours."
CCAP_DOCX = Path(__file__).resolve().parents[2] / "falc" / "exemples" / "ccap-extrait.docx"


@pytest.fixture
def client(base_path, nlp):
    app = create_app(Settings(base=base_path, demo=False, upload_max_mb=1))
    with TestClient(app) as test_client:
        yield test_client


def test_json_text_gives_the_changes_of_the_cli_contract(client):
    answer = client.post(URL, json={"texte": TEXT})
    assert answer.status_code == 200
    report = answer.json()
    sentence = report["paragraphs"][0]["sentences"][0]
    safe = "Les offres sont analysées par le pouvoir adjudicateur dans un délai de 15 jours."
    assert sentence["rewrite"] == safe
    assert (
        sentence["proposal"]
        == "Le pouvoir adjudicateur analyse les offres dans un délai de 15 jours."
    )
    rows = [(c["type"], c["regle"], c["statut"]) for c in report["changements"]]
    assert rows == [
        ("sure", "nombre-en-lettres", "appliqué"),
        ("proposition", "voix-active", "proposé"),
        ("terme", "terme-explique", "appliqué"),
    ]
    assert {"avant", "apres", "raison"} <= set(report["changements"][0])
    assert report["invariants_lost"] == 0


def test_accepter_tout_writes_the_proposals(client):
    answer = client.post(URL, params={"format": "md", "accepter_tout": True}, json={"texte": TEXT})
    assert answer.status_code == 200
    assert b"Le pouvoir adjudicateur analyse les offres" in answer.content


def test_docx_upload_gives_tracked_changes(client):
    answer = client.post(
        URL,
        params={"format": "docx"},
        files={"fichier": ("ccap-extrait.docx", CCAP_DOCX.read_bytes())},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="ccap-extrait.simplifie.docx"' in answer.headers["content-disposition"]
    xml = zipfile.ZipFile(io.BytesIO(answer.content)).read("word/document.xml")
    assert b"<w:ins " in xml and b"<w:del " in xml  # the proposals, to accept or reject


@pytest.mark.parametrize(
    ("format", "media", "marker"),
    [("html", "text/html", b"<ins>"), ("md", "text/markdown", b"Mots importants"), ("odt", "application/vnd.oasis", b"PK")],
)  # fmt: skip
def test_other_formats(client, format, media, marker):
    answer = client.post(URL, params={"format": format}, json={"texte": TEXT})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(media)
    assert marker in answer.content


def test_html_escapes_the_text(client):
    answer = client.post(URL, params={"format": "html"}, json={"texte": "<b>x</b> " + TEXT})
    assert "<b>x</b>" not in answer.text and "&lt;b&gt;" in answer.text


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"mauvais": "champ"}}, 422),
        ({"content": b"texte brut", "headers": {"content-type": "text/plain"}}, 415),
        ({"files": {"fichier": ("vide.txt", b"")}}, 422),
        ({"json": {"texte": "é" * 1_100_000}}, 413),
    ],
)
def test_french_errors(client, kwargs, status):
    answer = client.post(URL, **kwargs)
    assert answer.status_code == status
    assert answer.json()["detail"]


def test_bad_format_is_refused(client):
    assert client.post(URL, params={"format": "pdf"}, json={"texte": TEXT}).status_code == 422
