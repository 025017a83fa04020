"""A firm of the local register, and the one path from raw records to firms.

Whatever the source — an INSEE SIRENE file, an Etalab geolocated file, a firm's own
declaration, a test fixture — records are first mapped to the columns of
:data:`RECORD_COLUMNS` (strings), then go through :func:`firms_from_records`, which checks and
normalises them with vectorised pandas and returns the rows to store plus the rejected ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from core.identifiers import sirets_are_valid
from core.text import has_xml_forbidden, without_xml_forbidden
from places.communes import communes_table
from suppliers.naf import naf_table

Precision = Literal["adresse", "rue", "commune"]
Etat = Literal["actif", "fermé"]
CategorieEntreprise = Literal["PME", "ETI", "GE"]
CATEGORIES_ENTREPRISE = ("PME", "ETI", "GE")
"""INSEE's ``categorieEntreprise`` of a legal unit (décret 2008-1354, loi LME): PME (micro
firms included), ETI (intermediate size) or GE (large firm)."""
StatutVerification = Literal["déclaré", "vérifié", "rejeté"]

RECORD_COLUMNS = (
    "siret",
    "denomination",  # legal name (StockUniteLegale), when known
    "nom_repli",  # name to show when the legal name is unknown (usual name, enseigne)
    "enseigne",
    "code_naf",
    "adresse",
    "code_postal",
    "code_commune",
    "commune",
    "latitude",
    "longitude",
    "precision",
    "tranche_effectif",
    "categorie_entreprise",  # PME, ETI or GE: INSEE's category of the firm (legal unit)
    "etat",
    "date_creation",
)
"""The columns a source maps its records to before :func:`firms_from_records` (strings, ``""``
when unknown; latitude and longitude may also be floats, NaN when unknown)."""


class Firm(BaseModel):
    """One establishment (SIRET) of the register, with what the firm declared and its
    verification by an officer."""

    siret: str = Field(description="14 chiffres : SIREN + NIC.")
    siren: str = Field(description="9 chiffres : l'entreprise.")
    nom: str = Field(description="Dénomination, nom d'usage ou, à défaut, enseigne.")
    enseigne: str | None = None
    code_naf: str | None = Field(None, description="Activité principale, NAF rév. 2 (56.10A).")
    libelle_naf: str | None = None
    adresse: str | None = None
    code_commune: str | None = Field(None, description="Code INSEE de la commune.")
    code_postal: str | None = None
    commune: str | None = None
    latitude: float | None = Field(None, description="WGS84.")
    longitude: float | None = Field(None, description="WGS84.")
    precision: Precision | None = Field(
        None, description="Précision de la position : adresse, rue ou commune."
    )
    tranche_effectif: str | None = Field(None, description="Tranche d'effectif INSEE (code).")
    categorie_entreprise: CategorieEntreprise | None = Field(
        None, description="Catégorie d'entreprise INSEE de l'unité légale : PME, ETI ou GE."
    )
    etat: Etat = "actif"
    date_creation: date | None = None
    source: str = Field(description="Origine des données du registre : sirene, déclaration, démo.")
    registre_maj: datetime | None = Field(None, description="Dernière mise à jour du registre.")
    # What the firm declared about itself.
    mots_cles: list[str] = Field(default_factory=list)
    description: str | None = None
    zone_livraison: str | None = Field(None, description="Zone de livraison, en clair.")
    rayon_livraison_km: float | None = None
    contact: str | None = None
    declaration_source: str | None = None
    declaration_maj: datetime | None = None
    # The officer's verification of the declaration.
    statut_verification: StatutVerification | None = None
    verifie_par: str | None = None
    verifie_le: datetime | None = None
    motif_verification: str | None = None


@dataclass(frozen=True)
class Reject:
    """A record left out of an import, and why (French, shown to the user)."""

    ligne: int
    siret: str
    motif: str


@dataclass
class FirmBatch:
    """The firms a batch of records gave, ready to store, and the records it refused."""

    firms: pd.DataFrame
    rejects: list[Reject] = field(default_factory=list)
    caracteres_retires: int = 0
    """Characters XML forbids (control characters) removed from the records' texts."""


