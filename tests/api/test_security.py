"""Who may do what: roles, sessions, API tokens, CSRF, login rate limiting, OpenAPI roles."""

from __future__ import annotations

import stat

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient

from api import login_limit
from api.app import create_app
from api.login_limit import client_address, parse_proxies
from api.security import (
    AgentDep,
    FirmUserDep,
    LoginLimits,
    LoginRateLimiter,
    OptionalUserDep,
    UserDep,
    csrf_token,
    ensure_firm_owner,
    require_csrf,
    route_access,
    session_secret,
)
from api.settings import Settings
from storage import connect
from tests.api.accounts import PASSWORD, account, bearer, log_in


def _with_probe_routes(app: FastAPI) -> FastAPI:
    """Small routes that only echo who is asking, one per dependency."""

    @app.get("/api/essai/public")
    def public(user: OptionalUserDep) -> dict:
        return {"role": user.role if user else None}

    @app.get("/api/essai/connecte")
    def connecte(user: UserDep) -> dict:
        return {"role": user.role}

    @app.post("/api/essai/agent")
    def agent(user: AgentDep) -> dict:
        return {"role": user.role}

    @app.post("/api/essai/fiche/{siret}")
    def fiche(siret: str, user: FirmUserDep) -> dict:
        ensure_firm_owner(user, siret)
        return {"siret": siret}

    @app.get("/api/essai/formulaire")
    def formulaire(request: Request) -> dict:
        return {"csrf": csrf_token(request)}

    @app.post("/api/essai/formulaire", dependencies=[Depends(require_csrf)])
    def envoi() -> dict:
        return {"ok": True}

    return app


@pytest.fixture
def client(base_path):
    app = _with_probe_routes(create_app(Settings(base=base_path, demo=False, secret_key="test")))
    with TestClient(app) as test_client:
        yield test_client


OWN_SIRET = "73282932000074"
OTHER_SIRET = "55210055400013"

PERMISSIONS = [
    # who, method, path, expected status
    (None, "GET", "/api/essai/public", 200),
    (None, "GET", "/api/essai/connecte", 401),
    (None, "POST", "/api/essai/agent", 401),
    (None, "POST", f"/api/essai/fiche/{OWN_SIRET}", 401),
    ("agent", "GET", "/api/essai/connecte", 200),
    ("agent", "POST", "/api/essai/agent", 200),
    ("agent", "POST", f"/api/essai/fiche/{OWN_SIRET}", 403),
    ("entreprise", "GET", "/api/essai/connecte", 200),
    ("entreprise", "POST", "/api/essai/agent", 403),
    ("entreprise", "POST", f"/api/essai/fiche/{OWN_SIRET}", 200),
    ("entreprise", "POST", f"/api/essai/fiche/{OTHER_SIRET}", 403),
    ("autre-entreprise", "POST", f"/api/essai/fiche/{OWN_SIRET}", 403),
    ("autre-entreprise", "POST", f"/api/essai/fiche/{OTHER_SIRET}", 200),
]


@pytest.mark.parametrize(("who", "method", "path", "expected"), PERMISSIONS)
def test_roles_with_api_tokens(client, base_path, who, method, path, expected):
    headers = bearer(base_path, who) if who else {}
    response = client.request(method, path, headers=headers)
    assert response.status_code == expected, response.text
    if expected in (401, 403):
        assert response.json()["detail"]  # a French sentence, not a trace


@pytest.mark.parametrize(("who", "method", "path", "expected"), PERMISSIONS)
def test_roles_with_a_session_cookie(client, base_path, who, method, path, expected):
    if who:
        log_in(client, base_path, who)
    assert client.request(method, path).status_code == expected


