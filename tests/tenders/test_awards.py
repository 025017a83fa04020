"""Award data: one DECP record to an award (table tests), the streamed reader, the query
helpers (years, group file)."""

from __future__ import annotations

import io
import json

import pytest

from core.errors import InvalidInputError
from tenders import _decp
from tenders._decp import StreamError, award_from_record, stream_records
from tenders.dashboard_model import DashboardQuery, parse_group, parse_years

BUYER = "21590183900017"


def record(**fields):
    base = {"id": "M1", "acheteur": {"id": BUYER}, "objet": "x", "codeCPV": "45310000-3"}
    return {**base, **fields}


def holder(identifier, kind="SIRET", version="2022"):
    inner = {"typeIdentifiant": kind, "id": identifier}
    return {"titulaire": inner} if version == "2022" else inner


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, {"montant_eur": None, "offres_recues": None, "code_cpv": "45310000"}),
        ({"montant": 1200.5}, {"montant_eur": 1200.5}),
        ({"montant": "38 820,50"}, {"montant_eur": 38820.5}),
        ({"montant": 0}, {"montant_eur": None}),  # zero: not a reliable amount
        ({"montant": 1e17}, {"montant_eur": None}),  # absurd
        ({"offresRecues": 3}, {"offres_recues": 3}),
        ({"offresRecues": "2"}, {"offres_recues": 2}),
        ({"offresRecues": 0}, {"offres_recues": None}),  # an awarded contract had a bid
        ({"offresRecues": 2.5}, {"offres_recues": None}),
        ({"dateNotification": "2023-05-02+02:00"}, {"annee": 2023}),
        ({"datePublicationDonnees": "2024-01-10"}, {"annee": 2024}),
        ({"dateNotification": "0023-05-02"}, {"annee": None}),
        ({"codeCPV": "3000000"}, {"code_cpv": "03000000"}),  # leading zero lost
        ({"procedure": "ProcÃ©dure adaptÃ©e"}, {"procedure": "Procédure adaptée"}),
    ],
)
def test_fields(fields, expected):
    award = award_from_record(record(**fields), "2022")
    assert {name: getattr(award, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("social", "green", "expected"),
    [
        (None, None, (None, None)),  # 2017 format: not said
        ({"considerationSociale": ["Pas de considération sociale"]}, None, (False, None)),
        ({"considerationSociale": ["Clause sociale"]}, None, (True, None)),
        ({"considerationSociale": ["Critère social", "Marché réservé"]}, None, (True, None)),
        (["Clause sociale"], None, (True, None)),  # a bare list
        (
            None,
            {"considerationEnvironnementale": ["Pas de considération environnementale"]},
            (None, False),
        ),
        (None, {"considerationEnvironnementale": "Critère environnemental"}, (None, True)),
        ({"considerationSociale": []}, None, (None, None)),
    ],
)
def test_clauses(social, green, expected):
    fields = {}
    if social is not None:
        fields["considerationsSociales"] = social
    if green is not None:
        fields["considerationsEnvironnementales"] = green
    award = award_from_record(record(**fields), "2022")
    assert (award.clause_sociale, award.clause_environnementale) == expected


@pytest.mark.parametrize("version", ["2017", "2022"])
def test_winners_share_the_contract_equally(version):
    winners = [
        holder("73282932000074", version=version),
        holder("FR12345678901", "TVA", version),
        holder("7328293200007", version=version),  # 13 digits: not a SIRET
    ]
    award = award_from_record(record(titulaires=winners), version)
    assert [(w.siret, w.identifiant) for w in award.winners] == [
        (73282932000074, "73282932000074"),
        (None, "FR12345678901"),
        (None, "7328293200007"),
    ]
    assert [w.part for w in award.winners] == [1 / 3] * 3


def test_last_modification_gives_amount_and_winners():
    modifications = [
        {"modification": {"montant": 150_000, "datePublicationDonneesModification": "2024-02-01"}},
        {
            "modification": {
                "titulaires": [holder("55210055400013")],
                "datePublicationDonneesModification": "2024-06-01",
            }
        },
        {"modification": {"montant": 120_000, "datePublicationDonneesModification": "2024-01-01"}},
    ]
    award = award_from_record(
        record(montant=100_000, titulaires=[holder("73282932000074")], modifications=modifications),
        "2022",
    )
    assert award.montant_eur == 150_000  # the latest in publication order, not in list order
    assert [w.siret for w in award.winners] == [55210055400013]
    assert award.modifications == 3


def test_2017_modifications_are_a_plain_list():
    award = award_from_record(record(montant=10, modifications=[{"montant": 12}]), "2017")
    assert (award.montant_eur, award.modifications) == (12, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"acheteur": {"id": BUYER}, "objet": "x"}, "sans « id »"),
        ({"id": "M1", "acheteur": {"id": "123"}}, "sans SIRET d'acheteur"),
        ({"id": "M1"}, "sans SIRET d'acheteur"),
        ("pas un marché", "pas un objet JSON"),
    ],
)
def test_unusable_records(value, message):
    with pytest.raises(ValueError, match=message):
        award_from_record(value, "2022")


