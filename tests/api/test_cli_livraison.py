"""``clair livraison estimer|critere|noter`` and ``clair carte``: the interface contract,
arithmetic checked against an independent haversine, French refusals and exit codes."""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli import app
from places.communes import find_commune
from tests.suppliers.conftest import FIXTURES

runner = CliRunner()

SITES_CSV = """nom;commune;latitude;longitude;livraisons_par_an
Cantine A;;51.0344;2.3768;100
Cantine B;Grande-Synthe;;;50
"""
OFFERS_CSV = """candidat;site;prix_livraison_eur;livraisons_par_an;vehicule;km_annuels;part_chargement
Primeurs du Nord;Cantine A;12,50;180;porteur 19 t frigorifique;3600;50 %
Maraîchers <Flandre>;Cantine A;10;180;fourgon 3,5 t;5400;1
"""
CONTRACT_FIELDS = {"siret", "nom", "km_annuels", "cout_eur", "co2_kg", "cout_co2_eur", "note"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Written again here, independently of places.distance (mean Earth radius 6371.0088)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("livraison") / "clair.sqlite"
    result = runner.invoke(
        app, ["fournisseurs", "importer", str(FIXTURES / "geo_siret_59.csv"), "--base", str(path)]
    )
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def sites(tmp_path: Path) -> Path:
    path = tmp_path / "sites.csv"
    path.write_text(SITES_CSV, encoding="utf-8")
    return path


def estimer(base: Path, sites: Path, *args: str):
    return runner.invoke(
        app, ["livraison", "estimer", "--sites", str(sites), "--base", str(base), *args]
    )


def test_json_contract_and_arithmetic(base: Path, sites: Path) -> None:
    result = estimer(base, sites, "--format", "json", "--vehicule", "porteur-19t")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert "pas un critère d'attribution" in result.stderr
    assert len(records) == 5 and all(set(r) >= CONTRACT_FIELDS for r in records)
    b = find_commune("Grande-Synthe")
    site_b = (b.mairie_latitude or b.latitude, b.mairie_longitude or b.longitude)
    for r in records:
        km_a = haversine_km(r["latitude"], r["longitude"], 51.0344, 2.3768) * 1.3
        km_b = haversine_km(r["latitude"], r["longitude"], *site_b) * 1.3
        km = 2 * (100 * km_a + 50 * km_b)  # round trips
        assert r["km_annuels"] == pytest.approx(km, abs=0.2)
        assert r["cout_eur"] == pytest.approx(km * 1.60, abs=0.5)  # porteur 19 t: 1.60 €/km
        assert r["co2_kg"] == pytest.approx(km * 0.27 * 3.17, abs=0.5)
        assert r["cout_co2_eur"] == pytest.approx(r["co2_kg"] / 1000 * 250, abs=0.05)
    totals = [r["cout_eur"] + r["cout_co2_eur"] for r in records]
    assert totals == sorted(totals)
    assert records[0]["note"] == 10
    for r, total in zip(records, totals, strict=True):
        assert r["note"] == pytest.approx(10 * totals[0] / total, abs=0.01)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--format", "json", "--limite", "2"), 2),
        (("--format", "json", "--naf", "43"), 2),  # 43.22A and 43.33Z
        (("--format", "json", "--autour", "Dunkerque", "--rayon", "5"), 3),
    ],
)
def test_search_filters(base: Path, sites: Path, args: tuple[str, ...], expected: int) -> None:
    result = estimer(base, sites, *args)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == expected


def test_table_output_is_labelled_an_estimate(base: Path, sites: Path) -> None:
    result = estimer(base, sites)
    assert result.exit_code == 0, result.output
    assert "pas un critère" in " ".join(result.stdout.split())
    assert "PLOMBERIE" in result.stdout


