"""Nothing loads from outside (issue 15): every page, /docs and /redoc take their scripts,
styles and images from Clair itself, and the Content-Security-Policy lets no inline script run
but the maps' own, allowed one by one by their hashes.

A link the user follows (``<a href>``) may point anywhere; anything the browser fetches by
itself (``src``, ``<link href>``, ``srcset``, ``url()`` in styles) must stay on Clair's host.
The maps' tiles are the one exception, by design: Leaflet asks the tile server set by
``CLAIR_TILES`` (``aucun`` turns it off), and the policy names that one host.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.security import route_access
from api.settings import Settings
from tests.api.accounts import log_in
from tests.api.pages_helpers import FIRMS, add_demo_tenders, add_firms, soup

HOST = "testserver"
SEARCH = "autour=Dunkerque&rayon_km=100"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("dehors") / "clair.sqlite"
    app = create_app(Settings(base=base, demo=False, secret_key="test"))
    with TestClient(app) as client:
        add_firms(base)
        add_demo_tenders(base)
        yield client, base


def page_paths(app) -> list[str]:
    """Every GET page of the app without a path parameter, plus pages that need one."""
    paths = sorted(
        path
        for method, path in route_access(app)
        if method == "GET" and "{" not in path and not path.startswith("/api/")
    )
    return [
        *paths,
        "/marches/avis/demo:001",
        f"/fournisseurs?{SEARCH}",
        f"/fournisseurs/carte?{SEARCH}",
        f"/api/carte?{SEARCH}",
    ]


def outside_fetches(html: str) -> list[str]:
    """URLs on another host that the browser would fetch by itself for this page."""
    page = soup_text(html)
    urls = []
    for tag in page.find_all(True):
        if tag.name == "a":
            continue  # a link the user follows
        for attribute in ("src", "data", "poster", "action" if tag.name == "form" else ""):
            if attribute and tag.get(attribute):
                urls.append(tag[attribute])
        if tag.name == "link" and tag.get("href"):
            urls.append(tag["href"])
        for entry in (tag.get("srcset") or "").split(","):
            if entry.strip():
                urls.append(entry.split()[0])
        if tag.get("style"):
            urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", tag["style"])
    for style in page.find_all("style"):
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", style.get_text())
    for import_ in page.find_all("style"):
        urls += re.findall(r"@import\s+['\"]([^'\"]+)", import_.get_text())
    return [url for url in urls if _elsewhere(url)]


def soup_text(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def _elsewhere(url: str) -> bool:
    url = url.strip()
    if url.startswith("data:"):
        return False
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.netloc != HOST


def _visit(client, base, who):
    client.cookies.clear()
    if who:
        log_in(client, base, who)
    return client


@pytest.mark.parametrize("who", [None, "agent", "entreprise"])
def test_every_page_loads_nothing_from_outside(site, who):
    client, base = site
    client = _visit(client, base, who)
    checked = 0
    for path in page_paths(client.app):
        response = client.get(path, follow_redirects=False)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        checked += 1
        assert outside_fetches(response.text) == [], path
        for url in _local_fetches(response.text):
            assert client.get(url).status_code == 200, f"{path} → {url}"
    assert checked >= 15


def _local_fetches(html: str) -> list[str]:
    page = soup_text(html)
    urls = [t["src"] for t in page.find_all(src=True) if t.name != "iframe"]
    urls += [t["href"] for t in page.find_all("link", href=True)]
    return [u for u in urls if u.startswith("/")]


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_page_loads_nothing_from_outside(site, path):
    client, _ = site
    response = client.get(path)
    assert response.status_code == 200
    assert outside_fetches(response.text) == []
    assert "fonts.googleapis" not in response.text and "cdn." not in response.text
    page = soup_text(response.text)
    scripts = [s["src"] for s in page.find_all("script")]
    assert all(src.startswith("/static/") for src in scripts), scripts
    for src in scripts + [link["href"] for link in page.find_all("link")]:
        served = client.get(src)
        assert served.status_code == 200, src
        assert len(served.content) > 1000 or src.endswith((".js", ".css")), src
    assert page.find(class_="manque") is None  # the npm files are installed


def test_swagger_ui_never_asks_the_online_validator(site):
    client, _ = site
    start = client.get("/static/docs.js").text
    assert "validatorUrl: null" in start
    assert client.get("/openapi.json").status_code == 200


def test_only_the_listed_npm_files_are_served(site):
    client, _ = site
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200
    for name in ("index.html", "package.json", "..%2Fpackage.json", "swagger-initializer.js"):
        response = client.get(f"/static/vendor/{name}")
        assert response.status_code == 404, name
        assert "SwaggerUIBundle" not in response.text and "{" in response.text


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["content-security-policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _hashes(html: str) -> set[str]:
    """The SHA-256 of each inline script, computed apart from api.csp (by an HTML parser)."""
    found = set()
    for script in soup_text(html).find_all("script"):
        if script.get("src"):
            continue
        digest = hashlib.sha256(script.string.encode("utf-8")).digest()
        found.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return found


@pytest.mark.parametrize("who", [None, "agent", "entreprise"])
def test_pages_run_no_inline_script_and_the_policy_forbids_them(site, who):
    client, base = site
    client = _visit(client, base, who)
    for path in page_paths(client.app):
        if "carte" in path:
            continue
        response = client.get(path, follow_redirects=False)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        page = soup_text(response.text)
        assert [s for s in page.find_all("script") if not s.get("src")] == [], path
        handlers = [
            (tag.name, name)
            for tag in page.find_all(True)
            for name in tag.attrs
            if name.lower().startswith("on")
        ]
        assert handlers == [], path
        assert not page.find(href=re.compile(r"^\s*javascript:", re.IGNORECASE)), path
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"], path
        assert "'unsafe-inline'" not in policy["script-src"], path
        assert "'unsafe-eval'" not in policy["script-src"], path


@pytest.mark.parametrize("path", [f"/fournisseurs/carte?{SEARCH}", f"/api/carte?{SEARCH}"])
def test_map_scripts_run_by_their_hashes_and_nothing_else(site, path):
    client, _ = site
    response = client.get(path)
    assert "Primeurs du Littoral" in response.text
    policy = _policy(response)
    hashes = _hashes(response.text)
    assert len(hashes) >= 3
    assert set(policy["script-src"]) == {"'self'", *hashes}
    assert policy["default-src"] == ["'self'"]
    assert "https://tile.openstreetmap.org" in policy["img-src"]


def test_a_firm_named_like_a_script_does_not_run_on_the_map(site, tmp_path):
    client, base = site
    hostile = {**FIRMS[0], "siret": "44306184100047", "denomination": "</script><script>alert(1)"}
    add_firms(base, [hostile])
    response = client.get(f"/fournisseurs/carte?{SEARCH}")
    policy = _policy(response)
    # The name stays inside the data of an allowed script: no script of its own appears.
    scripts = [s.string or "" for s in soup_text(response.text).find_all("script")]
    assert not any(text.strip().startswith("alert(1)") for text in scripts)
    assert set(policy["script-src"]) == {"'self'", *_hashes(response.text)}


def test_a_map_in_a_srcdoc_frame_is_allowed_by_the_page_that_holds_it(site):
    client, _ = site
    page = soup(client.get("/livraisons?exemple=1"))
    form = {
        "csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"],
        "sites_csv": page.find("textarea", id="sites_csv").get_text(),
        "sirets": "\n".join(f["siret"] for f in FIRMS),
        "vehicule": "fourgon-3.5t",
    }
    response = client.post("/livraisons", data=form)
    assert response.status_code == 200
    frame = soup(response).find("iframe", class_="carte")
    policy = _policy(response)
    inner = _hashes(frame["srcdoc"])
    assert inner and inner <= set(policy["script-src"])
    assert "'unsafe-inline'" not in policy["script-src"]
    # The page's own scripts still come from Clair only.
    assert [s for s in soup(response).find_all("script") if not s.get("src")] == []


def test_tiles_off_means_no_outside_host_at_all(tmp_path):
    base = tmp_path / "clair.sqlite"
    app = create_app(Settings(base=base, demo=False, secret_key="test", tiles="aucun"))
    with TestClient(app) as client:
        add_firms(base)
        response = client.get(f"/fournisseurs/carte?{SEARCH}")
    assert "tile.openstreetmap" not in response.text
    assert _policy(response)["img-src"] == ["'self'", "data:"]