def test_unknown_or_revoked_token_is_refused_even_on_public_routes(client, base_path):
    headers = bearer(base_path, "agent")
    assert (
        client.get("/api/essai/public", headers={"Authorization": "Bearer clair_faux"}).status_code
        == 401
    )
    assert client.get("/api/moi", headers=headers).json()["email"] == "agent@exemple.fr"
    conn = connect(base_path)
    try:
        from api.users import revoke_token

        revoke_token(conn, headers["Authorization"].removeprefix("Bearer "))
    finally:
        conn.close()
    response = client.get("/api/moi", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Jeton d'accès inconnu ou révoqué."}


def test_login_sets_a_hardened_cookie_and_a_new_session(client, base_path):
    account(base_path, "agent")
    client.get("/api/essai/formulaire")
    before = client.cookies.get("clair_session")
    response = client.post(
        "/api/connexion", json={"email": "agent@exemple.fr", "mot_de_passe": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["role"] == "agent"
    cookie = response.headers["set-cookie"].lower()
    assert "clair_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie
    assert client.cookies.get("clair_session") != before


def test_cookie_is_secure_behind_https(base_path):
    app = create_app(Settings(base=base_path, demo=False, https=True, secret_key="test"))
    with TestClient(app, base_url="https://testserver") as client:
        account(base_path, "agent")
        response = client.post(
            "/api/connexion", json={"email": "agent@exemple.fr", "mot_de_passe": PASSWORD}
        )
        assert "secure" in response.headers["set-cookie"].lower()


def test_logout_closes_the_session_on_the_server(client, base_path):
    log_in(client, base_path, "agent")
    copied = client.cookies.get("clair_session")
    assert client.get("/api/moi").status_code == 200
    assert client.post("/api/deconnexion").status_code == 204
    assert client.get("/api/moi").status_code == 401
    client.cookies.set("clair_session", copied)  # a stolen copy of the old cookie
    assert client.get("/api/moi").status_code == 401


def test_wrong_password_does_not_say_whether_the_account_exists(client, base_path):
    account(base_path, "agent")
    wrong = client.post("/api/connexion", json={"email": "agent@exemple.fr", "mot_de_passe": "x"})
    unknown = client.post(
        "/api/connexion", json={"email": "nobody@exemple.fr", "mot_de_passe": "x"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert (
        wrong.json()
        == unknown.json()
        == {"detail": "Adresse électronique ou mot de passe incorrect."}
    )


def test_login_is_rate_limited_per_ip_and_email(client, base_path):
    account(base_path, "agent")
    account(base_path, "entreprise")
    for _ in range(LoginLimits().max_failures):
        response = client.post(
            "/api/connexion", json={"email": "agent@exemple.fr", "mot_de_passe": "non"}
        )
        assert response.status_code == 401
    blocked = client.post(
        "/api/connexion", json={"email": "agent@exemple.fr", "mot_de_passe": PASSWORD}
    )
    assert blocked.status_code == 429
    assert "Réessayez dans 15 minutes" in blocked.json()["detail"]
    assert 0 < int(blocked.headers["retry-after"]) <= 900
    other = client.post(
        "/api/connexion", json={"email": "entreprise@exemple.fr", "mot_de_passe": PASSWORD}
    )
    assert other.status_code == 200


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def limit_conn():
    conn = connect(":memory:")
    login_limit.migrate(conn)
    yield conn
    conn.close()


@pytest.mark.parametrize(
    ("failures_at", "asked_at", "wait"),
    [
        ([0, 1, 2], 3, 0),  # under the limit
        ([0, 1, 2, 3], 4, 96),  # limit reached: wait until the first failure leaves the window
        ([0, 1, 2, 3], 100, 0),  # the window has slid past the first failure
        ([0, 50, 60, 70, 80], 101, 49),  # five failures: the second one must leave too
    ],
)
def test_sliding_window(limit_conn, failures_at, asked_at, wait):
    clock = FakeClock()
    limiter = LoginRateLimiter(LoginLimits(max_failures=4, window_seconds=100), clock=clock)
    for moment in failures_at:
        clock.now = 1000.0 + moment
        limiter.record_failure(limit_conn, ["k"])
    clock.now = 1000.0 + asked_at
    assert limiter.retry_after(limit_conn, [("k", 4)]) == pytest.approx(wait)


def test_limiter_reset_forgets_failures(limit_conn):
    limiter = LoginRateLimiter(LoginLimits(max_failures=1))
    limiter.record_failure(limit_conn, ["k"])
    assert limiter.retry_after(limit_conn, [("k", 1)]) > 0
    limiter.reset(limit_conn, "k")
    assert limiter.retry_after(limit_conn, [("k", 1)]) == 0


def test_old_failures_are_pruned(limit_conn):
    clock = FakeClock()
    limiter = LoginRateLimiter(LoginLimits(window_seconds=10), clock=clock)
    for moment in range(2 * login_limit.PRUNE_EVERY):
        clock.now = 1000.0 + moment
        limiter.record_failure(limit_conn, ["k"])
    kept = limit_conn.execute("SELECT COUNT(*) FROM login_failures").fetchone()[0]
    assert kept < login_limit.PRUNE_EVERY


PROXY = "10.0.0.1"


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "expected"),
    [
        ("203.0.113.7", None, "", "203.0.113.7"),
        ("203.0.113.7", "198.51.100.1", "", "203.0.113.7"),  # no proxy listed: header ignored
        ("127.0.0.1", "198.51.100.1", "", "127.0.0.1"),  # not even from localhost
        ("203.0.113.7", "198.51.100.1", PROXY, "203.0.113.7"),  # the peer is not a proxy
        (PROXY, "198.51.100.1", PROXY, "198.51.100.1"),
        (PROXY, "1.2.3.4, 198.51.100.1", PROXY, "198.51.100.1"),  # the left part is the client's
        (PROXY, "198.51.100.1, 10.0.0.2", "10.0.0.0/8", "198.51.100.1"),  # two proxies
        (PROXY, "10.0.0.2", "10.0.0.0/8", "10.0.0.2"),
        (PROXY, "pas une adresse", PROXY, PROXY),
        (PROXY, None, PROXY, PROXY),
        ("testclient", "198.51.100.1", PROXY, "testclient"),
        (None, None, "", "inconnue"),
    ],
)
def test_client_address(peer, forwarded, proxies, expected):
    assert client_address(peer, forwarded, parse_proxies(proxies)) == expected


def test_a_bad_proxy_setting_is_refused_in_french():
    with pytest.raises(ValueError, match="adresse de mandataire invalide"):
        Settings(proxies="10.0.0.1, partout")


def test_rotating_x_forwarded_for_does_not_escape_the_login_limit(client, base_path):
    account(base_path, "agent")
    statuses = []
    for attempt in range(LoginLimits().max_failures + 2):
        response = client.post(
            "/api/connexion",
            json={"email": "agent@exemple.fr", "mot_de_passe": "non"},
            headers={"X-Forwarded-For": f"198.51.100.{attempt}"},
        )
        statuses.append(response.status_code)
    assert statuses[-1] == 429, statuses


@pytest.fixture
def behind_proxy(base_path):
    """An app whose TCP peer (the test client) is a listed proxy."""
    app = create_app(Settings(base=base_path, demo=False, secret_key="test", proxies="127.0.0.1"))
    with TestClient(app, client=("127.0.0.1", 50000)) as test_client:
        yield test_client


def test_behind_a_listed_proxy_each_client_has_its_own_limit(behind_proxy, base_path):
    account(base_path, "agent")
    wrong = {"email": "agent@exemple.fr", "mot_de_passe": "non"}
    for _ in range(LoginLimits().max_failures):
        behind_proxy.post("/api/connexion", json=wrong, headers={"X-Forwarded-For": "198.51.100.1"})
    blocked = behind_proxy.post(
        "/api/connexion", json=wrong, headers={"X-Forwarded-For": "198.51.100.1"}
    )
    assert blocked.status_code == 429
    other = behind_proxy.post(
        "/api/connexion", json=wrong, headers={"X-Forwarded-For": "198.51.100.2"}
    )
    assert other.status_code == 401


def test_forms_need_the_csrf_token_of_the_session(client):
    token = client.get("/api/essai/formulaire").json()["csrf"]
    assert client.post("/api/essai/formulaire", data={"a": "1"}).status_code == 403
    assert client.post("/api/essai/formulaire", data={"csrf_token": "faux"}).status_code == 403
    assert client.post("/api/essai/formulaire", data={"csrf_token": token}).status_code == 200
    assert client.post("/api/essai/formulaire", headers={"X-CSRF-Token": token}).status_code == 200
    refused = client.post("/api/essai/formulaire", files={"csrf_token": (None, "faux")})
    assert "Rechargez la page" in refused.json()["detail"]


def test_csrf_token_is_tied_to_the_browser(client, base_path):
    token = client.get("/api/essai/formulaire").json()["csrf"]
    app = client.app
    with TestClient(app) as stranger:
        assert stranger.post("/api/essai/formulaire", data={"csrf_token": token}).status_code == 403


def test_session_secret_is_created_once_next_to_the_base(base_path):
    settings = Settings(base=base_path, demo=False)
    first = session_secret(settings)
    stored = base_path.with_name(base_path.name + ".secret")
    assert stored.read_text().strip() == first
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert session_secret(settings) == first
    assert len(first) >= 40
    assert session_secret(Settings(base=base_path, secret_key="donnée")) == "donnée"


def test_openapi_documents_the_role_of_each_route(client):
    schema = client.get("/openapi.json").json()
    assert set(schema["components"]["securitySchemes"]) == {"jeton", "session"}
    expected = {
        ("/api/essai/public", "get"): "public",
        ("/api/essai/connecte", "get"): "connecte",
        ("/api/essai/agent", "post"): "agent",
        ("/api/essai/fiche/{siret}", "post"): "entreprise",
        ("/api/moi", "get"): "connecte",
        ("/api/connexion", "post"): "public",
    }
    for (path, method), access in expected.items():
        operation = schema["paths"][path][method]
        assert operation["x-clair-acces"] == access
    assert "réservé aux agents" in schema["paths"]["/api/essai/agent"]["post"]["description"]
    assert "403" in schema["paths"]["/api/essai/agent"]["post"]["responses"]
    assert route_access(client.app)[("POST", "/api/essai/agent")] == "agent"


def test_supplier_verification_is_for_officers_only(client, base_path):
    """Issue 7's contract: ``POST /api/fournisseurs/{siret}/verification`` is 401/403 but for agents."""
    routes = route_access(client.app)
    assert routes[("POST", "/api/fournisseurs/{siret}/verification")] == "agent"
    path = f"/api/fournisseurs/{OWN_SIRET}/verification"
    assert client.post(path, json={}).status_code in (401, 403)
    for who in ("entreprise", "autre-entreprise"):
        assert client.post(path, json={}, headers=bearer(base_path, who)).status_code == 403


def test_api_tokens_can_be_created_by_a_connected_account(client, base_path):
    assert client.post("/api/jetons", json={"nom": "tableur"}).status_code == 401
    log_in(client, base_path, "entreprise")
    created = client.post("/api/jetons", json={"nom": "tableur"})
    assert created.status_code == 201
    token = created.json()["jeton"]
    client.cookies.clear()
    me = client.get("/api/moi", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {
        "id": me["id"],
        "email": "entreprise@exemple.fr",
        "role": "entreprise",
        "siren": "732829320",
        "lien": "approuvé",
    }


@pytest.mark.parametrize("path", ["/", "/api/moi", "/health", "/page-inconnue"])
def test_every_answer_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in headers["content-security-policy"]


def test_two_app_instances_on_one_base_share_sessions_and_login_counters(base_path):
    """What ``clair serve --workers 2`` does: two apps, one base, no shared memory.

    No ``CLAIR_SECRET_KEY``: both apps must find the same signing key next to the base.
    """
    first_app = create_app(Settings(base=base_path, demo=False))
    second_app = create_app(Settings(base=base_path, demo=False))
    with TestClient(first_app) as first, TestClient(second_app) as second:
        account(base_path, "agent")
        # A session opened on one worker is open on the other, CSRF token included.
        log_in(first, base_path, "agent")
        second.cookies.update(first.cookies)
        assert second.get("/api/moi").json()["email"] == "agent@exemple.fr"
        page = second.get("/connexion").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        assert first.post("/deconnexion", data={"csrf_token": token}).status_code in (200, 303)
        # Logged out on the first worker: closed on the second too.
        assert second.get("/api/moi").status_code == 401
        # Failed logins counted by one worker close the door on the other.
        wrong = {"email": "agent@exemple.fr", "mot_de_passe": "non"}
        for attempt in range(LoginLimits().max_failures):
            worker = first if attempt % 2 else second
            assert worker.post("/api/connexion", json=wrong).status_code == 401
        assert first.post("/api/connexion", json=wrong).status_code == 429
        assert second.post("/api/connexion", json=wrong).status_code == 429


def _secret_in_a_process(base: str) -> str:
    return session_secret(Settings(base=base, demo=False))


def test_workers_starting_together_agree_on_the_session_key(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    for round_ in range(3):
        base = str(tmp_path / f"clair-{round_}.sqlite")
        with ProcessPoolExecutor(max_workers=4) as pool:
            keys = set(pool.map(_secret_in_a_process, [base] * 8))
        assert len(keys) == 1
        assert len(keys.pop()) >= 40
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".secret-")]
