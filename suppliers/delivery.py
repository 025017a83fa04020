"""What delivering a buyer's sites would cost each firm: annual km, euros and kgCO2e.

This is a sourcing and simulation tool, used before a tender is published to size lots and
price schedules. It is never an award criterion: French law forbids scoring the distance
between a bidder and the buyer (CE, 12 September 2018, n° 420585); see
:mod:`suppliers.criteria` for the legal criteria and :mod:`suppliers.offers` for scoring what
bidders declare.

Everything is vectorised: firms × sites distances are one numpy broadcast, then each firm's
totals are a matrix-vector product with the deliveries per year.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, Field

from places.distance import great_circle_km
from suppliers.sites import DeliverySite
from suppliers.vehicles import DeliveryParameters, Vehicle

FloatArray = npt.NDArray[np.float64]

ESTIMATE_WARNING = (
    "Estimation pour préparer l'achat (sourçage, simulation). "
    "Ce n'est pas un critère d'attribution : noter la distance est interdit "
    "(Conseil d'État, 12 septembre 2018, n° 420585)."
)


class DeliveryFirm(BaseModel):
    """A firm as the delivery model needs it: who, and where it leaves from."""

    siret: str
    nom: str
    latitude: float | None = None
    longitude: float | None = None


class DeliveryEstimate(BaseModel):
    """One firm's estimated yearly deliveries to all the sites."""

    siret: str
    nom: str
    latitude: float
    longitude: float
    km_annuels: float = Field(description="Road km per year, all sites, round trips included.")
    cout_eur: float = Field(description="Transport cost per year: km × cost per km of the vehicle.")
    co2_kg: float = Field(description="kgCO2e per year: km × emission factor of the vehicle.")
    cout_co2_eur: float = Field(description="Emissions priced at the carbon value, in euros.")
    cout_total_eur: float = Field(description="cout_eur + cout_co2_eur.")
    note: float = Field(description="Max points × lowest total cost ÷ this firm's total cost.")
    note_lineaire: float = Field(
        description="Max points × (1 − (total cost − lowest) ÷ lowest), not below 0."
    )
    site_le_plus_proche_km: float = Field(description="Road km to the nearest site, one way.")


class DeliveryTable(BaseModel):
    """The estimate for every firm, with everything needed to check the arithmetic."""

    avertissement: str = ESTIMATE_WARNING
    vehicule: Vehicle
    parametres: DeliveryParameters
    source_distances: str = Field(description="How distances were obtained.")
    sites: list[DeliverySite]
    lignes: list[DeliveryEstimate] = Field(description="Firms, cheapest total cost first.")
    remarques: list[str] = Field(default_factory=list, description="What the user should know.")
    distances_km: list[list[float]] = Field(
        default_factory=list,
        description="One-way road km, one row per line of ``lignes``, one column per site.",
        exclude=True,
    )


@dataclass(frozen=True)
class DeliveryTotals:
    """Per-firm totals, as arrays of the same length as the firms."""

    km_annuels: FloatArray
    cout_eur: FloatArray
    co2_kg: FloatArray
    cout_co2_eur: FloatArray

    @property
    def cout_total_eur(self) -> FloatArray:
        return self.cout_eur + self.cout_co2_eur


def distance_matrix_km(
    firm_lat: npt.ArrayLike,
    firm_lon: npt.ArrayLike,
    site_lat: npt.ArrayLike,
    site_lon: npt.ArrayLike,
    *,
    detour_factor: float,
) -> FloatArray:
    """Estimated road km, firms × sites: great-circle distance × detour factor."""
    flat = np.asarray(firm_lat, dtype=np.float64)[:, None]
    flon = np.asarray(firm_lon, dtype=np.float64)[:, None]
    slat = np.asarray(site_lat, dtype=np.float64)[None, :]
    slon = np.asarray(site_lon, dtype=np.float64)[None, :]
    return great_circle_km(flat, flon, slat, slon) * detour_factor


def delivery_totals(
    distances_km: FloatArray,
    deliveries_per_year: npt.ArrayLike,
    vehicle: Vehicle,
    params: DeliveryParameters,
) -> DeliveryTotals:
    """Yearly km, cost and emissions of each firm (rows of ``distances_km``)."""
    trips = 2.0 if params.round_trip else 1.0
    deliveries = np.asarray(deliveries_per_year, dtype=np.float64)
    km = trips * (distances_km @ deliveries)
    co2_kg = km * vehicle.co2_kg_km
    return DeliveryTotals(
        km_annuels=km,
        cout_eur=km * vehicle.cout_eur_km,
        co2_kg=co2_kg,
        cout_co2_eur=co2_kg / 1000.0 * params.carbon_value_eur_per_t,
    )


def score_lowest_ratio(values: npt.ArrayLike, max_points: float) -> FloatArray:
    """Max points × lowest ÷ value: the lowest value gets the max (CE, 29 Oct. 2013, n° 370789).

    A value of 0 gets the max; when the lowest is 0 every other value gets 0.
    """
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return v.copy()
    lowest = v.min()
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(v > 0, max_points * lowest / v, max_points)
    return scores


