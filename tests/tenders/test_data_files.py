"""The data files of the tenders package: checked against independent reference data."""

from __future__ import annotations

import pytest

from places.communes import communes_table
from tenders.demo import demo_notices, demo_tenders
from tenders.tender import nuts3_departements


def test_every_nuts3_region_is_a_known_departement_with_its_name() -> None:
    import csv
    from importlib.resources import files

    text = (files("tenders") / "data" / "nuts3_departements.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    communes = communes_table()
    names = dict(zip(communes["departement"], communes["departement_nom"], strict=True))
    assert (
        len(rows) == 101 == len({r["nuts3"] for r in rows}) == len({r["departement"] for r in rows})
    )
    wrong = [r for r in rows if names.get(r["departement"]) != r["nom"]]
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("nuts", "departement"), [("FRE11", "59"), ("FRM01", "2A"), ("FRY40", "974")]
)
def test_nuts3_lookup(nuts: str, departement: str) -> None:
    assert nuts3_departements()[nuts] == departement


def test_demo_notices_are_data_and_marked_fictitious() -> None:
    notices = demo_notices()
    assert len(notices) == len({n.id for n in notices}) == 61
    assert all(n.acheteur.endswith("(démo)") for n in notices)
    tenders = demo_tenders()
    assert all(t.demo and t.id.startswith("demo:") for t in tenders)