def test_file_outputs(base: Path, sites: Path, tmp_path: Path) -> None:
    xlsx, csv_path, page = tmp_path / "t.xlsx", tmp_path / "t.csv", tmp_path / "t.html"
    for out in (xlsx, csv_path, page):
        result = estimer(base, sites, "-o", str(out))
        assert result.exit_code == 0, result.output
    sheet = load_workbook(xlsx)["Estimation"]
    assert str(sheet["C12"].value).startswith("=")  # km per year is a live formula
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert rows[0][0].startswith("# Estimation") and rows[1][:2] == ["siret", "nom"]
    assert "Ce n'est pas un critère d'attribution" in html.unescape(page.read_text("utf-8"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--vehicule", "trottinette"), "Véhicule inconnu"),
        (("--autour", "Atlantide"), "Commune introuvable"),
        (("--detour", "0.5"), "Paramètre invalide"),
        (("--format", "xlsx"), "-o FICHIER"),
    ],
)
def test_estimate_errors_in_french(base: Path, sites: Path, args, message: str) -> None:
    result = estimer(base, sites, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_sites_file(base: Path, tmp_path: Path) -> None:
    bad = tmp_path / "sites.csv"
    bad.write_text("nom;commune;livraisons_par_an\nCantine;Dunkerque;beaucoup\n", "utf-8")
    result = estimer(base, bad)
    assert result.exit_code == 1
    assert "livraisons_par_an" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("prix", "Le prix comprend la livraison."),
        ("co2", "émissions les plus basses"),
        ("cout-cycle-de-vie", "coût du cycle de vie"),
    ],
)
def test_criterion_wording(kind: str, words: str) -> None:
    result = runner.invoke(app, ["livraison", "critere", "--type", kind, "--poids", "15"])
    assert result.exit_code == 0, result.output
    assert words in result.stdout
    assert "15" in result.stdout and "Base légale" in result.stdout


@pytest.mark.parametrize(
    "kind", ["distance", "proximite", "proximité", "localisation", "km", "prix-distance"]
)
def test_distance_criterion_is_refused(kind: str) -> None:
    result = runner.invoke(app, ["livraison", "critere", "--type", kind])
    assert result.exit_code != 0
    assert "article L3" in result.output and "n° 420585" in result.output


def test_score_offers(tmp_path: Path) -> None:
    offers = tmp_path / "offres.csv"
    offers.write_text(OFFERS_CSV, encoding="utf-8")
    result = runner.invoke(app, ["livraison", "noter", str(offers)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Primeurs du Nord" in result.stdout and "Maraîchers <Flandre>" in result.stdout
    out = tmp_path / "notes.xlsx"
    result = runner.invoke(app, ["livraison", "noter", str(offers), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames
    out_csv = tmp_path / "notes.csv"
    runner.invoke(app, ["livraison", "noter", str(offers), "-o", str(out_csv)])
    rows = {r["candidat"]: r for r in csv.DictReader(io.StringIO(out_csv.read_text()))}
    # Delivery price: 10 × 180 = 1800 € against 12.50 × 180 = 2250 €: the lowest gets 10.
    assert float(rows["Maraîchers <Flandre>"]["prix_livraison_eur"]) == 1800
    assert float(rows["Primeurs du Nord"]["prix_livraison_eur"]) == 2250


def test_score_offers_bad_file(tmp_path: Path) -> None:
    offers = tmp_path / "offres.csv"
    offers.write_text("nimporte;quoi\n1;2\n", encoding="utf-8")
    result = runner.invoke(app, ["livraison", "noter", str(offers)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_map(base: Path, sites: Path, tmp_path: Path) -> None:
    out = tmp_path / "carte.html"
    result = runner.invoke(
        app,
        ["carte", "--autour", "Dunkerque", "--rayon", "30", "--sites", str(sites),
         "-o", str(out), "--base", str(base)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "PLOMBERIE LEFEBVRE" in page and "Cantine A" in page
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=.https?:", page)  # no CDN
    assert len(page) < 5_000_000
    refused = runner.invoke(
        app, ["carte", "--sites", str(sites), "--vehicule", "vélo", "-o", str(out),
              "--base", str(base)],
    )  # fmt: skip
    assert refused.exit_code == 1 and "Véhicule inconnu" in refused.output