def score_linear(values: npt.ArrayLike, max_points: float) -> FloatArray:
    """Max points × (1 − (value − lowest) ÷ lowest), not below 0: twice the lowest scores 0.

    When the lowest is 0, only the values equal to 0 get points.
    """
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return v.copy()
    lowest = v.min()
    if lowest <= 0:
        return np.where(v <= lowest, max_points, 0.0)
    return np.clip(max_points * (1.0 - (v - lowest) / lowest), 0.0, max_points)


def estimate_deliveries(
    firms: Sequence[DeliveryFirm],
    sites: Sequence[DeliverySite],
    vehicle: Vehicle,
    params: DeliveryParameters | None = None,
    *,
    road_distances_km: FloatArray | None = None,
    distance_source: str | None = None,
) -> DeliveryTable:
    """Estimate every firm's yearly deliveries to ``sites``; cheapest first.

    Distances are great-circle × detour factor unless ``road_distances_km`` (firms with
    coordinates × sites, e.g. from OSRM) is given. Firms without coordinates are left out and
    named in ``remarques``.
    """
    params = params or DeliveryParameters()
    located = [f for f in firms if f.latitude is not None and f.longitude is not None]
    remarques = [
        f"{f.nom} ({f.siret}) : position inconnue, entreprise non estimée."
        for f in firms
        if f.latitude is None or f.longitude is None
    ]
    remarques += [s.remarque for s in sites if s.remarque]
    if road_distances_km is None:
        distances = distance_matrix_km(
            [f.latitude for f in located],
            [f.longitude for f in located],
            [s.latitude for s in sites],
            [s.longitude for s in sites],
            detour_factor=params.detour_factor,
        )
        source = distance_source or (
            f"Vol d'oiseau × {params.detour_factor:g} (facteur de détour moyen)."
        )
    else:
        distances = np.asarray(road_distances_km, dtype=np.float64)
        if distances.shape != (len(located), len(sites)):
            raise ValueError("road_distances_km must be (located firms × sites)")
        source = distance_source or "Distances routières fournies."
    totals = delivery_totals(distances, [s.livraisons_par_an for s in sites], vehicle, params)
    total = totals.cout_total_eur
    note = score_lowest_ratio(total, params.max_points)
    note_lin = score_linear(total, params.max_points)
    nearest = distances.min(axis=1) if len(sites) else np.zeros(len(located))
    order = np.argsort(total, kind="stable")
    lines = [
        DeliveryEstimate(
            siret=located[i].siret,
            nom=located[i].nom,
            latitude=float(located[i].latitude),  # type: ignore[arg-type]
            longitude=float(located[i].longitude),  # type: ignore[arg-type]
            km_annuels=round(float(totals.km_annuels[i]), 1),
            cout_eur=round(float(totals.cout_eur[i]), 2),
            co2_kg=round(float(totals.co2_kg[i]), 1),
            cout_co2_eur=round(float(totals.cout_co2_eur[i]), 2),
            cout_total_eur=round(float(total[i]), 2),
            note=round(float(note[i]), 2),
            note_lineaire=round(float(note_lin[i]), 2),
            site_le_plus_proche_km=round(float(nearest[i]), 1),
        )
        for i in order
    ]
    return DeliveryTable(
        vehicule=vehicle,
        parametres=params,
        source_distances=source,
        sites=list(sites),
        lignes=lines,
        remarques=remarques,
        distances_km=np.round(distances[order], 3).tolist(),
    )


# --- Outputs: CSV, XLSX with live formulas, HTML ------------------------------------------

TABLE_COLUMNS = (
    "siret",
    "nom",
    "km_annuels",
    "cout_eur",
    "co2_kg",
    "cout_co2_eur",
    "cout_total_eur",
    "note",
    "note_lineaire",
    "site_le_plus_proche_km",
)

COLUMN_LABELS = {
    "siret": "SIRET",
    "nom": "Entreprise",
    "km_annuels": "km par an",
    "cout_eur": "Coût transport (€)",
    "co2_kg": "CO2 (kg)",
    "cout_co2_eur": "Coût du CO2 (€)",
    "cout_total_eur": "Coût total (€)",
    "note": "Note (plus bas ÷ offre)",
    "note_lineaire": "Note linéaire",
    "site_le_plus_proche_km": "Site le plus proche (km)",
}


