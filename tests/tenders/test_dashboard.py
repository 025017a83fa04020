"""The local-economy dashboard, checked against a hand computation on a small fixture.

The fixture: one buyer at (51.0, 2.3) and firms due north of it, so that each distance is
exactly the one written (along a meridian the great-circle distance is R·Δφ). Six contracts
of the buyer in DECP 2022 shape, one contract of another buyer (never counted):

| contract | year | CPV div. | amount  | bids | winners (part)          | social | env. |
|----------|------|----------|---------|------|-------------------------|--------|------|
| C1       | 2023 | 45       | 100 000 | 1    | W1 (1)                  | yes    | no   |
| C2       | 2023 | 45       | 300 000 | 3    | W2 (½), X hors registre (½) | no | yes  |
| C3       | 2024 | 90       | 60 000  | —    | W3 (1)                  | —      | —    |
| C4       | 2024 | 90       | —       | 2    | W4 (½), F foreign VAT (½) | no   | —    |
| C5       | 2024 | 45       | 40 000  | 1    | W1 (1)                  | yes    | yes  |
| C6       | 2024 | 79       | 10 000  | 5    | none                    | —      | —    |

Winners: W1 PME (INSEE category) at 4 km; W2 GE at 60 km; W3 no category, 10–19 people
(PME presumed) at 22 km; W4 band NN (size unknown) at 150 km.
Other local firms: L1 PME 43.21A at 8 km; L2 43.29A, 500–999 people, at 25 km; L3 81.21Z
band NN at 12 km; L6 81.22Z 1–2 people at 15 km; L4 43.21A closed at 3 km (not counted);
L5 43.21A at 40 km (outside 30 km).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from core.identifiers import luhn_key
from places.distance import KM_PER_DEGREE
from storage import connect
from suppliers import store as suppliers_store
from suppliers.firm import RECORD_COLUMNS, firms_from_records
from tenders import store as tenders_store
from tenders.dashboard import build_dashboard
from tenders.dashboard_model import DashboardQuery
from tenders.importers import import_bytes

BUYER_LAT, BUYER_LON = 51.0, 2.3


def siret(n: int) -> str:
    """A valid SIRET of the SIREN n (its first establishment)."""
    partial = f"{n:09d}0001"
    return partial + luhn_key(partial)


BUYER = siret(1000)
OTHER_BUYER = siret(2000)
W1, W2, W3, W4, X = (siret(n) for n in (11, 12, 13, 14, 15))
L1, L2, L3, L4, L5, L6 = (siret(n) for n in (21, 22, 23, 24, 25, 26))


def firm(siret_: str, km_north: float, naf: str, *, categorie="", tranche="", etat="A"):
    record = dict.fromkeys(RECORD_COLUMNS, "")
    record.update(
        siret=siret_,
        nom_repli=f"Firme {siret_[-4:]}",
        code_naf=naf,
        code_commune="59183",
        latitude=str(BUYER_LAT + km_north / KM_PER_DEGREE),
        longitude=str(BUYER_LON),
        precision="adresse",
        categorie_entreprise=categorie,
        tranche_effectif=tranche,
        etat=etat,
    )
    return record


FIRMS = [
    firm(BUYER, 0, "84.11Z"),
    firm(W1, 4, "43.21A", categorie="PME"),
    firm(W2, 60, "43.22A", categorie="GE"),
    firm(W3, 22, "81.21Z", tranche="11"),
    firm(W4, 150, "43.99C", tranche="NN"),
    firm(L1, 8, "43.21A", categorie="PME"),
    firm(L2, 25, "43.29A", tranche="41"),
    firm(L3, 12, "81.21Z", tranche="NN"),
    firm(L4, 3, "43.21A", categorie="PME", etat="F"),
    firm(L5, 40, "43.21A", categorie="PME"),
    firm(L6, 15, "81.22Z", tranche="01"),
]


def holder(identifier: str, kind: str = "SIRET") -> dict:
    return {"titulaire": {"typeIdentifiant": kind, "id": identifier}}


def contract(key, year, cpv, amount, bids, winners, social=None, green=None, buyer=BUYER):
    record = {
        "id": key,
        "acheteur": {"id": buyer, "nom": "Ville de démonstration"},
        "nature": "Marché",
        "objet": f"Marché {key}",
        "codeCPV": cpv,
        "procedure": "Procédure adaptée" if key != "C2" else "Appel d'offres ouvert",
        "dateNotification": f"{year}-03-01",
        "datePublicationDonnees": f"{year}-03-10",
        "titulaires": winners,
    }
    if amount is not None:
        record["montant"] = amount
    if bids is not None:
        record["offresRecues"] = bids
    if social is not None:
        record["considerationsSociales"] = {
            "considerationSociale": ["Clause sociale" if social else "Pas de considération sociale"]
        }
    if green is not None:
        record["considerationsEnvironnementales"] = {
            "considerationEnvironnementale": [
                "Critère environnemental" if green else "Pas de considération environnementale"
            ]
        }
    return record


CONTRACTS = [
    contract("C1", 2023, "45310000", 100_000, 1, [holder(W1)], social=True, green=False),
    contract("C2", 2023, "45210000", 300_000, 3, [holder(W2), holder(X)], social=False, green=True),
    contract("C3", 2024, "90910000", 60_000, None, [holder(W3)]),
    contract(
        "C4", 2024, "90911200", None, 2, [holder(W4), holder("FR40303265045", "TVA")], social=False
    ),
    contract("C5", 2024, "45310000", 40_000, 1, [holder(W1)], social=True, green=True),
    contract("C6", 2024, "79710000", 10_000, 5, []),
    contract("C7", 2024, "45310000", 999_999, 1, [holder(L1)], buyer=OTHER_BUYER),
]


@pytest.fixture(scope="module")
def conn():
    connection = connect(":memory:")
    suppliers_store.migrate(connection)
    tenders_store.migrate(connection)
    batch = firms_from_records(pd.DataFrame(FIRMS), source="test")
    assert batch.rejects == []
    suppliers_store.upsert_firms(connection, batch.firms)
    payload = {"marches": {"marche": CONTRACTS}}
    report = import_bytes(connection, json.dumps(payload).encode(), "test.json")
    assert (report.format, report.attributions) == ("decp-2022", 7)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def board(conn):
    return build_dashboard(conn, DashboardQuery(acheteurs=[BUYER], rayon_km=30))


def test_counts_and_amounts(board):
    assert board.marches == 6  # C7 is another buyer's
    assert board.montant_total == 100_000 + 300_000 + 60_000 + 40_000 + 10_000
    assert board.marches_sans_montant == 1  # C4
    assert board.marches_sans_titulaire == 1  # C6
    assert board.titulaires == 7  # 1 + 2 + 1 + 2 + 1
    assert board.hors_registre == 2  # X (SIRET not in the register) and F (a VAT number)
    assert board.non_places == 2


# Parts: C1 W1 1, C2 W2 ½ X ½, C3 W3 1, C4 W4 ½ F ½, C5 W1 1: 5 in all.
# Amounts of the parts: W1 100 000 + 40 000, W2 150 000, X 150 000, W3 60 000 (C4 has none):
# 500 000 in all.
SIZES = [
    # taille, entries, parts, presumed, share by count, share by amount
    ("PME", 3, 1 + 1 + 1, 1, 3 / 5, (140_000 + 60_000) / 500_000),
    ("ETI ou GE", 1, 0.5, 0, 0.5 / 5, 150_000 / 500_000),
    ("inconnue", 3, 0.5 + 0.5 + 0.5, 0, 1.5 / 5, 150_000 / 500_000),
]


@pytest.mark.parametrize(("taille", "entries", "parts", "presumed", "share", "amount"), SIZES)
def test_sizes(board, taille, entries, parts, presumed, share, amount):
    line = next(line for line in board.tailles if line.taille == taille)
    assert (line.titulaires, line.presumees) == (entries, presumed)
    assert line.parts == pytest.approx(parts)
    assert line.part == pytest.approx(share)
    assert line.part_montant == pytest.approx(amount)


def test_pme_shares(board):
    assert board.part_pme == pytest.approx(3 / 5)
    assert board.part_pme_montant == pytest.approx(200_000 / 500_000)
    assert board.part_pme_tailles_connues == pytest.approx(3 / 3.5)  # unknown sizes left out
    assert board.part_pme_tailles_connues_montant == pytest.approx(200_000 / 350_000)


@pytest.mark.parametrize(
    ("radius", "share", "amount"),
    [
        ("10", (1 + 1) / 5, 140_000 / 500_000),  # W1 twice (4 km)
        ("30", (1 + 1 + 1) / 5, 200_000 / 500_000),  # + W3 (22 km)
        ("100", (1 + 1 + 1 + 0.5) / 5, 350_000 / 500_000),  # + W2 (60 km)
    ],
)
def test_local_shares(board, radius, share, amount):
    assert set(board.part_locale) == {"10", "30", "100"}  # --rayon 30 is one of them
    assert board.part_locale[radius] == pytest.approx(share)
    assert board.part_locale_montant[radius] == pytest.approx(amount)


def test_chosen_radius_gets_its_own_key(conn):
    board = build_dashboard(conn, DashboardQuery(acheteurs=[BUYER], rayon_km=25))
    assert board.part_locale["25"] == pytest.approx(3 / 5)  # W1, W1, W3 (22 km)
    assert set(board.part_locale) == {"10", "30", "100", "25"}


def test_distances_and_histogram(board):
    assert board.distances_km == pytest.approx([4, 60, 22, 150, 4], abs=1e-6)
    assert board.distance_mediane_km == pytest.approx(22)  # of 4, 4, 22, 60, 150
    filled = {(b.de_km, b.a_km): (b.titulaires, b.parts, b.montant) for b in board.histogramme}
    assert filled[(0, 5)] == (2, 2.0, 140_000)
    assert filled[(20, 30)] == (1, 1.0, 60_000)
    assert filled[(50, 100)] == (1, 0.5, 150_000)
    assert filled[(100, 200)] == (1, 0.5, 0.0)  # C4 has no amount
    assert sum(b.titulaires for b in board.histogramme) == 5


def test_competition(board):
    bids = board.concurrence
    assert bids.marches_renseignes == 5  # C3 gives no offresRecues
    assert bids.part_offre_unique == pytest.approx(2 / 5)  # C1, C5
    # Amounts of the contracts that give bids and an amount: C1, C2, C5, C6 = 450 000.
    assert bids.part_offre_unique_montant == pytest.approx((100_000 + 40_000) / 450_000)
    assert bids.offres_moyenne == pytest.approx((1 + 3 + 2 + 1 + 5) / 5)
    assert bids.offres_mediane == 2  # of 1, 1, 2, 3, 5


def test_concentration(board):
    top = board.concentration
    assert top.part_top10 == 1.0  # six firms: all in the top 10
    assert top.part_top10_montant == 1.0
    assert [w.identifiant for w in top.top10[:2]] == [W1[:9], W3[:9]]  # by SIREN
    assert top.top10[0].part == pytest.approx(2 / 5)
    divisions = {d.division: d for d in top.par_division}
    # Division 45: W1 2 parts, W2 ½, X ½ of 3 → (2/3)² + (1/6)² + (1/6)².
    assert divisions["45"].herfindahl == pytest.approx((2 / 3) ** 2 + 2 * (1 / 6) ** 2)
    # By amount: W1 140 000, W2 150 000, X 150 000 of 440 000.
    assert divisions["45"].herfindahl_montant == pytest.approx(
        (140 / 440) ** 2 + 2 * (150 / 440) ** 2
    )
    # Division 90: W3 1, W4 ½, F ½ of 2; by amount W3 alone.
    assert divisions["90"].herfindahl == pytest.approx(0.5**2 + 0.25**2 + 0.25**2)
    assert divisions["90"].herfindahl_montant == 1.0
    assert (divisions["45"].marches, divisions["45"].titulaires_distincts) == (3, 3)


def test_clauses(board):
    clauses = board.clauses
    assert clauses.marches_renseignes == 4  # C1, C2, C4, C5
    assert clauses.part_sociale == pytest.approx(2 / 4)  # C1, C5 of C1, C2, C4, C5
    assert clauses.part_sociale_montant == pytest.approx(140_000 / 440_000)  # C4 no amount
    assert clauses.part_environnementale == pytest.approx(2 / 3)  # C2, C5 of C1, C2, C5
    assert clauses.part_environnementale_montant == pytest.approx(340_000 / 440_000)


def test_by_year(board):
    years = {y.annee: y for y in board.par_annee}
    assert sorted(years) == [2023, 2024]
    y23, y24 = years[2023], years[2024]
    assert (y23.marches, y23.montant) == (2, 400_000)
    assert y23.part_pme == pytest.approx(1 / 2)  # W1 1 of W1 1, W2 ½, X ½
    assert y23.part_pme_montant == pytest.approx(100_000 / 400_000)
    assert y23.part_locale == pytest.approx(1 / 2)
    assert y23.part_offre_unique == pytest.approx(1 / 2)
    assert (y23.part_clause_sociale, y23.part_clause_environnementale) == (0.5, 0.5)
    assert (y24.marches, y24.montant) == (4, 110_000)
    assert y24.part_pme == pytest.approx(2 / 3)  # W3 1 + W1 1 of 3 parts
    assert y24.part_locale == pytest.approx(2 / 3)
    assert y24.part_offre_unique == pytest.approx(1 / 3)  # C5 of C4, C5, C6
    assert y24.part_clause_sociale == pytest.approx(1 / 2)  # C5 of C4, C5
    assert y24.part_clause_environnementale == 1.0  # C5 alone says


def test_opportunities(board):
    found = {o.cpv: o for o in board.opportunites}
    assert [o.cpv for o in board.opportunites] == ["90", "45", "79"]  # by score
    cleaning, works, services = found["90"], found["45"], found["79"]
    # 90 → NAF 37, 38, 39, 81.2: W3, L3, L6 within 30 km.
    assert cleaning.entreprises_locales == 3
    assert cleaning.par_taille == {"PME": 2, "ETI ou GE": 0, "inconnue": 1}
    assert cleaning.part_locale == pytest.approx(1 / 2)  # W3 1 of W3 1, W4 ½, F ½
    assert cleaning.score == pytest.approx(3 * (1 - 1 / 2))
    # 45 → NAF 41, 42, 43: W1, L1, L2 (L4 closed, L5 at 40 km, W2 and W4 too far).
    assert works.entreprises_locales == 3
    assert works.par_taille == {"PME": 2, "ETI ou GE": 1, "inconnue": 0}
    assert works.part_locale == pytest.approx(2 / 3)  # W1 twice of 3 parts
    assert works.part_locale_montant == pytest.approx(140_000 / 440_000)
    assert works.score == pytest.approx(3 * (1 - 2 / 3))
    # 79: no local firm of its activities, no winner: nothing to compute.
    assert (services.entreprises_locales, services.part_locale, services.score) == (0, None, 0)


@pytest.mark.parametrize(
    ("filters", "contracts"),
    [
        ({"annee_debut": 2024}, 4),
        ({"annee_debut": 2023, "annee_fin": 2023}, 2),
        ({"divisions": ["45"]}, 3),
        ({"divisions": ["90910000"]}, 2),  # a full code keeps its division
        ({"procedures": ["appel d'offres ouvert"]}, 1),  # case and accents aside
        ({"procedures": ["Dialogue compétitif"]}, 0),  # no such contract: none, not all
    ],
)
def test_filters(conn, filters, contracts):
    assert build_dashboard(conn, DashboardQuery(acheteurs=[BUYER], **filters)).marches == contracts


def test_buyer_outside_the_register_is_not_placed(conn):
    board = build_dashboard(conn, DashboardQuery(acheteurs=[OTHER_BUYER]))
    assert board.acheteurs[0].dans_registre is False
    assert board.marches == 1
    assert board.part_locale == {"10": None, "30": None, "100": None}  # cannot compute
    assert board.distances_km == []
    assert board.part_pme == 1.0  # L1 is a PME: sizes do not need the buyer's place


def test_group_of_buyers(conn):
    board = build_dashboard(conn, DashboardQuery(acheteurs=[BUYER, OTHER_BUYER]))
    assert board.marches == 7
    assert [b.marches for b in board.acheteurs] == [6, 1]
    # C7's winner is not placed (its buyer is not), so the local shares are those of the
    # first buyer's contracts.
    assert board.part_locale["30"] == pytest.approx(3 / 5)


def test_contracts_without_competition_are_left_out_of_the_bids(conn):
    """One bid is the rule without competition: not counted as a single bid."""
    third = siret(4000)
    record = contract("C9", 2024, "45310000", 5_000, 1, [holder(W1)], buyer=third)
    record["procedure"] = "Marché passé sans publicité ni mise en concurrence préalable"
    import_bytes(conn, json.dumps({"marches": {"marche": [record]}}).encode())
    bids = build_dashboard(conn, DashboardQuery(acheteurs=[third])).concurrence
    assert (bids.marches_renseignes, bids.marches_sans_concurrence) == (0, 1)
    assert (bids.part_offre_unique, bids.offres_moyenne) == (None, None)


def test_no_contract_gives_no_shares(conn):
    board = build_dashboard(conn, DashboardQuery(acheteurs=[siret(3000)]))
    assert (board.marches, board.part_pme, board.part_locale["30"]) == (0, None, None)
    assert board.opportunites == []


def test_reimport_replaces_the_contract(conn):
    """The same contract (same buyer and id) imported again replaces the stored one."""
    again = dict(CONTRACTS[0], montant=120_000)
    import_bytes(conn, json.dumps({"marches": {"marche": [again]}}).encode())
    board = build_dashboard(conn, DashboardQuery(acheteurs=[BUYER]))
    assert board.marches == 6
    assert board.montant_total == 530_000
    import_bytes(conn, json.dumps({"marches": {"marche": [CONTRACTS[0]]}}).encode())


def test_real_decp_samples_fill_the_award_tables(shared_data: Path, tmp_path: Path):
    """Every real contract with an id and a buyer SIRET is stored once, with its winners;
    the expected counts are read from the files here, apart from the importer."""
    from tenders.importers import import_file

    conn = connect(":memory:")
    suppliers_store.migrate(conn)
    tenders_store.migrate(conn)
    keys, winners = {}, {}
    for name in (
        "decp_v1_data.gouv.fr_pes_2019_sample100.json",
        "decp_v1_marches-publics.info_2019_sample300.json",
    ):
        path = shared_data / "procurement/decp" / name
        import_file(conn, path)
        for record in json.loads(path.read_text())["marches"]:
            key = f"{record['acheteur']['id']}:{record['id']}"
            keys[key] = record
            winners[key] = len(record["titulaires"])
    assert conn.execute("SELECT COUNT(*) FROM awards").fetchone()[0] == len(keys)
    assert conn.execute("SELECT COUNT(*) FROM award_winners").fetchone()[0] == sum(winners.values())
    parts = conn.execute(
        "SELECT ROUND(SUM(part), 6) FROM award_winners GROUP BY award_id"
    ).fetchall()
    assert {row[0] for row in parts} == {1.0}
    busiest = conn.execute(
        "SELECT acheteur FROM awards GROUP BY acheteur ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    board = build_dashboard(conn, DashboardQuery(acheteurs=[f"{busiest:014d}"]))
    expected = sum(1 for key in keys if key.startswith(f"{busiest:014d}:"))
    assert board.marches == expected
    assert board.hors_registre == board.titulaires  # an empty register: no winner placed
    conn.close()
