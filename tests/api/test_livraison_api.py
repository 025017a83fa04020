"""Delivery and map routes: estimate (JSON body or multipart file, four output formats),
criterion wording and refusal, the HTML map and the GeoJSON of a search."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.settings import Settings
from storage import connect
from suppliers.importer import import_file
from tests.suppliers.conftest import FIXTURES

SITES = [
    {"nom": "Cantine A", "latitude": 51.0344, "longitude": 2.3768, "livraisons_par_an": 100},
    {"nom": "Cantine B", "commune": "Grande-Synthe", "livraisons_par_an": 50},
]
SITES_CSV = "nom;commune;latitude;longitude;livraisons_par_an\nCantine A;;51.0344;2.3768;100\n"
PLUMBER = "77788899000010"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    base = tmp_path_factory.mktemp("api-livraison") / "clair.sqlite"
    app = create_app(Settings(base=base, demo=False))
    with TestClient(app) as test_client:
        conn = connect(base)
        import_file(conn, FIXTURES / "geo_siret_59.csv")
        conn.close()
        yield test_client


def test_estimate_json(client: TestClient) -> None:
    body = {"sites": SITES, "recherche": {"naf": ["43"]}, "vehicule": "porteur-19t"}
    response = client.post("/api/livraison/estimation", json=body)
    assert response.status_code == 200, response.text
    table = response.json()
    assert "pas un critère d'attribution" in table["avertissement"]
    assert table["lignes"][0]["siret"] == PLUMBER
    assert len(table["lignes"]) == 2
    first = table["lignes"][0]
    assert first["note"] == 10
    assert first["cout_eur"] == pytest.approx(first["km_annuels"] * 1.60, abs=0.1)
    assert table["vehicule"]["code"] == "porteur-19t"


def test_estimate_same_figures_as_without_filters(client: TestClient) -> None:
    everyone = client.post("/api/livraison/estimation", json={"sites": SITES}).json()
    by_siret = {line["siret"]: line for line in everyone["lignes"]}
    assert len(by_siret) == 5
    filtered = client.post(
        "/api/livraison/estimation", json={"sites": SITES, "recherche": {"naf": ["43"]}}
    ).json()
    for line in filtered["lignes"]:
        assert line["km_annuels"] == by_siret[line["siret"]]["km_annuels"]


@pytest.mark.parametrize(
    ("fmt", "media", "check"),
    [
        ("csv", "text/csv", lambda content: content.startswith(b"# Estimation")),
        ("html", "text/html", lambda content: b"Estimation des livraisons" in content),
        (
            "xlsx",
            "application/vnd.openxmlformats",
            lambda content: "Estimation" in load_workbook(io.BytesIO(content)).sheetnames,
        ),
    ],
)
def test_estimate_files(client: TestClient, fmt: str, media: str, check) -> None:
    response = client.post(
        "/api/livraison/estimation", params={"format": fmt}, json={"sites": SITES}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    assert check(response.content)


def test_estimate_multipart(client: TestClient) -> None:
    response = client.post(
        "/api/livraison/estimation",
        files={"sites": ("sites.csv", SITES_CSV.encode(), "text/csv")},
        data={"naf": "43", "vehicule": "porteur-7.5t", "carbon_value_eur_per_t": "100"},
    )
    assert response.status_code == 200, response.text
    table = response.json()
    assert table["vehicule"]["code"] == "porteur-7.5t"
    assert table["parametres"]["carbon_value_eur_per_t"] == 100
    assert len(table["lignes"]) == 2 and table["sites"][0]["nom"] == "Cantine A"


@pytest.mark.parametrize(
    ("kwargs", "status", "words"),
    [
        ({"json": {"sites": []}}, 422, "sites"),
        ({"json": {"sites": SITES, "vehicule": "trottinette"}}, 400, "Véhicule inconnu"),
        ({"json": {"sites": SITES, "recherche": {"autour": "Atlantide"}}}, 400, "Commune"),
        ({"json": {"sites": [{"nom": "X", "livraisons_par_an": 3}]}}, 400, "commune"),
        ({"json": {"sites": SITES, "parametres": {"detour_factor": 9}}}, 422, "detour"),
        ({"content": b"nom;x", "headers": {"content-type": "text/plain"}}, 415, "JSON"),
        ({"content": b"{", "headers": {"content-type": "application/json"}}, 422, "JSON"),
        ({"files": {"autre": ("a.csv", b"x")}}, 422, "sites"),
        ({"files": {"sites": ("s.csv", b"nom;commune\nA;B\n")}}, 400, "livraisons_par_an"),
    ],
)
def test_estimate_errors_in_french(client: TestClient, kwargs, status: int, words: str) -> None:
    response = client.post("/api/livraison/estimation", **kwargs)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


def test_estimate_too_large(client: TestClient) -> None:
    big = b"nom;commune;livraisons_par_an\n" + b"Cantine;Dunkerque;1\n" * 300_000
    response = client.post("/api/livraison/estimation", files={"sites": ("s.csv", big)})
    assert response.status_code == 413
    assert "trop volumineuse" in response.json()["detail"]


@pytest.mark.parametrize(
    ("kind", "words"),
    [("prix", "livraison"), ("co2", "émissions"), ("cout-cycle-de-vie", "cycle de vie")],
)
def test_criterion(client: TestClient, kind: str, words: str) -> None:
    response = client.get("/api/livraison/critere", params={"type": kind, "poids": 20})
    assert response.status_code == 200, response.text
    body = response.json()
    assert words in body["texte"] and body["parametres"]["poids"] == 20
    assert body["base_legale"]


@pytest.mark.parametrize("kind", ["distance", "proximite", "localisation", "km"])
def test_distance_criterion_refused(client: TestClient, kind: str) -> None:
    response = client.get("/api/livraison/critere", params={"type": kind})
    assert response.status_code == 400
    assert "n° 420585" in response.json()["detail"]


def test_map(client: TestClient) -> None:
    response = client.get("/api/carte", params={"autour": "Dunkerque", "rayon_km": 30})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "PLOMBERIE LEFEBVRE" in response.text
    assert client.get("/api/carte", params={"autour": "Atlantide"}).status_code == 400


def test_map_of_nothing(client: TestClient) -> None:
    response = client.get("/api/carte", params={"q": "zzzzzz"})
    assert response.status_code == 200 and "<html" in response.text


def test_geojson_is_not_shadowed(client: TestClient) -> None:
    response = client.get("/api/fournisseurs.geojson", params={"naf": "43"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert {f["id"] for f in features} == {PLUMBER, "77788899000044"}
    plumber = next(f for f in features if f["id"] == PLUMBER)
    assert plumber["geometry"]["coordinates"] == pytest.approx([2.376512, 51.0354])


def test_openapi_documents_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    estimate = paths["/api/livraison/estimation"]["post"]
    assert set(estimate["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "type" in {p["name"] for p in paths["/api/livraison/critere"]["get"]["parameters"]}
    assert {"/api/carte", "/api/fournisseurs.geojson"} <= set(paths)
