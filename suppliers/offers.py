"""Scoring the offers received on the delivery criteria, from what each bidder declared.

Here, and only here, scores feed an award. They come from the bidders' own figures (delivery
price per site, vehicle, km per year, share of the load), scored with the formulas published in
the règlement de consultation (:mod:`suppliers.criteria`). Clair's distance estimates are never
used.

Input: a CSV or XLSX file, one row per bidder and site, columns

- ``candidat`` (required), ``site`` (optional label);
- ``prix_livraison_eur``: price of one delivery to the site (the BPU line);
- ``livraisons_par_an`` (optional, default 1: the price is then taken as the yearly amount);
- ``vehicule``: a code of :data:`suppliers.vehicles.VEHICLES` or plain words ("fourgon 3,5 t");
- ``km_annuels``: km driven per year for this site, as declared;
- ``part_chargement`` (optional, default 1): share of the vehicle used for this contract,
  0 to 1 or a percentage ("60 %");
- ``prix_offre_eur`` (optional, once per bidder): the whole offer price, delivery included, for
  the life-cycle cost; without it the life-cycle cost uses the delivery price alone.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, Field

from core.errors import ClairError
from suppliers.delivery import score_lowest_ratio
from suppliers.reference_values import CARBON_VALUE_EUR_PER_T
from suppliers.sites import SitesError, parse_number, read_table_bytes
from suppliers.vehicles import VEHICLES, find_vehicle

SHEET_NOTICE = (
    "Notes calculées avec les chiffres déclarés par les candidats et les formules publiées "
    "dans le règlement de consultation. Aucune distance estimée par Clair n'est utilisée."
)


class OffersError(ClairError):
    """The offers file cannot be read or has rows to fix."""


class OfferScoring(BaseModel):
    """Weights of the criteria, as published in the règlement de consultation."""

    poids_prix: float = Field(default=10, ge=0, description="Points du prix de livraison.")
    poids_co2: float = Field(default=10, ge=0, description="Points des émissions déclarées.")
    poids_cout_cycle_de_vie: float = Field(
        default=10, ge=0, description="Points du coût du cycle de vie."
    )
    valeur_carbone_eur_t: float = Field(
        default=CARBON_VALUE_EUR_PER_T,
        ge=0,
        description="€/tCO2e (valeur de l'action pour le climat 2030, rapport Quinet, 2019).",
    )


class DeclaredLine(BaseModel):
    """One bidder's declaration for one site."""

    candidat: str
    site: str = ""
    prix_livraison_eur: float = Field(ge=0)
    livraisons_par_an: float = Field(default=1, gt=0)
    vehicule: str = Field(description="Code of the vehicle recognised in the declaration.")
    co2_kg_km: float
    km_annuels: float = Field(ge=0)
    part_chargement: float = Field(default=1, gt=0, le=1)
    prix_offre_eur: float | None = Field(default=None, ge=0)

    @property
    def prix_annuel_eur(self) -> float:
        return self.prix_livraison_eur * self.livraisons_par_an

    @property
    def co2_kg(self) -> float:
        return self.km_annuels * self.co2_kg_km * self.part_chargement


class OfferScore(BaseModel):
    """One bidder's totals and scores."""

    candidat: str
    prix_livraison_eur: float = Field(description="Σ price per delivery × deliveries per year.")
    km_annuels: float
    co2_kg: float = Field(description="Σ km × factor of the vehicle × share of the load.")
    cout_co2_eur: float
    prix_offre_eur: float = Field(description="Offer price used in the life-cycle cost.")
    cout_cycle_de_vie_eur: float = Field(description="prix_offre_eur + cout_co2_eur.")
    note_prix: float
    note_co2: float
    note_cout_cycle_de_vie: float


class ScoreSheet(BaseModel):
    """Everything the officer attaches to the analysis report."""

    avertissement: str = SHEET_NOTICE
    parametres: OfferScoring
    declarations: list[DeclaredLine]
    notes: list[OfferScore] = Field(description="Bidders, best life-cycle cost first.")


