"""The demo award data: fictitious and marked, in the DECP 2022 shape, covering the hard cases,
loaded into a demo base once and never into a base with a real register."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from api.database import prepare_base
from core.identifiers import siret_is_valid
from storage import connect
from suppliers.demo import demo_table
from tenders.demo import demo_notices
from tenders.demo_awards import AWARDS_FILE, demo_buyers, demo_establishments, load_demo_awards


@pytest.fixture(scope="module")
def payload() -> dict:
    return json.loads((files("tenders") / "data" / AWARDS_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def contracts(payload) -> list[dict]:
    return payload["marches"]["marche"]


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "clair.sqlite"
    prepare_base(path, demo=True)
    conn = connect(path)
    yield conn
    conn.close()


def test_the_file_says_it_is_fictitious_and_every_contract_is_marked(payload, contracts):
    assert "FICTIVES" in payload["avertissement"]
    assert all(c["id"].startswith("DEMO") for c in contracts)
    assert all(c["acheteur"]["nom"].endswith("(démo)") for c in contracts)


def test_contracts_have_the_decp_2022_shape(contracts):
    for contract in contracts:
        assert {"id", "acheteur", "codeCPV", "procedure", "dateNotification"} <= contract.keys()
        assert "-" not in contract["codeCPV"]  # 2022: CPV without its check digit
        for holder in contract["titulaires"]:
            assert holder["titulaire"]["typeIdentifiant"] in {"SIRET", "TVA"}
        assert 2022 <= int(contract["dateNotification"][:4]) <= 2025


BUYERS = sorted({notice.acheteur for notice in demo_notices()})


def test_buyers_are_the_demo_buyers_with_valid_made_up_sirets():
    buyers = demo_buyers()
    assert sorted(name for _, name in buyers) == BUYERS
    assert all(siret_is_valid(siret) and siret.startswith("2") for siret, _ in buyers)


def test_winners_come_from_the_register_from_outside_and_from_nowhere(contracts):
    register = set(demo_table()["siret"])
    outside = set(demo_establishments().query("role == 'titulaire'")["siret"])
    winners = [h["titulaire"]["id"] for c in contracts for h in c["titulaires"]]
    kinds = {
        "registre": sum(w in register for w in winners),
        "hors territoire": sum(w in outside for w in winners),
        "hors registre": sum(w not in register and w not in outside for w in winners),
    }
    assert min(kinds.values()) >= 20, kinds
    foreign = [
        h
        for c in contracts
        for h in c["titulaires"]
        if h["titulaire"]["typeIdentifiant"] != "SIRET"
    ]
    assert foreign, "au moins un titulaire identifié autrement que par un SIRET"


@pytest.mark.parametrize(
    ("case", "test"),
    [
        ("plusieurs titulaires", lambda c: len(c["titulaires"]) > 1),
        ("sans offresRecues", lambda c: "offresRecues" not in c),
        ("sans montant", lambda c: "montant" not in c),
        ("une seule offre", lambda c: c.get("offresRecues") == 1),
        ("une modification", lambda c: bool(c["modifications"])),
        ("clause sociale", lambda c: "Clause sociale" in c["considerationsSociales"]["considerationSociale"]),
    ],
)  # fmt: skip
def test_the_hard_cases_are_there(contracts, case, test):
    assert sum(map(test, contracts)) >= 3, case


def test_every_year_from_2022_to_2025(contracts):
    assert {c["dateNotification"][:4] for c in contracts} == {"2022", "2023", "2024", "2025"}


def test_the_demo_base_holds_the_awards_marked_demo(demo_base, contracts):
    count, demo = demo_base.execute("SELECT COUNT(*), SUM(demo) FROM awards").fetchone()
    assert count == demo == len(contracts)
    names = [r[0] for r in demo_base.execute("SELECT nom FROM firms WHERE siret LIKE '2%'")]
    assert sorted(names) == BUYERS  # the buyers are in the register, marked (démo)
    sources = {r[0] for r in demo_base.execute("SELECT DISTINCT source FROM firms")}
    assert sources == {"démo"}


def test_loading_again_adds_nothing(demo_base):
    assert load_demo_awards(demo_base) == 0


def test_a_base_without_the_demo_firms_gets_no_made_up_contract(base_path):
    prepare_base(base_path, demo=False)
    conn = connect(base_path)
    try:
        assert load_demo_awards(conn) == 0
        assert conn.execute("SELECT COUNT(*) FROM firms").fetchone()[0] == 0
    finally:
        conn.close()
