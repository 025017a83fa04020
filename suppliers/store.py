"""The firms register in the shared SQLite base: tables, writes that keep what was declared and
verified, and reads back to :class:`~suppliers.firm.Firm`.

Tables (component ``suppliers``):

* ``firms``: register fields, one row per SIRET (``id`` is the SIRET as an integer, so the
  full-text and spatial indexes share the same key without a look-up);
* ``firms_fts``: FTS5 over normalised (folded, stemmed) names, enseignes, NAF labels and
  declared keywords, with separate columns for closed establishments, and a column of filter
  words (NAF prefixes, verification, grid square: :func:`filter_words`);
* a spatial index for radius queries: ``firms.cell`` numbers the 0.1° × 0.1° grid square of
  a firm's position (:data:`CELL_DEG`) and is a word of the firm's full-text row; a radius
  query matches the squares that cover its bounding box, then keeps the firms within the
  exact great-circle distance. (An R*Tree was measured three times slower to fill.)
* ``legal_units``: names from INSEE's ``StockUniteLegale``, joined by SIREN;
* ``declarations``: what a firm declared and its verification state; never touched by a
  register import;
* ``verifications``: every officer's decision (who, when, status, why), append-only.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache

import pandas as pd

from suppliers.firm import Firm
from suppliers.storage import migrate as migrate_component
from suppliers.storage import transaction
from suppliers.textsearch import STOP_WORDS, fold, normalise, stem

COMPONENT = "suppliers"

# The full-text row of each firm. An active firm's words go to nom, enseigne, activite,
# mots_cles and its filter words to filtres; a closed firm's to nom_ferme, autres_ferme and
# filtres_ferme. ``{where}`` selects the firms to (re)index.
_INDEX_ROWS = """
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
    + _INDEX_ROWS.format(where="")
    + ";",
    # 4: NAF codes and grid squares are searched through the full-text index now.
    """
    DROP INDEX firms_code_naf;
    DROP INDEX firms_cell;
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

_REINDEX = _INDEX_ROWS.format(where="WHERE f.id IN (SELECT value FROM json_each(?))")

CELL_DEG = 0.1
"""Side of the grid squares of the spatial index, in degrees (about 11 km × 7 km at 50° N);
the formula is in the ``firms.cell`` column of the schema."""
CELLS_PER_ROW = 3600


def now() -> str:
    """The current time, UTC, ISO 8601 to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ASCII_WORD = re.compile(r"[0-9a-z]+")
# Folding, character by character, of Latin-1 and Latin Extended-A (accented capitals of
# SIRENE names): built with textsearch.fold itself, so the fast path cannot drift from it.
_LATIN_FOLD = str.maketrans({chr(c): fold(chr(c)) for c in range(0x80, 0x250)})


def normalise_fast(text: str | None) -> str:
    """:func:`suppliers.textsearch.normalise`, faster on the names of a register: accented
    Latin letters are folded with one ``str.translate`` instead of Unicode decomposition.
    Text still not ASCII afterwards goes through ``normalise``. Same result, a test checks it."""
    if not text:
        return ""
    if not text.isascii():
        text = text.translate(_LATIN_FOLD)
        if not text.isascii():
            return normalise(text)
    return " ".join(stem(w) for w in _ASCII_WORD.findall(text.lower()) if w not in STOP_WORDS)


@lru_cache(maxsize=4096)
def _normalise_label(label: str | None) -> str:
    return normalise(label)


def verified_token() -> str:
    """The filter word of a firm whose declaration an officer verified."""
    return "verifie"


def naf_token(prefix: str) -> str:
    """The filter word of a NAF code or prefix: "43.21A" → "naf4321a", "43" → "naf43"."""
    return "naf" + prefix.replace(".", "").lower()


def cell_token(cell: int) -> str:
    """The filter word of a grid square of the spatial index."""
    return f"cell{cell}"


@lru_cache(maxsize=2048)
def _naf_words(code_naf: str) -> str:
    return " ".join(naf_token(code_naf[:n]) for n in (2, 4, 5, 6) if len(code_naf) >= n)


