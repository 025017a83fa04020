"""The firms register in the shared SQLite base: tables, writes that keep what was declared and
verified, and reads back to :class:`~suppliers.firm.Firm`.

Tables (component ``suppliers``):

* ``firms``: register fields, one row per SIRET (``id`` is the SIRET as an integer, so the
  full-text and spatial indexes share the same key without a look-up);
* ``firms_fts``: FTS5 over normalised (folded, stemmed) names, enseignes and declared
  keywords, with separate columns for closed establishments, and a column of filter words
  (NAF sub-class, verification, grid square): :mod:`suppliers.index_words`;
* a spatial index for radius queries: ``firms.cell`` numbers the 0.1° × 0.1° grid square of
  a firm's position (:data:`~suppliers.index_words.CELL_DEG`) and is a word of the firm's
  full-text row; a radius query matches the squares that cover its bounding box, then keeps
  the firms within the exact great-circle distance. (An R*Tree was measured three times
  slower to fill.)
* ``legal_units``: names from INSEE's ``StockUniteLegale``, joined by SIREN (the SIRET is
  the SIREN followed by 5 digits, so a SIREN's establishments are a range of ``firms.id``);
* ``declarations``: what a firm declared and its verification state; never touched by a
  register import;
* ``verifications``: every officer's decision (who, when, status, why), append-only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from storage import migrate as migrate_component
from storage import transaction, utc_stamp
from suppliers.firm import Firm
from suppliers.index_words import (
    INDEX_COLUMNS,
    INDEX_SOURCE_COLUMNS,
    filter_words,
    index_columns,
    index_rows,
    searchable_text_fast,
)
from suppliers.textsearch import searchable_text

COMPONENT = "suppliers"

# The full-text rows as migration 3 wrote them (NAF labels in each row; frozen, as the
# migration that uses it has shipped).
_INDEX_ROWS_V3 = """
WITH x AS MATERIALIZED (
    SELECT f.id,
           f.etat = 'actif' AS a,
           clair_normalise(COALESCE(f.denomination, '') || ' ' || COALESCE(f.nom_repli, ''))
               AS n,
           clair_normalise(f.enseigne) AS e,
           clair_normalise_label(f.libelle_naf) AS l,
           COALESCE(d.mots_cles_fts, '') AS k,
           clair_filtres(f.code_naf, f.cell, d.statut) AS t
    FROM firms f LEFT JOIN declarations d ON d.id = f.id
    {where}
)
INSERT OR REPLACE INTO firms_fts (
    rowid, nom, enseigne, activite, mots_cles, nom_ferme, autres_ferme, filtres, filtres_ferme
)
SELECT id, IIF(a, n, ''), IIF(a, e, ''), IIF(a, l, ''), IIF(a, k, ''),
       IIF(a, '', n || ' ' || e), IIF(a, '', l || ' ' || k), IIF(a, t, ''), IIF(a, '', t)
FROM x ORDER BY id
"""

# Migration 5 fills the index through the one function that computes its rows.
_FILL_INDEX = """
WITH x AS MATERIALIZED (
    SELECT f.id,
           clair_index_columns(f.denomination, f.nom_repli, f.enseigne, f.code_naf,
                               f.latitude, f.longitude, f.etat, d.mots_cles_fts, d.statut)
               AS j
    FROM firms f LEFT JOIN declarations d ON d.id = f.id
)
INSERT INTO firms_fts (rowid, noms, mots_cles, noms_ferme, mots_cles_ferme, filtres, filtres_ferme)
SELECT id, json_extract(j, '$[0]'), json_extract(j, '$[1]'), json_extract(j, '$[2]'),
       json_extract(j, '$[3]'), json_extract(j, '$[4]'), json_extract(j, '$[5]')
