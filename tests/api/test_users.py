"""Accounts: creation rules, Argon2 passwords, hashed API tokens and sessions, the CLI."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from api import users
from api.cli import app as cli
from api.users import AccountError
from core.identifiers import siren_is_valid
from storage import connect

PASSWORD = "un mot de passe assez long"


@pytest.fixture
def conn():
    connection = connect(":memory:")
    users.migrate(connection)
    yield connection
    connection.close()


def test_migration_runs_once(conn):
    assert users.migrate(conn) == 0


@pytest.mark.parametrize(
    ("email", "password", "role", "siren", "message"),
    [
        ("pas-une-adresse", PASSWORD, "agent", None, "adresse électronique n'est pas valide"),
        ("a@b.fr", PASSWORD, "admin", None, "rôle doit être"),
        ("a@b.fr", PASSWORD, "entreprise", None, "SIREN à 9 chiffres"),
        ("a@b.fr", PASSWORD, "entreprise", "12345678", "SIREN à 9 chiffres"),
        ("a@b.fr", PASSWORD, "entreprise", "12345678A", "SIREN à 9 chiffres"),
        ("a@b.fr", PASSWORD, "entreprise", "732829321", "clé de contrôle est fausse"),
        ("a@b.fr", PASSWORD, "entreprise", "000000000", "n'existe pas"),
        ("a@b.fr", PASSWORD, "entreprise", "000 000 000", "n'existe pas"),
        ("a@b.fr", PASSWORD, "agent", "732829320", "n'est lié à aucun SIREN"),
        ("a@b.fr", "court", "agent", None, "au moins 12 caractères"),
        ("a@b.fr", "x" * 2000, "agent", None, "trop long"),
    ],
)
def test_create_user_refuses_bad_input_in_french(conn, email, password, role, siren, message):
    with pytest.raises(AccountError, match=message):
        users.create_user(conn, email, password, role, siren)
    assert users.list_users(conn) == []


def test_create_user_refuses_a_second_account_with_the_same_email(conn):
    users.create_user(conn, "agent@ville.fr", PASSWORD, "agent")
    with pytest.raises(AccountError, match="existe déjà"):
        users.create_user(conn, "  AGENT@Ville.fr ", PASSWORD, "agent")


def test_password_is_stored_as_an_argon2id_hash(conn):
    users.create_user(conn, "agent@ville.fr", PASSWORD, "agent")
    stored = conn.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.parametrize(
    ("email", "password", "found"),
    [
        ("agent@ville.fr", PASSWORD, True),
        ("Agent@Ville.FR ", PASSWORD, True),
        ("agent@ville.fr", PASSWORD + "x", False),
        ("agent@ville.fr", "", False),
        ("inconnu@ville.fr", PASSWORD, False),
        ("agent@ville.fr", "x" * 5000, False),
    ],
)
def test_authenticate(conn, email, password, found):
    created = users.create_user(conn, "agent@ville.fr", PASSWORD, "agent")
    assert (users.authenticate(conn, email, password) == created) is found


def test_firm_account_keeps_its_siren(conn):
    firm = users.create_user(conn, "contact@boulangerie.fr", PASSWORD, "entreprise", "732 829 320")
    assert firm.siren == "732829320"
    assert users.get_user(conn, firm.id) == firm


def test_the_zero_siren_passes_luhn_so_it_is_refused_by_name():
    assert siren_is_valid("000000000")  # the key alone does not stop it
    with pytest.raises(AccountError, match="000000000 n'existe pas"):
        users.check_siren("000000000")


def test_a_new_firm_account_waits_for_an_officer(conn):
    firm = users.create_user(conn, "f@x.fr", PASSWORD, "entreprise", "732829320")
    assert (firm.lien, firm.speaks_for_its_firm) == ("en attente", False)
    assert users.get_user(conn, firm.id).lien == "en attente"
    vouched = users.create_user(
        conn, "g@x.fr", PASSWORD, "entreprise", "552100554", approved_by="administrateur"
    )
    assert (vouched.lien, vouched.speaks_for_its_firm) == ("approuvé", True)
    agent = users.create_user(conn, "a@x.fr", PASSWORD, "agent")
    assert (agent.lien, agent.speaks_for_its_firm) == (None, False)


def test_firm_accounts_made_before_links_existed_wait_too(tmp_path):
    connection = connect(tmp_path / "ancienne.sqlite")
    try:
        from storage import migrate

        migrate(connection, "users", users.STEPS[:1])
        connection.execute(
            "INSERT INTO users (email, password_hash, role, siren) "
            "VALUES ('f@x.fr', 'h', 'entreprise', '732829320'), ('a@x.fr', 'h', 'agent', NULL)"
        )
        users.migrate(connection)
        assert {u.email: u.lien for u in users.list_users(connection)} == {
            "f@x.fr": "en attente",
            "a@x.fr": None,
        }
    finally:
        connection.close()


def test_an_account_opened_without_password_never_logs_in_with_one(conn):
    user = users.create_user(
        conn, "f@x.fr", None, "entreprise", "732829320", approved_by="ProConnect"
    )
    for guess in ("", "!", PASSWORD):
        assert users.authenticate(conn, user.email, guess) is None


def test_api_token_is_shown_once_and_stored_hashed(conn):
    user = users.create_user(conn, "agent@ville.fr", PASSWORD, "agent")
    token = users.create_token(conn, user.id, "tableur")
    assert token.startswith(users.TOKEN_PREFIX)
    stored = conn.execute("SELECT token_sha256, label FROM api_tokens").fetchone()
    assert token not in tuple(stored)
    assert stored["label"] == "tableur"
    assert users.user_for_token(conn, token) == user
    assert users.user_for_token(conn, token + "x") is None
    assert users.user_for_token(conn, "pas-un-jeton") is None
    assert users.revoke_token(conn, token) is True
    assert users.user_for_token(conn, token) is None
    assert users.revoke_token(conn, token) is False


def test_token_for_a_missing_account_is_refused(conn):
    with pytest.raises(AccountError, match="n'existe pas"):
        users.create_token(conn, 42)


def test_sessions_open_expire_and_close(conn):
    user = users.create_user(conn, "agent@ville.fr", PASSWORD, "agent")
    live = users.open_session(conn, user.id, timedelta(hours=1))
    expired = users.open_session(conn, user.id, timedelta(seconds=-5))
    assert users.user_for_session(conn, live) == user
    assert users.user_for_session(conn, expired) is None
    assert (
        conn.execute("SELECT COUNT(*) FROM sessions WHERE id_sha256 = ?", (live,)).fetchone()[0]
        == 0
    ), "only the digest of a session id is stored"
    users.close_session(conn, live)
    assert users.user_for_session(conn, live) is None


def test_changing_the_password_closes_the_sessions(conn):
    user = users.create_user(conn, "agent@ville.fr", PASSWORD, "agent")
    session = users.open_session(conn, user.id, timedelta(hours=1))
    users.set_password(conn, user.id, "un tout autre mot de passe")
    assert users.user_for_session(conn, session) is None
    assert users.authenticate(conn, "agent@ville.fr", PASSWORD) is None
    assert users.authenticate(conn, "agent@ville.fr", "un tout autre mot de passe") == user


runner = CliRunner()


def test_cli_creates_an_agent_from_stdin_and_a_token(base_path):
    result = runner.invoke(
        cli,
        [
            "utilisateurs",
            "creer",
            "--email",
            "agent@ville.fr",
            "--role",
            "agent",
            "--mot-de-passe-stdin",
            "--base",
            str(base_path),
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Compte créé : agent@ville.fr (agent)" in result.output
    result = runner.invoke(
        cli, ["utilisateurs", "jeton", "--email", "agent@ville.fr", "--base", str(base_path)]
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    conn = connect(base_path)
    try:
        assert users.user_for_token(conn, token).email == "agent@ville.fr"
        assert users.authenticate(conn, "agent@ville.fr", PASSWORD) is not None
    finally:
        conn.close()


def test_cli_prompts_the_password_twice(base_path):
    args = [
        "utilisateurs",
        "creer",
        "--email",
        "a@ville.fr",
        "--role",
        "agent",
        "--base",
        str(base_path),
    ]
    mismatch = runner.invoke(cli, args, input=f"{PASSWORD}\n{PASSWORD}x\n{PASSWORD}\n{PASSWORD}\n")
    assert mismatch.exit_code == 0, mismatch.output
    assert "Compte créé" in mismatch.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["creer", "--email", "f@x.fr", "--role", "entreprise", "--mot-de-passe-stdin"],
            PASSWORD,
            "SIREN",
        ),
        (
            ["creer", "--email", "f@x.fr", "--role", "agent", "--mot-de-passe-stdin"],
            "court",
            "12 caractères",
        ),
        (
            ["creer", "--email", "f@x.fr", "--role", "agent", "--mot-de-passe-stdin"],
            "",
            "Aucun mot de passe",
        ),
        (["jeton", "--email", "personne@x.fr"], "", "Aucun compte"),
    ],
)
def test_cli_explains_refusals_in_french(base_path, args, stdin, message):
    result = runner.invoke(
        cli, ["utilisateurs", *args, "--base", str(base_path)], input=stdin + "\n"
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_lists_accounts_and_there_is_no_default_account(base_path):
    result = runner.invoke(cli, ["utilisateurs", "liste", "--base", str(base_path)])
    assert "Aucun compte" in result.output
    conn = connect(base_path)
    try:
        users.create_user(conn, "f@x.fr", PASSWORD, "entreprise", "732829320")
    finally:
        conn.close()
    result = runner.invoke(cli, ["utilisateurs", "liste", "--base", str(base_path)])
    assert "f@x.fr\tentreprise\t732829320\ten attente" in result.output


def test_the_token_is_printed_on_its_own_line(base_path):
    conn = connect(base_path)
    try:
        users.migrate(conn)
        users.create_user(conn, "agent@ville.fr", PASSWORD, "agent")
    finally:
        conn.close()
    result = runner.invoke(
        cli, ["utilisateurs", "jeton", "--email", "agent@ville.fr", "--base", str(base_path)]
    )
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"clair_[\w-]+\n", result.stdout)
    token = result.stdout.strip()
    # Whatever the terminal mixes, the token is a whole line of what the user sees.
    assert token in result.output.splitlines()
    assert "Gardez-le secret" in result.stderr
