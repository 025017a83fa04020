"""The firms map: clustered firms coloured by activity, delivery sites, radius circles, and a
choropleth of firm counts per commune. Display only: it draws what it is handed.

Firms and sites travel as one compact JSON array embedded in the page; the browser builds the
markers (Leaflet.markercluster with chunked loading), so 10,000 firms stay a light page. Every
string from data reaches the page through ``textContent`` (popups, tooltips) or
:func:`html.escape` (legend): a firm named ``<script>`` shows as text. Leaflet is inlined from
the npm install (:mod:`maps.assets`); no CDN is ever linked. Tiles are the only network
resource, and markers, polygons and legend render without them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import folium
from branca.element import Element, MacroElement
from folium.map import Layer
from folium.template import Template
from pydantic import BaseModel, Field

from core.errors import ClairError
from maps.assets import map_assets
from maps.legend import (
    SECTION_COLOURS,
    UNKNOWN_SECTION,
    choropleth_colours,
    count_breaks,
    legend_html,
)
from places.distance import bounding_box

if TYPE_CHECKING:
    import geopandas as gpd

FRANCE_BOUNDS = [[41.3, -5.2], [51.1, 9.6]]

TILES: dict[str, tuple[str, str] | None] = {
    "openstreetmap": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "© les contributeurs d'OpenStreetMap",
    ),
    "ign-plan": (
        "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM"
        "&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
        "© IGN – Plan IGN v2",
    ),
    "aucun": None,
}

BADGES: dict[str | None, tuple[str, str]] = {
    "vérifié": ("Vérifiée par la collectivité", "ok"),
    "déclaré": ("Déclarée par l'entreprise, à vérifier", "todo"),
    "rejeté": ("Déclaration rejetée", "ko"),
    None: ("Données publiques (SIRENE)", "public"),
}


class MapError(ClairError):
    """The map cannot be drawn as asked (unknown tile provider...)."""


class MapFirm(BaseModel):
    """A firm as the map shows it."""

    siret: str
    nom: str
    latitude: float
    longitude: float
    activite: str | None = Field(default=None, description="Libellé NAF.")
    section: str | None = Field(default=None, description="Section NAF (A to U): the colour.")
    code_commune: str | None = None
    distance_km: float | None = None
    statut_verification: str | None = None
    cout_livraison_eur: float | None = Field(default=None, description="Estimated, per year.")
    co2_kg: float | None = Field(default=None, description="Estimated, per year.")


class MapSite(BaseModel):
    """A delivery site."""

    nom: str
    latitude: float
    longitude: float
    livraisons_par_an: float | None = None
    remarque: str | None = None


class MapCircle(BaseModel):
    """A search radius around a point."""

    latitude: float
    longitude: float
    rayon_km: float = Field(gt=0)


def safe_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever the strings contain."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


_JS_HELPERS = """
function clairEl(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== null && text !== undefined) { e.textContent = text; }
  if (cls) { e.className = cls; }
  return e;
}
function clairNum(x, digits) {
  return x.toLocaleString('fr-FR', {maximumFractionDigits: digits});
}
"""

_CSS = """
.leaflet-container { background: #eef0ea; }
.clair-firm span { display: block; width: 12px; height: 12px; border-radius: 50%;
  border: 1px solid #333; box-sizing: border-box; }
.clair-site-icon { display: inline-block; width: 14px; height: 14px; background: #111;
  border: 2px solid #fff; outline: 1px solid #111; transform: rotate(45deg); box-sizing: border-box; }
.clair-legend { background: #fff; padding: 8px 10px; border-radius: 4px; max-height: 60vh;
  overflow-y: auto; font: 13px/1.35 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.4); }
.clair-legend ul { list-style: none; margin: 2px 0 6px; padding: 0; }
.clair-swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
  border: 1px solid #555; vertical-align: -1px; }
.clair-legend-site { width: 10px; height: 10px; margin: 0 8px 0 2px; vertical-align: 0; }
.clair-popup { font: 13px/1.4 sans-serif; min-width: 180px; }
.clair-muted { color: #555; }
.clair-badge { display: inline-block; margin-top: 4px; padding: 1px 6px; border-radius: 8px;
  font-size: 12px; background: #ddd; }
.clair-badge-ok { background: #d4edda; } .clair-badge-todo { background: #fff3cd; }
.clair-badge-ko { background: #f8d7da; }
.clair-estimate { margin-top: 4px; font-size: 12px; }
"""


class _Assets(MacroElement):
    """Leaflet, markercluster and Clair's styles, inlined in the page head."""

    _template = Template("")

    def render(self, **kwargs: Any) -> None:
        assets = map_assets()
        figure = self.get_root()
        figure.header.add_child(Element(f"<style>{assets.css}</style>"), name="clair_css")
        figure.header.add_child(Element(f"<style>{_CSS}</style>"), name="clair_style")
        figure.header.add_child(Element(f"<script>{assets.js}</script>"), name="clair_js")
        figure.header.add_child(Element(f"<script>{_JS_HELPERS}</script>"), name="clair_helpers")
        super().render(**kwargs)


class _FirmsLayer(Layer):
    """Clustered firm markers built in the browser from a compact array."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
          var rows = {{ this.rows }};
          var colours = {{ this.colours }};
          var icons = {};
          function icon(c) {
            if (!icons[c]) {
              icons[c] = L.divIcon({className: 'clair-firm',
                html: '<span style="background:' + colours[c] + '"></span>',
                iconSize: [12, 12]});
            }
            return icons[c];
          }
          function popup(r) {
            var d = clairEl('div', null, 'clair-popup');
            d.appendChild(clairEl('strong', r[3]));
            if (r[4]) { d.appendChild(clairEl('div', r[4])); }
            d.appendChild(clairEl('div', 'SIRET ' + r[5], 'clair-muted'));
            if (r[6] !== null) {
              d.appendChild(clairEl('div', 'À ' + clairNum(r[6], 1) + ' km'));
            }
            d.appendChild(clairEl('span', r[7], 'clair-badge clair-badge-' + r[8]));
            if (r[9] !== null) {
              var t = 'Livraisons estimées : ' + clairNum(r[9], 0) + ' € par an';
              if (r[10] !== null) { t += ', ' + clairNum(r[10], 0) + ' kg de CO2'; }
              d.appendChild(clairEl('div', t + ' (estimation, pas un critère de choix).',
                'clair-estimate'));
            }
            return d;
          }
          var group = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false,
            maxClusterRadius: 45});
          var markers = [];
          for (var i = 0; i < rows.length; i++) {
            var r = rows[i];
            var m = L.marker([r[0], r[1]], {icon: icon(r[2]), title: r[3], alt: r[3]});
            m.bindPopup(popup.bind(null, r));
            markers.push(m);
          }
          group.addLayers(markers);
          return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, firms: Sequence[MapFirm], sections: list[str], name: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "ClairFirms"
        index = {s: i for i, s in enumerate(sections)}
        rows = []
        for f in firms:
            badge, badge_class = BADGES.get(f.statut_verification, BADGES[None])
            rows.append(
                [
                    round(f.latitude, 5),
                    round(f.longitude, 5),
                    index[_section(f)],
                    f.nom,
                    f.activite,
                    f.siret,
                    _rounded(f.distance_km, 1),
                    badge,
                    badge_class,
                    _rounded(f.cout_livraison_eur, 0),
                    _rounded(f.co2_kg, 0),
                ]
            )
        self.rows = safe_json(rows)
        self.colours = safe_json([SECTION_COLOURS[s] for s in sections])


class _SitesLayer(Layer):
    """Delivery sites, one diamond per place (sites at the same point share it)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
          var places = {{ this.places }};
          var group = L.featureGroup();
          var icon = L.divIcon({className: '', html: '<span class="clair-site-icon"></span>',
            iconSize: [14, 14]});
          places.forEach(function (p) {
            var m = L.marker([p[0], p[1]], {icon: icon, title: p[2][0][0], zIndexOffset: 1000});
            m.bindPopup(function () {
              var d = clairEl('div', null, 'clair-popup');
              d.appendChild(clairEl('strong', p[2].length > 1 ?
                p[2].length + ' sites de livraison' : 'Site de livraison'));
              var ul = clairEl('ul');
              p[2].forEach(function (s) {
                var t = s[0];
                if (s[1] !== null) { t += ' : ' + clairNum(s[1], 0) + ' livraisons par an'; }
                ul.appendChild(clairEl('li', t));
                if (s[2]) { ul.appendChild(clairEl('li', s[2], 'clair-muted')); }
              });
              d.appendChild(ul);
              return d;
            });
            group.addLayer(m);
          });
          return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, sites: Sequence[MapSite], name: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "ClairSites"
        places: dict[tuple[float, float], list[list[Any]]] = {}
        for s in sites:
            key = (round(s.latitude, 5), round(s.longitude, 5))
            places.setdefault(key, []).append([s.nom, s.livraisons_par_an, s.remarque])
        self.places = safe_json([[lat, lon, items] for (lat, lon), items in places.items()])


class _CommunesLayer(Layer):
    """Firm counts per commune, as filled outlines with a tooltip."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
          style: function (f) {
            return {color: '#555', weight: 1, fillColor: f.properties.c, fillOpacity: 0.55};
          },
          onEachFeature: function (f, layer) {
            layer.bindTooltip(function () {
              var k = f.properties.k;
              return clairEl('span', f.properties.n + ' : ' + k +
                (k > 1 ? ' entreprises' : ' entreprise'));
            }, {sticky: true});
          }
        });
        {% endmacro %}
        """
    )

    def __init__(self, features: list[dict[str, Any]], name: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "ClairCommunes"
        self.data = safe_json({"type": "FeatureCollection", "features": features})


class _Legend(MacroElement):
    """The legend, as a Leaflet control so it stays inside the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var legend = L.control({position: 'bottomright'});
          legend.onAdd = function () {
            var box = L.DomUtil.create('div');
            box.innerHTML = {{ this.html }};
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            return box;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "ClairLegend"
        self.html = safe_json(html)  # already escaped by maps.legend


def firms_map(
    firms: Sequence[MapFirm],
    *,
    sites: Sequence[MapSite] = (),
    circles: Sequence[MapCircle] = (),
    communes: gpd.GeoDataFrame | None = None,
    tiles: str = "openstreetmap",
    section_labels: Mapping[str, str] | None = None,
    title: str = "Entreprises – Clair",
) -> folium.Map:
    """Draw firms, sites, radius circles and firm counts per commune on one map.

    ``communes`` holds the outlines (columns ``code_insee``, ``nom``, ``geometry``, EPSG:4326),
    e.g. from :func:`places.communes.commune_polygons`; counts come from the firms'
    ``code_commune``.
    """
    m = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    m.default_js, m.default_css = [], []
    m.get_root().title = title
    m.add_child(_Assets(), name="clair_assets")
    _add_tiles(m, tiles)

    sections = sorted({_section(f) for f in firms}, key=lambda s: (s == UNKNOWN_SECTION, s))
    breaks: list[int] = []
    if communes is not None and len(communes):
        features, breaks = _commune_features(communes, firms)
        if features:
            m.add_child(_CommunesLayer(features, "Entreprises par commune"))
    if circles:
        group = folium.FeatureGroup(name="Rayons de recherche")
        for c in circles:
            folium.Circle(
                location=[c.latitude, c.longitude],
                radius=c.rayon_km * 1000,
                color="#d62728",
                weight=2,
                fill=False,
                dash_array="6 6",
            ).add_to(group)
        m.add_child(group)
    if firms:
        m.add_child(_FirmsLayer(firms, sections, f"Entreprises ({len(firms)})"))
    if sites:
        m.add_child(_SitesLayer(sites, f"Sites de livraison ({len(sites)})"))
    m.add_child(
        _Legend(legend_html(sections, labels=section_labels, breaks=breaks, with_sites=bool(sites)))
    )
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(_bounds(firms, sites, circles))
    return m


def map_html(firms: Sequence[MapFirm], **kwargs: Any) -> str:
    """The map as one self-contained HTML page (French, no external script or style)."""
    page = firms_map(firms, **kwargs).get_root().render()
    return page.replace("<html>", '<html lang="fr">', 1)


def _section(firm: MapFirm) -> str:
    s = (firm.section or "").upper()
    return s if s in SECTION_COLOURS else UNKNOWN_SECTION


def _rounded(value: float | None, digits: int) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


def tile_url(tiles: str) -> str | None:
    """The URL template of the tile server a map with these ``tiles`` loads (None: no tiles).

    The map's only network resource: the page's Content-Security-Policy allows this host."""
    spec = _tile_spec(tiles)
    return spec[0] if spec else None


def _add_tiles(m: folium.Map, tiles: str) -> None:
    spec = _tile_spec(tiles)
    if spec is not None:
        url, attribution = spec
        folium.TileLayer(tiles=url, attr=attribution, name="Fond de carte", max_zoom=19).add_to(m)


def _tile_spec(tiles: str) -> tuple[str, str] | None:
    key = tiles.strip().lower()
    if key.startswith("https://") and "{z}" in key:
        spec: tuple[str, str] | None = (tiles.strip(), "Fond de carte configuré")
    elif key in TILES:
        spec = TILES[key]
    else:
        raise MapError(
            f"Fond de carte inconnu : « {tiles} ». Choisissez : {', '.join(TILES)}, "
            "ou une adresse https://…/{z}/{x}/{y}.png."
        )
    return spec


def _commune_features(
    communes: gpd.GeoDataFrame, firms: Sequence[MapFirm]
) -> tuple[list[dict[str, Any]], list[int]]:
    counts: dict[str, int] = {}
    for f in firms:
        if f.code_commune:
            counts[f.code_commune] = counts.get(f.code_commune, 0) + 1
    breaks = count_breaks(counts.values())
    colours = choropleth_colours(breaks)
    features = []
    for code, nom, geometry in zip(
        communes["code_insee"], communes["nom"], communes.geometry, strict=True
    ):
        if geometry is None or geometry.is_empty:
            continue
        k = counts.get(code, 0)
        colour = "#ffffff"
        for bound, c in zip(breaks, colours, strict=True):
            if k and k <= bound:
                colour = c
                break
        features.append(
            {
                "type": "Feature",
                "properties": {"n": str(nom), "k": k, "c": colour},
                "geometry": _rounded_geometry(geometry.__geo_interface__),
            }
        )
    return features, breaks


def _rounded_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """Coordinates to 4 decimals (about 10 m): enough for outlines, much lighter."""

    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(x), 4) for x in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _bounds(
    firms: Sequence[MapFirm], sites: Sequence[MapSite], circles: Sequence[MapCircle]
) -> list[list[float]]:
    lats = [f.latitude for f in firms] + [s.latitude for s in sites]
    lons = [f.longitude for f in firms] + [s.longitude for s in sites]
    for c in circles:
        south, north, west, east = bounding_box(c.latitude, c.longitude, c.rayon_km)
        lats += [south, north]
        lons += [west, east]
    if not lats:
        return FRANCE_BOUNDS
    return [[min(lats), min(lons)], [max(lats), max(lons)]]
