"""Firms' declarations, officers' verification, and what survives a register re-import."""

from __future__ import annotations

from pathlib import Path

import pytest

from suppliers import store
from suppliers.declarations import (
    Declaration,
    declare,
    register_checks,
    verification_history,
    verify,
)
from suppliers.errors import DeclarationError, FirmNotFoundError
from suppliers.importer import import_file
from suppliers.search import FirmQuery, search_firms

BAKERY = "12345678000014"


@pytest.fixture
def register(conn, fixtures: Path):
    import_file(conn, fixtures / "stock_etablissement_53.csv")
    return conn


def test_csv_declarations(register, fixtures: Path) -> None:
    report = import_file(register, fixtures / "declarations.csv")
    assert report.format == "déclarations"
    assert (report.lignes_lues, report.enregistrees, report.nouvelles) == (5, 2, 1)
    motifs = {r.ligne: r.motif for r in report.rejets}
    assert set(motifs) == {4, 5, 6}
    assert motifs[4].startswith("SIRET : SIRET invalide")
    assert "pas dans le registre" in motifs[5]
    assert "code NAF" in motifs[6] and "rayon de livraison" in motifs[6]
    bakery = store.get_firm(register, BAKERY)
    assert bakery.mots_cles == ["pain bio", "viennoiseries", "pâtisseries"]
    assert (bakery.statut_verification, bakery.rayon_livraison_km) == ("déclaré", 25)
    assert bakery.enseigne == "BOULANGERIE DU PORT"  # register fields untouched
    added = store.get_firm(register, "73282932000074")
    assert (added.nom, added.source, added.code_commune, added.precision) == (
        "ATELIER TEST",
        "déclaration",
        "59273",
        "commune",
    )


def test_json_declarations(register, fixtures: Path) -> None:
    report = import_file(register, fixtures / "declarations.json")
    assert (report.enregistrees, report.rejets_total) == (1, 2)
    results = search_firms(register, FirmQuery(q="plateaux repas"))
    assert [h.firm.enseigne for h in results.items] == ["TRAITEUR DES DUNES"]


def test_declared_keywords_are_searchable(register) -> None:
    declare(register, Declaration(siret=BAKERY, mots_cles=["Levain", "Farines biologiques"]))
    for words in ("levain", "farine biologique", "FARINES"):
        results = search_firms(register, FirmQuery(q=words))
        assert [h.firm.siret for h in results.items] == [BAKERY], words


def test_verification_and_merge_rule(register, fixtures: Path) -> None:
    declare(register, Declaration(siret=BAKERY, mots_cles=["levain"], contact="a@b.example"))
    firm = verify(register, BAKERY, statut="vérifié", par="Agent Dupont", motif="Kbis vu")
    assert (firm.statut_verification, firm.verifie_par) == ("vérifié", "Agent Dupont")
    assert firm.verifie_le is not None
    # A register re-import keeps the declaration and the officer's decision.
    import_file(register, fixtures / "stock_etablissement_53.csv")
    again = store.get_firm(register, BAKERY)
    assert (again.mots_cles, again.contact, again.statut_verification, again.verifie_par) == (
        ["levain"],
        "a@b.example",
        "vérifié",
        "Agent Dupont",
    )
    assert [h.firm.siret for h in search_firms(register, FirmQuery(q="levain")).items] == [BAKERY]
    verified = search_firms(register, FirmQuery(verifies_seulement=True))
    assert [h.firm.siret for h in verified.items] == [BAKERY]
    # The same declaration again keeps the status; a different one from an officer goes back
    # to "déclaré" (a firm's own change waits as a revision: test_revisions.py).
    declare(register, Declaration(siret=BAKERY, mots_cles=["levain"], contact="a@b.example"))
    assert store.get_firm(register, BAKERY).statut_verification == "vérifié"
    declare(
        register,
        Declaration(siret=BAKERY, mots_cles=["levain", "sans gluten"]),
        source="agent",
        by_officer=True,
    )
    assert store.get_firm(register, BAKERY).statut_verification == "déclaré"
    verify(register, BAKERY, statut="rejete", par="Agent Martin", motif="Activité non prouvée")
    history = verification_history(register, BAKERY)
    assert [(v.statut, v.par) for v in history] == [
        ("vérifié", "Agent Dupont"),
        ("rejeté", "Agent Martin"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"statut": "peut-être", "par": "A"}, DeclarationError, "Statut inconnu"),
        ({"statut": "vérifié", "par": " "}, DeclarationError, "qui vérifie"),
        ({"statut": "rejeté", "par": "A"}, DeclarationError, "motif"),
    ],
)
def test_verify_refuses(register, kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        verify(register, BAKERY, **kwargs)


def test_verify_unknown_firm(register) -> None:
    with pytest.raises(FirmNotFoundError):
        verify(register, "73282932000074", statut="vérifié", par="A")


def test_register_checks(register) -> None:
    declare(register, Declaration(siret=BAKERY, commune="Gravelines", code_naf="56.10A"))
    checks = {c.code: c.ok for c in register_checks(register, BAKERY)}
    assert checks == {
        "cle_siret": True,
        "registre": True,
        "actif": True,
        "commune": False,  # declared Gravelines, the register says Dunkerque
        "activite": False,
    }
    closed = register.execute("SELECT siret FROM firms WHERE etat = 'fermé'").fetchone()[0]
    assert {c.code: c.ok for c in register_checks(register, closed)}["actif"] is False
    declare(register, Declaration(siret="73282932000074", nom="Nouveau", commune="59183"))
    checks = {c.code: c.ok for c in register_checks(register, "73282932000074")}
    assert (checks["registre"], checks["actif"]) == (False, None)
