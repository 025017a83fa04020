"""Sign-in with ProConnect, the State's identity for professionals (OpenID Connect).

Authlib runs the authorization-code flow: discovery document, ``state`` and ``nonce`` kept in
the signed session cookie, code exchange, and the checks of the ``id_token`` (signature against
the provider's JWKS, issuer, audience, nonce, expiry). ProConnect answers ``userinfo`` as a
signed JWT (``application/jwt``); it is checked against the same keys and must name the same
``sub`` as the ``id_token``. The SIRET it carries was checked by the identity provider: what
to do with it is :func:`api.firm_links.sign_in_with_proconnect`.

Off by default: ``CLAIR_PROCONNECT_ISSUER``, ``CLAIR_PROCONNECT_CLIENT_ID`` and
``CLAIR_PROCONNECT_CLIENT_SECRET`` turn it on.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

# Authlib 1.9 says it prefers the httpx2 fork; it still supports httpx, which Clair uses. Its
# own "always show" filter is installed first, so that this one "ignore" can come before it.
import authlib.deprecate  # noqa: F401
import httpx
from fastapi import Request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from pydantic import ValidationError
from starlette.responses import Response

from api.firm_links import ProConnectIdentity
from api.settings import Settings
from core.errors import ClairError

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    from authlib.integrations.base_client import OAuthError
    from authlib.integrations.starlette_client import OAuth

SCOPES = "openid email siret"
"""``siret`` is ProConnect's scope for the establishment the person belongs to."""


class ProConnectError(ClairError):
    """The ProConnect sign-in did not succeed; the message says why, in French."""


class ProConnect:
    """The OpenID Connect client of one Clair app (``app.state.proconnect``)."""

    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None):
        issuer = (settings.proconnect_issuer or "").rstrip("/")
        self.issuer = issuer
        self.client_id = settings.proconnect_client_id or ""
        client_kwargs: dict[str, Any] = {"scope": SCOPES, "timeout": 10.0}
        if transport is not None:  # tests talk to an in-process provider
            client_kwargs["transport"] = transport
        oauth = OAuth()
        oauth.register(
            name="proconnect",
            client_id=self.client_id,
            client_secret=settings.proconnect_client_secret,
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs=client_kwargs,
        )
        self._client = oauth.create_client("proconnect")

    async def redirect(self, request: Request, redirect_uri: str) -> Response:
        """Send the browser to ProConnect (with a fresh ``state`` and ``nonce``)."""
        try:
            return await self._client.authorize_redirect(request, redirect_uri)
        except (httpx.HTTPError, OAuthError, ValueError) as error:
            raise ProConnectError(_unreachable(error)) from error

    async def identity(self, request: Request) -> ProConnectIdentity:
        """Finish the flow on the way back from ProConnect: the checked identity."""
        try:
            token = await self._client.authorize_access_token(request)
            claims = token.get("userinfo")
            if not claims or "nonce" not in claims:
                raise ProConnectError("ProConnect n'a pas renvoyé d'identité signée.")
            info = await self._userinfo(token)
        except ProConnectError:
            raise
        except OAuthError as error:
            raise ProConnectError(
                "La connexion avec ProConnect a échoué ou a expiré. Recommencez."
            ) from error
        except (JoseError, ValueError) as error:
            raise ProConnectError(
                "La réponse de ProConnect n'a pas pu être vérifiée : la connexion est refusée."
            ) from error
        except httpx.HTTPError as error:
            raise ProConnectError(_unreachable(error)) from error
        if info.get("sub") != claims["sub"]:
            raise ProConnectError("ProConnect a renvoyé deux identités différentes.")
        try:
            return ProConnectIdentity(
                sub=str(claims["sub"]), email=str(info.get("email") or ""), siret=info.get("siret")
            )
        except ValidationError as error:
            raise ProConnectError("ProConnect n'a pas donné d'adresse électronique.") from error

    async def _userinfo(self, token: dict[str, Any]) -> dict[str, Any]:
        metadata = await self._client.load_server_metadata()
        # The access token is sent as is: ProConnect's live for 60 s, which Authlib's refresh
        # logic (60 s of leeway, no refresh token) would already call expired.
        response = await self._client.get(
            metadata["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {token['access_token']}"},
            withhold_token=True,
        )
        response.raise_for_status()
        if not response.headers.get("content-type", "").startswith("application/jwt"):
            data = response.json()
            if not isinstance(data, dict):
                raise ValueError("userinfo")
            return data
        keys = KeySet.import_key_set(await self._client.fetch_jwk_set())
        algorithms = metadata.get("userinfo_signing_alg_values_supported") or ["RS256", "ES256"]
        decoded = jwt.decode(response.text.strip(), keys, algorithms=algorithms)
        registry = jwt.JWTClaimsRegistry(
            iss={"essential": False, "value": metadata.get("issuer", self.issuer)},
            aud={"essential": False, "value": self.client_id},
        )
        registry.validate(decoded.claims)
        return json.loads(json.dumps(decoded.claims))


def _unreachable(error: Exception) -> str:
    return f"ProConnect ne répond pas ({type(error).__name__}). Réessayez dans un moment."
