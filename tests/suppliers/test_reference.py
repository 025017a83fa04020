"""Reference data shipped with the package: communes, NAF, CPV and the CPV → NAF table."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from places.communes import (
    CUD_COMMUNES,
    CommuneNotFoundError,
    code_ambiguity,
    commune_polygons,
    communes_table,
    find_commune,
    get_commune,
)
from places.distance import great_circle_km
from suppliers.cpv import (
    cpv_divisions,
    cpv_label,
    cpv_naf_lines,
    naf_prefixes_for_cpv,
    normalise_cpv,
)
from suppliers.errors import CodeError
from suppliers.naf import naf_label, naf_prefixes, naf_section, naf_table, normalise_naf


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Dunkerque", "59183"),
        ("DUNKERQUE", "59183"),
        ("  dunkerque ", "59183"),
        ("59183", "59183"),
        ("Téteghem-Coudekerque-Village", "59588"),
        ("teteghem coudekerque village", "59588"),
        ("St Georges sur l'Aa", "59532"),
        ("Saint-Pol-sur-Mer", "59183"),  # merged into Dunkerque in 2011
        ("Grande-Synthe", "59271"),
        ("59760", "59271"),  # postal code of Grande-Synthe
        ("Saint-Denis (93)", "93066"),
        ("Saint-Denis", "97411"),  # the most populous Saint-Denis
        ("Paris", "75056"),
        ("75001", "75101"),
        ("2a004", "2A004"),
    ],
)
def test_find_commune(query: str, code: str) -> None:
    assert find_commune(query).code_insee == code


@pytest.mark.parametrize("query", ["", "   ", "Atlantide", "00000", "Dunkerque (62)"])
def test_find_commune_refuses_unknown(query: str) -> None:
    with pytest.raises(CommuneNotFoundError) as error:
        find_commune(query)
    assert "commune" in str(error.value).lower()


def test_code_that_is_also_a_postal_code_is_flagged() -> None:
    assert find_commune("59140").nom == "Caullery"
    warning = code_ambiguity(" 59140 ")
    assert warning == (
        "« 59140 » est le code INSEE de Caullery (59) et le code postal de Dunkerque (59). "
        "Clair a pris le code INSEE. Pour Dunkerque, écrivez « Dunkerque »."
    )


@pytest.mark.parametrize("query", ["59183", "59760", "75001", "Dunkerque", "", "2A004"])
def test_unambiguous_queries_get_no_warning(query: str) -> None:
    assert code_ambiguity(query) is None


def test_dunkerque_fields() -> None:
    commune = get_commune("59183")
    assert commune is not None
    assert (commune.nom, commune.departement, commune.region_nom) == (
        "Dunkerque",
        "59",
        "Hauts-de-France",
    )
    assert "59140" in commune.codes_postaux
    assert commune.population and commune.population > 80_000
    # The town hall is in the city, a few km from the representative point of a long commune.
    assert (
        great_circle_km(
            commune.latitude, commune.longitude, commune.mairie_latitude, commune.mairie_longitude
        )
        < 6
    )
    assert get_commune("99999") is None


def test_cud_communes_are_the_epci() -> None:
    table = communes_table()
    assert sorted(table.loc[table["epci"] == "245900428", "code_insee"]) == list(CUD_COMMUNES)


def test_polygons_contain_their_representative_point() -> None:
    polygons = commune_polygons(CUD_COMMUNES)
    assert polygons.crs.to_epsg() == 4326
    assert len(polygons) == 17
    table = communes_table().set_index("code_insee")
    for code, geometry in zip(polygons["code_insee"], polygons["geometry"], strict=True):
        from shapely import Point

        point = Point(table.loc[code, "longitude"], table.loc[code, "latitude"])
        assert geometry.buffer(0.001).contains(point), code
    assert commune_polygons(["99999"]).empty


def test_communes_agree_with_la_poste(shared_data) -> None:
    """Every CUD commune's point lies within 5 km of La Poste's centroid (an independent source)."""
    poste = pd.read_csv(
        shared_data / "suppliers" / "laposte_hexasmal_communes_coordonnees.csv",
        sep=";",
        dtype=str,
    ).dropna(subset=["coordonnees_gps"])
    poste = poste.drop_duplicates("Code_commune_INSEE").set_index("Code_commune_INSEE")
    for code in CUD_COMMUNES:
        commune = get_commune(code)
        lat, lon = map(float, poste.loc[code, "coordonnees_gps"].split(","))
        assert great_circle_km(commune.latitude, commune.longitude, lat, lon) < 5, code
    shipped = set(communes_table()["code_insee"])
    assert len(set(poste.index) & shipped) / len(poste.index) > 0.95


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("56.10A", "56.10A"),
        ("5610a", "56.10A"),
        (" 56.10 A ", "56.10A"),
        ("43.2", "43.2"),
        ("4321", "43.21"),
        ("f", "F"),
        ("01", "01"),
    ],
)
def test_normalise_naf(text: str, code: str) -> None:
    assert normalise_naf(text) == code


@pytest.mark.parametrize("text", ["", "5", "56.10AB", "X", "56-10"])
def test_normalise_naf_refuses(text: str) -> None:
    with pytest.raises(CodeError):
        normalise_naf(text)


@pytest.mark.parametrize(
    ("code", "label", "section"),
    [
        ("56.10A", "Restauration traditionnelle", "I"),
        ("10.71C", "Boulangerie et boulangerie-pâtisserie", "C"),
        ("81.21Z", "Nettoyage courant des bâtiments", "N"),
        ("F", "Construction", "F"),
        ("99.99Z", None, None),
        ("n'importe quoi", None, None),
    ],
)
def test_naf_label_and_section(code: str, label: str | None, section: str | None) -> None:
    assert naf_label(code) == label
    assert naf_section(code) == section


def test_naf_table_levels() -> None:
    counts = naf_table()["niveau"].value_counts().to_dict()
    assert counts == {
        "section": 21,
        "division": 88,
        "groupe": 272,
        "classe": 615,
        "sous-classe": 732,
    }


def test_naf_agrees_with_insee_five_levels(shared_data) -> None:
    """Labels and sections match INSEE's five-level file (an independent copy)."""
    with open(shared_data / "suppliers" / "naf2008_listes_completes_5_niveaux.csv") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 732
    for row in rows:
        assert naf_section(row["id_5"]) == row["id_1"]
        assert naf_label(row["id_1"]) == row["label_1"]
        assert naf_label(row["id_2"]) is not None


