"""Importers: SIRENE layouts (48 and 53 columns, geolocated, legal units), bad rows, merges."""

from __future__ import annotations

import gzip
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from places.communes import CUD_COMMUNES, get_commune
from places.distance import great_circle_km
from suppliers import store
from suppliers.errors import ImportFileError
from suppliers.importer import ImportFilters, import_file

SIRENE_2021 = "suppliers/sirene_stock_etablissement_cud_extract_2021.csv"


def test_real_48_column_extract(conn, shared_data: Path) -> None:
    report = import_file(conn, shared_data / SIRENE_2021)
    assert report.format == "sirene-etablissements"
    assert (report.lignes_lues, report.enregistrees, report.nouvelles) == (4336, 4336, 4336)
    assert report.rejets_total == 0
    states = dict(conn.execute("SELECT etat, COUNT(*) FROM firms GROUP BY etat").fetchall())
    assert states == {"actif": 729, "fermé": 3607}
    communes = {r[0] for r in conn.execute("SELECT DISTINCT code_commune FROM firms")}
    assert communes <= set(CUD_COMMUNES)
    # No coordinates in this layout: every firm sits on its commune's point.
    assert [tuple(r) for r in conn.execute("SELECT DISTINCT precision FROM firms")] == [
        ("commune",)
    ]


def test_reimport_is_idempotent(conn, shared_data: Path) -> None:
    import_file(conn, shared_data / SIRENE_2021)
    dump = conn.execute("SELECT * FROM firms ORDER BY id").fetchall()
    fts = conn.execute("SELECT COUNT(*) FROM firms_fts").fetchone()[0]
    again = import_file(conn, shared_data / SIRENE_2021)
    assert again.nouvelles == 0
    after = conn.execute("SELECT * FROM firms ORDER BY id").fetchall()
    # Everything but the time of the update (registre_maj) is the same.
    assert [{**r, "registre_maj": 0} for r in map(dict, after)] == [
        {**r, "registre_maj": 0} for r in map(dict, dump)
    ]
    assert conn.execute("SELECT COUNT(*) FROM firms_fts").fetchone()[0] == fts == 4336


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ImportFilters(actives_seulement=True), 729),
        (ImportFilters(communes=["59273"]), None),
        (ImportFilters(departements=["62"]), 0),
        (ImportFilters(departements=["59"], naf=["85"], actives_seulement=True), None),
    ],
)
def test_filters(conn, shared_data: Path, filters: ImportFilters, expected: int | None) -> None:
    report = import_file(conn, shared_data / SIRENE_2021, filters=filters)
    assert report.enregistrees + report.ecartees_par_filtre == 4336
    if expected is not None:
        assert report.enregistrees == expected
    rows = conn.execute("SELECT code_commune, code_naf, etat FROM firms").fetchall()
    assert len(rows) == report.enregistrees > 0 or expected == 0
    for code_commune, code_naf, etat in rows:
        if filters.communes:
            assert code_commune in filters.communes
        if filters.naf:
            assert code_naf.startswith("85")
        if filters.actives_seulement:
            assert etat == "actif"


def test_53_column_layout_with_lambert_and_bad_rows(conn, fixtures: Path) -> None:
    report = import_file(conn, fixtures / "stock_etablissement_53.csv")
    assert report.format == "sirene-etablissements"
    assert report.enregistrees == 5
    reasons = {(r.ligne, r.motif) for r in report.rejets}
    assert reasons == {
        (7, "SIRET invalide : la clé de contrôle ne correspond pas"),
        (8, "SIRET mal formé : 14 chiffres attendus"),
        (9, "Commune manquante (établissement à l'étranger ?)"),
        # Two fields too many on the last line: pandas keeps the row, shifted; its SIRET
        # column then holds garbage, so the check on SIRET refuses it.
        (10, "SIRET mal formé : 14 chiffres attendus"),
    }
    bakery = store.get_firm(
        conn,
        conn.execute("SELECT siret FROM firms WHERE enseigne = 'BOULANGERIE DU PORT'").fetchone()[
            0
        ],
    )
    # Lambert 93 converted back to the WGS84 point the fixture was made from.
    assert great_circle_km(bakery.latitude, bakery.longitude, 51.0359, 2.3733) < 0.01
    assert bakery.precision == "adresse"
    assert bakery.adresse == "12 QUAI DES HOLLANDAIS"
    assert (bakery.commune, bakery.code_postal, bakery.libelle_naf) == (
        "Dunkerque",
        "59140",
        "Boulangerie et boulangerie-pâtisserie",
    )
    old = conn.execute("SELECT code_naf, precision FROM firms WHERE nom = 'ANCIENNE ACTIVITE'")
    assert tuple(old.fetchone()) == (None, "commune")  # a NAF rev. 1 code is not kept
    bad_date = conn.execute("SELECT date_creation FROM firms WHERE enseigne LIKE 'TRAITEUR%'")
    assert bad_date.fetchone()[0] is None