@cache
def _naf_subclass_labels() -> dict[str, str]:
    table = naf_table()
    table = table[table["niveau"] == "sous-classe"]
    return dict(zip(table["code"], table["libelle"], strict=True))


@cache
def _commune_points() -> pd.DataFrame:
    return communes_table().set_index("code_insee")[["nom", "latitude", "longitude"]]


def _blank_to_none(series: pd.Series) -> pd.Series:
    return series.where(series != "", None)


def upper_codes(codes: pd.Series) -> pd.Series:
    """Codes in capitals ("2a004" → "2A004"), each distinct code converted once."""
    distinct = pd.unique(codes)
    return codes.map(dict(zip(distinct, [str(c).upper() for c in distinct], strict=True)))


def _from_table(column: pd.Series, row: np.ndarray, index: pd.Index) -> pd.Series:
    """The values of a reference column at these positions (-1: unknown, NaN)."""
    values = column.to_numpy()
    if values.dtype.kind == "f":
        taken = np.where(row >= 0, values[row], np.nan)
    else:
        taken = np.where(row >= 0, values.astype(object)[row], None)
    return pd.Series(taken, index=index)


def _strings(column: pd.Series) -> pd.Series:
    """A record column as Python strings, "" when missing, in an object column (the dtype of
    the readers' chunks: pandas' string dtype would check every value again)."""
    values = column.astype(object)
    if values.isna().any():
        values = values.where(values.notna(), "")
    if pd.api.types.infer_dtype(values, skipna=False) not in ("string", "empty"):
        values = values.map(str)
    return values