def test_naf_prefixes() -> None:
    assert naf_prefixes("F") == ["41", "42", "43"]
    assert naf_prefixes("43.2") == ["43.2"]
    with pytest.raises(CodeError):
        naf_prefixes("99.99")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("03000000-1", "03000000"),
        ("030000001", "03000000"),
        ("45210000", "45210000"),
        ("45", "45"),
        (" 90911200-8 ", "90911200"),
    ],
)
def test_normalise_cpv(text: str, code: str) -> None:
    assert normalise_cpv(text) == code


@pytest.mark.parametrize("text", ["", "4", "ABCDEFGH", "45210000-22", "1234567890"])
def test_normalise_cpv_refuses(text: str) -> None:
    with pytest.raises(CodeError):
        normalise_cpv(text)


def test_cpv_divisions_are_the_45_of_the_regulation() -> None:
    divisions = cpv_divisions()
    assert len(divisions) == 45
    assert cpv_label("45210000-2") == "Travaux de construction"
    assert cpv_label("99000000") is None


def test_correspondence_covers_every_division_with_known_naf_codes() -> None:
    lines = cpv_naf_lines()
    assert set(cpv_divisions()) <= set(lines)
    assert {cpv[:2] for cpv in lines} == set(cpv_divisions())
    for cpv, (prefixes, comment) in lines.items():
        assert prefixes, cpv
        assert comment.strip(), cpv
        for prefix in prefixes:
            assert naf_label(prefix) is not None, (cpv, prefix)


@pytest.mark.parametrize(
    ("cpv", "expected"),
    [
        ("45210000-2", ["41.2", "42", "43.9"]),  # group 452 beats division 45
        ("45000000-7", ["41", "42", "43"]),
        ("90911200-8", ["81.2"]),  # cleaning services
        ("55520000-1", ["56.2"]),  # catering
        ("79800000-2", ["18.1", "82.19", "73.1"]),  # printing
        ("15810000-9", ["10.7", "10.8", "46.36", "46.37", "46.39", "47.24"]),  # bread
        ("99000000", []),
    ],
)
def test_naf_prefixes_for_cpv(cpv: str, expected: list[str]) -> None:
    assert naf_prefixes_for_cpv(cpv) == expected
