"""Colours and legend of the firms map: one colour per NAF section, a scale for the choropleth."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence

# 21 NAF rev. 2 sections, short French names for a legend (the full labels live in suppliers.naf).
SECTION_LABELS: dict[str, str] = {
    "A": "Agriculture, pêche",
    "B": "Industries extractives",
    "C": "Industrie manufacturière",
    "D": "Énergie",
    "E": "Eau, déchets",
    "F": "Construction",
    "G": "Commerce, réparation auto",
    "H": "Transport, entreposage",
    "I": "Hébergement, restauration",
    "J": "Information, communication",
    "K": "Finance, assurance",
    "L": "Immobilier",
    "M": "Activités spécialisées, scientifiques",
    "N": "Services administratifs, de soutien",
    "O": "Administration publique",
    "P": "Enseignement",
    "Q": "Santé, action sociale",
    "R": "Arts, spectacles, loisirs",
    "S": "Autres services",
    "T": "Ménages employeurs",
    "U": "Organisations extraterritoriales",
}
UNKNOWN_SECTION = "?"
UNKNOWN_LABEL = "Activité inconnue"

# Distinct, colour-blind-aware colours (Tableau 20 + grey), one per section letter.
SECTION_COLOURS: dict[str, str] = dict(
    zip(
        [*SECTION_LABELS, UNKNOWN_SECTION],
        [
            "#4e79a7",
            "#a0cbe8",
            "#f28e2b",
            "#ffbe7d",
            "#59a14f",
            "#8cd17d",
            "#b6992d",
            "#f1ce63",
            "#499894",
            "#86bcb6",
            "#e15759",
            "#ff9d9a",
            "#79706e",
            "#bab0ac",
            "#d37295",
            "#fabfd2",
            "#b07aa1",
            "#d4a6c8",
            "#9d7660",
            "#d7b5a6",
            "#17becf",
            "#7f7f7f",
        ],
        strict=True,
    )
)

# Sequential blues for the firm counts per commune (ColorBrewer "Blues", 5 classes).
CHOROPLETH_COLOURS: tuple[str, ...] = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")


def section_colour(section: str | None) -> str:
    return SECTION_COLOURS.get((section or UNKNOWN_SECTION).upper(), SECTION_COLOURS["?"])


def count_breaks(counts: Iterable[int], classes: int = len(CHOROPLETH_COLOURS)) -> list[int]:
    """Upper bounds of the count classes (quantiles, de-duplicated, ascending)."""
    values = sorted(c for c in counts if c > 0)
    if not values:
        return []
    bounds = []
    for k in range(1, classes + 1):
        bound = values[max(0, math.ceil(k * len(values) / classes) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def legend_html(
    sections: Sequence[str],
    *,
    labels: Mapping[str, str] | None = None,
    breaks: Sequence[int] = (),
    with_sites: bool = False,
) -> str:
    """The legend box: the sections present on the map, sites, and the choropleth scale."""
    labels = {**SECTION_LABELS, UNKNOWN_SECTION: UNKNOWN_LABEL, **(labels or {})}
    esc = html.escape
    parts = ["<div class='clair-legend' role='region' aria-label='Légende'>"]
    parts.append("<strong>Activité (section NAF)</strong><ul>")
    for s in sections:
        label = labels.get(s, UNKNOWN_LABEL)
        code = f"{esc(s)} – " if s != UNKNOWN_SECTION else ""
        parts.append(
            f"<li><span class='clair-swatch' style='background:{section_colour(s)}'></span>"
            f"{code}{esc(label)}</li>"
        )
    parts.append("</ul>")
    if with_sites:
        parts.append(
            "<div><span class='clair-site-icon clair-legend-site'></span>Site de livraison</div>"
        )
    if breaks:
        parts.append("<strong>Entreprises par commune</strong><ul>")
        low = 1
        for bound, colour in zip(breaks, _scale(len(breaks)), strict=True):
            text = f"{low}" if low == bound else f"{low} à {bound}"
            parts.append(
                f"<li><span class='clair-swatch' style='background:{colour}'></span>{text}</li>"
            )
            low = bound + 1
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


def _scale(n: int) -> list[str]:
    """``n`` colours spread over the sequential palette."""
    if n <= 1:
        return [CHOROPLETH_COLOURS[-2]][:n]
    last = len(CHOROPLETH_COLOURS) - 1
    return [CHOROPLETH_COLOURS[round(i * last / (n - 1))] for i in range(n)]


def choropleth_colours(breaks: Sequence[int]) -> list[str]:
    """The colour of each class of :func:`count_breaks`."""
    return _scale(len(breaks))
