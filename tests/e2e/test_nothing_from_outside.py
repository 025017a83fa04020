"""In a real browser: /docs, /redoc and the maps work with only Clair's own files, under a
policy that forbids inline scripts (issue 15). Every answer the browser receives comes from
Clair's host (the map tiles, from the one tile server the policy names, are left aside)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TILE_HOSTS = {"tile.openstreetmap.org", "data.geopf.fr"}


@pytest.fixture
def watched(page, live_server):
    """The page, with what came from elsewhere and the scripts the policy blocked."""
    local = urlsplit(live_server.url).netloc
    outside: list[str] = []
    blocked: list[str] = []

    def on_response(response) -> None:
        parts = urlsplit(response.url)
        if parts.scheme in ("http", "https") and parts.netloc not in (local, *TILE_HOSTS):
            outside.append(response.url)

    def on_console(message) -> None:
        text = message.text
        if "Content Security Policy" in text and "script" in text.lower():
            blocked.append(text)

    page.on("response", on_response)
    page.on("console", on_console)
    return page, outside, blocked


def test_swagger_ui_works_offline_from_clairs_own_files(watched):
    page, outside, blocked = watched
    page.goto("/docs")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for(timeout=60_000)
    assert "Clair" in title.inner_text()
    assert page.locator(".opblock").count() > 10  # the routes are listed
    assert outside == [] and blocked == []


def test_redoc_works_offline_from_clairs_own_files(watched):
    page, outside, blocked = watched
    page.goto("/redoc")
    heading = page.locator("h1").first
    heading.wait_for(timeout=60_000)
    assert "Clair" in heading.inner_text()
    assert outside == [] and blocked == []


def test_maps_run_under_the_policy(watched):
    page, outside, blocked = watched
    page.goto("/fournisseurs?autour=Dunkerque&rayon_km=10")
    frame = page.frame_locator("iframe.carte")
    markers = frame.locator(".leaflet-marker-icon, .marker-cluster, path.leaflet-interactive")
    markers.first.wait_for(timeout=60_000)
    assert markers.count() > 0
    assert outside == [] and blocked == []