def table_to_csv(table: DeliveryTable) -> str:
    """The table as CSV (comma, dot decimals), warning on the first line as a comment."""
    out = io.StringIO()
    out.write(f"# {table.avertissement}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TABLE_COLUMNS)
    for line in table.lignes:
        writer.writerow([getattr(line, c) for c in TABLE_COLUMNS])
    return out.getvalue()


def table_to_xlsx(table: DeliveryTable) -> bytes:
    """A workbook the officer can audit: every computed cell is an Excel formula.

    Sheet "Distances" holds the one-way road km (firms × sites) under each site's deliveries
    per year; sheet "Estimation" derives km, costs, CO2 and both scores from them and from the
    parameter cells at its top, so changing a parameter recomputes the whole table.
    """
    wb = Workbook()
    est = wb.active
    est.title = "Estimation"
    dist = wb.create_sheet("Distances")
    bold = Font(bold=True)
    warn = PatternFill("solid", fgColor="FFF2CC")

    # Distances sheet: row 1 site names, row 2 deliveries per year, then one row per firm.
    n_sites = len(table.sites)
    dist.cell(1, 1, "SIRET").font = bold
    dist.cell(1, 2, "Entreprise").font = bold
    dist.cell(2, 2, "Livraisons par an →").font = bold
    for j, site in enumerate(table.sites, start=3):
        dist.cell(1, j, site.nom).font = bold
        dist.cell(2, j, site.livraisons_par_an)
    for i, (line, row) in enumerate(zip(table.lignes, table.distances_km, strict=True), start=3):
        dist.cell(i, 1, line.siret)
        dist.cell(i, 2, line.nom)
        for j, km in enumerate(row, start=3):
            dist.cell(i, j, km)
    first_col = get_column_letter(3)
    last_col = get_column_letter(max(3, n_sites + 2))

    # Estimation sheet: warning, parameters, then the table.
    est.cell(1, 1, table.avertissement).fill = warn
    params = [
        ("Véhicule", table.vehicule.libelle),
        ("Coût par km (€)", table.vehicule.cout_eur_km),
        ("CO2 par km (kg)", table.vehicule.co2_kg_km),
        ("Valeur du carbone (€/t)", table.parametres.carbon_value_eur_per_t),
        ("Trajets par livraison", 2 if table.parametres.round_trip else 1),
        ("Points maximum", table.parametres.max_points),
        ("Distances", table.source_distances),
    ]
    for r, (label, value) in enumerate(params, start=3):
        est.cell(r, 1, label).font = bold
        est.cell(r, 2, value)
    cost_km, co2_km, carbon, trips, points = "$B$4", "$B$5", "$B$6", "$B$7", "$B$8"
    header = 11
    for c, name in enumerate(TABLE_COLUMNS, start=1):
        est.cell(header, c, COLUMN_LABELS[name]).font = bold
    first, last = header + 1, header + len(table.lignes)
    total_range = f"$G${first}:$G${max(first, last)}"
    for k, line in enumerate(table.lignes):
        r, d = first + k, 3 + k
        est.cell(r, 1, line.siret)
        est.cell(r, 2, line.nom)
        est.cell(
            r,
            3,
            f"={trips}*SUMPRODUCT(Distances!${first_col}$2:${last_col}$2,"
            f"Distances!{first_col}{d}:{last_col}{d})",
        )
        est.cell(r, 4, f"=C{r}*{cost_km}")
        est.cell(r, 5, f"=C{r}*{co2_km}")
        est.cell(r, 6, f"=E{r}/1000*{carbon}")
        est.cell(r, 7, f"=D{r}+F{r}")
        est.cell(r, 8, f"=IF(G{r}>0,{points}*MIN({total_range})/G{r},{points})")
        est.cell(
            r,
            9,
            f"=IF(MIN({total_range})>0,"
            f"MAX(0,{points}*(1-(G{r}-MIN({total_range}))/MIN({total_range}))),"
            f"IF(G{r}<=0,{points},0))",
        )
        est.cell(r, 10, f"=MIN(Distances!{first_col}{d}:{last_col}{d})")
    for c, width in enumerate((16, 36, 12, 16, 12, 16, 16, 20, 14, 20), start=1):
        est.column_dimensions[get_column_letter(c)].width = width
    est.freeze_panes = est.cell(header + 1, 3)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def table_to_html(table: DeliveryTable) -> str:
    """A standalone HTML page with the table; every value is escaped."""
    esc = html.escape
    head = "".join(f"<th scope='col'>{esc(COLUMN_LABELS[c])}</th>" for c in TABLE_COLUMNS)
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc(_fmt(getattr(line, c)))}</td>" for c in TABLE_COLUMNS) + "</tr>"
        for line in table.lignes
    )
    notes = "".join(f"<li>{esc(r)}</li>" for r in table.remarques)
    v, p = table.vehicule, table.parametres
    return (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
        "<title>Estimation des livraisons</title>"
        "<style>body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.3rem .5rem;text-align:right}"
        "td:nth-child(2),td:first-child{text-align:left}"
        ".avertissement{background:#fff2cc;padding:.6rem;border-left:4px solid #c90}</style>"
        "</head><body><h1>Estimation des livraisons</h1>"
        f"<p class='avertissement'>{esc(table.avertissement)}</p>"
        f"<p>Véhicule : {esc(v.libelle)} ({v.cout_eur_km:g} €/km, {v.co2_kg_km:g} kgCO2e/km). "
        f"Valeur du carbone : {p.carbon_value_eur_per_t:g} €/t. "
        f"{len(table.sites)} sites. {esc(table.source_distances)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        + (f"<h2>Remarques</h2><ul>{notes}</ul>" if notes else "")
        + "</body></html>"
    )


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return str(value)
