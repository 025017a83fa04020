"""Who is asking: sessions, API tokens, roles, CSRF and login rate limiting.

- Browsers hold a signed session cookie (``clair_session``: HttpOnly, SameSite=Lax, Secure when
  ``CLAIR_HTTPS`` is on). It carries a random session id whose digest is stored in the base, so
  logging out really closes the session, plus the CSRF token of the HTML forms.
- API clients send ``Authorization: Bearer clair_...`` (``clair utilisateurs jeton``) or the
  session cookie obtained from ``POST /api/connexion``.
- Routes declare what they need with one typed parameter: ``OptionalUserDep`` (anyone),
  ``UserDep`` (401 when anonymous), ``AgentDep`` (403 unless officer), ``FirmUserDep`` (403 unless
  firm). A firm account edits its firm's record only once its link to the SIREN is approved
  (:func:`ensure_firm_owner`, :mod:`api.firm_links`). :func:`install_security` writes the role
  of every route into the OpenAPI document.
- Failed logins are counted in the base (:mod:`api.login_limit`), in a sliding window per
  client address and e-mail, and per address: every server worker sees the same counts.
- Nothing about a visitor lives in a process's memory: the session id's digest is in the base,
  the CSRF token in the signed cookie, and the signing key is shared by every worker
  (:func:`session_secret`). ``clair serve --workers 4`` behaves like one worker.
"""

from __future__ import annotations

import contextlib
import hmac
import math
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.routing import APIRoute
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.middleware.sessions import SessionMiddleware

from api.csp import DEFAULT_POLICY
from api.deps import DbDep
from api.login_limit import LoginLimits, LoginRateLimiter, client_address
from api.settings import Settings
from api.users import (
    User,
    authenticate,
    close_session,
    normalise_email,
    open_session,
    user_for_session,
    user_for_token,
)
from core.errors import ClairError

__all__ = [
    "AgentDep",
    "FirmUserDep",
    "LoginLimits",
    "LoginRateLimiter",
    "LoginRefused",
    "OptionalUserDep",
    "User",
    "UserDep",
    "csrf_token",
    "ensure_firm_owner",
    "install_security",
    "login",
    "logout",
    "require_csrf",
]

SESSION_COOKIE = "clair_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


SESSION_LIFETIME = timedelta(hours=8)
"""A working day: after that the officer logs in again (ANSSI R34: limit session lifetime)."""


class LoginRefused(ClairError):
    """A login attempt was refused: wrong credentials, or too many attempts."""

    def __init__(self, message: str, retry_after_s: int | None = None):
        super().__init__(message)
        self.retry_after_s = retry_after_s


def session_secret(settings: Settings) -> str:
    """The key that signs session cookies: ``CLAIR_SECRET_KEY``, or one kept next to the base.

    The generated key is written once to ``<base>.secret`` (mode 600), so sessions survive a
    restart and every worker on the same base signs with the same key. The key is written to a
    temporary file first and then linked into place, which either succeeds whole or finds the
    key another worker linked first: no worker ever reads a half-written key.
    """
    if settings.secret_key:
        return settings.secret_key
    path = Path(f"{settings.base}.secret")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # mode 600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(48) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # another worker was first: use its key
                os.link(draft, path)
        finally:
            os.unlink(draft)
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise RuntimeError(f"clé de session vide : {path}")
    return key


# --- who is asking -------------------------------------------------------------------------

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="jeton",
    description="Jeton d'API créé par `clair utilisateurs jeton` ou `POST /api/jetons` : "
    "`Authorization: Bearer clair_...`.",
)
_session_cookie = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="session",
    description="Cookie de session posé par `POST /api/connexion` ou la page Connexion.",
)


def get_optional_user(
    request: Request,
    db: DbDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    _cookie: Annotated[str | None, Depends(_session_cookie)],
) -> User | None:
    """The account behind the request: API token first, then the session; ``None`` if anonymous.

    A token that is sent but unknown is an error (401), not an anonymous visit.
    """
    user = None
    if bearer is not None:
        user = user_for_token(db, bearer.credentials)
        if user is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "Jeton d'accès inconnu ou révoqué.",
                headers={"WWW-Authenticate": "Bearer"},
            )
    elif session_id := request.session.get("sid"):
        user = user_for_session(db, session_id)
        if user is None:  # closed or expired on the server: forget it in the cookie too
            request.session.pop("sid", None)
    request.state.user = user  # for the error page's menu
    return user


