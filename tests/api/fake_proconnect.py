"""An in-process OpenID Connect provider shaped like ProConnect, for the sign-in tests.

It serves the discovery document, its JWKS, the token endpoint (an ``id_token`` signed RS256
with the nonce it was given) and ``userinfo`` as a signed JWT (``application/jwt``), like
ProConnect. Clair reaches it through an ``httpx.ASGITransport``: no network.
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ISSUER = "https://proconnect.test/api/v2"
CLIENT_ID = "clair-test"
CLIENT_SECRET = "secret-de-test"


@dataclass
class Person:
    sub: str
    email: str
    siret: str | None


@dataclass
class FakeProConnect:
    person: Person
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "cle-1"}))
    signing_key: RSAKey | None = None  # another key: a forged signature
    codes: dict[str, tuple[str, Person]] = field(default_factory=dict)
    tokens: dict[str, Person] = field(default_factory=dict)
    userinfo_person: Person | None = None  # a different person in userinfo

    def transport(self) -> httpx.AsyncBaseTransport:
        routes = [
            Route("/api/v2/.well-known/openid-configuration", self._discovery),
            Route("/api/v2/jwks", self._jwks),
            Route("/api/v2/token", self._token, methods=["POST"]),
            Route("/api/v2/userinfo", self._userinfo),
        ]
        return httpx.ASGITransport(app=Starlette(routes=routes))

    def authorize(self, location: str, *, nonce: str | None = None) -> str:
        """What the provider's login page does: check the request, send the browser back."""
        parts = urlsplit(location)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{ISSUER}/authorize"
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        assert set(query["scope"].split()) >= {"openid", "email", "siret"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = (nonce or query["nonce"], self.person)
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"

    def _sign(self, claims: dict) -> str:
        key = self.signing_key or self.key
        return jwt.encode({"alg": "RS256", "kid": "cle-1"}, claims, key)

    async def _discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token",
                "userinfo_endpoint": f"{ISSUER}/userinfo",
                "jwks_uri": f"{ISSUER}/jwks",
                "id_token_signing_alg_values_supported": ["RS256"],
                "userinfo_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "siret"],
            }
        )

    async def _jwks(self, request: Request) -> Response:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))

    async def _token(self, request: Request) -> Response:
        form = await request.form()
        client_id, secret = form.get("client_id"), form.get("client_secret")
        header = request.headers.get("authorization", "")
        if header.startswith("Basic "):
            client_id, secret = base64.b64decode(header[6:]).decode().split(":", 1)
        if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        found = self.codes.pop(str(form.get("code")), None)
        if found is None:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        nonce, person = found
        access = secrets.token_urlsafe(16)
        self.tokens[access] = self.userinfo_person or person
        now = int(time.time())
        id_token = self._sign(
            {"iss": ISSUER, "aud": CLIENT_ID, "sub": person.sub, "nonce": nonce,
             "iat": now, "exp": now + 60, "acr": "eidas1"}
        )  # fmt: skip
        return JSONResponse(
            {"access_token": access, "token_type": "Bearer", "expires_in": 60, "id_token": id_token}
        )

    async def _userinfo(self, request: Request) -> Response:
        person = self.tokens.get(request.headers.get("authorization", "").removeprefix("Bearer "))
        if person is None:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        claims = {"iss": ISSUER, "aud": CLIENT_ID, "sub": person.sub, "email": person.email}
        if person.siret:
            claims["siret"] = person.siret
        return Response(self._sign(claims), media_type="application/jwt")
