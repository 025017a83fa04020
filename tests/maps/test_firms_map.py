import json
import re
import time

import geopandas as gpd
import pytest
from shapely.geometry import box

from maps.assets import MapAssetsError, map_assets
from maps.firms_map import (
    MapCircle,
    MapError,
    MapFirm,
    MapSite,
    firms_map,
    map_html,
    safe_json,
)
from maps.legend import SECTION_COLOURS, count_breaks, legend_html

EVIL = "<script>alert(1)</script>"


def firm(i, **kw):
    base = dict(
        siret=f"{i:014d}",
        nom=f"Entreprise {i}",
        latitude=51.0 + i * 0.01,
        longitude=2.3 + i * 0.01,
        activite="Boulangerie et boulangerie-pâtisserie",
        section="C",
        code_commune="59183",
    )
    return MapFirm(**(base | kw))


@pytest.fixture
def communes():
    return gpd.GeoDataFrame(
        {"code_insee": ["59183", "59273"], "nom": ["Dunkerque", "Grave<lines>"]},
        geometry=[box(2.2, 50.95, 2.45, 51.1), box(2.05, 50.95, 2.2, 51.05)],
        crs="EPSG:4326",
    )


def test_page_is_self_contained_and_french(communes):
    page = map_html(
        [firm(1), firm(2, section="F", code_commune="59273")],
        sites=[MapSite(nom="Cantine", latitude=51.03, longitude=2.37, livraisons_par_an=72)],
        circles=[MapCircle(latitude=51.03, longitude=2.37, rayon_km=10)],
        communes=communes,
    )
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    # No script or stylesheet is fetched from anywhere: Leaflet is inlined.
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "code.jquery" not in page
    assert "L.markerClusterGroup" in page and "leaflet-container" in page
    assert "Entreprises par commune" in page and "Sites de livraison (1)" in page
    assert "Rayons de recherche" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("nom", EVIL), ("activite", EVIL), ("nom", "</script><img src=x onerror=alert(1)>")],
)
def test_data_strings_never_become_markup(field, value):
    page = map_html(
        [firm(1, **{field: value})], sites=[MapSite(nom=EVIL, latitude=51, longitude=2)]
    )
    assert "<script>alert" not in page and "<img src=x" not in page
    # The value is still there, as data, and decodes back to the original text.
    rows = re.search(r"var rows = (\[.*?\]);\n", page).group(1)
    assert value in json.dumps(json.loads(rows), ensure_ascii=False)


def test_legend_escapes_labels_and_lists_the_sections_shown():
    html = legend_html(["C", "F", "?"], labels={"C": EVIL}, breaks=[1, 3], with_sites=True)
    assert EVIL not in html and "&lt;script&gt;" in html
    assert "F – Construction" in html and "Activité inconnue" in html
    assert "Site de livraison" in html and "2 à 3" in html


def test_commune_names_are_data_not_markup(communes):
    page = map_html([firm(1)], communes=communes)
    assert "Grave<lines>" not in page and "Grave\\u003clines\\u003e" in page


@pytest.mark.parametrize(
    ("counts", "breaks"),
    [([1, 1, 1], [1]), ([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), ([0, 0], []), ([10, 1], [1, 10])],
)
def test_count_breaks(counts, breaks):
    assert count_breaks(counts) == breaks


@pytest.mark.parametrize(
    ("tiles", "expected"),
    [
        ("openstreetmap", "tile.openstreetmap.org"),
        ("ign-plan", "data.geopf.fr/wmts"),
        ("IGN-Plan", "PLANIGNV2"),
        ("https://tuiles.exemple.fr/{z}/{x}/{y}.png", "tuiles.exemple.fr"),
    ],
)
def test_tile_providers(tiles, expected):
    assert expected in map_html([firm(1)], tiles=tiles)


def test_no_tiles_still_draws_everything():
    page = map_html([firm(1)], tiles="aucun")
    assert "L.tileLayer" not in page and "L.markerClusterGroup" in page


def test_unknown_tiles_are_a_french_error():
    with pytest.raises(MapError, match="Fond de carte inconnu"):
        firms_map([firm(1)], tiles="google")


def test_unknown_sections_get_the_grey():
    page = map_html([firm(1, section=None), firm(2, section="Z")])
    assert SECTION_COLOURS["?"] in page and "Activité inconnue" in page


def test_empty_map_centres_on_france():
    page = map_html([])
    assert "[41.3, -5.2]" in page


def test_safe_json_round_trips():
    value = ["</script>", "a & b", "\u2028"]
    text = safe_json(value)
    assert "<" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_missing_leaflet_is_a_french_error(monkeypatch, tmp_path):
    map_assets.cache_clear()
    monkeypatch.setenv("CLAIR_NODE_MODULES", str(tmp_path))
    try:
        with pytest.raises(MapAssetsError, match="make install"):
            map_assets()
    finally:
        map_assets.cache_clear()


def test_ten_thousand_firms_build_fast_and_light():
    firms = [
        firm(i, latitude=50.5 + (i % 100) * 0.01, longitude=2.0 + (i // 100) * 0.01)
        for i in range(10_000)
    ]
    start = time.perf_counter()
    page = map_html(firms)
    elapsed = time.perf_counter() - start
    assert elapsed < 3.0
    assert len(page.encode()) < 5 * 1024 * 1024
