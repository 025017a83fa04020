"""Changes to a verified record wait as revisions until an officer accepts them.

Once an officer has verified what a firm declared, a later change by the firm does not replace
it: it is stored here as a revision « en attente ». The public record keeps the verified values
until an officer accepts the revision (:func:`suppliers.declarations.decide_revision`). Each
revision keeps both the values it proposes and the verified values it would replace, so the
history shows both whatever is decided. A firm has at most one revision waiting: a newer
change replaces the waiting one (which stays in the history as « remplacée »).

Table ``revisions`` (component ``suppliers``, migration 6 in :mod:`suppliers.store`).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Literal

from pydantic import BaseModel, Field

from storage import utc_stamp

RevisionStatus = Literal["en attente", "acceptée", "refusée", "remplacée"]

CONTENT_FIELDS: dict[str, str] = {
    "nom_declare": "Nom",
    "code_commune_declare": "Commune (code INSEE)",
    "code_naf_declare": "Code d'activité (NAF)",
    "mots_cles": "Mots-clés",
    "description": "Description",
    "zone_livraison": "Zone de livraison",
    "rayon_livraison_km": "Distance de livraison (km)",
    "contact": "Contact",
}
"""The declared columns a revision carries, with the French label an officer reads."""


class Change(BaseModel):
    """One field a revision changes."""

    champ: str
    libelle: str
    avant: str = Field(description="Valeur vérifiée, affichée au public.")
    apres: str = Field(description="Valeur proposée par l'entreprise.")


class Revision(BaseModel):
    """A change proposed to a verified record."""

    id: int
    siret: str
    statut: RevisionStatus
    propose_par: str | None
    propose_le: str
    decide_par: str | None = None
    decide_le: str | None = None
    motif: str | None = None
    contenu: dict[str, Any] = Field(description="Les valeurs proposées (colonnes déclarées).")
    verifie: dict[str, Any] = Field(description="Les valeurs vérifiées qu'elle remplacerait.")

    @property
    def changes(self) -> list[Change]:
        return [
            Change(champ=name, libelle=label, avant=_shown(name, before), apres=_shown(name, after))
            for name, label in CONTENT_FIELDS.items()
            if (before := self.verifie.get(name)) != (after := self.contenu.get(name))
        ]


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "(vide)"
    if name == "mots_cles":
        words = json.loads(value) if isinstance(value, str) else value
        return ", ".join(words) if words else "(vide)"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_COLUMNS = (
    "id, firm_id, statut, contenu, verifie, propose_par, propose_le, decide_par, decide_le, motif"
)


def _revision(row: sqlite3.Row) -> Revision:
    return Revision(
        id=row["id"],
        siret=str(row["firm_id"]).zfill(14),
        statut=row["statut"],
        propose_par=row["propose_par"],
        propose_le=row["propose_le"],
        decide_par=row["decide_par"],
        decide_le=row["decide_le"],
        motif=row["motif"],
        contenu=json.loads(row["contenu"]),
        verifie=json.loads(row["verifie"]),
    )


def propose(
    conn: sqlite3.Connection,
    firm_id: int,
    content: dict[str, Any],
    verified: dict[str, Any],
    *,
    par: str | None,
) -> Revision:
    """Store a change to a verified record as the firm's one waiting revision (inside the
    caller's transaction)."""
    stamp = utc_stamp()
    withdraw(conn, firm_id, stamp=stamp)
    cursor = conn.execute(
        "INSERT INTO revisions (firm_id, statut, contenu, verifie, propose_par, propose_le) "
        "VALUES (?, 'en attente', ?, ?, ?, ?)",
        (
            firm_id,
            json.dumps(content, ensure_ascii=False),
            json.dumps(verified, ensure_ascii=False),
            par,
            stamp,
        ),
    )
    revision = get_revision(conn, int(cursor.lastrowid or 0))
    assert revision is not None
    return revision


def withdraw(conn: sqlite3.Connection, firm_id: int, *, stamp: str | None = None) -> None:
    """The waiting revision of this firm, if any, is replaced (a newer change, or none)."""
    conn.execute(
        "UPDATE revisions SET statut = 'remplacée', decide_le = ? "
        "WHERE firm_id = ? AND statut = 'en attente'",
        (stamp or utc_stamp(), firm_id),
    )


def close(
    conn: sqlite3.Connection, revision_id: int, statut: str, *, par: str, motif: str | None
) -> None:
    """Record an officer's decision on a waiting revision (inside the caller's transaction)."""
    conn.execute(
        "UPDATE revisions SET statut = ?, decide_par = ?, decide_le = ?, motif = ? WHERE id = ?",
        (statut, par, utc_stamp(), motif, revision_id),
    )


def get_revision(conn: sqlite3.Connection, revision_id: int) -> Revision | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM revisions WHERE id = ?", (revision_id,)).fetchone()
    return _revision(row) if row else None


def pending_revision(conn: sqlite3.Connection, siret: str) -> Revision | None:
    """The change of this establishment waiting for an officer, if any."""
    if not (siret.isascii() and siret.isdigit()):
        return None
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM revisions WHERE firm_id = ? AND statut = 'en attente'",
        (int(siret),),
    ).fetchone()
    return _revision(row) if row else None


def pending_revisions(conn: sqlite3.Connection, *, limit: int = 50) -> tuple[int, list[Revision]]:
    """How many changes wait for an officer, and the oldest ``limit`` of them."""
    total = int(
        conn.execute("SELECT COUNT(*) FROM revisions WHERE statut = 'en attente'").fetchone()[0]
    )
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM revisions WHERE statut = 'en attente' "
        "ORDER BY propose_le, id LIMIT ?",
        (limit,),
    ).fetchall()
    return total, [_revision(row) for row in rows]


def revision_history(conn: sqlite3.Connection, siret: str) -> list[Revision]:
    """Every revision proposed for this establishment, oldest first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM revisions WHERE firm_id = ? ORDER BY id", (int(siret),)
    ).fetchall()
    return [_revision(row) for row in rows]
