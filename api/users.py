"""Accounts: officers (``agent``) and firms (``entreprise``, bound to one SIREN).

Passwords are hashed with Argon2id (argon2-cffi's default parameters, the RFC 9106 "low
memory" profile). API tokens and session ids are long random strings: only their SHA-256
digest is stored, so a copy of the base gives no usable credential. There is no default
account and no default password: the first officer is created with ``clair utilisateurs creer``.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import sqlite3
from datetime import timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, Field

from core.errors import ClairError
from storage import migrate as migrate_component
from storage import transaction, utc_now, utc_stamp

Role = Literal["agent", "entreprise"]
ROLES: tuple[Role, ...] = ("agent", "entreprise")

TOKEN_PREFIX = "clair_"

STEPS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('agent', 'entreprise')),
        siren         TEXT CHECK (siren IS NULL OR (length(siren) = 9 AND siren NOT GLOB '*[^0-9]*')),
        created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        CHECK ((role = 'entreprise') = (siren IS NOT NULL))
    );
    CREATE TABLE api_tokens (
        id           INTEGER PRIMARY KEY,
        user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_sha256 TEXT NOT NULL UNIQUE,
        label        TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        last_used_at TEXT,
        revoked_at   TEXT
    );
    CREATE INDEX api_tokens_user ON api_tokens(user_id);
    CREATE TABLE sessions (
        id_sha256  TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    CREATE INDEX sessions_user ON sessions(user_id);
    """,
)

PASSWORD_MIN_CHARS = 12
"""ANSSI, « Recommandations relatives à l'authentification multifacteur et aux mots de passe »
(2021), R22-R23: at least 12 characters for a password protected by rate limiting; CNIL
délibération n° 2022-100 asks the same minimum."""
PASSWORD_MAX_CHARS = 1024
"""Upper bound so that hashing a huge string cannot be used to exhaust the server."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# Verified when the e-mail is unknown, so that the answer takes the same time either way.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class User(BaseModel):
    """An account as the rest of Clair sees it (never with its password hash)."""

    id: int = Field(description="Identifiant du compte.")
    email: str = Field(description="Adresse électronique, sert d'identifiant de connexion.")
    role: Role = Field(description="« agent » (acheteur public) ou « entreprise ».")
    siren: str | None = Field(
        default=None, description="SIREN de l'entreprise (comptes « entreprise » seulement)."
    )


class AccountError(ClairError):
    """An account cannot be created or changed; the message says why, in French."""


def migrate(conn: sqlite3.Connection) -> int:
    """Create or upgrade the account tables."""
    return migrate_component(conn, "users", STEPS)


def normalise_email(email: str) -> str:
    """The e-mail as stored: trimmed and lower-cased."""
    return email.strip().lower()


def validate_password(password: str) -> None:
    """Raise :class:`AccountError` if the password is too short or too long."""
    if len(password) < PASSWORD_MIN_CHARS:
        raise AccountError(
            f"Le mot de passe est trop court : il faut au moins {PASSWORD_MIN_CHARS} caractères."
        )
    if len(password) > PASSWORD_MAX_CHARS:
        raise AccountError(
            f"Le mot de passe est trop long : {PASSWORD_MAX_CHARS} caractères au plus."
        )


def create_user(
    conn: sqlite3.Connection,
    email: str,
    password: str,
    role: str,
    siren: str | None = None,
) -> User:
    """Create an account and return it; raise :class:`AccountError` with a French message."""
    email = normalise_email(email)
    if not _EMAIL.match(email) or len(email) > 254:
        raise AccountError("L'adresse électronique n'est pas valide.")
    if role not in ROLES:
        raise AccountError("Le rôle doit être « agent » ou « entreprise ».")
    siren = (siren or "").replace(" ", "") or None
    if role == "entreprise":
        if siren is None or not (len(siren) == 9 and siren.isascii() and siren.isdigit()):
            raise AccountError("Un compte « entreprise » a besoin d'un SIREN à 9 chiffres.")
    elif siren is not None:
        raise AccountError("Un compte « agent » n'est lié à aucun SIREN.")
    validate_password(password)
    password_hash = _hasher.hash(password)
    try:
        cursor = conn.execute(
            "INSERT INTO users (email, password_hash, role, siren) VALUES (?, ?, ?, ?)",
            (email, password_hash, role, siren),
        )
    except sqlite3.IntegrityError as error:
        raise AccountError("Un compte existe déjà avec cette adresse électronique.") from error
    return User(id=int(cursor.lastrowid), email=email, role=role, siren=siren)  # type: ignore[arg-type]


def _user(row: sqlite3.Row | None) -> User | None:
    if row is None:
        return None
    return User(id=row["id"], email=row["email"], role=row["role"], siren=row["siren"])


def get_user(conn: sqlite3.Connection, user_id: int) -> User | None:
    """The account with this id, if any."""
    return _user(
        conn.execute("SELECT id, email, role, siren FROM users WHERE id = ?", (user_id,)).fetchone()
    )


def get_user_by_email(conn: sqlite3.Connection, email: str) -> User | None:
    """The account with this e-mail (case-insensitive), if any."""
    return _user(
        conn.execute(
            "SELECT id, email, role, siren FROM users WHERE email = ?", (normalise_email(email),)
        ).fetchone()
    )


def list_users(conn: sqlite3.Connection) -> list[User]:
    """Every account, oldest first."""
    rows = conn.execute("SELECT id, email, role, siren FROM users ORDER BY id").fetchall()
    return [User(id=r["id"], email=r["email"], role=r["role"], siren=r["siren"]) for r in rows]


def authenticate(conn: sqlite3.Connection, email: str, password: str) -> User | None:
    """The account if the password matches, else ``None`` (same cost whether the e-mail exists)."""
    if len(password) > PASSWORD_MAX_CHARS:
        return None
    row = conn.execute(
        "SELECT id, email, role, siren, password_hash FROM users WHERE email = ?",
        (normalise_email(email),),
    ).fetchone()
    if row is None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(row["password_hash"]):
        conn.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?", (_hasher.hash(password), row["id"])
        )
    return _user(row)


def set_password(conn: sqlite3.Connection, user_id: int, password: str) -> None:
    """Replace an account's password; its sessions are closed (tokens stay valid)."""
    validate_password(password)
    with transaction(conn):
        conn.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?", (_hasher.hash(password), user_id)
        )
        conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(conn: sqlite3.Connection, user_id: int, label: str = "") -> str:
    """Create an API token for the account and return it: it is shown once, only its hash is kept."""
    if get_user(conn, user_id) is None:
        raise AccountError("Ce compte n'existe pas.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO api_tokens (user_id, token_sha256, label) VALUES (?, ?, ?)",
        (user_id, _sha256(token), label.strip()[:200]),
    )
    return token


