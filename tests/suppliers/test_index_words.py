"""The full-text rows of the register: one function computes them, whichever path writes them."""

from __future__ import annotations

from storage import transaction
from suppliers import store
from suppliers.declarations import Declaration, declare, verify
from suppliers.importer import import_file
from suppliers.index_words import (
    filter_words,
    index_columns,
    subclasses_labelled,
    subclasses_under,
)
from tests.suppliers.conftest import FIXTURES


def _index(conn) -> list[tuple]:
    return [tuple(row) for row in conn.execute("SELECT rowid, * FROM firms_fts ORDER BY rowid")]


def test_rows_written_by_an_import_are_the_rows_rebuilt_from_the_base(conn) -> None:
    import_file(conn, FIXTURES / "sirene_cud_2021_extrait.csv")
    import_file(conn, FIXTURES / "stock_etablissement_53.csv")
    siret = conn.execute("SELECT siret FROM firms WHERE etat = 'actif' LIMIT 1").fetchone()[0]
    declare(conn, Declaration(siret=siret, mots_cles=["traiteur", "plats cuisinés"]), par="test")
    verify(conn, siret, statut="vérifié", par="Agent")
    written = _index(conn)
    ids = [row[0] for row in conn.execute("SELECT id FROM firms")]
    with transaction(conn):
        store.reindex(conn, ids)
    assert _index(conn) == written
    assert len(written) == len(ids) > 700
    closed = conn.execute("SELECT COUNT(*) FROM firms WHERE etat = 'fermé'").fetchone()[0]
    assert closed > 0
    assert sum(1 for row in written if row[6]) == closed  # their filter words are apart


def test_migration_builds_the_same_rows(conn) -> None:
    import_file(conn, FIXTURES / "sirene_cud_2021_extrait.csv")
    written = _index(conn)
    with transaction(conn):
        conn.execute("DELETE FROM firms_fts")
        conn.execute(store._FILL_INDEX)
    assert _index(conn) == written


def test_columns_of_active_and_closed_firms() -> None:
    active = index_columns(
        "Boulangerie Ÿvon", None, "Au Pain d'Or", "10.71C", 51.03, 2.37, "actif", "pain", "vérifié"
    )
    assert active[:2] == ("boulanger yvon pain or", "pain")
    # Grid square: int(141.03 × 10) × 3600 + int(182.37 × 10).
    assert active[4].split() == ["naf1071c", "verifie", "cell5077823"]
    assert active[2:4] == ("", "") and active[5] == ""
    closed = index_columns(None, "Garage", None, None, None, None, "fermé", None, None)
    assert closed == ("", "", "garag", "", "", "")


def test_filter_words_and_the_schema_cell(conn) -> None:
    conn.execute(
        "INSERT INTO firms (id, siret, siren, code_commune, latitude, longitude, source, "
        "registre_maj) VALUES (1, '00000000000001', '000000000', '59183', -12.34567, "
        "-0.05, 'test', 'now')"
    )
    cell = conn.execute("SELECT cell FROM firms").fetchone()[0]
    assert filter_words(None, cell, None) == f"cell{cell}"
    assert index_columns(None, None, None, None, -12.34567, -0.05, "actif", None, None)[4] == (
        f"cell{cell}"
    )


def test_naf_codes_expand_to_subclasses_and_labels_match_by_prefix() -> None:
    assert subclasses_under("10.71") == ("10.71A", "10.71B", "10.71C", "10.71D")
    assert subclasses_under("56.10A") == ("56.10A",)
    assert subclasses_labelled("boulang") == ("10.71B", "10.71C")  # « Boulangerie… »
    assert subclasses_labelled("zzz") == ()