OptionalUserDep = Annotated[User | None, Depends(get_optional_user)]


def get_current_user(user: OptionalUserDep) -> User:
    """The connected account; 401 when anonymous."""
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Connectez-vous pour continuer.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


UserDep = Annotated[User, Depends(get_current_user)]


def get_agent(user: UserDep) -> User:
    """The connected officer; 403 for any other account."""
    if user.role != "agent":
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "Cette action est réservée aux agents publics."
        )
    return user


def get_firm_user(user: UserDep) -> User:
    """The connected firm account; 403 for any other account."""
    if user.role != "entreprise" or not user.siren:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "Cette action est réservée aux comptes entreprise."
        )
    return user


AgentDep = Annotated[User, Depends(get_agent)]
FirmUserDep = Annotated[User, Depends(get_firm_user)]


LINK_PENDING = (
    "Votre compte attend l'accord d'un agent public. Il vérifie que vous représentez bien "
    "l'entreprise de SIREN {siren}. Vous pourrez ensuite modifier sa fiche."
)
LINK_REFUSED = (
    "Un agent public a refusé le lien entre votre compte et le SIREN {siren} : "
    "vous ne pouvez pas modifier la fiche de cette entreprise."
)


def ensure_firm_owner(user: User, siret_or_siren: str) -> None:
    """403 unless ``user`` is the firm account whose SIREN starts this SIRET (or is this SIREN)
    and whose link to that SIREN an officer approved (or ProConnect proved)."""
    if user.role != "entreprise" or not user.siren or siret_or_siren[:9] != user.siren:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "Vous ne pouvez modifier que la fiche de votre propre entreprise.",
        )
    if not user.speaks_for_its_firm:
        message = LINK_REFUSED if user.lien == "refusé" else LINK_PENDING
        raise HTTPException(status.HTTP_403_FORBIDDEN, message.format(siren=user.siren))


# --- logging in and out --------------------------------------------------------------------


def _limiter(request: Request) -> LoginRateLimiter:
    return request.app.state.login_limiter


def _client_address(request: Request) -> str:
    """The peer address, or the client's behind a proxy listed in ``CLAIR_PROXIES``."""
    settings: Settings = request.app.state.settings
    return client_address(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        settings.trusted_proxies,
    )


def login(request: Request, conn: Any, email: str, password: str) -> User:
    """Check the credentials, then open a fresh session (new id, new CSRF token).

    Raise :class:`LoginRefused` with a French message on a wrong password or when the
    rate limit is reached; the message never says whether the e-mail exists.
    """
    limiter = _limiter(request)
    address = _client_address(request)
    pair_key = f"{address}|{normalise_email(email)}"
    address_key = f"{address}|*"
    wait_s = limiter.retry_after(
        conn,
        [
            (pair_key, limiter.limits.max_failures),
            (address_key, limiter.limits.max_failures_per_ip),
        ],
    )
    if wait_s > 0:
        minutes = max(1, math.ceil(wait_s / 60))
        raise LoginRefused(
            f"Trop d'essais de connexion. Réessayez dans {minutes} minute{'s' if minutes > 1 else ''}.",
            retry_after_s=math.ceil(wait_s),
        )
    user = authenticate(conn, email, password)
    if user is None:
        limiter.record_failure(conn, [pair_key, address_key])
        raise LoginRefused("Adresse électronique ou mot de passe incorrect.")
    limiter.reset(conn, pair_key)
    open_session_for(request, conn, user)
    return user