FROM x ORDER BY id
"""

STEPS: list[str] = [
    """
    CREATE TABLE firms (
        id            INTEGER PRIMARY KEY,
        siret         TEXT NOT NULL,
        siren         TEXT NOT NULL,
        denomination  TEXT,
        nom_repli     TEXT,
        nom           TEXT GENERATED ALWAYS AS (
                          COALESCE(denomination, nom_repli, 'Établissement ' || siret)
                      ) VIRTUAL,
        enseigne      TEXT,
        code_naf      TEXT,
        libelle_naf   TEXT,
        adresse       TEXT,
        code_postal   TEXT,
        code_commune  TEXT,
        commune       TEXT,
        latitude      REAL,
        longitude     REAL,
        precision     TEXT,
        tranche_effectif TEXT,
        etat          TEXT NOT NULL DEFAULT 'actif',
        date_creation TEXT,
        source        TEXT NOT NULL,
        registre_maj  TEXT NOT NULL,
        cell          INTEGER GENERATED ALWAYS AS (
                          CAST((latitude + 90) * 10 AS INTEGER) * 3600
                          + CAST((longitude + 180) * 10 AS INTEGER)
                      ) VIRTUAL
    );
    CREATE INDEX firms_cell ON firms (cell);
    CREATE INDEX firms_siren ON firms (siren);
    CREATE INDEX firms_code_naf ON firms (code_naf);
    CREATE VIRTUAL TABLE firms_fts USING fts5 (
        nom, enseigne, activite, mots_cles, detail = column
    );
    CREATE TABLE legal_units (
        siren        TEXT PRIMARY KEY,
        denomination TEXT NOT NULL,
        maj          TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE declarations (
        id             INTEGER PRIMARY KEY REFERENCES firms (id),
        mots_cles      TEXT NOT NULL DEFAULT '[]',
        mots_cles_fts  TEXT NOT NULL DEFAULT '',
        description    TEXT,
        zone_livraison TEXT,
        rayon_livraison_km REAL,
        contact        TEXT,
        nom_declare    TEXT,
        code_commune_declare TEXT,
        code_naf_declare TEXT,
        source         TEXT NOT NULL,
        declare_par    TEXT,
        maj            TEXT NOT NULL,
        statut         TEXT NOT NULL DEFAULT 'déclaré'
                       CHECK (statut IN ('déclaré', 'vérifié', 'rejeté')),
        verifie_par    TEXT,
        verifie_le     TEXT,
        motif          TEXT
    );
    CREATE INDEX declarations_statut ON declarations (statut);
    CREATE TABLE verifications (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        siret   TEXT NOT NULL,
        statut  TEXT NOT NULL,
        par     TEXT NOT NULL,
        le      TEXT NOT NULL,
        motif   TEXT
    );
    CREATE INDEX verifications_siret ON verifications (siret);
    """,
    # 2: filters (state, NAF prefixes, verification, grid square) become words of the
    # full-text index, so that FTS5 applies them (fast) instead of row look-ups.
    """
    DROP TABLE firms_fts;
    CREATE VIRTUAL TABLE firms_fts USING fts5 (
        nom, enseigne, activite, mots_cles, filtres, detail = column
    );
    INSERT INTO firms_fts (rowid, nom, enseigne, activite, mots_cles, filtres)
    SELECT f.id,
           clair_normalise(COALESCE(f.denomination, '') || ' ' || COALESCE(f.nom_repli, '')),
           clair_normalise(f.enseigne),
           clair_normalise_label(f.libelle_naf),
           COALESCE(d.mots_cles_fts, ''),
           clair_filtres(f.etat, f.code_naf, f.cell, d.statut)
    FROM firms f LEFT JOIN declarations d ON d.id = f.id
    ORDER BY f.id;
    """,
    # 3: closed establishments get their own columns: "active only" becomes a column filter,
    # which costs nothing, instead of a word shared by most firms, which is slow to intersect.
    """
    DROP TABLE firms_fts;
    CREATE VIRTUAL TABLE firms_fts USING fts5 (
        nom, enseigne, activite, mots_cles, nom_ferme, autres_ferme, filtres, filtres_ferme,
        detail = column
    );
    """
    + _INDEX_ROWS_V3.format(where="")
    + ";",
    # 4: NAF codes and grid squares are searched through the full-text index now.
    """
    DROP INDEX firms_code_naf;
    DROP INDEX firms_cell;
    """,
    # 5: a slimmer index, a third of the words per firm (suppliers.index_words): NAF labels
    # are matched on the 732 labels at query time instead of copied into each row, and only
    # the NAF sub-class is a filter word (prefixes expand to sub-classes at query time). Name
    # and sign share a column; no column sizes (no BM25 ranking is used). A SIREN's
    # establishments are a range of ids: no index on siren.
    """
    DROP TABLE firms_fts;
    CREATE VIRTUAL TABLE firms_fts USING fts5 (
        noms, mots_cles, noms_ferme, mots_cles_ferme, filtres, filtres_ferme,
        detail = column, columnsize = 0
    );
    """
    + _FILL_INDEX
    + """;
    DROP INDEX firms_siren;
    """,
    # 6: INSEE's firm category (PME, ETI, GE) from StockUniteLegale (or a source that gives
    # it per establishment, such as the pre-2019 geolocated files): the dashboard's size.
    """
    ALTER TABLE firms ADD COLUMN categorie_entreprise TEXT;
    ALTER TABLE legal_units ADD COLUMN categorie_entreprise TEXT;
    """,
]

_FIRM_COLUMNS = (
    "id",
    "siret",
    "siren",
    "denomination",
    "nom_repli",
    "enseigne",
    "code_naf",
    "libelle_naf",
    "adresse",
    "code_postal",
    "code_commune",
    "commune",
    "latitude",
    "longitude",
    "precision",
    "tranche_effectif",
    "etat",
    "date_creation",
    "source",
    "registre_maj",
    "categorie_entreprise",
)

# Register fields are replaced by a newer register record, with three exceptions: a known
# legal name is never replaced by "unknown"; a precise position is not replaced by the commune
# point of the same commune (a plain SIRENE file after a geolocated one); and a firm known
# from SIRENE is not overwritten by a declaration's identity fields (``_INSERT_IF_ABSENT``).
_UPSERT = f"""
INSERT INTO firms ({", ".join(_FIRM_COLUMNS)})
VALUES ({", ".join("?" for _ in _FIRM_COLUMNS)})
ON CONFLICT (id) DO UPDATE SET
    denomination = COALESCE(excluded.denomination, firms.denomination),
    nom_repli = excluded.nom_repli,
    enseigne = excluded.enseigne,
    code_naf = excluded.code_naf,
    libelle_naf = excluded.libelle_naf,
    adresse = excluded.adresse,
    code_postal = excluded.code_postal,
    commune = excluded.commune,
    latitude = CASE WHEN {{keep}} THEN firms.latitude ELSE excluded.latitude END,
    longitude = CASE WHEN {{keep}} THEN firms.longitude ELSE excluded.longitude END,
    precision = CASE WHEN {{keep}} THEN firms.precision ELSE excluded.precision END,
    code_commune = excluded.code_commune,
    tranche_effectif = excluded.tranche_effectif,
    categorie_entreprise = COALESCE(excluded.categorie_entreprise, firms.categorie_entreprise),
    etat = excluded.etat,
    date_creation = excluded.date_creation,
    source = excluded.source,
    registre_maj = excluded.registre_maj
""".format(
    keep="(excluded.precision = 'commune' AND firms.precision IN ('adresse', 'rue') "
    "AND excluded.code_commune = firms.code_commune)"
)

_INSERT_IF_ABSENT = f"""
INSERT INTO firms ({", ".join(_FIRM_COLUMNS)})
VALUES ({", ".join("?" for _ in _FIRM_COLUMNS)})
ON CONFLICT (id) DO NOTHING
"""

_PLAIN_INSERT = f"""
INSERT INTO firms ({", ".join(_FIRM_COLUMNS)})
VALUES ({", ".join("?" for _ in _FIRM_COLUMNS)})
"""

_INDEX_INSERT = f"""
INSERT {{}} INTO firms_fts (rowid, {", ".join(INDEX_COLUMNS)})
VALUES ({", ".join("?" for _ in range(len(INDEX_COLUMNS) + 1))})
"""
_INDEX_NEW = _INDEX_INSERT.format("")
_INDEX_REPLACE = _INDEX_INSERT.format("OR REPLACE")

_INDEX_SOURCE = """
SELECT f.id, f.denomination, f.nom_repli, f.enseigne, f.code_naf, f.latitude, f.longitude,
       f.etat, d.mots_cles_fts, d.statut
FROM firms f LEFT JOIN declarations d ON d.id = f.id
WHERE f.id IN (SELECT value FROM json_each(?))
ORDER BY f.id
"""


def _filter_words_v2(
    etat: str | None, code_naf: str | None, cell: int | None, statut: str | None
) -> str:
    """Filter words as migration 2 wrote them (with a word for the state); kept so that
    migration can still run on a base at version 1. The tables of migrations 2 and 3 are
    rebuilt by migration 5, so today's :func:`filter_words` stands in for theirs."""
    words = filter_words(code_naf, cell, statut)
    return ("etatactif " + words).strip() if etat == "actif" else words


@lru_cache(maxsize=4096)
def _normalise_label(label: str | None) -> str:
    return searchable_text(label)


def _index_columns_json(*fields: object) -> str:
    return json.dumps(index_columns(*fields))  # type: ignore[arg-type]


def prepare(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Register the SQL functions the register's statements use (once per connection)."""
    conn.create_function("clair_normalise", 1, searchable_text_fast, deterministic=True)
    conn.create_function("clair_normalise_label", 1, _normalise_label, deterministic=True)
    conn.create_function("clair_filtres", 4, _filter_words_v2, deterministic=True)
    conn.create_function("clair_filtres", 3, filter_words, deterministic=True)
    conn.create_function("clair_index_columns", 9, _index_columns_json, deterministic=True)
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Create or upgrade the register's tables; return how many steps were applied."""
    return migrate_component(prepare(conn), COMPONENT, STEPS)


def _column_values(column: pd.Series) -> list:
    """A column as Python values for SQLite, None for missing ones."""
    if pd.api.types.is_integer_dtype(column.dtype):
        return column.tolist()
    if pd.api.types.is_float_dtype(column.dtype):
        return [None if v != v else v for v in column.tolist()]
    return column.to_numpy(dtype=object, na_value=None).tolist()


@dataclass
class FirmRows:
    """A batch of firms ready to write: the rows of ``firms`` and of ``firms_fts``, in
    increasing id order. Built without the base (:func:`firm_rows`), so another process can
    prepare a batch while this one writes the previous one."""

    ids: list[int]
    firms: list[tuple]
    index: list[tuple]


def firm_rows(firms: pd.DataFrame, legal: dict[str, str] | None = None) -> FirmRows:
    """The rows of a batch of firms (from :func:`~suppliers.firm.firms_from_records`), with
    the names of ``StockUniteLegale`` given to firms without one (``legal``: SIREN → name,
    :func:`legal_names`)."""
    if legal:
        firms = firms.assign(denomination=firms["denomination"].fillna(firms["siren"].map(legal)))
    stamp = [utc_stamp()] * len(firms)
    columns = [stamp if c == "registre_maj" else _column_values(firms[c]) for c in _FIRM_COLUMNS]
    rows = list(zip(*columns, strict=True))
    index = index_rows(firms)
    if not firms["id"].is_monotonic_increasing:
        # FTS5 and the table's B-tree write fastest in increasing id order.
        rows.sort(key=_first)
        index.sort(key=_first)
    return FirmRows(ids=[row[0] for row in rows], firms=rows, index=index)


def _first(row: tuple) -> int:
    return row[0]


def reindex(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    """Rebuild the full-text rows of these firms from what is stored (inside a transaction).
    FTS5 writes fastest in increasing rowid order, hence the sort."""
    rows = conn.execute(_INDEX_SOURCE, (json.dumps(sorted(ids)),)).fetchall()
    conn.executemany(_INDEX_REPLACE, [(row[0], *index_columns(*row[1:])) for row in rows])


def legal_names(conn: sqlite3.Connection, sirens: Iterable[str]) -> dict[str, str]:
    """Names from ``StockUniteLegale`` for these SIRENs (empty when none was imported)."""
    if conn.execute("SELECT 1 FROM legal_units LIMIT 1").fetchone() is None:
        return {}
    rows = conn.execute(
        "SELECT siren, denomination FROM legal_units "
        "WHERE siren IN (SELECT value FROM json_each(?))",
        (json.dumps(list(dict.fromkeys(sirens))),),
    )
    return dict(rows.fetchall())


def write_rows(conn: sqlite3.Connection, rows: FirmRows, *, overwrite: bool = True) -> int:
    """Write a batch in one transaction; return how many firms were written.

    New firms are inserted with their prepared full-text rows. Firms already in the register
    get the merge rule of ``_UPSERT`` (with ``overwrite``, register imports) or are left as
    they are (without, a declaration's identity); their full-text rows are then rebuilt from
    what is stored. Declarations and verifications are never touched.
    """
    if not rows.ids:
        return 0
    with transaction(conn):
        # Which firms are already stored, and the fields their full-text row is made of.
        before = _indexed_fields(conn, rows.ids)
        existing = before.keys()
        if not existing:
            conn.executemany(_PLAIN_INSERT, rows.firms)
            conn.executemany(_INDEX_NEW, rows.index)
            return len(rows.ids)
        new = [i for i, firm_id in enumerate(rows.ids) if firm_id not in existing]
        conn.executemany(_PLAIN_INSERT, [rows.firms[i] for i in new])
        conn.executemany(_INDEX_NEW, [rows.index[i] for i in new])
        if not overwrite:
            return len(new)
        ids = sorted(existing)
        conn.executemany(_UPSERT, [row for row in rows.firms if row[0] in existing])
        # Only firms whose indexed fields changed get a new full-text row: a monthly update
        # of the register changes few of them, and rewriting an FTS5 row costs a delete.
        after = _indexed_fields(conn, ids)
        reindex(conn, [firm_id for firm_id in ids if before.get(firm_id) != after.get(firm_id)])
    return len(rows.ids)


_INDEXED_FIELDS = f"""
SELECT {", ".join(INDEX_SOURCE_COLUMNS)}
FROM firms WHERE id IN (SELECT value FROM json_each(?))
"""
"""The register fields a firm's full-text row is made of (with its declaration, which a
register import does not touch)."""


def _indexed_fields(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple]:
    cursor = conn.cursor()
    cursor.row_factory = None
    return {row[0]: row for row in cursor.execute(_INDEXED_FIELDS, (json.dumps(ids),))}


def upsert_firms(conn: sqlite3.Connection, firms: pd.DataFrame, *, overwrite: bool = True) -> int:
    """Write a batch of firms (from :func:`~suppliers.firm.firms_from_records`) in one
    transaction and index them; return how many rows were written (:func:`write_rows`)."""
    if firms.empty:
        return 0
    return write_rows(
        conn, firm_rows(firms, legal_names(conn, firms["siren"])), overwrite=overwrite
    )


_IDS_OF_SIRENS = """
SELECT f.id FROM json_each(?) AS s
JOIN firms f ON f.id BETWEEN s.value * 100000 AND s.value * 100000 + 99999
"""


def upsert_legal_units(conn: sqlite3.Connection, units: pd.DataFrame) -> int:
    """Store legal-unit names and categories (columns ``siren``, ``denomination`` and
    optionally ``categorie_entreprise``) and give them to the firms of the register that have
    these SIRENs; return how many firms were renamed."""
    if "categorie_entreprise" not in units.columns:
        units = units.assign(categorie_entreprise=None)
    units = units.dropna(subset=["denomination"])
    units = units[units["siren"].str.fullmatch(r"\d{9}")]
    if units.empty:
        return 0
    stamp = utc_stamp()
    with transaction(conn):
        conn.executemany(
            "INSERT INTO legal_units (siren, denomination, categorie_entreprise, maj) "
            "VALUES (?, ?, ?, ?) "
            "ON CONFLICT (siren) DO UPDATE SET denomination = excluded.denomination, "
            "categorie_entreprise = excluded.categorie_entreprise, maj = excluded.maj",
            [
                (s, d, None if c != c else c, stamp)
                for s, d, c in zip(
                    units["siren"],
                    units["denomination"],
                    units["categorie_entreprise"],
                    strict=True,
                )
            ],
        )
        sirens = json.dumps([int(s) for s in units["siren"]])
        ids = [row[0] for row in conn.execute(_IDS_OF_SIRENS, (sirens,))]
        conn.execute(
            "UPDATE firms SET (denomination, categorie_entreprise) = (SELECT l.denomination, "
            "COALESCE(l.categorie_entreprise, firms.categorie_entreprise) FROM legal_units l "
            "WHERE l.siren = firms.siren) WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        reindex(conn, ids)
    return len(ids)


def count_firms(conn: sqlite3.Connection) -> int:
    """How many establishments the register holds."""
    return int(conn.execute("SELECT COUNT(*) FROM firms").fetchone()[0])


_SELECT_FIRMS = """
SELECT f.siret, f.siren, f.nom, f.enseigne, f.code_naf, f.libelle_naf, f.adresse,
       f.code_commune, f.code_postal, f.commune, f.latitude, f.longitude, f.precision,
       f.tranche_effectif, f.categorie_entreprise, f.etat, f.date_creation, f.source,
       f.registre_maj, d.mots_cles, d.description, d.zone_livraison, d.rayon_livraison_km, d.contact,
       d.source AS declaration_source, d.maj AS declaration_maj,
       d.statut AS statut_verification, d.verifie_par, d.verifie_le,
       d.motif AS motif_verification
FROM firms f LEFT JOIN declarations d ON d.id = f.id
"""


def firm_from_row(row: sqlite3.Row) -> Firm:
    """A :class:`Firm` from a row of ``_SELECT_FIRMS``."""
    data = dict(row)
    data["mots_cles"] = json.loads(data["mots_cles"]) if data["mots_cles"] else []
    return Firm.model_validate(data)


def get_firms(conn: sqlite3.Connection, sirets: Sequence[str]) -> dict[str, Firm]:
    """The firms with these SIRETs that are in the register, by SIRET."""
    ids = [int(s) for s in sirets if s.isdigit() and len(s) == 14]
    if not ids:
        return {}
    rows = conn.execute(
        _SELECT_FIRMS + " WHERE f.id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
    )
    return {row["siret"]: firm_from_row(row) for row in rows}


def get_firm(conn: sqlite3.Connection, siret: str) -> Firm | None:
    """The firm with this SIRET, or None."""
    return get_firms(conn, [siret.strip()]).get(siret.strip())


def firms_of_siren(conn: sqlite3.Connection, siren: str) -> list[Firm]:
    """Every establishment of one firm (SIREN)."""
    if not (len(siren) == 9 and siren.isdigit()):
        return []
    first = int(siren) * 100_000
    rows = conn.execute(
        _SELECT_FIRMS + " WHERE f.id BETWEEN ? AND ? ORDER BY f.id", (first, first + 99_999)
    )
    return [firm_from_row(row) for row in rows]


FACT_COLUMNS = (
    "id",
    "nom",
    "commune",
    "latitude",
    "longitude",
    "code_naf",
    "tranche_effectif",
    "categorie_entreprise",
    "etat",
)
"""The columns of :func:`firm_facts`."""

_FACTS = """
SELECT f.id, f.nom, f.commune, f.latitude, f.longitude, f.code_naf, f.tranche_effectif,
       COALESCE(f.categorie_entreprise, l.categorie_entreprise), f.etat
FROM firms f LEFT JOIN legal_units l ON l.siren = f.siren
WHERE f.id IN (SELECT value FROM json_each(?))
"""


def firm_facts(conn: sqlite3.Connection, ids: Iterable[int]) -> pd.DataFrame:
    """Name, place, activity and size of the firms with these SIRETs (as integers) that are in
    the register, one row each (columns :data:`FACT_COLUMNS`); the firm category comes from
    the establishment's record or else from its legal unit."""
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(_FACTS, (json.dumps(sorted({int(i) for i in ids})),)).fetchall()
    return pd.DataFrame(rows, columns=list(FACT_COLUMNS))
