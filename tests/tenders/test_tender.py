"""Normalisation of raw values: CPV, dates, amounts, accents, places, contract type."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tenders.tender import (
    RawTender,
    TenderError,
    cpv8,
    departement_of,
    make_tender,
    merge,
    parse_amount,
    parse_date,
    parse_datetime,
    repair_text,
    type_from_cpv,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("03000000-1", "03000000"),
        ("90513500", "90513500"),
        ("030000001", "03000000"),
        ("3000000", "03000000"),  # leading zero lost in a spreadsheet
        ("45454000.", "45454000"),
        (" 50700000 - 2 ", "50700000"),
        ("45", None),  # a prefix is not a notice's CPV code
        ("INO", None),
        (None, None),
    ],
)
def test_cpv_codes_are_normalised_to_eight_digits(code, expected):
    assert cpv8(code) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-03-19", date(2019, 3, 19)),
        ("2019-03-19+01:00", date(2019, 3, 19)),
        ("2006-07-4", date(2006, 7, 4)),
        ("2026-02-10T12:00:00+01:00", date(2026, 2, 10)),
        ("19/03/2019", date(2019, 3, 19)),
        ("2019-02-30", None),
        ("demain", None),
        ("", None),
    ],
)
def test_dates_with_zone_suffix_or_odd_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected_utc"),
    [
        ("2026-02-10T12:00:00+01:00", datetime(2026, 2, 10, 11, 0, tzinfo=UTC)),
        ("2026-02-10T12:00:00Z", datetime(2026, 2, 10, 12, 0, tzinfo=UTC)),
        ("2026-07-10T12:00:00", datetime(2026, 7, 10, 10, 0, tzinfo=UTC)),  # Paris, summer
        ("2026-02-10", datetime(2026, 2, 10, 22, 59, tzinfo=UTC)),  # no time: 23:59 Paris
        ("2006-07-21T00:00:00+00:00", datetime(2006, 7, 21, 21, 59, tzinfo=UTC)),
    ],
)
def test_deadlines_are_aware_and_a_missing_time_means_end_of_day(value, expected_utc):
    assert parse_datetime(value) == expected_utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [(38820, 38820.0), ("38 820,50", 38820.5), ("1 000 € HT", 1000.0), ("n/a", None), (None, None)],
)
def test_amounts(value, expected):
    assert parse_amount(value) == expected


@pytest.mark.parametrize(
    ("text", "expected", "repaired"),
    [
        ("mÃ©diathÃ¨que", "médiathèque", True),
        ("Ã‰cole", "École", True),
        ("Construction d?un centre", "Construction d?un centre", False),  # lost: kept as is
        ("déjà correct", "déjà correct", False),
        ("ligne 1<br />ligne 2", "ligne 1 ligne 2", False),
    ],
)
def test_broken_accents_are_repaired_when_recognisable(text, expected, repaired):
    assert repair_text(text) == (expected, repaired)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("59140", "59"),
        ("59", "59"),
        ("2A004", "2A"),
        ("20200", "2B"),
        ("97411", "974"),
        ("DEP", None),
        ("200068781", None),
        ("99", None),
    ],
)
def test_departement_of_a_code(code, expected):
    assert departement_of(code) == expected


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["45210000"], "travaux"),
        (["90910000"], "services"),
        (["15000000"], "fournitures"),
        (["48000000"], "fournitures"),
        ([], None),
    ],
)
def test_contract_type_from_cpv_division(codes, expected):
    assert type_from_cpv(codes) == expected


@pytest.mark.parametrize(
    ("code", "kind", "name", "commune", "departement"),
    [
        ("21300", "acheteur code postal", "Chenôve", "Chenôve", "21"),  # postal, not INSEE 21300
        ("10026", "code postal", "Troyes cedex", "Troyes", "10"),  # CEDEX code, name wins
        ("59183", "Code commune", None, "Dunkerque", "59"),
        ("59", "Code département", "DEPARTEMENT DU NORD", None, "59"),
        ("32", "Code région", "Hauts-de-France", None, None),
        ("DEP", "Code département", None, None, None),
    ],
)
def test_place_of_performance_is_located_when_derivable(code, kind, name, commune, departement):
    tender = make_tender(
        RawTender(
            source="t", local_id="1", objet="x", lieu_code=code, lieu_type=kind, lieu_libelle=name
        )
    )
    assert tender.lieu.commune == commune
    assert tender.lieu.departement == departement
    assert (tender.lieu.latitude is not None) == (commune is not None)


def test_amounts_zero_or_absurd_are_kept_but_flagged():
    absurd = make_tender(RawTender(source="t", local_id="1", objet="x", montant=1e17))
    assert absurd.montant_eur == 1e17 and absurd.montant_fiable is False
    assert any("non fiable" in a for a in absurd.alertes)
    normal = make_tender(RawTender(source="t", local_id="2", objet="x", montant="1200"))
    assert normal.montant_fiable is True


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (RawTender(source="t", local_id="1"), "sans objet"),
        (RawTender(source="t", objet="x"), "sans identifiant"),
    ],
)
def test_unusable_records_raise_a_clear_error(raw, message):
    with pytest.raises(TenderError, match=message):
        make_tender(raw)


def test_merge_fills_gaps_and_keeps_both_sources():
    boamp = make_tender(
        RawTender(
            source="boamp", local_id="26-1", idweb="26-1", objet="Nettoyage", codes_cpv=["90910000"]
        )
    )
    ted = make_tender(
        RawTender(
            source="ted",
            local_id="abc",
            objet="Nettoyage des locaux",
            acheteur_siret="24590042800018",
            codes_cpv=["90919200"],
            valeur_estimee="480000",
        )
    )
    merged = merge(boamp, ted)
    assert merged.id == "boamp:26-1"
    assert merged.sources == ["boamp", "ted"]
    assert merged.codes_cpv == ["90910000", "90919200"]
    assert merged.acheteur.siret == "24590042800018"
    assert merged.valeur_estimee_eur == 480000
    assert merged.objet == "Nettoyage"  # the kept notice's own text wins
