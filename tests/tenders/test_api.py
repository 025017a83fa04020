"""The tender routes: search, notice, fiche, firms concerned, tenders for a firm, saved
searches and their public Atom feed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from lxml import etree

from api.app import create_app
from api.settings import Settings
from core.identifiers import luhn_key
from storage import connect
from suppliers import store as firm_store
from suppliers.firm import firms_from_records
from tenders.demo import load_demo
from tests.api.accounts import bearer

SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "atom.rng")))


def _siret(partial: str) -> str:
    key = luhn_key(partial)
    return key if len(key) == 14 else partial + key


@pytest.fixture
def client(base_path):
    app = create_app(Settings(base=base_path, demo=False))
    with TestClient(app) as test_client:
        conn = connect(base_path)
        load_demo(conn)
        firm_store.migrate(conn)
        records = pd.DataFrame(
            [
                {
                    "siret": _siret("4410001000013"),
                    "denomination": "Propreté du Littoral",
                    "code_naf": "81.21Z",
                    "code_commune": "59183",
                    "commune": "Dunkerque",
                    "etat": "A",
                },
                {
                    "siret": _siret("4410002000013"),
                    "denomination": "Boulangerie Lointaine",
                    "code_naf": "10.71C",
                    "code_commune": "13055",
                    "commune": "Marseille",
                    "etat": "A",
                },
            ]
        )
        batch = firms_from_records(records, source="sirene")
        assert not batch.rejects, batch.rejects
        firm_store.upsert_firms(conn, batch.firms)
        conn.close()
        yield test_client


def test_search_route(client):
    response = client.get(
        "/api/marches",
        params={
            "q": "nettoyage",
            "cpv": "9091",
            "autour": "Dunkerque",
            "rayon_km": 30,
            "ouverts": True,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == len(body["items"]) > 0
    assert all(item["tender"]["codes_cpv"][0].startswith("9091") for item in body["items"])
    assert all(item["distance_km"] <= 30 for item in body["items"])


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"cpv": "abc"}, 400, "Code CPV invalide"),
        ({"autour": "Atlantide", "rayon_km": 5}, 400, "introuvable"),
        ({"limite": 0}, 422, None),
        ({"tri": "hasard"}, 422, None),
        ({"rayon_km": 10}, 422, "indiquez aussi la commune"),
    ],
)
def test_search_route_refuses_bad_input_in_french(client, params, status, detail):
    response = client.get("/api/marches", params=params)
    assert response.status_code == status
    if detail:
        assert detail in response.json()["detail"]


def test_notice_and_fiche(client):
    assert (
        client.get("/api/marches/demo:010").json()["titre"] == "Nettoyage des locaux administratifs"
    )
    assert client.get("/api/marches/inconnu").status_code == 404
    fiche = client.get("/api/marches/demo:010/fiche").json()
    assert fiche["sections"][0]["titre"] == "Ce qui est acheté"
    assert fiche["score"] is not None


def test_firms_for_a_tender(client):
    response = client.get("/api/marches/demo:010/fournisseurs")
    assert response.status_code == 200
    names = [hit["firm"]["nom"] for hit in response.json()["items"]]
    assert names == ["Propreté du Littoral"]


def test_tenders_for_a_firm(client):
    response = client.get(f"/api/entreprises/{_siret('4410001000013')}/marches")
    assert response.status_code == 200
    found = response.json()
    assert found and found[0]["tender"]["id"] in {"demo:010", "demo:011"}
    assert found[0]["raisons"][0]["kind"] == "activite"
    assert client.get("/api/entreprises/00000000000000/marches").status_code == 404


def test_saved_search_and_public_feed(client, base_path):
    body = {"nom": "Nettoyage <près>", "recherche": {"q": "nettoyage", "ouverts": True}}
    assert client.post("/api/recherches", json=body).status_code == 401
    created = client.post("/api/recherches", json=body, headers=bearer(base_path, "entreprise"))
    assert created.status_code == 201
    saved = created.json()
    assert saved["flux"].endswith(f"/api/recherches/{saved['id']}/flux.atom")
    mine = client.get("/api/recherches", headers=bearer(base_path, "entreprise")).json()
    assert [s["id"] for s in mine] == [saved["id"]]
    feed = client.get(f"/api/recherches/{saved['id']}/flux.atom")  # no account needed
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = etree.fromstring(feed.content)
    assert SCHEMA.validate(root), SCHEMA.error_log
    assert "Nettoyage &lt;près&gt;" in feed.text
    assert client.get("/api/recherches/devine/flux.atom").status_code == 404