# --- the streamed reader --------------------------------------------------------------------


def read(data: bytes):
    found = stream_records(io.BytesIO(data))
    return None if found is None else (found[0], list(found[1]))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"marches": [{"id": 1}, {"id": 2}]}', ("2017", [{"id": 1}, {"id": 2}])),
        (b'{"marches": []}', ("2017", [])),
        (b'{"marches": {"marche": [{"id": 1}]}}', ("2022", [{"id": 1}])),
        (b'{"version": 1, "marches": {"marche": []}}', ("2022", [])),
        (b'{"marches": [{"id": 1, "offresRecues": 2}]}', ("2022", [{"id": 1, "offresRecues": 2}])),
        (b'{"results": []}', None),
        (b"[1, 2]", None),
    ],
)
def test_stream_layouts(data, expected):
    assert read(data) == expected


def test_stream_refills_across_any_boundary(monkeypatch):
    """Records and multi-byte characters cut anywhere by the 4 MB reads come out whole."""
    records = [
        {"id": i, "objet": "Réfection d'une école — lot n°2 ☀", "montant": i * 1.5}
        for i in range(300)
    ]
    data = json.dumps({"marches": {"marche": records}}, ensure_ascii=False).encode()
    for size in (7, 64, 1000):
        monkeypatch.setattr(_decp, "_READ_BYTES", size)
        assert read(data) == ("2022", records)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"marches": [{"id": 1}, {"id": ', "JSON illisible|s'arrête"),
        (b'{"marches": [{"id": 1}, {"id": x}]}', "JSON illisible"),
        (b'{"marches": [{"id": "\xff"}]}', "UTF-8"),
    ],
)
def test_stream_errors(data, message):
    with pytest.raises(StreamError, match=message):
        read(data)


# --- the query --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2022-2025", (2022, 2025)), ("2024", (2024, 2024)), (" 2019 – 2020 ", (2019, 2020))],
)
def test_years(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize("text", ["2025-2022", "22-25", "depuis 2020", ""])
def test_bad_years(text):
    with pytest.raises(InvalidInputError):
        parse_years(text)


def test_group_file():
    text = "# Communauté urbaine\n245 900 428 00018 CUD\n\n21590183900017  # Dunkerque\n"
    assert parse_group(text + "24590042800018\n") == ["24590042800018", "21590183900017"]


@pytest.mark.parametrize(
    ("text", "message"), [("CUD 24590042800018", "Ligne 1"), ("# rien\n", "aucun SIRET")]
)
def test_bad_group_file(text, message):
    with pytest.raises(InvalidInputError, match=message):
        parse_group(text)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"acheteurs": []}, "at least 1"),
        ({"acheteurs": ["123"]}, "SIRET d'acheteur mal formé"),
        ({"acheteurs": [BUYER], "divisions": ["4"]}, "Division CPV mal formée"),
        ({"acheteurs": [BUYER], "annee_debut": 2025, "annee_fin": 2022}, "après la dernière"),
        ({"acheteurs": [BUYER], "rayon_km": 0}, "greater than 0"),
    ],
)
def test_bad_queries(fields, message):
    with pytest.raises(ValueError, match=message):
        DashboardQuery(**fields)
