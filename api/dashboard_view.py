"""The dashboard for people: its three charts, each with the table of its figures, on the web
page ``/tableau-de-bord`` and in the standalone HTML report of ``clair marches tableau``.

Both go through the same Jinja2 partial (``_tableau.html``): the page inside the site's layout,
the report as one file with its CSS inlined and no external asset (charts are inline SVG drawn
by :mod:`maps.charts`), to mail or to print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from markupsafe import Markup

from api.pages._render import STATIC_CSS, environment, french_number, french_share
from maps.charts import Series, bar_chart, column_chart
from tenders.dashboard_model import ClasseDistance, Dashboard, rayon_key

OPPORTUNITIES_SHOWN = 10


@dataclass(frozen=True)
class Chart:
    """A chart and the table beside it (same figures): caption, column heads, rows. The first
    cell of each row is the row's header (``th scope="row"``)."""

    id: str
    caption: str
    svg: Markup
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    wide: bool = False
    """A wide chart goes above its table instead of beside it."""


def km(value: float) -> str:
    """A distance or a radius as written in French: 30, 12,5."""
    return f"{value:g}".replace(".", ",")


def bin_label(bin_: ClasseDistance) -> str:
    """« 0 à 5 km », « 500 km et plus »."""
    if bin_.a_km is None:
        return f"{km(bin_.de_km)} km et plus"
    return f"{km(bin_.de_km)} à {km(bin_.a_km)} km"


def _euros(value: float | None) -> str:
    return "—" if value is None else f"{french_number(value)} €"


def distance_chart(dashboard: Dashboard) -> Chart:
    bins = dashboard.histogramme
    labels = [
        f"{km(b.de_km)}–{km(b.a_km)}" if b.a_km is not None else f"{km(b.de_km)} +" for b in bins
    ]
    svg = column_chart(
        "graphique-distances",
        labels,
        [Series("Titulaires", [float(b.titulaires) for b in bins])],
        title="Distance entre l'acheteur et le titulaire",
        description=(
            "Nombre de titulaires placés par classe de distance, en kilomètres (500 + : 500 km "
            "et plus). "
            "Les chiffres sont dans le tableau qui suit."
        ),
        value_format=lambda v: french_number(v),
        integer=True,
    )
    return Chart(
        id="graphique-distances",
        caption=(
            f"Distance entre l'acheteur et le titulaire ({dashboard.titulaires - dashboard.non_places}"
            f" titulaires placés sur {dashboard.titulaires})"
        ),
        svg=svg,
        headers=("Distance", "Titulaires", "Parts de marchés", "Montant des parts"),
        rows=[
            (
                bin_label(b),
                french_number(b.titulaires),
                french_number(b.parts, 1),
                _euros(b.montant),
            )
            for b in bins
        ],
    )


def years_chart(dashboard: Dashboard) -> Chart:
    years = dashboard.par_annee
    rayon = km(dashboard.rayon_km)
    series = [
        Series("PME", [y.part_pme for y in years]),
        Series(f"À moins de {rayon} km", [y.part_locale for y in years]),
        Series("Offre unique", [y.part_offre_unique for y in years]),
    ]
    svg = column_chart(
        "graphique-annees",
        [str(y.annee) for y in years],
        series,
        title="Parts des marchés par année",
        description=(
            f"Pour chaque année, part des marchés gagnée par des PME, par des entreprises à "
            f"moins de {rayon} km, et part des marchés avec une seule offre. "
            "Les chiffres sont dans le tableau qui suit."
        ),
        value_format=french_share,
        top=1.0,
    )
    return Chart(
        id="graphique-annees",
        caption="Parts des marchés par année (en nombre de marchés)",
        svg=svg,
        headers=(
            "Année",
            "Marchés",
            "Montant",
            "Part PME",
            f"Part à moins de {rayon} km",
            "Part avec une seule offre",
        ),
        rows=[
            (
                str(y.annee),
                french_number(y.marches),
                _euros(y.montant),
                french_share(y.part_pme),
                french_share(y.part_locale),
                french_share(y.part_offre_unique),
            )
            for y in years
        ],
        wide=True,
    )


def opportunities_chart(dashboard: Dashboard) -> Chart:
    shown = dashboard.opportunites[:OPPORTUNITIES_SHOWN]
    rayon = km(dashboard.rayon_km)
    labels = [f"{o.cpv} {o.libelle or ''}".strip() for o in shown]
    svg = bar_chart(
        "graphique-opportunites",
        labels,
        [float(o.entreprises_locales) for o in shown],
        [f"{french_share(o.part_locale)} gagnés sur place" for o in shown],
        title="Où les entreprises locales pourraient répondre",
        description=(
            f"Pour chaque division CPV achetée : nombre d'entreprises actives à moins de {rayon} "
            "km dont l'activité correspond, et part des marchés gagnée sur place. "
            "Les chiffres sont dans le tableau qui suit."
        ),
        value_format=lambda v: french_number(v),
    )
    return Chart(
        id="graphique-opportunites",
        caption=(
            f"Divisions CPV où beaucoup d'entreprises locales (à moins de {rayon} km) "
            "gagnent peu de marchés"
        ),
        svg=svg,
        headers=(
            "Division CPV",
            "Entreprises locales",
            "Dont PME",
            "Marchés",
            "Montant",
            "Part gagnée sur place",
        ),
        rows=[
            (
                label,
                french_number(o.entreprises_locales),
                french_number(o.par_taille.get("PME", 0)),
                french_number(o.marches),
                _euros(o.montant),
                french_share(o.part_locale),
            )
            for label, o in zip(labels, shown, strict=True)
        ],
        wide=True,
    )


def charts(dashboard: Dashboard) -> list[Chart]:
    """The three charts of the dashboard, each with its table."""
    return [distance_chart(dashboard), years_chart(dashboard), opportunities_chart(dashboard)]


def radii(dashboard: Dashboard) -> list[tuple[str, float | None, float | None]]:
    """(radius label, share by count, share by amount), smallest radius first."""
    keys = sorted(dashboard.part_locale, key=float)
    return [
        (f"{km(float(k))} km", dashboard.part_locale[k], dashboard.part_locale_montant.get(k))
        for k in keys
    ]


def context(dashboard: Dashboard) -> dict[str, object]:
    """What ``_tableau.html`` needs."""
    return {
        "d": dashboard,
        "charts": charts(dashboard),
        "rayons": radii(dashboard),
        "rayon_choisi": rayon_key(dashboard.rayon_km),
        "rayon_label": km(dashboard.rayon_km),
    }


@cache
def _css() -> str:
    return STATIC_CSS.read_text(encoding="utf-8")


def render_report(dashboard: Dashboard, *, generated: datetime | None = None) -> str:
    """The dashboard as one standalone HTML file: CSS inlined, charts as inline SVG, no
    script, no link to any other file."""
    template = environment.get_template("tableau_rapport.html")
    return template.render(
        title="Qui gagne les marchés : tableau de bord",
        css=Markup(_css().replace("</", "<\\/")),
        genere_le=(generated or datetime.now()).strftime("%d/%m/%Y à %H:%M"),
        **context(dashboard),
    )