def user_for_token(conn: sqlite3.Connection, token: str) -> User | None:
    """The account an API token belongs to, if the token exists and is not revoked."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = _sha256(token)
    row = conn.execute(
        "SELECT u.id, u.email, u.role, u.siren, t.last_used_at FROM api_tokens t "
        "JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ? AND t.revoked_at IS NULL",
        (digest,),
    ).fetchone()
    if row is None:
        return None
    # Record the last use at most once an hour: reading with a token stays (almost) read-only.
    stamp = utc_stamp(utc_now())
    if row["last_used_at"] is None or row["last_used_at"] < utc_stamp(
        utc_now() - timedelta(hours=1)
    ):
        conn.execute(
            "UPDATE api_tokens SET last_used_at = ? WHERE token_sha256 = ?", (stamp, digest)
        )
    return _user(row)


def revoke_token(conn: sqlite3.Connection, token: str) -> bool:
    """Revoke an API token; return whether it existed."""
    cursor = conn.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE token_sha256 = ? AND revoked_at IS NULL",
        (utc_stamp(utc_now()), _sha256(token)),
    )
    return cursor.rowcount > 0


def open_session(conn: sqlite3.Connection, user_id: int, lifetime: timedelta) -> str:
    """Open a server-side session and return its secret id (kept in the signed cookie)."""
    session_id = secrets.token_urlsafe(32)
    now = utc_now()
    with transaction(conn):
        conn.execute("DELETE FROM sessions WHERE expires_at < ?", (utc_stamp(now),))
        conn.execute(
            "INSERT INTO sessions (id_sha256, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (_sha256(session_id), user_id, utc_stamp(now), utc_stamp(now + lifetime)),
        )
    return session_id


def user_for_session(conn: sqlite3.Connection, session_id: str) -> User | None:
    """The account of an open, unexpired session."""
    row = conn.execute(
        "SELECT u.id, u.email, u.role, u.siren FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.id_sha256 = ? AND s.expires_at >= ?",
        (_sha256(session_id), utc_stamp(utc_now())),
    ).fetchone()
    return _user(row)


def close_session(conn: sqlite3.Connection, session_id: str) -> None:
    """Close a session: its cookie no longer opens anything, even if it was copied."""
    conn.execute("DELETE FROM sessions WHERE id_sha256 = ?", (_sha256(session_id),))
