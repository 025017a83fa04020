"""Importing each source format (real samples and own fixtures), merge and dedup, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import connect
from tenders import store
from tenders.importers import ImportFileError, import_bytes, import_file
from tenders.store import count_tenders, get_tender

DATA = Path(__file__).parent / "data"


@pytest.fixture
def conn():
    connection = connect(":memory:")
    store.migrate(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("relative", "kind", "read"),
    [
        (
            "procurement/boamp/ods_api_json/boamp_ods_api_v1_records_2006-07_20.json",
            "boamp-json",
            20,
        ),
        ("procurement/boamp/xml_v230/test-pub.xml", "boamp-xml", 1),
        ("procurement/boamp/xml_v230/test-attribution-12.xml", "boamp-xml", 1),
        ("procurement/decp/decp_v1_marches-publics.info_2019_sample300.json", "decp-2017", 300),
        ("procurement/decp/decp_v1_data.gouv.fr_pes_2019_sample100.json", "decp-2017", 100),
    ],
)
def test_real_samples_are_detected_and_imported(conn, shared_data, relative, kind, read):
    report = import_file(conn, shared_data / relative)
    assert report.format == kind
    assert report.lus == read
    assert report.ignores == []
    assert count_tenders(conn) == report.ajoutes


@pytest.mark.parametrize(
    ("name", "kind", "added", "skipped"),
    [
        ("eforms_cn_dunkerque.xml", "eforms", 1, 0),
        ("eforms_can_gravelines.xml", "eforms", 1, 0),
        ("decp_2022.json", "decp-2022", 3, 2),
    ],
)
def test_own_fixtures_are_detected_and_imported(conn, name, kind, added, skipped):
    report = import_file(conn, DATA / name)
    assert (report.format, report.ajoutes, len(report.ignores)) == (kind, added, skipped)


def test_boamp_v230_xml_fields(conn, shared_data):
    import_file(conn, shared_data / "procurement/boamp/xml_v230/test-pub.xml")
    tender = get_tender(conn, "boamp:16-186394")
    assert tender.nature == "appel_offres"
    assert tender.acheteur.nom == "Ville de Paris"
    assert tender.type_marche == "services"
    assert tender.codes_cpv == ["50118110"]
    assert [lot.numero for lot in tender.lots] == ["1", "2"]
    assert tender.date_limite.isoformat() == "2017-02-07T12:00:00+01:00"
    assert tender.lieu.commune == "Paris"
    assert tender.url.endswith("idweb:16-186394")


def test_boamp_v230_award_has_winners_and_amount(conn, shared_data):
    import_file(conn, shared_data / "procurement/boamp/xml_v230/test-attribution-2.xml")
    tender = get_tender(conn, "boamp:16-138580")
    assert tender.nature == "attribution"
    assert [t.nom for t in tender.titulaires] == ["SARL ENVIRONNEMENT & SOLUTIONS"]
    assert tender.montant_eur == 38820 and tender.montant_fiable


def test_boamp_2006_json_fields(conn, shared_data):
    import_file(
        conn,
        shared_data / "procurement/boamp/ods_api_json/boamp_ods_api_v1_records_2006-07_20.json",
    )
    dunkerque = get_tender(conn, "boamp:BWP061810600735")
    assert dunkerque.lieu.commune == "Dunkerque"
    assert dunkerque.codes_cpv[0] == "45112700"  # CPV_OBJ, then the lots' codes
    assert {"45316110", "45233293"} <= set(dunkerque.codes_cpv)
    assert [lot.titre for lot in dunkerque.lots] == ["Eclairage public", "Mobilier urbain"]
    assert dunkerque.type_marche == "travaux"


def test_decp_quirks(conn, shared_data):
    import_file(conn, shared_data / "procurement/decp/decp_v1_data.gouv.fr_pes_2019_sample100.json")
    tender = get_tender(conn, "decp:28590001500055201904700")
    assert tender.codes_cpv == ["77310000"]  # "77310000-6": check digit dropped
    assert tender.date_publication.isoformat() == "2019-03-19"  # "2019-03-19+01:00"
    assert tender.lieu.departement == "59"  # "Code département" 59
    assert tender.titulaires[0].siret == "37913184000025"


def test_decp_2022_quirks(conn):
    import_file(conn, DATA / "decp_2022.json")
    repaired = get_tender(conn, "decp:245900428000182026NET01")
    assert repaired.objet == "Nettoyage des locaux de la médiathèque"
    assert repaired.lieu.commune == "Dunkerque"
    assert repaired.titulaires[0].siret == "73282932000074"
    absurd = get_tender(conn, "decp:215901839000172026VOI02")
    assert absurd.montant_fiable is False and absurd.codes_cpv == ["45233141"]
    assert absurd.lieu.nuts == "FRE11" and absurd.lieu.departement == "59"
    zero = get_tender(conn, "decp:215901839000172026PAP03")
    assert zero.montant_fiable is False
    assert zero.titulaires[0].siret is None  # a VAT number is not a SIRET


def test_eforms_business_terms(conn):
    import_file(conn, DATA / "eforms_cn_dunkerque.xml")
    tender = get_tender(conn, "ted:5f0c8a3e-1b2d-4c6e-9a7f-0d1e2f3a4b5c")
    assert tender.titre == "Nettoyage des bâtiments communautaires"  # BT-21
    assert tender.objet.startswith("Nettoyage des locaux & des vitres")  # BT-24
    assert tender.codes_cpv == ["90910000", "90911300", "90919200"]  # BT-262, BT-263, lots
    assert tender.lieu.nuts == "FRE11" and tender.lieu.commune == "Dunkerque"  # BT-5071
    assert tender.date_limite.isoformat() == "2026-02-20T12:00:00+01:00"  # BT-131
    assert tender.valeur_estimee_eur == 480000  # BT-27
    assert [lot.titre for lot in tender.lots] == ["Nettoyage des locaux", "Nettoyage des vitres"]
    assert tender.acheteur.siret == "24590042800018"


def test_same_notice_in_two_sources_is_merged_not_duplicated(conn):
    """BOAMP publishes the eForms notice too: same ContractFolderID (BT-04) → one tender."""
    page = json.loads((DATA / "boamp_api/page1.json").read_text())
    import_bytes(conn, json.dumps(page).encode(), "page1.json")
    assert count_tenders(conn) == 2
    report = import_file(conn, DATA / "eforms_cn_dunkerque.xml")
    assert (report.ajoutes, report.fusionnes) == (0, 1)
    assert count_tenders(conn) == 2
    merged = get_tender(conn, "boamp:26-1002")
    assert merged.sources == ["boamp", "ted"]
    assert merged.valeur_estimee_eur == 480000  # only the TED copy had it
    assert get_tender(conn, "dossier:8e2b7c1a-3f4d-4e5a-b6c7-d8e9f0a1b2c3").id == "boamp:26-1002"


def test_same_decp_contract_from_two_aggregators_is_merged(conn):
    record = {
        "id": "2026X1",
        "acheteur": {"id": "21590183900017", "nom": "Ville"},
        "objet": "Papeterie",
        "codeCPV": "30192000",
        "datePublicationDonnees": "2026-02-10",
        "montant": 1000,
    }
    first = {"marches": [{**record, "source": "marches-publics.info"}]}
    second = {"marches": [{**record, "uid": "215901839000172026X1-pes", "source": "pes"}]}
    import_bytes(conn, json.dumps(first).encode())
    report = import_bytes(conn, json.dumps(second).encode())
    assert report.fusionnes == 1 and count_tenders(conn) == 1


def test_lots_of_one_procedure_stay_separate(conn, shared_data):
    """Same buyer, same object, same day, different DECP ids: separate contracts (lots)."""
    report = import_file(
        conn, shared_data / "procurement/decp/decp_v1_marches-publics.info_2019_sample300.json"
    )
    assert report.fusionnes == 0
    assert get_tender(conn, "decp:216204131000172019755518L3FT00") is not None
    assert get_tender(conn, "decp:216204131000172019755518L2FT00") is not None


def test_reimport_updates_and_loses_nothing(conn, shared_data):
    path = shared_data / "procurement/decp/decp_v1_data.gouv.fr_pes_2019_sample100.json"
    first = import_file(conn, path)
    before = count_tenders(conn)
    again = import_file(conn, path)
    assert again.ajoutes == 0 and again.mis_a_jour == again.lus == first.lus
    assert count_tenders(conn) == before


def test_malformed_records_are_skipped_and_reported_others_kept(conn):
    payload = {
        "results": [
            {"idweb": "26-1", "objet": "Bon avis", "nature": "APPEL_OFFRE", "donnees": ""},
            {"idweb": "26-2", "objet": "Avis abîmé", "donnees": "{pas du JSON"},
            {"idweb": "26-3", "objet": "", "donnees": ""},
        ]
    }
    report = import_bytes(conn, json.dumps(payload).encode())
    assert report.ajoutes == 1
    assert [(s.position, s.identifiant) for s in report.ignores] == [(2, "26-2"), (3, "26-3")]
    assert "donnees" in report.ignores[0].raison


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body>nope</body></html>", "XML non reconnu"),
        (b"<ANNONCE><unclosed>", "XML illisible"),
        (b'{"foo": 1}', "Format de fichier non reconnu"),
        (b"[tool.ruff]\nline-length = 100\n", "Format de fichier non reconnu"),
        (b"siret;nom\n", "Format de fichier non reconnu"),
    ],
)
def test_unknown_files_get_a_french_message(conn, content, message):
    with pytest.raises(ImportFileError, match=message):
        import_bytes(conn, content)


def test_missing_and_empty_files(conn, tmp_path):
    with pytest.raises(ImportFileError, match="introuvable"):
        import_file(conn, tmp_path / "absent.json")
    empty = tmp_path / "vide.json"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError, match="vide"):
        import_file(conn, empty)


def test_xml_entities_are_not_expanded(conn):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<ANNONCE><GESTION><REFERENCE><IDWEB>1</IDWEB></REFERENCE>"
        b"<INDEXATION><RESUME_OBJET>&x;</RESUME_OBJET></INDEXATION></GESTION></ANNONCE>"
    )
    report = import_bytes(conn, bomb)
    stored = get_tender(conn, "boamp:1")
    assert stored is None or "root:" not in stored.objet
    assert report.lus == 1
