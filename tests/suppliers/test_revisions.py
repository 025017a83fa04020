"""A firm's change to a verified record waits as a revision; the public record keeps the
verified values until an officer accepts it, and the history keeps both."""

from __future__ import annotations

from pathlib import Path

import pytest

from suppliers import store
from suppliers.declarations import Declaration, decide_revision, declare, verify
from suppliers.errors import DeclarationError
from suppliers.importer import import_file
from suppliers.revisions import pending_revision, pending_revisions, revision_history
from suppliers.search import FirmQuery, search_firms

BAKERY = "12345678000014"
VERIFIED = {"mots_cles": ["levain"], "contact": "contact@boulangerie.example"}
CHANGED = {"mots_cles": ["levain", "brioches"], "contact": "pirate@exemple.example"}


@pytest.fixture
def verified(conn, fixtures: Path):
    import_file(conn, fixtures / "stock_etablissement_53.csv")
    declare(conn, Declaration(siret=BAKERY, **VERIFIED), par="boulangerie@exemple.fr")
    verify(conn, BAKERY, statut="vérifié", par="agent@ville.fr")
    return conn


def _public(conn):
    firm = store.get_firm(conn, BAKERY)
    return firm.contact, firm.mots_cles, firm.statut_verification


def test_a_firms_change_to_a_verified_record_waits_for_an_officer(verified):
    firm = declare(verified, Declaration(siret=BAKERY, **CHANGED), par="boulangerie@exemple.fr")
    assert (firm.contact, firm.statut_verification) == (VERIFIED["contact"], "vérifié")
    assert _public(verified) == (VERIFIED["contact"], ["levain"], "vérifié")
    revision = pending_revision(verified, BAKERY)
    assert revision is not None and revision.propose_par == "boulangerie@exemple.fr"
    changes = {c.champ: (c.avant, c.apres) for c in revision.changes}
    assert changes == {
        "mots_cles": ("levain", "levain, brioches"),
        "contact": (VERIFIED["contact"], CHANGED["contact"]),
    }
    # The search index still holds the verified words only.
    assert search_firms(verified, FirmQuery(q="brioches")).items == []


def test_a_newer_change_replaces_the_waiting_one_and_going_back_withdraws_it(verified):
    declare(verified, Declaration(siret=BAKERY, **CHANGED))
    declare(verified, Declaration(siret=BAKERY, mots_cles=["levain", "pain"], contact=None))
    assert pending_revisions(verified)[0] == 1
    assert [r.statut for r in revision_history(verified, BAKERY)] == ["remplacée", "en attente"]
    declare(verified, Declaration(siret=BAKERY, **VERIFIED))
    assert pending_revision(verified, BAKERY) is None
    assert _public(verified) == (VERIFIED["contact"], ["levain"], "vérifié")


def test_an_accepted_change_becomes_the_verified_record_and_the_history_keeps_both(verified):
    declare(verified, Declaration(siret=BAKERY, **CHANGED), par="boulangerie@exemple.fr")
    revision = pending_revision(verified, BAKERY)
    firm = decide_revision(verified, revision.id, decision="accepter", par="agent2@ville.fr")
    assert (firm.contact, firm.statut_verification, firm.verifie_par) == (
        CHANGED["contact"],
        "vérifié",
        "agent2@ville.fr",
    )
    assert [h.firm.siret for h in search_firms(verified, FirmQuery(q="brioches")).items] == [BAKERY]
    (kept,) = revision_history(verified, BAKERY)
    assert kept.statut == "acceptée"
    assert kept.verifie["contact"] == VERIFIED["contact"]
    assert kept.contenu["contact"] == CHANGED["contact"]
    with pytest.raises(DeclarationError, match="n'attend plus"):
        decide_revision(verified, revision.id, decision="refuser", par="a", motif="trop tard")


def test_a_refused_change_leaves_the_verified_record(verified):
    declare(verified, Declaration(siret=BAKERY, **CHANGED))
    revision = pending_revision(verified, BAKERY)
    with pytest.raises(DeclarationError, match="motif"):
        decide_revision(verified, revision.id, decision="refuser", par="agent@ville.fr")
    decide_revision(
        verified, revision.id, decision="refuser", par="agent@ville.fr", motif="Contact inconnu"
    )
    assert _public(verified) == (VERIFIED["contact"], ["levain"], "vérifié")
    (kept,) = revision_history(verified, BAKERY)
    assert (kept.statut, kept.motif) == ("refusée", "Contact inconnu")


@pytest.mark.parametrize(
    ("decision", "par", "message"),
    [("peut-être", "a", "Décision inconnue"), ("accepter", " ", "qui décide")],
)
def test_revision_decisions_are_checked(verified, decision, par, message):
    declare(verified, Declaration(siret=BAKERY, **CHANGED))
    revision = pending_revision(verified, BAKERY)
    with pytest.raises(DeclarationError, match=message):
        decide_revision(verified, revision.id, decision=decision, par=par)


def test_an_officer_edits_a_verified_record_directly(verified):
    declare(verified, Declaration(siret=BAKERY, **CHANGED), by_officer=True)
    assert pending_revision(verified, BAKERY) is None
    assert _public(verified)[0] == CHANGED["contact"]