def test_geolocated_layout(conn, fixtures: Path) -> None:
    report = import_file(conn, fixtures / "geo_siret_59.csv")
    assert (report.format, report.enregistrees, report.rejets_total) == ("sirene-geolocalise", 5, 0)
    rows = {
        r["enseigne"]: r
        for r in conn.execute(
            "SELECT enseigne, precision, latitude, longitude, code_commune FROM firms"
        )
    }
    assert rows["PLOMBERIE LEFEBVRE"]["precision"] == "adresse"
    assert rows["PLOMBERIE LEFEBVRE"]["latitude"] == pytest.approx(51.0354)
    assert rows["INFO SERVICES LITTORAL"]["precision"] == "rue"
    for name in ("ESPACES VERTS DU BLOOTLAND", "CARRELAGES WATTIER", "POSITION FAUSSE SARL"):
        # Low geocoding score, no position, or a position 800 km away: the commune's point.
        row = rows[name]
        commune = get_commune(row["code_commune"])
        assert row["precision"] == "commune", name
        assert (row["latitude"], row["longitude"]) == (commune.latitude, commune.longitude)


def test_precise_position_survives_a_plain_reimport(conn, fixtures: Path, tmp_path: Path) -> None:
    import_file(conn, fixtures / "geo_siret_59.csv")
    plain = tmp_path / "plain.csv"
    lines = (fixtures / "geo_siret_59.csv").read_text().splitlines()
    plain.write_text("\n".join(",".join(line.split(",")[:48]) for line in lines) + "\n")
    import_file(conn, plain)
    row = conn.execute(
        "SELECT precision, latitude FROM firms WHERE enseigne = 'PLOMBERIE LEFEBVRE'"
    )
    assert tuple(row.fetchone()) == ("adresse", pytest.approx(51.0354))


def test_legal_unit_names_before_or_after(conn, fixtures: Path) -> None:
    import_file(conn, fixtures / "stock_etablissement_53.csv")
    report = import_file(conn, fixtures / "stock_unite_legale.csv")
    assert report.format == "sirene-unites-legales"
    assert report.noms_unites_legales == 3
    names = {r[0] for r in conn.execute("SELECT nom FROM firms")}
    assert "BOULANGERIE DU PORT SARL" in names
    assert "Marie WATTIER" in names  # usage name before birth name
    import_file(conn, fixtures / "geo_siret_59.csv")  # names already known are joined
    assert conn.execute("SELECT COUNT(*) FROM firms WHERE nom = 'Jean LEFEBVRE'").fetchone()[0] == 5
    hits = conn.execute("SELECT COUNT(*) FROM firms_fts WHERE firms_fts MATCH 'sarl'").fetchone()
    assert hits[0] == 3  # two establishments of the SARL, and "POSITION FAUSSE SARL"


