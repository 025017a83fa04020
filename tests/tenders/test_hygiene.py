"""Text hygiene (issue 15, item 5): characters XML forbids are removed at import, counted in
the report, and never reach an Atom feed, whatever a base already holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from api.app import create_app
from api.settings import Settings
from core.text import without_xml_forbidden, xml_safe
from storage import connect
from tenders import store
from tenders.importers import import_bytes
from tenders.tender import Tender
from tests.api.accounts import bearer

SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "atom.rng")))
CONTROL = "\x01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nettoyage\x01 des écoles", "Nettoyage des écoles"),
        ("tab\tline\nreturn\r", "tab\tline\nreturn\r"),  # the three controls XML allows
        ("a\x00b\x08c\x0bd\x0ce\x1ff", "abcdef"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("non-characters \ufffe\uffff", "non-characters "),
        ("\x7f\x85 stay (XML 1.0 allows them)", "\x7f\x85 stay (XML 1.0 allows them)"),
    ],
)
def test_xml_safe_removes_exactly_what_xml_forbids(text: str, expected: str):
    assert xml_safe(text) == expected
    etree.fromstring(f"<a>{expected}</a>".replace("&", "&amp;").encode("utf-8", "surrogatepass"))


def test_nested_values_are_cleaned_and_counted():
    value = {"objet\x02": ["a\x01", 3, ("\x03b",)], "n": None}
    assert without_xml_forbidden(value) == ({"objet": ["a", 3, ("b",)], "n": None}, 3)


def _boamp(objet: str) -> bytes:
    record = {
        "idweb": "26-9001",
        "objet": objet,
        "nomacheteur": f"Ville{CONTROL} de Dunkerque",
        "dateparution": "2026-01-05",
        "datelimitereponse": "2099-02-10T12:00:00+01:00",
        "nature": "APPEL_OFFRE",
        "code_departement": ["59"],
    }
    return json.dumps({"results": [record]}).encode()


def test_control_characters_are_removed_at_import_and_reported(base_path):
    conn = connect(base_path)
    store.migrate(conn)
    report = import_bytes(conn, _boamp(f"Nettoyage{CONTROL} des écoles{CONTROL}"), "avis.json")
    assert report.ajoutes == 1 and report.caracteres_retires == 3
    tender = store.get_tender(conn, "boamp:26-9001")
    assert tender.objet == "Nettoyage des écoles" and tender.acheteur.nom == "Ville de Dunkerque"
    assert any("caractère(s) de contrôle" in alerte for alerte in tender.alertes)
    conn.close()


def test_atom_feed_stays_valid_with_control_characters(base_path):
    """A saved search named with U+0001; a notice imported with U+0001 in its object; and a
    notice an older Clair stored with one (written straight to the base)."""
    app = create_app(Settings(base=base_path, demo=False))
    with TestClient(app) as client:
        conn = connect(base_path)
        import_bytes(conn, _boamp(f"Nettoyage{CONTROL} des écoles"), "avis.json")
        store.save_tenders(
            conn,
            [Tender(id="t:1", source="t", objet=f"Nettoyage{CONTROL} ancien", titre=f"x{CONTROL}")],
        )
        conn.close()
        body = {"nom": f"Nettoyage{CONTROL}", "recherche": {"q": "nettoyage"}}
        created = client.post("/api/recherches", json=body, headers=bearer(base_path, "agent"))
        assert created.status_code == 201, created.text
        feed = client.get(f"/api/recherches/{created.json()['id']}/flux.atom")
    assert feed.status_code == 200
    root = etree.fromstring(feed.content)
    assert SCHEMA.validate(root), SCHEMA.error_log
    assert CONTROL not in feed.text
    titles = root.findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title")
    assert {t.text for t in titles} >= {"Nettoyage des écoles", "x"}