def read_offers(path: Path) -> list[DeclaredLine]:
    """Read the bidders' declarations from a CSV or XLSX file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OffersError(f"Fichier des offres illisible : {path} ({exc.strerror}).") from exc
    return read_offers_bytes(data, path.name)


def read_offers_bytes(data: bytes, filename: str) -> list[DeclaredLine]:
    """Same as :func:`read_offers`, from the bytes of an uploaded file."""
    try:
        rows = read_table_bytes(data, filename, what="des offres")
    except SitesError as exc:
        raise OffersError(str(exc)) from exc
    required = {"candidat", "prix_livraison_eur", "vehicule", "km_annuels"}
    columns = set(rows[0])
    if "km" in columns and "km_annuels" not in columns:
        required.discard("km_annuels")
    missing = sorted(required - columns)
    if missing:
        raise OffersError(
            f"Colonnes manquantes : {', '.join(missing)}. "
            f"Colonnes lues : {', '.join(sorted(columns))}."
        )
    lines, problems = [], []
    for number, row in enumerate(rows, start=2):
        try:
            lines.append(_declared_line(row))
        except (OffersError, SitesError, ValueError) as exc:
            problems.append(f"ligne {number} : {exc}")
    if problems:
        raise OffersError("Fichier des offres à corriger :\n" + "\n".join(problems[:30]))
    return lines


def _declared_line(row: dict[str, str]) -> DeclaredLine:
    candidat = row.get("candidat", "").strip()
    if not candidat:
        raise OffersError("candidat vide.")
    label = row.get("vehicule", "")
    vehicle = find_vehicle(label) if label else None
    if vehicle is None:
        raise OffersError(
            f"véhicule non reconnu : « {label} ». Codes possibles : {', '.join(VEHICLES)}."
        )
    share_text = (row.get("part_chargement") or "").strip()
    share = 1.0
    if share_text:
        percent = share_text.endswith("%")
        share = parse_number(share_text.rstrip("% "), "part_chargement")
        if percent or share > 1:
            share /= 100
        if not 0 < share <= 1:
            raise OffersError(f"part_chargement hors de 0 à 1 : « {share_text} ».")
    deliveries = row.get("livraisons_par_an") or ""
    offer_price = row.get("prix_offre_eur") or ""
    values = {
        "prix_livraison_eur": parse_number(row.get("prix_livraison_eur"), "prix_livraison_eur"),
        "km_annuels": parse_number(row.get("km_annuels") or row.get("km"), "km_annuels"),
        "livraisons_par_an": parse_number(deliveries, "livraisons_par_an") if deliveries else 1.0,
        "prix_offre_eur": parse_number(offer_price, "prix_offre_eur") if offer_price else None,
    }
    for name, value in values.items():
        if value is not None and value < 0:
            raise OffersError(f"{name} négatif.")
    if values["livraisons_par_an"] == 0:
        raise OffersError("livraisons_par_an doit être supérieur à 0.")
    return DeclaredLine(
        candidat=candidat,
        site=row.get("site", ""),
        vehicule=vehicle.code,
        co2_kg_km=vehicle.co2_kg_km,
        part_chargement=share,
        **values,
    )


def score_offers(lines: list[DeclaredLine], scoring: OfferScoring | None = None) -> ScoreSheet:
    """Totals per bidder and the three scores: lowest ÷ offer × weight."""
    scoring = scoring or OfferScoring()
    if not lines:
        raise OffersError("Aucune offre à noter.")
    by_bidder: dict[str, list[DeclaredLine]] = defaultdict(list)
    for line in lines:
        by_bidder[line.candidat].append(line)
    names = list(by_bidder)
    price = np.array([sum(x.prix_annuel_eur for x in by_bidder[n]) for n in names])
    km = np.array([sum(x.km_annuels for x in by_bidder[n]) for n in names])
    co2 = np.array([sum(x.co2_kg for x in by_bidder[n]) for n in names])
    co2_cost = co2 / 1000 * scoring.valeur_carbone_eur_t
    offer = np.array([_offer_price(n, by_bidder[n], p) for n, p in zip(names, price, strict=True)])
    life = offer + co2_cost
    n_price = score_lowest_ratio(price, scoring.poids_prix)
    n_co2 = score_lowest_ratio(co2, scoring.poids_co2)
    n_life = score_lowest_ratio(life, scoring.poids_cout_cycle_de_vie)
    scores = [
        OfferScore(
            candidat=n,
            prix_livraison_eur=round(float(price[i]), 2),
            km_annuels=round(float(km[i]), 1),
            co2_kg=round(float(co2[i]), 1),
            cout_co2_eur=round(float(co2_cost[i]), 2),
            prix_offre_eur=round(float(offer[i]), 2),
            cout_cycle_de_vie_eur=round(float(life[i]), 2),
            note_prix=round(float(n_price[i]), 2),
            note_co2=round(float(n_co2[i]), 2),
            note_cout_cycle_de_vie=round(float(n_life[i]), 2),
        )
        for i, n in enumerate(names)
    ]
    scores.sort(key=lambda s: (s.cout_cycle_de_vie_eur, s.candidat))
    return ScoreSheet(parametres=scoring, declarations=lines, notes=scores)


def _offer_price(name: str, lines: list[DeclaredLine], delivery_price: float) -> float:
    given = {x.prix_offre_eur for x in lines if x.prix_offre_eur is not None}
    if len(given) > 1:
        raise OffersError(f"{name} : plusieurs prix_offre_eur différents ({sorted(given)}).")
    return given.pop() if given else delivery_price


SCORE_COLUMNS = (
    "candidat",
    "prix_livraison_eur",
    "km_annuels",
    "co2_kg",
    "cout_co2_eur",
    "prix_offre_eur",
    "cout_cycle_de_vie_eur",
    "note_prix",
    "note_co2",
    "note_cout_cycle_de_vie",
)


def sheet_to_csv(sheet: ScoreSheet) -> str:
    """One row per bidder, comma-separated, dot decimals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SCORE_COLUMNS)
    for s in sheet.notes:
        writer.writerow([getattr(s, c) for c in SCORE_COLUMNS])
    return out.getvalue()


