"""The firms routes: search and exports, one firm, declarations and verification by role."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from storage import connect
from suppliers.importer import import_file
from tests.api.accounts import bearer
from tests.suppliers.conftest import FIXTURES

OWN = "73282932000074"  # SIREN 732829320 belongs to the "entreprise" test account
BAKERY = "12345678000014"


@pytest.fixture
def client(base_path: Path):
    app = create_app(Settings(base=base_path, demo=False))
    with TestClient(app) as test_client:
        conn = connect(base_path)
        import_file(conn, FIXTURES / "stock_etablissement_53.csv")
        import_file(conn, FIXTURES / "geo_siret_59.csv")
        conn.close()
        yield test_client


def test_search(client: TestClient) -> None:
    response = client.get(
        "/api/fournisseurs",
        params={"q": "boulangeries", "autour": "Dunkerque", "rayon_km": 20, "limite": 5},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["centre"]["nom"] == "Dunkerque (59)"
    hit = body["items"][0]
    assert hit["firm"]["siret"] == BAKERY
    assert 0 <= hit["distance_km"] < 20


def test_search_filters_and_lists(client: TestClient) -> None:
    response = client.get("/api/fournisseurs", params=[("naf", "43"), ("naf", "81")])
    codes = {h["firm"]["code_naf"][:2] for h in response.json()["items"]}
    assert response.status_code == 200 and codes <= {"43", "81"} and codes
    cpv = client.get("/api/fournisseurs", params={"cpv": "90911200-8"}).json()
    assert [h["firm"]["code_naf"] for h in cpv["items"]] == ["81.21Z"]


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"autour": "Atlantide"}, 400, "Commune introuvable"),
        ({"naf": "ZZ"}, 400, "Code NAF"),
        ({"limite": 0}, 422, "limite"),
        ({"latitude": 51}, 422, "longitude"),
        # A radius without a centre was silently ignored: it is refused, in French.
        ({"rayon_km": 10}, 422, "indiquez aussi la commune"),
    ],
)
def test_search_errors_in_french(client: TestClient, params: dict, status: int, words: str) -> None:
    response = client.get("/api/fournisseurs", params=params)
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_exports(client: TestClient) -> None:
    csv = client.get("/api/fournisseurs/export.csv", params={"q": "plomberie"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "PLOMBERIE LEFEBVRE" in csv.text
    geo = client.get("/api/fournisseurs/export.geojson", params={"q": "plomberie"})
    assert geo.json()["features"][0]["geometry"]["type"] == "Point"


def test_one_firm(client: TestClient, base_path: Path) -> None:
    public = client.get(f"/api/fournisseurs/{BAKERY}").json()
    assert public["entreprise"]["enseigne"] == "BOULANGERIE DU PORT"
    assert public["controles"] is None
    agent = client.get(f"/api/fournisseurs/{BAKERY}", headers=bearer(base_path, "agent")).json()
    assert {c["code"] for c in agent["controles"]} >= {"cle_siret", "registre", "actif"}
    assert client.get("/api/fournisseurs/00000000000000").status_code == 404


def test_declarations_by_role(client: TestClient, base_path: Path) -> None:
    body = {"siret": OWN, "nom": "Atelier Test", "commune": "Gravelines", "mots_cles": ["soudure"]}
    assert client.post("/api/fournisseurs/declarations", json=body).status_code == 401
    other = bearer(base_path, "autre-entreprise")
    assert (
        client.post("/api/fournisseurs/declarations", json=body, headers=other).status_code == 403
    )
    own = bearer(base_path, "entreprise")
    response = client.post("/api/fournisseurs/declarations", json=body, headers=own)
    assert response.status_code == 200, response.text
    assert response.json()["statut_verification"] == "déclaré"
    assert response.json()["mots_cles"] == ["soudure"]
    # An officer may declare for any firm.
    agent = bearer(base_path, "agent")
    for_bakery = {"siret": BAKERY, "mots_cles": ["levain"]}
    response = client.post("/api/fournisseurs/declarations", json=for_bakery, headers=agent)
    assert response.status_code == 200
    bad = client.post(
        "/api/fournisseurs/declarations", json={"siret": "123", "nom": "x"}, headers=agent
    )
    assert bad.status_code == 422 and "siret" in bad.json()["detail"]


def test_verification_is_for_officers(client: TestClient, base_path: Path) -> None:
    url = f"/api/fournisseurs/{BAKERY}/verification"
    decision = {"statut": "vérifié", "motif": "Kbis vu"}
    assert client.post(url, json=decision).status_code == 401
    firm = bearer(base_path, "entreprise")
    assert client.post(url, json=decision, headers=firm).status_code == 403
    agent = bearer(base_path, "agent")
    response = client.post(url, json=decision, headers=agent)
    assert response.status_code == 200
    body = response.json()
    assert body["entreprise"]["statut_verification"] == "vérifié"
    assert body["historique"][0]["par"] == "agent@exemple.fr"
    refused = client.post(url, json={"statut": "rejeté"}, headers=agent)
    assert refused.status_code == 400 and "motif" in refused.json()["detail"]
    missing = client.post(
        "/api/fournisseurs/73282932000074/verification", json=decision, headers=agent
    )
    assert missing.status_code == 404
    verified = client.get("/api/fournisseurs", params={"verifies_seulement": True}).json()
    assert [h["firm"]["siret"] for h in verified["items"]] == [BAKERY]


def test_ambiguous_code_is_explained(client: TestClient) -> None:
    body = client.get("/api/fournisseurs", params={"autour": "59140"}).json()
    assert body["centre"]["nom"] == "Caullery (59)"
    assert "code postal de Dunkerque (59)" in body["centre"]["avertissement"]
    page = client.get("/fournisseurs", params={"autour": "59140"})
    assert "écrivez « Dunkerque »" in page.text
    plain = client.get("/api/fournisseurs", params={"autour": "Dunkerque"}).json()
    assert plain["centre"]["avertissement"] is None
