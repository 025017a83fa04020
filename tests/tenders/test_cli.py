"""``clair marches``: import with format detection, search as table or JSON, tenders for a firm."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["marches", *args])


def test_import_detects_formats_and_reports(base_path, shared_data):
    result = run(
        "importer",
        str(shared_data / "procurement/decp/decp_v1_data.gouv.fr_pes_2019_sample100.json"),
        str(shared_data / "procurement/boamp/xml_v230/test-pub.xml"),
        str(DATA / "eforms_cn_dunkerque.xml"),
        str(DATA / "decp_2022.json"),
        "--base",
        str(base_path),
    )
    assert result.exit_code == 0, result.output
    assert "(decp-2017) : 100 lus, 100 ajoutés" in result.output
    assert "(boamp-xml) : 1 lus, 1 ajoutés" in result.output
    assert "(eforms) : 1 lus, 1 ajoutés" in result.output
    assert "(decp-2022) : 5 lus, 3 ajoutés" in result.output
    assert "ignoré : enregistrement 3" in result.output


def test_decp_import_fills_the_dashboard_tables(base_path):
    from storage import connect
    from tenders.store import count_tenders

    result = run(
        "importer",
        str(DATA / "decp_2022.json"),
        "--attributions-seulement",
        "--base",
        str(base_path),
    )
    assert result.exit_code == 0, result.output
    # 5 records: one without an id and one that is not an object are left out.
    assert "(decp-2022) : 5 lus, 0 ajoutés" in result.output
    assert "tableau de bord : 3 marchés attribués enregistrés, 2 sans identifiant" in result.output
    conn = connect(base_path)
    assert conn.execute("SELECT COUNT(*) FROM awards").fetchone()[0] == 3
    assert count_tenders(conn) == 0  # awards only: no searchable notice
    conn.close()
    result = run("importer", str(DATA / "decp_2022.json"), "--base", str(base_path))
    assert "tableau de bord : 3 marchés attribués enregistrés" in result.output  # replaced
    conn = connect(base_path)
    assert conn.execute("SELECT COUNT(*) FROM awards").fetchone()[0] == 3
    assert count_tenders(conn) == 3
    conn.close()


def test_search_without_query_lists_every_notice_as_json(base_path, shared_data):
    run(
        "importer",
        str(
            shared_data / "procurement/boamp/ods_api_json/boamp_ods_api_v1_records_2006-07_20.json"
        ),
        "--base",
        str(base_path),
    )
    result = run("chercher", "--limite", "200", "--format", "json", "--base", str(base_path))
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert len(items) == 20  # all closed (2006), all listed
    for item in items:
        assert {"id", "objet", "acheteur", "codes_cpv", "date_limite"} <= item.keys()


def test_search_with_filters_as_table(base_path):
    run("importer", str(DATA / "eforms_cn_dunkerque.xml"), "--base", str(base_path))
    result = run(
        "chercher",
        "nettoyages",
        "--cpv",
        "9091",
        "--autour",
        "Dunkerque",
        "--rayon",
        "50",
        "--base",
        str(base_path),
    )
    assert result.exit_code == 0, result.output
    assert "1 avis" in result.output and "Nettoyage" in result.output
    none = run(
        "chercher",
        "nettoyage",
        "--autour",
        "Marseille",
        "--rayon",
        "10",
        "--format",
        "json",
        "--base",
        str(base_path),
    )
    assert json.loads(none.output) == []


def test_for_a_profile(base_path):
    from storage import connect
    from tenders.demo import load_demo

    run("chercher", "--base", str(base_path))  # creates the base
    conn = connect(base_path)
    load_demo(conn)
    conn.close()
    result = run(
        "pour",
        "--naf",
        "81.21Z",
        "--autour",
        "Dunkerque",
        "--rayon",
        "30",
        "--base",
        str(base_path),
    )
    assert result.exit_code == 0, result.output
    assert "Nettoyage des locaux administratifs" in result.output
    assert "correspond à votre activité" in result.output


def test_errors_are_french_without_traceback(base_path, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("bonjour")
    result = run("importer", str(junk), "--base", str(base_path))
    assert result.exit_code == 1 and "Format de fichier non reconnu" in result.output
    assert "Traceback" not in result.output
    bad_cpv = run("chercher", "--cpv", "abc", "--base", str(base_path))
    assert bad_cpv.exit_code == 1 and "Code CPV invalide" in bad_cpv.output
    no_profile = run("pour", "--base", str(base_path))
    assert no_profile.exit_code == 1 and "Donnez un SIRET" in no_profile.output
    from storage import connect
    from suppliers import store as firm_store

    conn = connect(base_path)
    firm_store.migrate(conn)  # the register's tables, as `clair fournisseurs` creates them
    conn.close()
    unknown = run("pour", "73282932000074", "--base", str(base_path))
    assert unknown.exit_code == 1 and "Aucune entreprise" in unknown.output
    bad_date = run("synchroniser", "--depuis", "hier", "--base", str(base_path))
    assert bad_date.exit_code == 1 and "Date illisible" in bad_date.output
    never = run("synchroniser", "--base", str(base_path))
    assert never.exit_code == 1 and "--depuis" in never.output