def sheet_to_xlsx(sheet: ScoreSheet) -> bytes:
    """The scoring workbook: declarations as typed, every total and score an Excel formula."""
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    decl = wb.create_sheet("Déclarations")
    bold = Font(bold=True)
    headers = (
        "Candidat",
        "Site",
        "Prix par livraison (€)",
        "Livraisons par an",
        "Véhicule",
        "kgCO2e par km",
        "km par an",
        "Part du chargement",
        "Prix annuel (€)",
        "CO2 (kg)",
        "Prix de l'offre (€)",
    )
    for c, h in enumerate(headers, start=1):
        decl.cell(1, c, h).font = bold
    for r, line in enumerate(sheet.declarations, start=2):
        values = (
            line.candidat,
            line.site,
            line.prix_livraison_eur,
            line.livraisons_par_an,
            VEHICLES[line.vehicule].libelle,
            line.co2_kg_km,
            line.km_annuels,
            line.part_chargement,
        )
        for c, v in enumerate(values, start=1):
            decl.cell(r, c, v)
        decl.cell(r, 9, f"=C{r}*D{r}")
        decl.cell(r, 10, f"=G{r}*F{r}*H{r}")
        if line.prix_offre_eur is not None:
            decl.cell(r, 11, line.prix_offre_eur)
    end = len(sheet.declarations) + 1
    col = {k: f"'Déclarations'!${k}$2:${k}${end}" for k in "AGIJK"}

    p = sheet.parametres
    notes.cell(1, 1, sheet.avertissement)
    params = (
        ("Points du prix", p.poids_prix),
        ("Points du CO2", p.poids_co2),
        ("Points du coût du cycle de vie", p.poids_cout_cycle_de_vie),
        ("Valeur du carbone (€/t)", p.valeur_carbone_eur_t),
    )
    for r, (label, value) in enumerate(params, start=3):
        notes.cell(r, 1, label).font = bold
        notes.cell(r, 2, value)
    header = 8
    labels = (
        "Candidat",
        "Prix de livraison (€)",
        "km par an",
        "CO2 (kg)",
        "Coût du CO2 (€)",
        "Prix de l'offre (€)",
        "Coût du cycle de vie (€)",
        "Note prix",
        "Note CO2",
        "Note coût du cycle de vie",
    )
    for c, h in enumerate(labels, start=1):
        notes.cell(header, c, h).font = bold
    first, last = header + 1, header + len(sheet.notes)

    def lowest(letter: str) -> str:
        return f"MIN(${letter}${first}:${letter}${last})"

    def ratio(points: str, letter: str, r: int) -> str:
        return f"=IF({letter}{r}>0,{points}*{lowest(letter)}/{letter}{r},{points})"

    for r, s in enumerate(sheet.notes, start=first):
        notes.cell(r, 1, s.candidat)
        notes.cell(r, 2, f"=SUMIF({col['A']},A{r},{col['I']})")
        notes.cell(r, 3, f"=SUMIF({col['A']},A{r},{col['G']})")
        notes.cell(r, 4, f"=SUMIF({col['A']},A{r},{col['J']})")
        notes.cell(r, 5, f"=D{r}/1000*$B$6")
        notes.cell(
            r,
            6,
            f'=IF(COUNTIFS({col["A"]},A{r},{col["K"]},"<>")>0,'
            f"MAXIFS({col['K']},{col['A']},A{r}),B{r})",
        )
        notes.cell(r, 7, f"=F{r}+E{r}")
        notes.cell(r, 8, ratio("$B$3", "B", r))
        notes.cell(r, 9, ratio("$B$4", "D", r))
        notes.cell(r, 10, ratio("$B$5", "G", r))
    for c, width in enumerate((30, 18, 12, 12, 14, 16, 20, 12, 12, 22), start=1):
        notes.column_dimensions[get_column_letter(c)].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
