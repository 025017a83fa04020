"""Leaflet and Leaflet.markercluster, read from the npm install and inlined into each map.

Many local-authority networks (and these machines) cannot reach a CDN, so no map Clair writes
ever links to one: ``make`` runs ``npm ci`` (``package.json`` + ``package-lock.json``: leaflet
1.9.4, BSD-2-Clause; leaflet.markercluster 1.5.3, MIT) and this module inlines their JS and CSS,
with the CSS images turned into data URIs. A map is then one self-contained HTML file.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.errors import ClairError

ROOT = Path(__file__).resolve().parent.parent

_FILES = {
    "leaflet_js": "leaflet/dist/leaflet.js",
    "leaflet_css": "leaflet/dist/leaflet.css",
    "cluster_js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "cluster_css": "leaflet.markercluster/dist/MarkerCluster.css",
    "cluster_default_css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
}
_CSS_URL = re.compile(r"url\((images/[\w.-]+\.png)\)")


class MapAssetsError(ClairError):
    """Leaflet is not installed where Clair looks for it."""


@dataclass(frozen=True)
class MapAssets:
    """The JS and CSS a map needs, as text ready to go between ``<script>``/``<style>`` tags."""

    js: str
    css: str


def node_modules() -> Path:
    """Where npm installed the front-end libraries (``CLAIR_NODE_MODULES`` overrides)."""
    return Path(os.environ.get("CLAIR_NODE_MODULES", ROOT / "node_modules"))


@cache
def map_assets() -> MapAssets:
    """Leaflet + markercluster JS and CSS, read once per process."""
    base = node_modules()
    texts: dict[str, str] = {}
    for key, relative in _FILES.items():
        path = base / relative
        try:
            texts[key] = path.read_text(encoding="utf-8")
        except OSError:
            raise MapAssetsError(
                f"Leaflet est absent ({path}). Lancez « make install » (ou « npm ci ») "
                "pour installer les bibliothèques de carte."
            ) from None
    leaflet_css = _inline_images(texts["leaflet_css"], base / "leaflet/dist")
    js = "\n;\n".join((texts["leaflet_js"], texts["cluster_js"]))
    css = "\n".join((leaflet_css, texts["cluster_css"], texts["cluster_default_css"]))
    # Nothing in these files closes a tag, but make sure no text can end the element early.
    return MapAssets(js=js.replace("</", "<\\/"), css=css.replace("</", "<\\/"))


def _inline_images(css: str, folder: Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        data = (folder / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    return _CSS_URL.sub(data_uri, css)
