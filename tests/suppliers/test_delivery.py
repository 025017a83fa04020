import io
import math

import numpy as np
import pytest
from openpyxl import load_workbook

from places.distance import EARTH_RADIUS_KM
from suppliers.delivery import (
    ESTIMATE_WARNING,
    DeliveryFirm,
    delivery_totals,
    distance_matrix_km,
    estimate_deliveries,
    score_linear,
    score_lowest_ratio,
    table_to_csv,
    table_to_html,
    table_to_xlsx,
)
from suppliers.sites import DeliverySite
from suppliers.vehicles import (
    VEHICLES,
    DeliveryParameters,
    UnknownVehicleError,
    find_vehicle,
    get_vehicle,
)


@pytest.mark.parametrize(
    ("code", "co2_kg_km"),
    [
        ("fourgon-3.5t", 0.507),
        ("porteur-7.5t", 0.697),
        ("porteur-12t", 0.761),
        ("porteur-19t", 0.856),
        ("porteur-19t-frigorifique", 1.030),
        ("semi-40t", 1.071),
    ],
)
def test_emission_factors_match_the_regulatory_table(code, co2_kg_km):
    assert VEHICLES[code].co2_kg_km == pytest.approx(co2_kg_km, abs=0.001)


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("fourgon-3.5t", "fourgon-3.5t"),
        ("Fourgon 3,5 t", "fourgon-3.5t"),
        ("VUL", "fourgon-3.5t"),
        ("porteur 7,5 tonnes", "porteur-7.5t"),
        ("Camion 12 t", "porteur-12t"),
        ("porteur 19t", "porteur-19t"),
        ("Porteur 19 t frigorifique", "porteur-19t-frigorifique"),
        ("semi-remorque", "semi-40t"),
        ("ensemble articulé 40 t", "semi-40t"),
    ],
)
def test_vehicles_are_found_from_plain_words(label, code):
    assert find_vehicle(label).code == code


@pytest.mark.parametrize("label", ["vélo cargo", "", "7,5 t frigorifique"])
def test_unknown_vehicles_are_refused_in_french(label):
    assert find_vehicle(label) is None
    with pytest.raises(UnknownVehicleError, match="Véhicule inconnu"):
        get_vehicle(label)


