"""Tenders in the shared base: tables, saving with merge, reading back.

One row per notice in ``tenders`` (the full :class:`Tender` as JSON, plus the columns searches
filter on), its CPV codes in ``tender_cpv`` (prefix search by range on an index), its merge
keys in ``tender_keys`` and its searchable text in the FTS5 table ``tenders_fts``, normalised
by :func:`suppliers.textsearch.searchable_text` (folded, stemmed, stop words dropped).

Saving a notice whose merge key (see :meth:`Tender.merge_keys`) is already known merges it into
the stored one instead of adding a duplicate. Saving never deletes a stored notice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from pydantic import BaseModel, Field

import storage
from storage import utc_stamp
from suppliers.textsearch import searchable_text
from tenders.tender import Tender, merge

STEPS: list[str] = [
    """
    CREATE TABLE tenders (
        rowid            INTEGER PRIMARY KEY,
        id               TEXT NOT NULL UNIQUE,
        data             TEXT NOT NULL,
        nature           TEXT NOT NULL,
        type_marche      TEXT,
        departement      TEXT,
        date_publication TEXT,
        date_limite_utc  TEXT,
        latitude         REAL,
        longitude        REAL,
        demo             INTEGER NOT NULL DEFAULT 0,
        imported_at      TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    );
    CREATE INDEX tenders_date_limite ON tenders (date_limite_utc);
    CREATE INDEX tenders_departement ON tenders (departement);
    CREATE INDEX tenders_latitude ON tenders (latitude);
    CREATE INDEX tenders_imported ON tenders (imported_at);
    CREATE TABLE tender_cpv (
        code         TEXT NOT NULL,
        tender_rowid INTEGER NOT NULL REFERENCES tenders (rowid) ON DELETE CASCADE,
        PRIMARY KEY (code, tender_rowid)
    ) WITHOUT ROWID;
    CREATE INDEX tender_cpv_tender ON tender_cpv (tender_rowid);
    CREATE TABLE tender_keys (
        key          TEXT PRIMARY KEY,
        tender_rowid INTEGER NOT NULL REFERENCES tenders (rowid) ON DELETE CASCADE,
        source       TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX tender_keys_tender ON tender_keys (tender_rowid);
    CREATE VIRTUAL TABLE tenders_fts USING fts5 (texte, tokenize = 'unicode61');
    CREATE TABLE tender_searches (
        id         TEXT PRIMARY KEY,
        user_id    INTEGER,
        nom        TEXT NOT NULL,
        query      TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX tender_searches_user ON tender_searches (user_id);
    """,
    # 2: the notice's state, so that a cancelled call for tenders is never listed as open.
    """
    ALTER TABLE tenders ADD COLUMN etat TEXT;
    UPDATE tenders SET etat = json_extract(data, '$.etat');
    """,
    # 3: an R*Tree of the points, so a radius search reads only the notices in its box.
    """
    CREATE VIRTUAL TABLE tenders_geo USING rtree (id, min_lat, max_lat, min_lon, max_lon);
    INSERT INTO tenders_geo (id, min_lat, max_lat, min_lon, max_lon)
        SELECT rowid, latitude, latitude, longitude, longitude FROM tenders
        WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
    """,
    # 4: the notice's JSON moves to its own table, so the rows that searches filter and sort
    # stay narrow (about 100 bytes instead of 2 KB: 200,000 notices fit in the page cache);
    # an index serves the newest-first listing.
    """
    CREATE TABLE tender_docs (rowid INTEGER PRIMARY KEY, data TEXT NOT NULL);
    INSERT INTO tender_docs (rowid, data) SELECT rowid, data FROM tenders;
    ALTER TABLE tenders DROP COLUMN data;
    CREATE INDEX tenders_date_publication ON tenders (date_publication);
    """,
    # 5: award data for the local-economy dashboard (tenders.awards): one narrow row per
    # contract and one per winner. Rows are appended in id order (cheap to write whatever the
    # size); the one index that grows at random is the DECP key (buyer SIRET + the buyer's
    # contract id), which also serves per-buyer reads. A contract's winners follow its id.
    """
    CREATE TABLE awards (
        id            INTEGER PRIMARY KEY,
        acheteur      INTEGER NOT NULL,
        ref           TEXT NOT NULL,
        annee         INTEGER,
        code_cpv      TEXT,
        division      TEXT,
        procedure     TEXT,
        montant_eur   REAL,
        offres_recues INTEGER,
        clause_sociale INTEGER,
        clause_environnementale INTEGER,
        modifications INTEGER NOT NULL DEFAULT 0,
        format        TEXT NOT NULL,
        demo          INTEGER NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX awards_cle ON awards (acheteur, ref);
    CREATE TABLE award_winners (
        award_id    INTEGER NOT NULL,
        rang        INTEGER NOT NULL,
        siret       INTEGER,
        identifiant TEXT,
        nom         TEXT,
        part        REAL NOT NULL,
        PRIMARY KEY (award_id, rang)
    ) WITHOUT ROWID;
    CREATE TABLE award_buyers (
        siret INTEGER PRIMARY KEY,
        nom   TEXT
    );
    """,
]


def migrate(conn: sqlite3.Connection) -> int:
    """Create or upgrade the tenders tables; return how many steps were applied."""
    return storage.migrate(conn, "tenders", STEPS)


class SaveReport(BaseModel):
    ajoutes: int = Field(0, description="Avis nouveaux.")
    fusionnes: int = Field(0, description="Avis déjà connus (même avis, autre source) complétés.")
    mis_a_jour: int = Field(0, description="Avis de même identifiant remplacés (nouvelle version).")


def search_text(tender: Tender) -> str:
    """The normalised words a keyword search matches: title, object, lots, buyer, commune.

    CPV labels are left out: only division labels ship, and they are too broad ("Mobilier"
    and "produits de nettoyage" share division 39), so they would blur keyword results.
    """
    parts = [tender.titre, tender.objet, tender.acheteur.nom, tender.lieu.commune]
    for lot in tender.lots:
        parts += [lot.titre, lot.description]
    return searchable_text(" ".join(p for p in parts if p))


def _find_existing(conn: sqlite3.Connection, tender: Tender) -> int | None:
    row = conn.execute("SELECT rowid FROM tenders WHERE id = ?", (tender.id,)).fetchone()
    if row:
        return int(row[0])
    for key in tender.merge_keys():
        row = conn.execute(
            "SELECT tender_rowid, source FROM tender_keys WHERE key = ?", (key,)
        ).fetchone()
        # Within one source each notice has its own id: two ids are two notices (the lots of
        # one procedure often share buyer, object and date), except for the DECP key, which
        # recognises one contract republished by two DECP aggregators.
        if row and (row[1] != tender.source or key.startswith("decp:")):
            return int(row[0])
    return None


def _write(conn: sqlite3.Connection, tender: Tender, rowid: int | None, now: str) -> int:
    values = (
        tender.id,
        tender.nature,
        tender.type_marche,
        tender.lieu.departement,
        tender.date_publication.isoformat() if tender.date_publication else None,
        utc_stamp(tender.date_limite) if tender.date_limite else None,
        tender.lieu.latitude,
        tender.lieu.longitude,
        int(tender.demo),
        tender.etat,
    )
    if rowid is None:
        cursor = conn.execute(
            "INSERT INTO tenders (id, nature, type_marche, departement, date_publication, "
            "date_limite_utc, latitude, longitude, demo, etat, imported_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, now, now),
        )
        rowid = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT INTO tender_docs (rowid, data) VALUES (?, ?)", (rowid, tender.model_dump_json())
        )
    else:
        conn.execute(
            "UPDATE tenders SET id = ?, nature = ?, type_marche = ?, departement = ?, "
            "date_publication = ?, date_limite_utc = ?, latitude = ?, longitude = ?, demo = ?, "
            "etat = ?, updated_at = ? WHERE rowid = ?",
            (*values, now, rowid),
        )
        conn.execute(
            "UPDATE tender_docs SET data = ? WHERE rowid = ?", (tender.model_dump_json(), rowid)
        )
        conn.execute("DELETE FROM tender_cpv WHERE tender_rowid = ?", (rowid,))
        conn.execute("DELETE FROM tenders_fts WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM tenders_geo WHERE id = ?", (rowid,))
    conn.executemany(
        "INSERT OR IGNORE INTO tender_cpv (code, tender_rowid) VALUES (?, ?)",
        [(code, rowid) for code in tender.codes_cpv],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO tender_keys (key, tender_rowid, source) VALUES (?, ?, ?)",
        [(key, rowid, tender.source) for key in tender.merge_keys()],
    )
    conn.execute(
        "INSERT INTO tenders_fts (rowid, texte) VALUES (?, ?)", (rowid, search_text(tender))
    )
    lat, lon = tender.lieu.latitude, tender.lieu.longitude
    if lat is not None and lon is not None:
        conn.execute(
            "INSERT INTO tenders_geo (id, min_lat, max_lat, min_lon, max_lon) VALUES (?, ?, ?, ?, ?)",
            (rowid, lat, lat, lon, lon),
        )
    return rowid


def save_tenders(conn: sqlite3.Connection, tenders: Iterable[Tender]) -> SaveReport:
    """Store notices in one transaction, merging those already known (see module doc).

    The same id replaces the stored version (a newer copy of the same notice), keeping what
    only the stored one knew; another id with a shared merge key is merged into the stored
    notice, which keeps its id.
    """
    report = SaveReport()
    now = utc_stamp()
    with storage.transaction(conn):
        for tender in tenders:
            rowid = _find_existing(conn, tender)
            if rowid is None:
                _write(conn, tender, None, now)
                report.ajoutes += 1
                continue
            stored = _load(conn, rowid)
            if stored.id == tender.id:
                kept = merge(tender, stored)
                report.mis_a_jour += 1
            else:
                kept = merge(stored, tender)
                report.fusionnes += 1
            _write(conn, kept, rowid, now)
    return report


def _load(conn: sqlite3.Connection, rowid: int) -> Tender:
    row = conn.execute("SELECT data FROM tender_docs WHERE rowid = ?", (rowid,)).fetchone()
    return Tender.model_validate_json(row[0])


def get_tender(conn: sqlite3.Connection, tender_id: str) -> Tender | None:
    """The stored notice with this id (or a merged-in id such as ``idweb:…``), or None."""
    row = conn.execute(
        "SELECT d.data FROM tenders t JOIN tender_docs d ON d.rowid = t.rowid WHERE t.id = ?",
        (tender_id,),
    ).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT d.data FROM tender_keys k JOIN tender_docs d ON d.rowid = k.tender_rowid "
            "WHERE k.key = ?",
            (tender_id,),
        ).fetchone()
    return Tender.model_validate_json(row[0]) if row else None


def tenders_by_rowid(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, Tender]:
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    rows = conn.execute(f"SELECT rowid, data FROM tender_docs WHERE rowid IN ({marks})", rowids)
    return {int(r[0]): Tender.model_validate_json(r[1]) for r in rows}


def count_tenders(conn: sqlite3.Connection, *, demo: bool | None = None) -> int:
    if demo is None:
        return int(conn.execute("SELECT COUNT(*) FROM tenders").fetchone()[0])
    return int(
        conn.execute("SELECT COUNT(*) FROM tenders WHERE demo = ?", (int(demo),)).fetchone()[0]
    )
