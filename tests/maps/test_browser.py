"""The generated map in a real headless Chromium: markers, clusters, legend, escaped popups."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from maps.firms_map import MapFirm, MapSite, map_html
from tests.conftest import ARTIFACTS

EVIL = "<script>alert(1)</script>"

pytestmark = pytest.mark.browser


def firms():
    # One isolated firm with a hostile name, and 300 close together that must cluster.
    out = [
        MapFirm(
            siret="00000000000001",
            nom=EVIL,
            latitude=50.80,
            longitude=1.80,
            activite="Boulangerie",
            section="C",
            statut_verification="vérifié",
            cout_livraison_eur=4507,
            co2_kg=2028,
            distance_km=12.3,
        )
    ]
    out += [
        MapFirm(
            siret=f"{i:014d}",
            nom=f"Entreprise {i}",
            latitude=51.03 + (i % 20) * 0.0005,
            longitude=2.37 + (i // 20) * 0.0005,
            section="FGHIJ"[i % 5],
        )
        for i in range(2, 302)
    ]
    return out


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("carte") / "carte.html"
    html = map_html(
        firms(),
        sites=[
            MapSite(nom="Cantine Jean Bart", latitude=51.0, longitude=2.2, livraisons_par_an=72)
        ],
        tiles="openstreetmap",  # unreachable here: everything else must still render
    )
    path.write_text(html, encoding="utf-8")
    return path


def test_map_renders_markers_clusters_and_legend(page_file, browser):
    errors, dialogs = [], []
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        # Tiles cannot load here; block them outright so the test never waits on network.
        page.route("http*://**", lambda route: route.abort())
        page.goto(page_file.as_uri())
        page.wait_for_selector(".marker-cluster", timeout=15_000)
        page.wait_for_selector(".clair-firm", timeout=15_000)
        page.wait_for_selector(".clair-site-icon", timeout=15_000)
        legend = page.locator(".clair-legend")
        assert legend.is_visible()
        assert "Activité (section NAF)" in legend.inner_text()
        assert "Site de livraison" in legend.inner_text()
        clusters = page.locator(".marker-cluster").all_inner_texts()
        assert sum(int(t) for t in clusters if t.strip().isdigit()) >= 290
        # The isolated firm's popup shows its hostile name as plain text.
        # A click that lands while Leaflet still zooms to fit the markers is lost: wait for
        # the zoom to end, and click again while no popup opened.
        page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")
        marker = page.locator(f".leaflet-marker-icon[title='{EVIL}']")
        popup = page.locator(".leaflet-popup-content")
        for _ in range(5):
            marker.click()
            try:
                popup.wait_for(timeout=2_000)
                break
            except PlaywrightTimeoutError:
                continue
        popup.wait_for(timeout=2_000)
        text = popup.inner_text()
        assert EVIL in text and "Vérifiée par la collectivité" in text
        assert "pas un critère" in text
        assert page.locator(".leaflet-popup-content script").count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "carte_entreprises.png"))
    finally:
        context.close()
    assert errors == []
    assert dialogs == []