def cosines_km(lat1, lon1, lat2, lon2):
    """Independent formula (spherical law of cosines)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(
        math.radians(lon2 - lon1)
    )
    return EARTH_RADIUS_KM * math.acos(min(1.0, max(-1.0, c)))


FIRMS = [(51.0343, 2.3768), (50.6292, 3.0573), (48.8566, 2.3522)]  # Dunkerque, Lille, Paris
SITES = [(50.9862, 2.1280), (51.0122, 2.3003)]  # Gravelines, Saint-Pol-sur-Mer


def test_distance_matrix_is_great_circle_times_detour():
    m = distance_matrix_km(
        [f[0] for f in FIRMS],
        [f[1] for f in FIRMS],
        [s[0] for s in SITES],
        [s[1] for s in SITES],
        detour_factor=1.3,
    )
    assert m.shape == (3, 2)
    for i, f in enumerate(FIRMS):
        for j, s in enumerate(SITES):
            assert m[i, j] == pytest.approx(1.3 * cosines_km(*f, *s), abs=1e-3)


@pytest.mark.parametrize(
    ("round_trip", "km", "cost", "co2", "co2_cost"),
    [
        # 2 × (10 km × 100 + 20 km × 50) = 4,000 km; van: 1 €/km, 0.507 kg/km, 250 €/t.
        (True, 4000.0, 4000.0, 2028.0, 507.0),
        (False, 2000.0, 2000.0, 1014.0, 253.5),
    ],
)
def test_totals_by_hand(round_trip, km, cost, co2, co2_cost):
    van = VEHICLES["fourgon-3.5t"]
    params = DeliveryParameters(round_trip=round_trip, carbon_value_eur_per_t=250)
    totals = delivery_totals(np.array([[10.0, 20.0]]), [100, 50], van, params)
    assert totals.km_annuels[0] == pytest.approx(km)
    assert totals.cout_eur[0] == pytest.approx(cost)
    assert totals.co2_kg[0] == pytest.approx(co2, abs=0.5)
    assert totals.cout_co2_eur[0] == pytest.approx(co2_cost, abs=0.2)
    assert totals.cout_total_eur[0] == pytest.approx(cost + co2_cost, abs=0.2)


@pytest.mark.parametrize(
    ("values", "ratio", "linear"),
    [
        ([100, 200, 400], [10, 5, 2.5], [10, 0, 0]),
        ([100, 150, 125], [10, 6.667, 8], [10, 5, 7.5]),
        ([50, 50], [10, 10], [10, 10]),
        ([0, 10], [10, 0], [10, 0]),
        ([], [], []),
    ],
)
def test_scores_lowest_gets_the_maximum(values, ratio, linear):
    assert score_lowest_ratio(values, 10) == pytest.approx(ratio, abs=1e-3)
    assert score_linear(values, 10) == pytest.approx(linear, abs=1e-3)


def site(nom, lat, lon, n):
    return DeliverySite(
        nom=nom, latitude=lat, longitude=lon, livraisons_par_an=n, precision="coordonnees"
    )


@pytest.fixture
def table():
    firms = [
        DeliveryFirm(siret="1", nom="Paris SA", latitude=48.8566, longitude=2.3522),
        DeliveryFirm(siret="2", nom="Dunkerque & Fils <b>", latitude=51.0343, longitude=2.3768),
        DeliveryFirm(siret="3", nom="Sans adresse"),
        DeliveryFirm(siret="4", nom="Lille SARL", latitude=50.6292, longitude=3.0573),
    ]
    sites = [site("Cantine A", *SITES[0], 180), site("Cantine B", *SITES[1], 36)]
    return estimate_deliveries(firms, sites, VEHICLES["porteur-19t-frigorifique"])


def test_estimate_ranks_firms_and_names_those_without_position(table):
    assert [line.siret for line in table.lignes] == ["2", "4", "1"]
    best = table.lignes[0]
    assert best.note == 10 and best.note_lineaire == 10
    assert all(line.note < 10 for line in table.lignes[1:])
    assert any("Sans adresse" in r for r in table.remarques)
    assert table.avertissement == ESTIMATE_WARNING
    # The per-firm figures agree with the one-way distances kept for the XLSX.
    for line, row in zip(table.lignes, table.distances_km, strict=True):
        km = 2 * (row[0] * 180 + row[1] * 36)
        assert line.km_annuels == pytest.approx(km, abs=0.2)
        assert line.co2_kg == pytest.approx(km * 1.030, rel=1e-3)


def test_estimate_uses_road_distances_when_given():
    firms = [DeliveryFirm(siret="1", nom="A", latitude=50.0, longitude=2.0)]
    sites = [site("S", 50.0, 2.0, 10)]
    table = estimate_deliveries(
        firms, sites, VEHICLES["fourgon-3.5t"], road_distances_km=np.array([[12.5]])
    )
    assert table.lignes[0].km_annuels == 250.0


def test_csv_has_every_column_and_the_warning(table):
    text = table_to_csv(table)
    assert text.startswith("# Estimation")
    header = text.splitlines()[1].split(",")
    assert header[:2] == ["siret", "nom"] and "co2_kg" in header and "note" in header
    assert len(text.splitlines()) == 2 + len(table.lignes)


def test_xlsx_cells_are_formulas_that_match_the_python_figures(table):
    wb = load_workbook(io.BytesIO(table_to_xlsx(table)))
    est, dist = wb["Estimation"], wb["Distances"]
    assert "interdit" in est["A1"].value
    assert dist["C2"].value == 180 and dist["D2"].value == 36
    row = 12  # first firm
    assert est.cell(row, 1).value == table.lignes[0].siret
    assert est.cell(row, 3).value.startswith("=$B$7*SUMPRODUCT(Distances!$C$2:$D$2,")
    assert est.cell(row, 4).value == f"=C{row}*$B$4"
    assert est.cell(row, 8).value.startswith("=IF(G12>0,$B$8*MIN($G$12:$G$14)/G12")
    # Evaluate the SUMPRODUCT by hand from the sheet values.
    km = est["B7"].value * sum(dist.cell(2, c).value * dist.cell(3, c).value for c in (3, 4))
    assert km == pytest.approx(table.lignes[0].km_annuels, abs=0.2)
    assert est["B4"].value == table.vehicule.cout_eur_km


def test_html_escapes_names(table):
    page = table_to_html(table)
    assert "Dunkerque &amp; Fils &lt;b&gt;" in page
    assert "<b>" not in page
    assert "interdit" in page
