"""Bounded fuzz test (issue 15, item 6): mutated DOCX, ODT, PDF, JSON and CSV inputs, a few
hundred cases with fixed seeds (tests/mutations.py). Every case ends in a result or a French
error (a :class:`~core.errors.ClairError`), never another exception; through the API, never a
500. A failure names the input kind and the case number, so it can be replayed."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from core.errors import ClairError
from falc.readers import read_bytes
from storage import connect
from suppliers import store as firm_store
from suppliers.declarations import read_declarations
from suppliers.importer import import_file
from suppliers.sites import read_sites_bytes
from tenders import store as tender_store
from tenders.importers import import_bytes
from tests.mutations import cases

ROOT = Path(__file__).resolve().parent
FALC = ROOT / "falc" / "fixtures"
CASES = 60
"""Cases per input kind: 6 kinds, 360 cases, a few seconds."""
API_CASES = 12
"""Cases per document kind sent through the API (each success is a real analysis)."""

SEEDS = {
    "docx": (FALC / "exemple.docx", "word/document.xml"),
    "odt": (FALC / "exemple.odt", "content.xml"),
    "pdf": (FALC / "exemple.pdf", None),
}


def _failures(kind: str, inputs, call: Callable[[bytes], object]) -> list[str]:
    failures = []
    for number, data in enumerate(inputs):
        try:
            call(data)
        except ClairError as error:
            assert str(error).strip(), f"{kind} n° {number}: empty message"
        except Exception:  # the point of the test: anything else is a bug
            failures.append(f"{kind} n° {number}:\n{traceback.format_exc(limit=-3)}")
    return failures


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_mutated_documents_give_a_document_or_a_french_error(kind: str):
    path, member = SEEDS[kind]
    inputs = cases(path.read_bytes(), CASES, rng_seed=15, member=member)
    failures = _failures(
        kind, inputs, lambda data: read_bytes(data, f"x.{kind}", max_bytes=20 * 2**20)
    )
    assert not failures, "\n".join(failures)


def test_mutated_json_gives_a_report_or_a_french_error():
    seed = (ROOT / "tenders" / "data" / "boamp_api" / "page1.json").read_bytes()
    conn = connect(":memory:")
    tender_store.migrate(conn)
    failures = _failures(
        "json", cases(seed, CASES, rng_seed=15), lambda data: import_bytes(conn, data, "x.json")
    )
    conn.close()
    assert not failures, "\n".join(failures)


def test_mutated_csv_gives_a_report_or_a_french_error(tmp_path: Path):
    fixtures = ROOT / "suppliers" / "fixtures"
    conn = connect(":memory:")
    firm_store.migrate(conn)
    path = tmp_path / "stock.csv"

    def sirene(data: bytes) -> None:
        path.write_bytes(data)
        import_file(conn, path, parallel=False)

    def declarations(data: bytes) -> None:
        path.write_bytes(data)
        read_declarations(path)

    failures = _failures(
        "csv sirene",
        cases((fixtures / "stock_etablissement_53.csv").read_bytes(), CASES, rng_seed=15),
        sirene,
    )
    failures += _failures(
        "csv déclarations",
        cases((fixtures / "declarations.csv").read_bytes(), CASES // 2, rng_seed=16),
        declarations,
    )
    sites = b"nom;commune;livraisons_par_an\nEcole A;Dunkerque;40\nEcole B;59183;12\n"
    failures += _failures(
        "csv sites",
        cases(sites, CASES // 2, rng_seed=17),
        lambda data: read_sites_bytes(data, "sites.csv"),
    )
    conn.close()
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="module")
def client(tmp_path_factory, nlp):
    base = tmp_path_factory.mktemp("fuzz") / "clair.sqlite"
    with TestClient(create_app(Settings(base=base, demo=False))) as test_client:
        yield test_client


@pytest.mark.parametrize("kind", sorted(SEEDS))
@pytest.mark.parametrize("route", ["/api/falc/analyse", "/api/falc/simplifie"])
def test_mutated_documents_never_give_a_500(client, kind: str, route: str):
    path, member = SEEDS[kind]
    statuses = []
    for number, data in enumerate(cases(path.read_bytes(), API_CASES, rng_seed=51, member=member)):
        answer = client.post(route, files={"fichier": (f"x.{kind}", data)})
        statuses.append(answer.status_code)
        assert answer.status_code < 500, f"{kind} n° {number}: {answer.text[:300]}"
        if answer.status_code >= 400:
            assert answer.json()["detail"], f"{kind} n° {number}: no message"
    assert set(statuses) <= {200, 413, 422}
