"""The jobs table, in Clair's base: what each job is, where it stands, its result or its error.

Every web worker and every job worker reads and writes here, so a job submitted through one
server process is followed from another. A job's id is random and unguessable: it is the only
key to its result. Finished jobs are kept :data:`JOB_TTL_S` seconds, then forgotten.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Literal

from storage import migrate as migrate_component

JOB_TTL_S = 3600.0
MAX_ATTEMPTS = 2
"""A job interrupted by a restart runs again once; interrupted twice, it is marked failed."""

State = Literal["en_attente", "en_cours", "termine", "erreur"]
ErrorKind = Literal["invalide", "trop_gros", "annulee", "echec"]

STEPS: tuple[str, ...] = (
    """
    CREATE TABLE jobs (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,
        label       TEXT NOT NULL,
        lane        TEXT NOT NULL,
        state       TEXT NOT NULL
                    CHECK (state IN ('en_attente', 'en_cours', 'termine', 'erreur')),
        message     TEXT NOT NULL,
        document    TEXT NOT NULL,
        source      BLOB,
        filename    TEXT NOT NULL,
        result      TEXT,
        error       TEXT,
        error_kind  TEXT CHECK (error_kind IN ('invalide', 'trop_gros', 'annulee', 'echec')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        cancelled   INTEGER NOT NULL DEFAULT 0,
        created_at  REAL NOT NULL,
        started_at  REAL,
        finished_at REAL,
        seen_at     REAL NOT NULL
    );
    CREATE INDEX jobs_by_state ON jobs (state, created_at);
    """,
)


def migrate(conn: sqlite3.Connection) -> int:
    """Create or upgrade the jobs table."""
    return migrate_component(conn, "jobs", STEPS)


@dataclass(frozen=True, slots=True)
class Job:
    """One job as stored."""

    id: str
    kind: str
    label: str
    lane: str
    state: State
    message: str
    document: str
    source: bytes | None
    filename: str
    result: str | None
    error: str | None
    error_kind: ErrorKind | None
    attempts: int
    cancelled: bool
    created_at: float
    started_at: float | None
    finished_at: float | None
    seen_at: float

    @property
    def elapsed_s(self) -> float:
        return (self.finished_at or time.time()) - self.created_at

    @property
    def done(self) -> bool:
        return self.state in ("termine", "erreur")


def _job(row: sqlite3.Row | None) -> Job | None:
    if row is None:
        return None
    values = dict(row)
    values["cancelled"] = bool(values["cancelled"])
    return Job(**values)


def create(
    conn: sqlite3.Connection,
    *,
    kind: str,
    label: str,
    lane: str,
    document: str,
    source: bytes | None,
    filename: str,
    message: str = "En attente.",
) -> str:
    """Store a new job waiting in ``lane``; its id."""
    job_id = secrets.token_urlsafe(16)
    now = time.time()
    conn.execute(
        "INSERT INTO jobs (id, kind, label, lane, state, message, document, source, filename,"
        " created_at, seen_at) VALUES (?, ?, ?, ?, 'en_attente', ?, ?, ?, ?, ?, ?)",
        (job_id, kind, label, lane, message, document, source, filename, now, now),
    )
    return job_id


def get(conn: sqlite3.Connection, job_id: str) -> Job | None:
    return _job(conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone())


def seen(conn: sqlite3.Connection, job_id: str) -> None:
    """Someone is still waiting for this job (a page polls it, an API call awaits it)."""
    conn.execute("UPDATE jobs SET seen_at = ? WHERE id = ?", (time.time(), job_id))


def claim(conn: sqlite3.Connection, job_id: str, message: str) -> Job | None:
    """Mark a waiting job as running, once: None if it is not waiting any more."""
    row = conn.execute(
        "UPDATE jobs SET state = 'en_cours', message = ?, attempts = attempts + 1,"
        " started_at = ? WHERE id = ? AND state = 'en_attente' AND cancelled = 0 RETURNING *",
        (message, time.time(), job_id),
    ).fetchone()
    return _job(row)


def finish(conn: sqlite3.Connection, job_id: str, result: str) -> None:
    conn.execute(
        "UPDATE jobs SET state = 'termine', message = 'Terminé.', result = ?, finished_at = ?"
        " WHERE id = ? AND state = 'en_cours'",
        (result, time.time(), job_id),
    )


def fail(conn: sqlite3.Connection, job_id: str, error: str, kind: ErrorKind) -> None:
    conn.execute(
        "UPDATE jobs SET state = 'erreur', message = ?, error = ?, error_kind = ?,"
        " finished_at = ? WHERE id = ? AND state IN ('en_attente', 'en_cours')",
        (error, error, kind, time.time(), job_id),
    )


def cancel(conn: sqlite3.Connection, job_id: str, message: str) -> None:
    """The client left: a waiting job never runs, a running one is stopped by its worker."""
    conn.execute("UPDATE jobs SET cancelled = 1 WHERE id = ?", (job_id,))
    conn.execute(
        "UPDATE jobs SET state = 'erreur', message = ?, error = ?, error_kind = 'annulee',"
        " finished_at = ? WHERE id = ? AND state = 'en_attente'",
        (message, message, time.time(), job_id),
    )


def abandoned(conn: sqlite3.Connection, job_id: str, abandon_s: float) -> bool:
    """Cancelled, or nobody has asked about it for ``abandon_s`` seconds."""
    row = conn.execute("SELECT cancelled, seen_at FROM jobs WHERE id = ?", (job_id,)).fetchone()
    return row is None or bool(row["cancelled"]) or time.time() - row["seen_at"] > abandon_s


def interrupted(conn: sqlite3.Connection) -> tuple[list[Job], list[Job]]:
    """After a restart: the jobs that were running (to run again) and those that were waiting.

    A job already interrupted :data:`MAX_ATTEMPTS` times is marked failed instead of run again.
    Every job to run gets a fresh ``seen_at``: nobody could ask about it while Clair was down.
    """
    now = time.time()
    conn.execute(
        "UPDATE jobs SET state = 'erreur', error_kind = 'echec', finished_at = ?,"
        " message = 'Le travail a été interrompu deux fois par un redémarrage de Clair.',"
        " error = 'Le travail a été interrompu deux fois par un redémarrage de Clair.'"
        " WHERE state = 'en_cours' AND attempts >= ?",
        (now, MAX_ATTEMPTS),
    )
    rerun = [
        _job(row)
        for row in conn.execute(
            "UPDATE jobs SET state = 'en_attente', message = 'En attente (après un redémarrage).',"
            " seen_at = ? WHERE state = 'en_cours' RETURNING *",
            (now,),
        ).fetchall()
    ]
    waiting = [
        _job(row)
        for row in conn.execute(
            "UPDATE jobs SET seen_at = ? WHERE state = 'en_attente' RETURNING *", (now,)
        ).fetchall()
    ]
    return [j for j in rerun if j], [j for j in waiting if j]


def purge(conn: sqlite3.Connection, ttl_s: float = JOB_TTL_S) -> int:
    """Forget the jobs finished more than ``ttl_s`` seconds ago; how many."""
    cursor = conn.execute(
        "DELETE FROM jobs WHERE state IN ('termine', 'erreur') AND finished_at < ?",
        (time.time() - ttl_s,),
    )
    return cursor.rowcount