def open_session_for(request: Request, conn: Any, user: User) -> None:
    """Open a fresh session for ``user`` (new id, new CSRF token), closing the previous one."""
    old_session = request.session.get("sid")
    if old_session:
        close_session(conn, old_session)
    # A new session on every login: an id planted before login is worth nothing after it.
    request.session.clear()
    request.session["sid"] = open_session(conn, user.id, SESSION_LIFETIME)
    request.session["csrf"] = secrets.token_urlsafe(32)


def logout(request: Request, conn: Any) -> None:
    """Close the session on the server and empty the cookie."""
    session_id = request.session.get("sid")
    if session_id:
        close_session(conn, session_id)
    request.session.clear()


# --- CSRF for HTML forms -------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser session (created on first use); forms send it back."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def require_csrf(request: Request) -> None:
    """403 unless the form field ``csrf_token`` (or header ``X-CSRF-Token``) matches the session."""
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "Le formulaire a expiré ou ne vient pas de Clair. Rechargez la page et recommencez.",
        )


CsrfDep = Depends(require_csrf)


# --- wiring --------------------------------------------------------------------------------

_ACCESS: dict[Callable[..., Any], tuple[int, str, str]] = {
    get_optional_user: (1, "public", "Accès : tout le monde ; un compte connecté est reconnu."),
    get_current_user: (2, "connecte", "Accès : tout compte connecté (session ou jeton)."),
    get_agent: (3, "agent", "Accès : réservé aux agents publics (rôle `agent`)."),
    get_firm_user: (3, "entreprise", "Accès : réservé aux comptes entreprise (rôle `entreprise`)."),
}


def _calls(dependant: Any) -> Iterable[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _api_routes(app: FastAPI) -> Iterable[Any]:
    """Every API route of the app, included routers flattened (FastAPI ≥ 0.160 nests them)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes is already flat
        yield from (route for route in app.routes if isinstance(route, APIRoute))
        return
    for context in iter_route_contexts(app.routes):
        if getattr(context, "dependant", None) is not None:
            yield context


def _access(route: Any) -> tuple[int, str, str]:
    found = [_ACCESS[call] for call in _calls(route.dependant) if call in _ACCESS]
    return max(found) if found else (0, "public", "")


def route_access(app: FastAPI) -> dict[tuple[str, str], str]:
    """``(METHOD, path) → public | connecte | agent | entreprise`` for every API route."""
    return {
        (method, route.path_format): _access(route)[1]
        for route in _api_routes(app)
        for method in route.methods or ()
    }


def _document_roles(app: FastAPI) -> None:
    """Write each route's required role into its OpenAPI operation (description, x-clair-acces)."""
    build = app.openapi
    documented: list[int] = []

    def openapi() -> dict[str, Any]:
        schema = build()
        if documented and documented[-1] == id(schema):
            return schema
        for route in _api_routes(app):
            if not route.include_in_schema:
                continue
            level, access, text = _access(route)
            for method in route.methods or ():
                operation = schema.get("paths", {}).get(route.path_format, {}).get(method.lower())
                if operation is None:
                    continue
                operation["x-clair-acces"] = access
                if text:
                    description = operation.get("description", "")
                    operation["description"] = f"{description}\n\n**{text}**".strip()
                if level == 1:
                    operation["security"] = [*operation.get("security", []), {}]
                responses = operation.setdefault("responses", {})
                if level == 1:
                    responses.setdefault("401", {"description": "Jeton inconnu ou révoqué."})
                if level >= 2:
                    responses.setdefault("401", {"description": "Connexion requise."})
                if level >= 3:
                    responses.setdefault("403", {"description": "Rôle insuffisant."})
        documented.append(id(schema))
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
    # Scripts only from Clair's own files; maps and the API docs send their own (api.csp).
    (b"content-security-policy", DEFAULT_POLICY.encode("ascii")),
)


class SecurityHeadersMiddleware:
    """Headers every answer carries (OWASP Secure Headers), unless a route set its own."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security(app: FastAPI, settings: Settings, limits: LoginLimits | None = None) -> None:
    """Add the signed session cookie, the login rate limiter, the security headers and the
    role documentation."""
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        same_site="lax",
        https_only=settings.https,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.state.login_limiter = LoginRateLimiter(limits)
    _document_roles(app)
