"""Award data in the shared base: the contracts and winners the dashboard counts.

Tables (component ``tenders``, migration 5 of :mod:`tenders.store`):

* ``awards``: one narrow row per contract (year, CPV, division, procedure, amount, bids,
  clause flags), appended in id order, with a unique index on the DECP key (buyer SIRET as
  an integer, the buyer's contract id): one buyer's contracts are one range of that index;
* ``award_winners``: one row per winner, keyed by the contract's id and the winner's rank
  (SIRET as an integer, the register's key; the raw identifier when it is not a SIRET; the
  part), so a contract's winners are written after the ones before;
* ``award_buyers``: the buyers' names as the DECP gives them.

The same contract imported twice (the DECP key: buyer SIRET + contract id, e.g. from two
aggregators, or a newer file after a modification) replaces the stored one, winners included.

A DECP file is read as a stream (:func:`tenders._decp.stream_records`): memory stays flat
whatever the file's size, and contracts are written in batches of :data:`BATCH`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from storage import page_cache, transaction
from tenders.award import Award

BATCH = 20_000
IMPORT_CACHE_MIB = 256

_INSERT_AWARD = """
INSERT INTO awards (id, acheteur, ref, annee, code_cpv, division, procedure, montant_eur,
                    offres_recues, clause_sociale, clause_environnementale, modifications,
                    format, demo)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_REPLACE_AWARD = _INSERT_AWARD.replace("INSERT INTO", "INSERT OR REPLACE INTO")
_INSERT_WINNER = (
    "INSERT INTO award_winners (award_id, rang, siret, identifiant, nom, part) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_KNOWN = """
SELECT a.acheteur, a.ref, a.id FROM json_each(?) AS k
JOIN awards a ON a.acheteur = k.value ->> 0 AND a.ref = k.value ->> 1
"""


@dataclass
class AwardCounts:
    """What one save wrote."""

    ajoutes: int = 0
    remplaces: int = 0


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def save_awards(
    conn: sqlite3.Connection, awards: Iterable[Award], *, demo: bool = False
) -> AwardCounts:
    """Store contracts in one transaction; a contract already known (same key) is replaced
    with its winners. Within the batch, the last copy of a key wins."""
    batch = {award.cle: award for award in awards}
    counts = AwardCounts()
    if not batch:
        return counts
    cursor = conn.cursor()
    cursor.row_factory = None
    rows, winners, buyers = [], [], {}
    flag = int(demo)
    with transaction(conn):
        known = {
            (buyer, ref): award_id
            for buyer, ref, award_id in cursor.execute(_KNOWN, (json.dumps(list(batch)),))
        }
        next_id = int(cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM awards").fetchone()[0])
        for award in batch.values():
            award_id = known.get(award.cle)
            if award_id is None:
                award_id, next_id = next_id, next_id + 1
            rows.append(
                (
                    award_id,
                    award.acheteur,
                    award.ref,
                    award.annee,
                    award.code_cpv,
                    award.code_cpv[:2] if award.code_cpv else None,
                    award.procedure,
                    award.montant_eur,
                    award.offres_recues,
                    _flag(award.clause_sociale),
                    _flag(award.clause_environnementale),
                    award.modifications,
                    award.format,
                    flag,
                )
            )
            for rank, w in enumerate(award.winners):
                winners.append(
                    (award_id, rank, w.siret, None if w.siret else w.identifiant, w.nom, w.part)
                )
            if award.acheteur_nom:
                buyers[award.acheteur] = award.acheteur_nom
        if known:
            cursor.executemany(
                "DELETE FROM award_winners WHERE award_id = ?", [(i,) for i in known.values()]
            )
            cursor.executemany(_REPLACE_AWARD, rows)
        else:
            cursor.executemany(_INSERT_AWARD, rows)
        cursor.executemany(_INSERT_WINNER, winners)
        if buyers:
            cursor.executemany(
                "INSERT INTO award_buyers (siret, nom) VALUES (?, ?) "
                "ON CONFLICT (siret) DO UPDATE SET nom = excluded.nom",
                list(buyers.items()),
            )
    counts.remplaces = len(known)
    counts.ajoutes = len(batch) - len(known)
    return counts


def save_in_batches(
    conn: sqlite3.Connection, awards: Iterable[Award], *, demo: bool = False
) -> AwardCounts:
    """Store a stream of contracts in batches of :data:`BATCH` (one transaction each), with a
    larger page cache for the duration."""
    total = AwardCounts()
    with page_cache(conn, IMPORT_CACHE_MIB):
        for batch in _batches(awards, BATCH):
            counts = save_awards(conn, batch, demo=demo)
            total.ajoutes += counts.ajoutes
            total.remplaces += counts.remplaces
    return total


def _batches(items: Iterable[Award], size: int) -> Iterator[list[Award]]:
    batch: list[Award] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def count_awards(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM awards").fetchone()[0])


def buyer_names(conn: sqlite3.Connection, sirets: list[int]) -> dict[int, str]:
    """The buyers' names as the DECP gives them."""
    rows = conn.execute(
        "SELECT siret, nom FROM award_buyers WHERE siret IN (SELECT value FROM json_each(?))",
        (json.dumps(sirets),),
    )
    return {int(row[0]): row[1] for row in rows}


def procedures_of(conn: sqlite3.Connection, sirets: list[int]) -> list[str]:
    """The procedures these buyers' contracts name (to match the user's spelling)."""
    rows = conn.execute(
        "SELECT DISTINCT procedure FROM awards WHERE acheteur IN "
        "(SELECT value FROM json_each(?)) AND procedure IS NOT NULL",
        (json.dumps(sirets),),
    )
    return [row[0] for row in rows]


AWARD_COLUMNS = (
    "id",  # the DECP key, "buyer:ref"
    "acheteur",
    "annee",
    "division",
    "procedure",
    "montant_eur",
    "offres_recues",
    "clause_sociale",
    "clause_environnementale",
    "rang",
    "siret",
    "identifiant",
    "nom",
    "part",
)
"""The columns of :func:`buyer_award_rows`: a contract's fields, then one winner's (the
winner's columns are None for a contract without a winner)."""


def buyer_award_rows(
    conn: sqlite3.Connection,
    sirets: list[int],
    *,
    annee_debut: int | None = None,
    annee_fin: int | None = None,
    divisions: list[str] | None = None,
    procedures: list[str] | None = None,
) -> list[tuple]:
    """One row per (contract, winner) of these buyers' contracts that pass the filters, in
    the order of :data:`AWARD_COLUMNS`. Reads one range of the DECP key's index per buyer."""
    where = ["a.acheteur IN (SELECT value FROM json_each(?))"]
    params: list[object] = [json.dumps(sirets)]
    if annee_debut is not None:
        where.append("a.annee >= ?")
        params.append(annee_debut)
    if annee_fin is not None:
        where.append("a.annee <= ?")
        params.append(annee_fin)
    if divisions:
        where.append("a.division IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(divisions))
    if procedures:
        where.append("a.procedure IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(procedures))
    sql = (
        "SELECT a.acheteur || ':' || a.ref, a.acheteur, a.annee, a.division, a.procedure, "
        "a.montant_eur, a.offres_recues, a.clause_sociale, a.clause_environnementale, "
        "w.rang, w.siret, w.identifiant, w.nom, w.part "
        "FROM awards a LEFT JOIN award_winners w ON w.award_id = a.id "
        "WHERE " + " AND ".join(where) + " ORDER BY a.id, w.rang"
    )
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params).fetchall()
