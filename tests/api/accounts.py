"""Test helpers: accounts of each role and the headers or cookies that prove who is asking.

Any API test can use them::

    with TestClient(create_app(Settings(base=base_path, demo=False))) as client:
        headers = bearer(base_path, "agent")
        client.post("/api/...", headers=headers)
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.users import User, create_token, create_user, get_user_by_email
from storage import connect

PASSWORD = "correct horse battery staple"
SIRENS = {"entreprise": "732829320", "autre-entreprise": "552100554"}


def account(base: Path, who: str) -> User:
    """The account ``who`` (``agent``, ``entreprise`` or ``autre-entreprise``), created on first use.

    Firm accounts are created with their link to the SIREN approved (as on the command line);
    tests of the waiting link create their account through ``/inscription``.

    The base must already be migrated (a TestClient inside ``with`` has started the app).
    """
    role = "agent" if who == "agent" else "entreprise"
    email = f"{who}@exemple.fr"
    conn = connect(base)
    try:
        return get_user_by_email(conn, email) or create_user(
            conn, email, PASSWORD, role, SIRENS.get(who), approved_by="tests"
        )
    finally:
        conn.close()


def bearer(base: Path, who: str) -> dict[str, str]:
    """``Authorization`` header with a fresh API token for the account ``who``."""
    user = account(base, who)
    conn = connect(base)
    try:
        token = create_token(conn, user.id, "tests")
    finally:
        conn.close()
    return {"Authorization": f"Bearer {token}"}


def log_in(client: TestClient, base: Path, who: str) -> User:
    """Log ``client`` in as ``who`` through ``POST /api/connexion`` (session cookie)."""
    user = account(base, who)
    response = client.post("/api/connexion", json={"email": user.email, "mot_de_passe": PASSWORD})
    assert response.status_code == 200, response.text
    return user