def _without_forbidden_characters(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The text columns without the characters XML forbids, and how many were removed. Each
    column is searched once as one joined text (a few milliseconds for 100,000 rows); only a
    column that holds one is cleaned value by value."""
    removed = 0
    for column in frame.columns.difference(["latitude", "longitude"]):
        values = frame[column]
        if values.dtype != object or not has_xml_forbidden("".join(values.tolist())):
            continue  # _strings made every value of a text column a str
        counted = [without_xml_forbidden(v) for v in values]
        frame[column] = pd.Series([v for v, _ in counted], index=values.index, dtype=object)
        removed += sum(n for _, n in counted)
    return frame, removed


def _numbers(column: pd.Series) -> pd.Series:
    """Coordinates as floats (NaN when unreadable): floats as they are, text with a decimal
    point or comma."""
    if pd.api.types.is_float_dtype(column.dtype):
        return column
    text = _strings(column)
    numbers = pd.to_numeric(text, errors="coerce")
    retry = numbers.isna() & (text != "")
    if retry.any():
        numbers[retry] = pd.to_numeric(text[retry].str.replace(",", "."), errors="coerce")
    return numbers


def _dates(text: pd.Series) -> pd.Series:
    """ISO dates (YYYY-MM-DD) from ISO or compact (YYYYMMDD) dates; None when unreadable.
    Each distinct text is parsed once: a register has far fewer dates than establishments."""
    distinct = pd.Series(pd.unique(text), dtype=object)
    parsed = pd.to_datetime(distinct, errors="coerce", format="%Y-%m-%d")
    compact = parsed.isna() & (distinct != "")
    if compact.any():
        parsed[compact] = pd.to_datetime(distinct[compact], errors="coerce", format="%Y%m%d")
    iso = parsed.dt.strftime("%Y-%m-%d").astype(object).where(parsed.notna(), None)
    return text.map(dict(zip(distinct.tolist(), iso.tolist(), strict=True))).astype(object)


def categories(text: pd.Series) -> pd.Series:
    """INSEE firm categories (PME, ETI, GE), None for anything else (blank, unknown)."""
    upper = upper_codes(text.str.strip())
    return upper.where(upper.isin(CATEGORIES_ENTREPRISE), None).astype(object)


def firms_from_records(
    records: pd.DataFrame, *, source: str, line_numbers: pd.Series | None = None
) -> FirmBatch:
    """Check and normalise records (columns of :data:`RECORD_COLUMNS`) into storable firms.

    Refused (with a reason): a SIRET that is not 14 digits with a valid key; a record with no
    commune (establishments abroad). Kept but corrected: an unknown NAF code is dropped (the
    label stays empty); a firm without usable coordinates is placed at its commune's
    representative point with ``precision = "commune"``; a bad date is dropped.
    ``line_numbers`` gives each record's line in its file, for the report.
    """
    frame = records.reindex(columns=RECORD_COLUMNS)
    frame = pd.DataFrame(
        {c: frame[c] if c in ("latitude", "longitude") else _strings(frame[c]) for c in frame}
    )
    frame, removed = _without_forbidden_characters(frame)
    lines = line_numbers if line_numbers is not None else pd.Series(frame.index + 1, frame.index)
    siret = frame["siret"]
    rejects: list[Reject] = []

    valid = sirets_are_valid(siret)
    for index in frame.index[~valid]:
        shown = siret[index]
        reason = (
            "SIRET manquant"
            if not shown
            else "SIRET mal formé : 14 chiffres attendus"
            if not re.fullmatch(r"\d{14}", shown)
            else "SIRET invalide : la clé de contrôle ne correspond pas"
        )
        rejects.append(Reject(int(lines[index]), shown, reason))
    code_commune = upper_codes(frame["code_commune"])
    no_commune = valid & (code_commune == "")
    for index in frame.index[no_commune]:
        rejects.append(
            Reject(
                int(lines[index]), siret[index], "Commune manquante (établissement à l'étranger ?)"
            )
        )
    keep = valid & ~no_commune
    frame, siret, code_commune = frame[keep], siret[keep], code_commune[keep]

    points = _commune_points()
    row = points.index.get_indexer(code_commune)  # one look-up for the three columns below
    known = pd.Series(row >= 0, index=code_commune.index)
    commune_name = _blank_to_none(frame["commune"])
    table_name = _from_table(points["nom"], row, code_commune.index).where(known, None)
    latitude = _numbers(frame["latitude"])
    longitude = _numbers(frame["longitude"])
    located = latitude.between(-90, 90) & longitude.between(-180, 180)
    precision = _blank_to_none(frame["precision"]).where(located, "commune")
    latitude = latitude.where(located, _from_table(points["latitude"], row, latitude.index))
    longitude = longitude.where(located, _from_table(points["longitude"], row, longitude.index))
    precision = precision.where(latitude.notna(), None)

    code_naf = upper_codes(frame["code_naf"])
    label = code_naf.map(_naf_subclass_labels())
    code_naf = code_naf.where(label.notna(), None)

    denomination = _blank_to_none(frame["denomination"])
    enseigne = _blank_to_none(frame["enseigne"])
    fallback = _blank_to_none(frame["nom_repli"]).fillna(enseigne)
    etat = frame["etat"].map(
        {"A": "actif", "F": "fermé", "C": "fermé", "actif": "actif", "fermé": "fermé"}
    )

    firms = pd.DataFrame(
        {
            "id": siret.astype("int64"),
            "siret": siret,
            "siren": pd.Series([s[:9] for s in siret.tolist()], index=siret.index, dtype=object),
            "denomination": denomination,
            "nom_repli": fallback,
            "enseigne": enseigne,
            "code_naf": code_naf,
            "libelle_naf": label,
            "adresse": _blank_to_none(frame["adresse"]),
            "code_postal": _blank_to_none(frame["code_postal"]),
            "code_commune": code_commune,
            "commune": table_name.fillna(commune_name),
            "latitude": latitude,
            "longitude": longitude,
            "precision": precision,
            "tranche_effectif": _blank_to_none(frame["tranche_effectif"]),
            "categorie_entreprise": categories(frame["categorie_entreprise"]),
            "etat": etat.fillna("actif"),
            "date_creation": _dates(frame["date_creation"]),
            "source": source,
        }
    )
    firms = firms.drop_duplicates("siret", keep="last")
    return FirmBatch(firms=firms, rejects=rejects, caracteres_retires=removed)
