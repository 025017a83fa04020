"""The officers' decisions on proposals, kept in the base: which rewrite rules are trusted.

Each decided proposal gives one row per rule it holds (a sentence may hold a cut and a change to
the active voice). The statistics count, per rule, how often it was proposed to an officer and
how often the proposal was accepted, edited or rejected.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from pydantic import BaseModel, Field

import storage
from falc.review import Decision, Proposal

STEPS = [
    """
    CREATE TABLE falc_decisions (
        id INTEGER PRIMARY KEY,
        travail TEXT NOT NULL,
        document TEXT NOT NULL,
        proposition TEXT NOT NULL,
        regle TEXT NOT NULL,
        choix TEXT NOT NULL CHECK (choix IN ('acceptée', 'modifiée', 'refusée', 'sans décision')),
        texte TEXT,
        decide_le TEXT NOT NULL,
        UNIQUE (travail, proposition, regle)
    );
    CREATE INDEX falc_decisions_regle ON falc_decisions (regle);
    """,
]
"""Append-only migrations of the ``falc_decisions`` component."""


def migrate(conn: sqlite3.Connection) -> int:
    return storage.migrate(conn, "falc_decisions", STEPS)


class RuleStatistics(BaseModel):
    """How the officers received one rewrite rule's proposals."""

    regle: str = Field(description="Code de la réécriture.")
    proposees: int = Field(description="Propositions montrées à un agent et enregistrées.")
    acceptees: int
    modifiees: int
    refusees: int
    sans_decision: int = Field(description="Propositions laissées sans décision.")
    taux_acceptation: float | None = Field(
        description="Part des propositions acceptées telles quelles (de 0 à 1) ; "
        "null si la règle n'a rien proposé."
    )


def record_decisions(
    conn: sqlite3.Connection,
    travail: str,
    document: str,
    proposals: Iterable[Proposal],
    decisions: Iterable[Decision],
) -> int:
    """Store the decisions on the proposals of one rewrite job (``travail``); a proposal
    without a decision counts as « sans décision ». Deciding again replaces the earlier
    choice. Returns the number of rows written."""
    chosen = {d.id: d for d in decisions}
    stamp = storage.utc_stamp()
    rows = []
    for proposal in proposals:
        decision = chosen.get(proposal.id)
        choice = decision.choix if decision else "sans décision"
        text = decision.texte if decision and decision.choix == "modifiée" else None
        rows += [
            (travail, document, proposal.id, rule, choice, text, stamp) for rule in proposal.regles
        ]
    with storage.transaction(conn):
        conn.executemany(
            "INSERT INTO falc_decisions "
            "(travail, document, proposition, regle, choix, texte, decide_le) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (travail, proposition, regle) "
            "DO UPDATE SET choix = excluded.choix, texte = excluded.texte, "
            "decide_le = excluded.decide_le",
            rows,
        )
    return len(rows)


def decisions_of(conn: sqlite3.Connection, travail: str) -> list[Decision]:
    """The decisions stored for one job, one per decided proposal, edited sentences included."""
    rows = conn.execute(
        "SELECT DISTINCT proposition, choix, texte FROM falc_decisions "
        "WHERE travail = ? AND choix != 'sans décision' ORDER BY proposition",
        (travail,),
    ).fetchall()
    return [Decision(id=row[0], choix=row[1], texte=row[2]) for row in rows]


def rule_statistics(conn: sqlite3.Connection) -> list[RuleStatistics]:
    """Each rule's counts and acceptance rate, the most proposed first."""
    rows = conn.execute(
        """
        SELECT regle, COUNT(*),
               SUM(choix = 'acceptée'), SUM(choix = 'modifiée'),
               SUM(choix = 'refusée'), SUM(choix = 'sans décision')
        FROM falc_decisions GROUP BY regle ORDER BY COUNT(*) DESC, regle
        """
    ).fetchall()
    return [
        RuleStatistics(
            regle=regle,
            proposees=total,
            acceptees=accepted,
            modifiees=edited,
            refusees=rejected,
            sans_decision=undecided,
            taux_acceptation=accepted / total if total else None,
        )
        for regle, total, accepted, edited, rejected, undecided in rows
    ]
