"""The Content-Security-Policy of Clair's answers: scripts come only from Clair.

Every answer gets :data:`DEFAULT_POLICY` (:class:`api.security.SecurityHeadersMiddleware`):
``default-src 'self'`` and a ``script-src 'self'`` without ``'unsafe-inline'``, so a script
slipped into a page by data never runs. Pages keep their scripts in ``/static``.

Two kinds of answers set their own policy:

- the API documentation (``/docs``, ``/redoc``): ReDoc runs its search in a worker it builds
  from a ``blob:`` URL (:data:`REDOC_POLICY`);
- the maps: folium writes its scripts inline. Their SHA-256 hashes are allowed one by one
  (:func:`map_policy`), which allows these exact scripts and nothing else, and the tile server
  is the one image host allowed. A map in an ``<iframe srcdoc>`` inherits the policy of the
  page that holds it, so that page sends the map's policy.

Styles may be inline (``style-src 'unsafe-inline'``): the maps (Leaflet positions everything
with style attributes), ReDoc and the downloadable HTML reports need it, and CSS cannot run code.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from maps.firms_map import tile_url

_BASE: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:"),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'self'",),
}


def policy(**extra: Iterable[str]) -> str:
    """The base policy with more sources for some directives (``script_src=[...]``)."""
    directives = {name: list(sources) for name, sources in _BASE.items()}
    for key, sources in extra.items():
        directives.setdefault(key.replace("_", "-"), ["'self'"]).extend(sources)
    return "; ".join(
        f"{name} {' '.join(dict.fromkeys(values))}" for name, values in directives.items()
    )


DEFAULT_POLICY = policy()
REDOC_POLICY = policy(worker_src=["blob:"])

_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)


def inline_script_hashes(html: str) -> list[str]:
    """``'sha256-…'`` sources for every inline ``<script>`` of a page (not the ``src`` ones).

    The hash covers the exact text between the tags, as the browser computes it (CSP Level 3,
    « Does element match source list for type and source »).
    """
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        if re.search(r"\bsrc\s*=", match.group(1), re.IGNORECASE):
            continue
        digest = hashlib.sha256(match.group(2).encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return list(dict.fromkeys(hashes))


def origin(url: str | None) -> str | None:
    """``https://tile.openstreetmap.org/{z}/…`` → ``https://tile.openstreetmap.org``."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def map_policy(map_html: str, tiles: str) -> str:
    """The policy of a map page, or of a page that holds a map in ``<iframe srcdoc>``;
    ``tiles`` is the ``CLAIR_TILES`` setting."""
    tiles = origin(tile_url(tiles))
    return policy(
        script_src=inline_script_hashes(map_html),
        img_src=[tiles] if tiles else [],
    )
