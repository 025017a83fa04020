"""The local-economy dashboard as a workbook: one sheet per table, totals as visible formulas.

An officer can check every total (``=SUM(...)``) and each share of the distance histogram
(``=C2/C$12``) in the spreadsheet itself. Shares computed by Clair (by count, each winner of a
contract counting for an equal part; by amount) are written as numbers in percent format.
Text that comes from the data (names, objects) is always written as text, never as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tenders.dashboard_model import Dashboard

PERCENT = "0.0%"
EUROS = '#,##0 "€"'
DECIMAL = "0.00"
WARNING = (
    "Pour préparer les achats (sourçage, lots pour les PME, annonces anticipées), jamais pour "
    "noter les offres : la distance ne peut pas être un critère de choix (Conseil d'État, "
    "12 septembre 2018, n° 420585)."
)
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE3F0")
_WARN_FILL = PatternFill("solid", fgColor="FFF2CC")


def _put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: Any,
    number_format: str | None = None,
    *,
    formula: bool = False,
):
    """Write one cell; a string is text unless ``formula`` says it is one of ours."""
    cell = sheet.cell(row, column)
    cell.value = value
    if isinstance(value, str) and value.startswith("=") and not formula:
        cell.data_type = "s"  # text from the data that looks like a formula stays text
    if number_format and value is not None:
        cell.number_format = number_format
    return cell


def _table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: Sequence[str | None],
    *,
    start: int = 1,
    sums: Sequence[int] = (),
    widths: Sequence[int] = (),
) -> tuple[int, int, int]:
    """Write a header row, the rows, and a « Total » row of ``=SUM`` over the ``sums`` columns
    (1-based) when there are any; return (first data row, last data row, total row or 0)."""
    for column, header in enumerate(headers, start=1):
        cell = _put(sheet, start, column, header)
        cell.font, cell.fill = _BOLD, _HEAD_FILL
    first = start + 1
    row = first
    for values in rows:
        for column, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
            _put(sheet, row, column, value, fmt)
        row += 1
    last = row - 1
    total = 0
    if sums:
        total = row
        _put(sheet, total, 1, "Total").font = _BOLD
        for column in sums:
            letter = get_column_letter(column)
            formula = f"=SUM({letter}{first}:{letter}{max(first, last)})" if last >= first else 0
            _put(sheet, total, column, formula, formats[column - 1], formula=True).font = _BOLD
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(start + 1, 1)
    return first, last, total


def _summary(sheet: Worksheet, d: Dashboard) -> None:
    years = (
        f"{d.annee_debut or '…'} à {d.annee_fin or '…'}"
        if d.annee_debut or d.annee_fin
        else "toutes"
    )
    key = f"{d.rayon_km:g}"
    rows: list[tuple[str, Any, str | None]] = [
        ("Acheteurs (SIRET)", ", ".join(a.siret for a in d.acheteurs), None),
        ("Années", years, None),
        ("Divisions CPV", ", ".join(d.divisions) or "toutes", None),
        ("Procédures", ", ".join(d.procedures) or "toutes", None),
        ("Rayon local choisi (km)", d.rayon_km, None),
        ("Marchés", d.marches, None),
        ("Montant total (€ HT)", d.montant_total, EUROS),
        ("Marchés sans montant fiable", d.marches_sans_montant, None),
        ("Marchés sans titulaire déclaré", d.marches_sans_titulaire, None),
        ("Titulaires (un par marché et par titulaire)", d.titulaires, None),
        ("Titulaires hors registre", d.hors_registre, None),
        ("Titulaires sans distance", d.non_places, None),
        ("Part gagnée par des PME (nombre)", d.part_pme, PERCENT),
        ("Part gagnée par des PME (montant)", d.part_pme_montant, PERCENT),
        ("Part des PME parmi les tailles connues (nombre)", d.part_pme_tailles_connues, PERCENT),
        (
            "Part des PME parmi les tailles connues (montant)",
            d.part_pme_tailles_connues_montant,
            PERCENT,
        ),
        (f"Part gagnée à moins de {key} km (nombre)", d.part_locale.get(key), PERCENT),
        (f"Part gagnée à moins de {key} km (montant)", d.part_locale_montant.get(key), PERCENT),
        ("Distance médiane (km)", d.distance_mediane_km, DECIMAL),
        (
            "Marchés mis en concurrence qui donnent le nombre d'offres",
            d.concurrence.marches_renseignes,
            None,
        ),
        (
            "Marchés sans mise en concurrence (laissés de côté)",
            d.concurrence.marches_sans_concurrence,
            None,
        ),
        ("Part avec une seule offre (nombre)", d.concurrence.part_offre_unique, PERCENT),
        ("Part avec une seule offre (montant)", d.concurrence.part_offre_unique_montant, PERCENT),
        ("Nombre moyen d'offres", d.concurrence.offres_moyenne, DECIMAL),
        ("Nombre médian d'offres", d.concurrence.offres_mediane, DECIMAL),
        ("Part des 10 premiers titulaires (nombre)", d.concentration.part_top10, PERCENT),
        ("Part des 10 premiers titulaires (montant)", d.concentration.part_top10_montant, PERCENT),
        ("Marchés qui disent s'ils ont une clause", d.clauses.marches_renseignes, None),
        ("Part avec une clause sociale (nombre)", d.clauses.part_sociale, PERCENT),
        (
            "Part avec une clause environnementale (nombre)",
            d.clauses.part_environnementale,
            PERCENT,
        ),
    ]
    _put(sheet, 1, 1, WARNING).fill = _WARN_FILL
    _table(
        sheet,
        ("Indicateur", "Valeur"),
        ((label, "—" if value is None else value) for label, value, _ in rows),
        (None, None),
        start=3,
        widths=(48, 40),
    )
    for offset, (_, value, fmt) in enumerate(rows):
        if fmt and value is not None:
            sheet.cell(4 + offset, 2).number_format = fmt


def dashboard_to_xlsx(d: Dashboard) -> bytes:
    """The workbook of a dashboard: Synthèse, Rayons, Distances, Distances une à une, Tailles,
    Par année, Titulaires, Divisions, Opportunités, Acheteurs."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Synthèse"
    _summary(sheet, d)

    keys = sorted(d.part_locale, key=float)
    _table(
        book.create_sheet("Rayons"),
        ("Rayon (km)", "Part gagnée (nombre)", "Part gagnée (montant)"),
        ((float(k), d.part_locale[k], d.part_locale_montant.get(k)) for k in keys),
        (None, PERCENT, PERCENT),
        widths=(12, 22, 22),
    )

    sheet = book.create_sheet("Distances")
    first, last, total = _table(
        sheet,
        ("De (km)", "À (km)", "Titulaires", "Parts de marchés", "Montant des parts (€)", "Part des titulaires"),
        ((b.de_km, b.a_km, b.titulaires, b.parts, b.montant, None) for b in d.histogramme),
        (None, None, None, DECIMAL, EUROS, PERCENT),
        sums=(3, 4, 5),
        widths=(10, 10, 12, 18, 22, 20),
    )  # fmt: skip
    for row in range(first, last + 1):
        _put(sheet, row, 6, f"=IF(C${total}>0,C{row}/C${total},0)", PERCENT, formula=True)

    _table(
        book.create_sheet("Distances une à une"),
        ("Distance acheteur → titulaire (km)",),
        ((km,) for km in d.distances_km),
        (DECIMAL,),
        widths=(36,),
    )

    _table(
        book.create_sheet("Tailles"),
        (
            "Taille",
            "Titulaires",
            "Dont taille présumée",
            "Parts de marchés",
            "Part (nombre)",
            "Part (montant)",
        ),
        ((t.taille, t.titulaires, t.presumees, t.parts, t.part, t.part_montant) for t in d.tailles),
        (None, None, None, DECIMAL, PERCENT, PERCENT),
        sums=(2, 3, 4),
        widths=(14, 12, 20, 18, 16, 16),
    )

    _table(
        book.create_sheet("Par année"),
        ("Année", "Marchés", "Montant (€)", "PME (nombre)", "PME (montant)", "Locale (nombre)",
         "Locale (montant)", "Offre unique", "Clause sociale", "Clause environnementale"),
        ((y.annee, y.marches, y.montant, y.part_pme, y.part_pme_montant, y.part_locale,
          y.part_locale_montant, y.part_offre_unique, y.part_clause_sociale,
          y.part_clause_environnementale) for y in d.par_annee),
        (None, None, EUROS, PERCENT, PERCENT, PERCENT, PERCENT, PERCENT, PERCENT, PERCENT),
        sums=(2, 3),
        widths=(8, 10, 16, 14, 14, 16, 16, 14, 14, 22),
    )  # fmt: skip

    _table(
        book.create_sheet("Titulaires"),
        ("Titulaire", "Identifiant", "Parts de marchés", "Montant (€)", "Part (nombre)", "Part (montant)"),
        ((g.nom or "nom inconnu", g.identifiant, g.parts, g.montant, g.part, g.part_montant)
         for g in d.concentration.top10),
        (None, None, DECIMAL, EUROS, PERCENT, PERCENT),
        sums=(3, 4),
        widths=(40, 16, 16, 16, 14, 14),
    )  # fmt: skip

    _table(
        book.create_sheet("Divisions"),
        ("Division CPV", "Libellé", "Marchés", "Titulaires différents", "Herfindahl (nombre)",
         "Herfindahl (montant)"),
        ((c.division, c.libelle, c.marches, c.titulaires_distincts, c.herfindahl,
          c.herfindahl_montant) for c in d.concentration.par_division),
        (None, None, None, None, DECIMAL, DECIMAL),
        sums=(3,),
        widths=(12, 50, 10, 20, 20, 20),
    )  # fmt: skip

    sheet = book.create_sheet("Opportunités")
    _put(sheet, 1, 1, WARNING).fill = _WARN_FILL
    _table(
        sheet,
        ("Division CPV", "Libellé", "Activités NAF", "Marchés", "Montant (€)",
         "Entreprises locales", "Dont PME", "Part gagnée sur place (nombre)",
         "Part gagnée sur place (montant)", "Score"),
        ((o.cpv, o.libelle, " ".join(o.codes_naf), o.marches, o.montant, o.entreprises_locales,
          o.par_taille.get("PME", 0), o.part_locale, o.part_locale_montant, o.score)
         for o in d.opportunites),
        (None, None, None, None, EUROS, None, None, PERCENT, PERCENT, DECIMAL),
        start=3,
        sums=(4, 5),
        widths=(12, 44, 30, 10, 16, 18, 10, 26, 26, 10),
    )  # fmt: skip

    _table(
        book.create_sheet("Acheteurs"),
        ("SIRET", "Nom", "Commune", "Au registre", "Marchés"),
        ((a.siret, a.nom, a.commune, "oui" if a.dans_registre else "non", a.marches)
         for a in d.acheteurs),
        (None, None, None, None, None),
        sums=(5,),
        widths=(16, 44, 24, 12, 10),
    )  # fmt: skip

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
