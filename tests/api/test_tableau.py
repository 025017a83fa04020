"""The dashboard's doors on the demo data: ``clair marches tableau`` (table, json, xlsx, html),
``GET /api/tableau-de-bord`` and the page ``/tableau-de-bord`` (officers only)."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.database import prepare_base
from api.settings import Settings
from tenders.demo_awards import demo_buyers
from tests.api.accounts import bearer, log_in
from tests.api.pages_helpers import alert, soup

BUYERS = [siret for siret, _ in demo_buyers()]
CUD = BUYERS[0]
CONTRACT = {
    "marches",
    "montant_total",
    "part_pme",
    "part_locale",
    "part_locale_montant",
    "hors_registre",
    "distances_km",
    "opportunites",
}
runner = CliRunner()


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory):
    path = tmp_path_factory.mktemp("tableau") / "clair.sqlite"
    prepare_base(path, demo=True)
    return path


def tableau(base, *args: str):
    return runner.invoke(cli, ["marches", "tableau", *args, "--base", str(base)])


# --- command line -----------------------------------------------------------------------------


def test_json_prints_one_object_with_the_contract_fields(demo_base):
    result = tableau(demo_base, "--acheteur", CUD, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data.keys() >= CONTRACT
    assert data["marches"] > 0
    assert {"10", "30", "100"} <= data["part_locale"].keys()
    assert data["part_locale"].keys() == data["part_locale_montant"].keys()
    assert data["opportunites"]
    for chance in data["opportunites"]:
        assert {"cpv", "entreprises_locales", "part_locale"} <= chance.keys()


def test_the_radius_given_gets_its_own_key(demo_base):
    result = tableau(demo_base, "--acheteur", CUD, "--rayon", "12.5", "--format", "json")
    assert result.exit_code == 0, result.output
    assert {"10", "12.5", "30", "100"} <= json.loads(result.stdout)["part_locale"].keys()


def test_a_group_file_is_the_same_as_repeated_buyers(demo_base, tmp_path):
    group = tmp_path / "groupe.txt"
    group.write_text(
        "# Communauté urbaine et ville-centre\n"
        f"{CUD}  Communauté urbaine\n{BUYERS[1][:3]} {BUYERS[1][3:]}\n",
        encoding="utf-8",
    )
    by_file = tableau(demo_base, "--groupe", str(group), "--format", "json")
    repeated = tableau(demo_base, "--acheteur", CUD, "--acheteur", BUYERS[1], "--format", "json")
    assert by_file.exit_code == repeated.exit_code == 0, by_file.output + repeated.output
    assert json.loads(by_file.stdout) == json.loads(repeated.stdout)
    alone = json.loads(tableau(demo_base, "--acheteur", CUD, "--format", "json").stdout)
    assert json.loads(by_file.stdout)["marches"] > alone["marches"]


def test_filters_narrow_the_contracts(demo_base):
    def count(*args: str) -> int:
        result = tableau(demo_base, "--acheteur", CUD, "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["marches"]

    every = count()
    assert 0 < count("--annees", "2024") < every
    assert 0 < count("--cpv", "45") < every
    assert count("--annees", "2022-2025") == every


def test_xlsx_has_one_sheet_per_table_and_visible_sums(demo_base, tmp_path):
    target = tmp_path / "tableau.xlsx"
    result = tableau(demo_base, "--acheteur", CUD, "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    assert {"Synthèse", "Rayons", "Distances", "Par année", "Opportunités"} <= set(book.sheetnames)
    bins = book["Distances"]
    total_row = bins.max_row
    assert bins.cell(total_row, 1).value == "Total"
    assert bins.cell(total_row, 3).value == f"=SUM(C2:C{total_row - 1})"


def test_html_is_a_standalone_report_with_three_charts_and_their_tables(demo_base, tmp_path):
    target = tmp_path / "tableau.html"
    result = tableau(demo_base, "--acheteur", CUD, "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    page = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
    assert page.find_all(src=True) == []
    assert [a["href"] for a in page.find_all(href=True) if not a["href"].startswith("#")] == []
    assert page.find("link") is None and page.find("script") is None
    assert len(page.find_all("svg", attrs={"role": "img"})) == 3
    for chart in page.select(".graphique-bloc"):
        table = chart.find("table")
        assert table.find("caption").get_text(strip=True)
        assert table.find_all("th", scope="col") and table.find_all("th", scope="row")
    assert "420585" in page.get_text()


def test_table_prints_the_key_figures_and_the_warning(demo_base):
    result = tableau(demo_base, "--acheteur", CUD)
    assert result.exit_code == 0, result.output
    for text in ("Chiffres clés", "Rayon", "En montant", "Division CPV", "420585"):
        assert text in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--acheteur", "123"), "SIRET d'acheteur mal formé"),
        (("--acheteur", CUD, "--annees", "2025-2022"), "Années à l'envers"),
        (("--acheteur", CUD, "--annees", "l'an dernier"), "Années illisibles"),
        (("--acheteur", CUD, "--cpv", "4"), "Division CPV mal formée"),
        (("--format", "json"), "Donnez au moins un acheteur"),
        (("--groupe", "/nulle/part.txt"), "Fichier de groupe illisible"),
        (("--acheteur", CUD, "--format", "xlsx"), "ajoutez -o tableau.xlsx"),
    ],
)
def test_bad_input_gets_a_french_message(demo_base, args, message):
    result = tableau(demo_base, *args)
    assert result.exit_code == 1
    assert message in result.output


# --- API --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(demo_base):
    app = create_app(Settings(base=demo_base, demo=True, secret_key="test"))
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize(("who", "status"), [(None, 200), ("entreprise", 200), ("agent", 200)])
def test_the_api_is_open_like_the_open_data_it_reads(client, demo_base, who, status):
    headers = bearer(demo_base, who) if who else {}
    response = client.get("/api/tableau-de-bord", params={"acheteurs": CUD}, headers=headers)
    assert response.status_code == status, response.text


def test_the_api_answers_the_dashboard(client, demo_base):
    response = client.get(
        "/api/tableau-de-bord",
        params={"acheteurs": [CUD, BUYERS[1]], "annee_debut": 2022, "rayon_km": 20},
        headers=bearer(demo_base, "agent"),
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data.keys() >= CONTRACT
    assert "20" in data["part_locale"]
    assert [a["siret"] for a in data["acheteurs"]] == [CUD, BUYERS[1]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "paramètre « acheteurs » : ce champ est obligatoire"),
        ({"acheteurs": "123"}, "SIRET d'acheteur mal formé"),
        ({"acheteurs": CUD, "annee_debut": 2025, "annee_fin": 2022}, "La première année est après"),
        ({"acheteurs": CUD, "rayon_km": 0}, "la valeur est trop petite"),
        ({"acheteurs": CUD, "annee_debut": "deux mille"}, "il faut un nombre entier"),
    ],
)
def test_the_api_refuses_bad_queries_in_french(client, demo_base, params, message):
    response = client.get("/api/tableau-de-bord", params=params, headers=bearer(demo_base, "agent"))
    assert response.status_code == 422
    assert message in response.json()["detail"]


# --- page -------------------------------------------------------------------------------------


@pytest.fixture
def browser_client(demo_base):
    app = create_app(Settings(base=demo_base, demo=True, secret_key="test"))
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize(("who", "status", "in_menu"), [(None, 303, False), ("entreprise", 403, False), ("agent", 200, True)])  # fmt: skip
def test_the_page_is_for_officers(browser_client, demo_base, who, status, in_menu):
    if who:
        log_in(browser_client, demo_base, who)
    response = browser_client.get("/tableau-de-bord", follow_redirects=False)
    assert response.status_code == status
    home = soup(browser_client.get("/"))
    assert bool(home.select('nav a[href="/tableau-de-bord"]')) is in_menu


def test_the_page_shows_the_charts_beside_their_tables(browser_client, demo_base):
    log_in(browser_client, demo_base, "agent")
    empty = soup(browser_client.get("/tableau-de-bord"))
    assert empty.find("textarea", id="acheteurs") is not None
    assert empty.select(f'a[href="/tableau-de-bord?acheteurs={CUD}"]')  # demo buyers offered
    page = soup(
        browser_client.get("/tableau-de-bord", params={"acheteurs": CUD, "annees": "2022-2025"})
    )
    charts = page.select(".graphique-bloc")
    assert len(charts) == 3
    for chart in charts:
        assert chart.find("svg", attrs={"role": "img"}) is not None
        table = chart.find("table")
        assert table.find("caption") and table.find_all("th", scope="col")
        assert table.find_all("th", scope="row")
    text = page.get_text(" ", strip=True)
    assert "Il ne sert jamais à noter les offres." in text
    assert "n° 420585" in text
    scripts = [s.get("src") for s in page.find_all("script")]
    assert scripts == ["/static/clair.js"]  # no inline script


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"acheteurs": "123"}, "SIRET d'acheteur mal formé"),
        ({"acheteurs": CUD, "annees": "bientôt"}, "Années illisibles"),
        ({"acheteurs": CUD, "rayon_km": "loin"}, "Rayon"),
        ({"annees": "2024"}, "Donnez au moins un SIRET d'acheteur."),
    ],
)
def test_the_page_explains_bad_input(browser_client, demo_base, params, message):
    log_in(browser_client, demo_base, "agent")
    response = browser_client.get("/tableau-de-bord", params=params)
    assert response.status_code == 200
    assert message in (alert(response) or "")


def test_the_page_reads_sirets_typed_with_spaces(browser_client, demo_base):
    log_in(browser_client, demo_base, "agent")
    spaced = f"{CUD[:3]} {CUD[3:6]} {CUD[6:9]} {CUD[9:]}, {BUYERS[1]}"
    page = soup(browser_client.get("/tableau-de-bord", params={"acheteurs": spaced}))
    assert alert_text(page) is None
    assert len(page.select(".graphique-bloc")) == 3


def alert_text(page) -> str | None:
    box = page.find(attrs={"role": "alert"})
    return box.get_text(strip=True) if box else None