def test_compressed_file_and_progress(conn, fixtures: Path, tmp_path: Path) -> None:
    zipped = tmp_path / "geo_siret_59.csv.gz"
    with open(fixtures / "geo_siret_59.csv", "rb") as source, gzip.open(zipped, "wb") as target:
        shutil.copyfileobj(source, target)
    calls: list[tuple[int, int]] = []
    report = import_file(conn, zipped, progress=lambda done, total: calls.append((done, total)))
    assert report.enregistrees == 5
    assert calls and calls[-1][0] == calls[-1][1] == zipped.stat().st_size


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "vide"), ("a,b,c\n1,2,3\n", "Format non reconnu")],
)
def test_unreadable_files(conn, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(content)
    with pytest.raises(ImportFileError, match=message):
        import_file(conn, path)
    with pytest.raises(ImportFileError, match="introuvable"):
        import_file(conn, tmp_path / "absent.csv")


def test_2017_geolocated_file(conn, shared_data: Path) -> None:
    report = import_file(conn, shared_data / "suppliers" / "geo_sirene_35_small_format2017.csv")
    assert (report.format, report.enregistrees, report.rejets_total) == (
        "sirene-2017-geolocalise",
        99,
        0,
    )
    precisions = dict(conn.execute("SELECT precision, COUNT(*) FROM firms GROUP BY 1").fetchall())
    assert precisions.get("adresse", 0) >= 70


def test_upgrade_from_the_first_schema(base_path: Path, fixtures: Path) -> None:
    """A base made with migration 1 gets the filter words of the later steps, data kept."""
    from storage import connect
    from storage import migrate as migrate_component
    from suppliers.search import FirmQuery, search_firms

    conn = connect(base_path)
    store.prepare(conn)
    migrate_component(conn, store.COMPONENT, store.STEPS[:1])
    conn.execute(
        "INSERT INTO firms (id, siret, siren, nom_repli, code_naf, libelle_naf, code_commune, "
        "latitude, longitude, etat, source, registre_maj) VALUES (73282932000074, "
        "'73282932000074', '732829320', 'PLOMBERIE ANCIENNE', '43.22A', 'Plomberie', '59183', "
        "51.03, 2.37, 'actif', 'sirene', '2024-01-01T00:00:00Z')"
    )
    assert store.migrate(conn) == len(store.STEPS) - 1
    results = search_firms(
        conn, FirmQuery(q="plomberie", naf=["43.2"], autour="Dunkerque", rayon_km=5)
    )
    assert [h.firm.siret for h in results.items] == ["73282932000074"]
    conn.close()


def _dump(conn) -> tuple[list, list]:
    rows = conn.execute("SELECT * FROM firms ORDER BY id")
    firms = [{**r, "registre_maj": 0} for r in map(dict, rows)]  # no stamps
    index = [tuple(r) for r in conn.execute("SELECT rowid, * FROM firms_fts ORDER BY rowid")]
    return firms, index


@pytest.mark.parametrize(
    ("name", "chunk_rows"),
    [(SIRENE_2021, 1000), ("fixtures:stock_etablissement_53.csv", 3)],
)
def test_a_second_reading_process_gives_the_same_register(
    base_path: Path, shared_data: Path, fixtures: Path, name: str, chunk_rows: int
) -> None:
    from storage import connect

    path = fixtures / name.split(":")[1] if name.startswith("fixtures:") else shared_data / name
    reports, dumps = [], []
    for parallel in (False, True):
        conn = connect(base_path.with_name(f"{parallel}.sqlite"))
        store.migrate(conn)
        import_file(conn, fixtures / "stock_unite_legale.csv")  # names joined in the worker
        report = import_file(conn, path, parallel=parallel, chunk_rows=chunk_rows)
        reports.append(report.model_dump(exclude={"duree_s"}))
        dumps.append(_dump(conn))
        conn.close()
    assert reports[0] == reports[1]
    assert dumps[0] == dumps[1]
    assert reports[0]["lignes_lues"] > chunk_rows  # several chunks went through the pipe


def test_truncated_archives(conn, fixtures: Path, tmp_path: Path) -> None:
    whole = gzip.compress((fixtures / "stock_etablissement_53.csv").read_bytes())
    head = tmp_path / "head.csv.gz"
    head.write_bytes(whole[:30])
    with pytest.raises(ImportFileError, match="archive tronquée ou abîmée"):
        import_file(conn, head)
    # Cut after the header: the import stops with an error (never « 0 rows read » and
    # success), and says what was imported before the cut.
    body = tmp_path / "body.csv.gz"
    body.write_bytes(whole[: len(whole) - 12])
    for parallel in (False, True):
        with pytest.raises(ImportFileError, match="Archive tronquée") as stopped:
            import_file(conn, body, parallel=parallel, chunk_rows=2)
        imported = store.count_firms(conn)
        said = "rien n'est importé" if imported == 0 else f"après {imported} lignes"
        assert said in str(stopped.value)


@pytest.mark.parametrize("kind", ["gz-tête", "gz-milieu", "zip-milieu", "zip-membre"])
def test_truncated_gz_exits_non_zero(fixtures: Path, tmp_path: Path, kind: str) -> None:
    """``clair fournisseurs importer`` on a cut archive: a French message and exit code 1."""
    from typer.testing import CliRunner

    from api.cli import app

    data = (fixtures / "stock_etablissement_53.csv").read_bytes()
    if kind.startswith("gz"):
        whole = gzip.compress(data)
        path = tmp_path / "stock.csv.gz"
        path.write_bytes(whole[:30] if kind == "gz-tête" else whole[: len(whole) // 2])
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("stock.csv", data * 20)
        whole = buffer.getvalue()
        path = tmp_path / "stock.zip"
        if kind == "zip-milieu":
            path.write_bytes(whole[: len(whole) // 2])
        else:  # the directory is whole, the member's data is damaged
            middle = len(whole) // 3
            path.write_bytes(whole[:middle] + bytes(64) + whole[middle + 64 :])
    result = CliRunner().invoke(
        app, ["fournisseurs", "importer", str(path), "--base", str(tmp_path / "b.sqlite")]
    )
    assert result.exit_code == 1, result.output
    assert "tronquée" in result.output or "illisible" in result.output
    assert "Traceback" not in result.output


def test_the_reading_process_reports_what_stopped_it(conn, base_path: Path, tmp_path: Path) -> None:
    from suppliers._import_worker import chunks_from_worker
    from suppliers.import_reading import ReadJob

    job = ReadJob(path=tmp_path / "parti.csv", filters=ImportFilters(), config=None, chunk_rows=10)
    with pytest.raises(ImportFileError, match="introuvable"):
        list(chunks_from_worker(job, str(base_path)))


def test_legal_units_and_memory_bases_stay_in_one_process(fixtures: Path) -> None:
    from storage import connect

    conn = connect(":memory:")
    store.migrate(conn)
    import_file(conn, fixtures / "stock_etablissement_53.csv", parallel=True)
    report = import_file(conn, fixtures / "stock_unite_legale.csv", parallel=True)
    assert report.noms_unites_legales == 3
    assert conn.execute("SELECT COUNT(*) FROM firms WHERE nom LIKE '%SARL'").fetchone()[0] >= 2


def test_reimport_rewrites_the_index_of_changed_firms_only(conn, fixtures: Path, tmp_path) -> None:
    """A re-import rebuilds the full-text rows of the firms whose indexed fields changed (a
    new sign, a closure), and leaves the others' rows as they are."""
    import pandas as pd

    source = pd.read_csv(fixtures / "geo_siret_59.csv", dtype=str, keep_default_na=False)
    import_file(conn, fixtures / "geo_siret_59.csv")
    rows = dict(conn.execute("SELECT rowid, noms || noms_ferme FROM firms_fts").fetchall())
    changed = source.copy()
    sign = changed.columns.get_loc("enseigne1Etablissement")
    changed.iloc[0, sign] = "POISSONNERIE DU MOLE"
    state = changed.columns.get_loc("etatAdministratifEtablissement")
    changed.iloc[1, state] = "F" if changed.iloc[1, state] == "A" else "A"
    path = tmp_path / "geo_siret_59_maj.csv"
    changed.to_csv(path, index=False)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    import_file(conn, path)
    conn.set_trace_callback(None)
    replaced = [s for s in statements if "INSERT OR REPLACE INTO firms_fts" in s]
    assert len(replaced) == 2  # the two changed firms, not the other three
    after = dict(conn.execute("SELECT rowid, noms || noms_ferme FROM firms_fts").fetchall())
    first, second = int(source["siret"][0]), int(source["siret"][1])
    assert "poissonner" in after[first] and "poissonner" not in rows[first]
    assert {k: v for k, v in after.items() if k != first} == {
        k: v for k, v in rows.items() if k != first
    }
    hits = conn.execute("SELECT rowid FROM firms_fts WHERE firms_fts MATCH 'poissonner*'")
    assert [r[0] for r in hits] == [first]
    active = conn.execute("SELECT etat FROM firms WHERE id = ?", (second,)).fetchone()[0]
    assert active == ("fermé" if source["etatAdministratifEtablissement"][1] == "A" else "actif")


def test_firm_category_from_legal_units_before_or_after(conn, fixtures: Path, tmp_path) -> None:
    """INSEE's categorieEntreprise (StockUniteLegale) reaches the establishments of the SIREN,
    whichever file comes first; the register's facts give it for the dashboard's sizes."""
    from suppliers.store import firm_facts

    units = tmp_path / "StockUniteLegale.csv"
    units.write_text(
        "siren,denominationUniteLegale,categorieEntreprise\n"
        "123456780,BOULANGERIE DU PORT SARL,PME\n"
        "987654320,GRAND GROUPE SA,GE\n"
    )
    import_file(conn, units)  # before the establishments: kept with the legal unit
    import_file(conn, fixtures / "stock_etablissement_53.csv")
    facts = firm_facts(conn, [12345678000014, 12345678000022, 98765432000017]).set_index("id")
    assert facts["categorie_entreprise"].to_dict() == {
        12345678000014: "PME",
        12345678000022: "PME",
        98765432000017: "GE",
    }
    units.write_text(
        "siren,denominationUniteLegale,categorieEntreprise\n987654320,GRAND GROUPE SA,ETI\n"
    )
    import_file(conn, units)  # after: the establishments get the new category
    row = conn.execute("SELECT categorie_entreprise FROM firms WHERE id = 98765432000025")
    assert row.fetchone()[0] == "ETI"
