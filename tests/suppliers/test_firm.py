"""SIRET keys and the one path from raw records to firms."""

from __future__ import annotations

import pandas as pd
import pytest

from core.identifiers import luhn_key, siren_is_valid, siret_is_valid, sirets_are_valid
from places.communes import get_commune
from suppliers.firm import RECORD_COLUMNS, firms_from_records
from suppliers.index_words import searchable_text_fast
from suppliers.textsearch import searchable_text


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        ("73282932000074", True),  # INSEE's own example
        ("73282932000075", False),
        ("35600000000048", True),  # La Poste head office: Luhn-valid
        ("35600000049837", True),  # a La Poste office: digit sum multiple of 5, not Luhn
        ("35600000049838", False),
        ("7328293200007", False),  # 13 digits
        ("732829320000744", False),
        ("7328293200007A", False),
        ("", False),
        ("732 829 320 00074", False),
    ],
)
def test_siret_is_valid(siret: str, valid: bool) -> None:
    assert siret_is_valid(siret) is valid


def test_vectorised_check_agrees() -> None:
    sirets = ["73282932000074", "73282932000075", "35600000049837", "x", None]
    assert sirets_are_valid(pd.Series(sirets)).tolist() == [True, False, True, False, False]


@pytest.mark.parametrize(
    ("siren", "valid"), [("732829320", True), ("732829321", False), ("1", False)]
)
def test_siren_is_valid(siren: str, valid: bool) -> None:
    assert siren_is_valid(siren) is valid


@pytest.mark.parametrize("body", ["1234567800001", "0000000000000", "9999999999999"])
def test_luhn_key_completes(body: str) -> None:
    assert siret_is_valid(body + luhn_key(body))


def _records(**columns: list[str]) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    frame = pd.DataFrame({c: [""] * size for c in RECORD_COLUMNS})
    for name, values in columns.items():
        frame[name] = values
    return frame


def test_records_to_firms_fills_commune_point_and_labels() -> None:
    batch = firms_from_records(
        _records(
            siret=["73282932000074", "73282932000075", "35600000049837"],
            nom_repli=["ANCIENNE BOULANGERIE", "X", ""],
            enseigne=["", "", "BUREAU DE POSTE"],
            code_naf=["10.71C", "10.71C", "53.10Z"],
            code_commune=["59183", "59183", ""],
            etat=["F", "A", "A"],
            date_creation=["20120618", "", ""],
        ),
        source="test",
    )
    assert [(r.ligne, r.motif) for r in batch.rejects] == [
        (2, "SIRET invalide : la clé de contrôle ne correspond pas"),
        (3, "Commune manquante (établissement à l'étranger ?)"),
    ]
    firm = batch.firms.iloc[0]
    dunkerque = get_commune("59183")
    assert (firm["latitude"], firm["longitude"], firm["precision"]) == (
        dunkerque.latitude,
        dunkerque.longitude,
        "commune",
    )
    assert firm["libelle_naf"] == "Boulangerie et boulangerie-pâtisserie"
    assert (firm["etat"], firm["date_creation"], firm["commune"]) == (
        "fermé",
        "2012-06-18",
        "Dunkerque",
    )
    assert firm["siren"] == "732829320"


@pytest.mark.parametrize(
    ("code", "kept"), [("56.10A", "56.10A"), ("56.10a", "56.10A"), ("55.3A", None), ("", None)]
)
def test_unknown_naf_codes_are_dropped(code: str, kept: str | None) -> None:
    batch = firms_from_records(
        _records(siret=["73282932000074"], code_naf=[code], code_commune=["59183"]), source="t"
    )
    value = batch.firms.iloc[0]["code_naf"]
    assert pd.isna(value) if kept is None else value == kept


@pytest.mark.parametrize(
    "text",
    [
        "BOULANGERIE DU PORT",
        "Boulangeries",
        "École élémentaire",
        "L'ŒUVRE",
        "ÉTS MARTIN & FILS",
        "des services",
        "",
        "SARL 2B",
        "STRAßE GMBH",
        "ﬁnance ½",
        "Ǆ ǅ ǆ",
        "Ĳssel",
        "ÇA ŒIL ÆON",
        "Ελλάδα café",
        "日本 sushi",
        "ÀÁÂÃÄÅ ÈÉÊË ÌÍÎÏ ÒÓÔÕÖØ ÙÚÛÜ Ÿ Ñ",
    ],
)
def test_fast_normalise_equals_normalise(text: str) -> None:
    assert searchable_text_fast(text) == searchable_text(text)


def test_fast_normalise_equals_normalise_on_every_latin_character() -> None:
    """Each character of the fast path's table, alone, inside a word and between words."""
    for code in range(0x250):
        char = chr(code)
        for text in (char, f"Boulangerie{char}MARTIN", f"des {char} Fées", f"2{char}b"):
            assert searchable_text_fast(text) == searchable_text(text), (hex(code), text)