def filter_words(code_naf: str | None, cell: int | None, statut: str | None) -> str:
    """The filter words of a firm: every prefix of its NAF code (division, group, class,
    sub-class), verification and grid square. Letters and digits only, so the FTS5 tokenizer
    keeps each one whole, and none is a French word."""
    words = [_naf_words(code_naf)] if code_naf else []
    if statut == "vérifié":
        words.append(verified_token())
    if cell is not None:
        words.append(cell_token(int(cell)))
    return " ".join(words)


def _filter_words_v2(
    etat: str | None, code_naf: str | None, cell: int | None, statut: str | None
) -> str:
    """Filter words as migration 2 wrote them (with a word for the state); kept so that
    migration can still run on a base at version 1."""
    words = filter_words(code_naf, cell, statut)
    return ("etatactif " + words).strip() if etat == "actif" else words


def prepare(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Register the SQL functions the register's statements use (once per connection)."""
    conn.create_function("clair_normalise", 1, normalise_fast, deterministic=True)
    conn.create_function("clair_normalise_label", 1, _normalise_label, deterministic=True)
    conn.create_function("clair_filtres", 4, _filter_words_v2, deterministic=True)
    conn.create_function("clair_filtres", 3, filter_words, deterministic=True)
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Create or upgrade the register's tables; return how many steps were applied."""
    return migrate_component(prepare(conn), COMPONENT, STEPS)


def _rows(firms: pd.DataFrame, stamp: str) -> list[tuple]:
    frame = firms.assign(registre_maj=stamp).reindex(columns=_FIRM_COLUMNS)
    return frame.astype(object).where(frame.notna(), None).to_numpy().tolist()


def reindex(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    """Rebuild the full-text entries of these firms (inside a transaction). FTS5 writes
    fastest in increasing rowid order, hence the sort."""
    prepare(conn)
    conn.execute(_REINDEX, (json.dumps(sorted(ids)),))


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


def upsert_firms(conn: sqlite3.Connection, firms: pd.DataFrame, *, overwrite: bool = True) -> int:
    """Write a batch of firms (from :func:`~suppliers.firm.firms_from_records`) in one
    transaction and index them; return how many rows were written.

    With ``overwrite`` (register imports) existing register fields are updated; without it
    (a declaration's identity) a firm already in the register is left as it is. Declarations
    and verifications are never touched.
    """
    if firms.empty:
        return 0
    firms = firms.sort_values("id")
    names = legal_names(conn, firms["siren"])
    if names:
        firms["denomination"] = firms["denomination"].fillna(firms["siren"].map(names))
    rows = _rows(firms, now())
    with transaction(conn):
        conn.executemany(_UPSERT if overwrite else _INSERT_IF_ABSENT, rows)
        reindex(conn, firms["id"].tolist())
    return len(rows)


def upsert_legal_units(conn: sqlite3.Connection, units: pd.DataFrame) -> int:
    """Store legal-unit names (columns ``siren``, ``denomination``) and give them to the
    firms of the register that have these SIRENs; return how many firms were renamed."""
    units = units.dropna(subset=["denomination"])
    if units.empty:
        return 0
    stamp = now()
    with transaction(conn):
        conn.executemany(
            "INSERT INTO legal_units (siren, denomination, maj) VALUES (?, ?, ?) "
            "ON CONFLICT (siren) DO UPDATE SET denomination = excluded.denomination, "
            "maj = excluded.maj",
            [(s, d, stamp) for s, d in zip(units["siren"], units["denomination"], strict=True)],
        )
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM firms WHERE siren IN (SELECT value FROM json_each(?))",
                (json.dumps(units["siren"].tolist()),),
            )
        ]
        conn.execute(
            "UPDATE firms SET denomination = (SELECT denomination FROM legal_units l "
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
       f.tranche_effectif, f.etat, f.date_creation, f.source, f.registre_maj,
       d.mots_cles, d.description, d.zone_livraison, d.rayon_livraison_km, d.contact,
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
    rows = conn.execute(_SELECT_FIRMS + " WHERE f.siren = ? ORDER BY f.siret", (siren,))
    return [firm_from_row(row) for row in rows]
