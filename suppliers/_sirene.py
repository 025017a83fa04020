"""INSEE SIRENE and Etalab geolocated SIRENE files: recognise the layout of a header and map a
chunk of rows to the record columns of :mod:`suppliers.firm`.

Layouts (``../shared/reference/formats.md``):

* ``StockEtablissement``, 48 columns (2021) or 53 (with Lambert coordinates);
* the Etalab geolocated files (``geo_siret_{dep}.csv.gz``): the establishment columns plus
  ``longitude``, ``latitude``, ``geo_score``, ``geo_type``...;
* the pre-2019 geolocated SIRENE files (``SIREN``, ``NIC``, ``APET700``, ``NOMEN_LONG``...);
* ``StockUniteLegale``: legal names, joined by SIREN.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from pyproj import Transformer

from places.communes import communes_table
from places.distance import great_circle_km
from suppliers.firm import categories, upper_codes


class Layout(StrEnum):
    ETABLISSEMENTS = "sirene-etablissements"
    ETABLISSEMENTS_GEO = "sirene-geolocalise"
    SIRENE_2017_GEO = "sirene-2017-geolocalise"
    UNITES_LEGALES = "sirene-unites-legales"


class SireneConfig(BaseModel):
    """How positions from SIRENE files are trusted."""

    min_geo_score: float = Field(
        0.5,
        description=(
            "Score of the Etalab/BAN geocoder below which a position is not trusted and the "
            "commune's point is used instead (addok scores run from 0 to 1; below 0.5 the "
            "match is often another street, per the BAN documentation)."
        ),
    )
    max_offset_km: float = Field(
        40.0,
        description=(
            "A position farther than this from its commune's representative point is an "
            "error (the largest mainland commune, Arles, spans about 40 km)."
        ),
    )


# Precision of an Etalab geocoding result, by ``geo_type`` (BAN result types).
GEO_PRECISION = {
    "housenumber": "adresse",
    "street": "rue",
    "locality": "rue",
    "municipality": "commune",
}

# Coordinates in ``StockEtablissement``: Lambert 93 in mainland France and Corsica, local UTM
# projections overseas (INSEE, description of the coordinate fields of the Sirene stock).
LAMBERT_CRS_BY_DEPARTEMENT = {
    "971": "EPSG:5490",  # Guadeloupe, RGAF09 / UTM 20N
    "972": "EPSG:5490",  # Martinique, RGAF09 / UTM 20N
    "973": "EPSG:2972",  # Guyane, RGFG95 / UTM 22N
    "974": "EPSG:2975",  # La Réunion, RGR92 / UTM 40S
    "976": "EPSG:4471",  # Mayotte, RGM04 / UTM 38S
}
MAINLAND_CRS = "EPSG:2154"

# Abbreviations of ``typeVoieEtablissement`` (INSEE list), spelled out in addresses.
STREET_TYPES = {
    "ALL": "ALLÉE",
    "AV": "AVENUE",
    "BD": "BOULEVARD",
    "CAR": "CARREFOUR",
    "CHE": "CHEMIN",
    "CHS": "CHAUSSÉE",
    "CITE": "CITÉ",
    "COR": "CORNICHE",
    "CRS": "COURS",
    "DOM": "DOMAINE",
    "DSC": "DESCENTE",
    "FG": "FAUBOURG",
    "GR": "GRANDE RUE",
    "HAM": "HAMEAU",
    "IMP": "IMPASSE",
    "LD": "LIEU-DIT",
    "LOT": "LOTISSEMENT",
    "MAR": "MARCHÉ",
    "MTE": "MONTÉE",
    "PAS": "PASSAGE",
    "PL": "PLACE",
    "PLN": "PLAINE",
    "PLT": "PLATEAU",
    "PRO": "PROMENADE",
    "PRV": "PARVIS",
    "QUA": "QUARTIER",
    "QUAI": "QUAI",
    "RES": "RÉSIDENCE",
    "RLE": "RUELLE",
    "ROC": "ROCADE",
    "RPT": "ROND-POINT",
    "RTE": "ROUTE",
    "RUE": "RUE",
    "SEN": "SENTIER",
    "SQ": "SQUARE",
    "TPL": "TERRE-PLEIN",
    "TRAV": "TRAVERSE",
    "VLA": "VILLA",
    "VLGE": "VILLAGE",
    "ZA": "ZA",
    "ZAC": "ZAC",
    "ZI": "ZI",
}

_REQUIRED = {
    Layout.ETABLISSEMENTS: {"siret", "codeCommuneEtablissement", "etatAdministratifEtablissement"},
    Layout.SIRENE_2017_GEO: {"SIREN", "NIC", "DEPET", "COMET", "APET700"},
    Layout.UNITES_LEGALES: {"siren", "denominationUniteLegale"},
}


def needed_columns(layout: Layout) -> set[str]:
    """The columns of a layout that the import reads (the others are not parsed)."""
    return _NEEDED[layout]


def detect_layout(columns: list[str]) -> Layout | None:
    """The SIRENE layout of a header, or None when it is not a SIRENE file."""
    names = set(columns)
    if _REQUIRED[Layout.ETABLISSEMENTS] <= names:
        if {"longitude", "latitude", "geo_score", "geo_type"} <= names:
            return Layout.ETABLISSEMENTS_GEO
        return Layout.ETABLISSEMENTS
    if _REQUIRED[Layout.SIRENE_2017_GEO] <= names:
        return Layout.SIRENE_2017_GEO
    if _REQUIRED[Layout.UNITES_LEGALES] <= names and "siret" not in names:
        return Layout.UNITES_LEGALES
    return None


_NEEDED = {
    Layout.ETABLISSEMENTS: {
        "siret",
        "dateCreationEtablissement",
        "trancheEffectifsEtablissement",
        "complementAdresseEtablissement",
        "numeroVoieEtablissement",
        "indiceRepetitionEtablissement",
        "typeVoieEtablissement",
        "libelleVoieEtablissement",
        "codePostalEtablissement",
        "codeCommuneEtablissement",
        "etatAdministratifEtablissement",
        "enseigne1Etablissement",
        "denominationUsuelleEtablissement",
        "activitePrincipaleEtablissement",
        "nomenclatureActivitePrincipaleEtablissement",
        "coordonneeLambertAbscisseEtablissement",
        "coordonneeLambertOrdonneeEtablissement",
    },
    Layout.SIRENE_2017_GEO: {
        "SIREN",
        "NIC",
        "NOMEN_LONG",
        "ENSEIGNE",
        "APET700",
        "L4_NORMALISEE",
        "CODPOS",
        "DEPET",
        "COMET",
        "TEFET",
        "CATEGORIE",
        "DCRET",
    },
    Layout.UNITES_LEGALES: {
        "siren",
        "denominationUniteLegale",
        "nomUniteLegale",
        "nomUsageUniteLegale",
        "prenom1UniteLegale",
        "categorieEntreprise",
    },
}
_NEEDED[Layout.ETABLISSEMENTS_GEO] = _NEEDED[Layout.ETABLISSEMENTS] | {
    "longitude",
    "latitude",
    "geo_score",
    "geo_type",
}
_NEEDED[Layout.SIRENE_2017_GEO] |= {"longitude", "latitude", "geo_score", "geo_type"}


def _col(chunk: pd.DataFrame, name: str) -> pd.Series:
    if name in chunk.columns:
        return chunk[name]
    return pd.Series("", index=chunk.index, dtype=object)


def _join(*parts: pd.Series) -> pd.Series:
    """The parts of each row joined by single spaces (runs of white space in a part too)."""
    columns = [part.tolist() for part in parts]
    return pd.Series(
        [" ".join(" ".join(values).split()) for values in zip(*columns, strict=True)],
        index=parts[0].index,
        dtype=object,
    )


def _naf(code: pd.Series, nomenclature: pd.Series | None) -> pd.Series:
    """NAF rév. 2 codes; codes of older nomenclatures (NAFRev1, NAF1993, NAP) are dropped: the
    same digits mean another activity there."""
    if nomenclature is None:
        return code
    return code.where((nomenclature == "NAFRev2") | (nomenclature == ""), "")


@cache
def _transformer(crs: str) -> Transformer:
    return Transformer.from_crs(crs, "EPSG:4326", always_xy=True)


def lambert_to_wgs84(
    x: pd.Series, y: pd.Series, code_commune: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Longitude and latitude (WGS84) of SIRENE projected coordinates, per département's CRS."""
    east = pd.to_numeric(x, errors="coerce")
    north = pd.to_numeric(y, errors="coerce")
    lon = pd.Series(np.nan, index=x.index)
    lat = pd.Series(np.nan, index=x.index)
    codes = pd.unique(code_commune)
    crs_of = {c: LAMBERT_CRS_BY_DEPARTEMENT.get(str(c)[:3], MAINLAND_CRS) for c in codes}
    crs = code_commune.map(crs_of)
    usable = east.notna() & north.notna()
    for name in crs[usable].unique():
        rows = usable & (crs == name)
        xs, ys = _transformer(name).transform(east[rows].to_numpy(), north[rows].to_numpy())
        lon[rows], lat[rows] = xs, ys
    return lon, lat


@cache
def _commune_points() -> pd.DataFrame:
    return communes_table().set_index("code_insee")[["latitude", "longitude"]]


def _trust_positions(records: pd.DataFrame, config: SireneConfig) -> pd.DataFrame:
    """Blank positions that are too far from their commune (errors in the source)."""
    lat = pd.to_numeric(records["latitude"], errors="coerce")
    lon = pd.to_numeric(records["longitude"], errors="coerce")
    points = _commune_points().reindex(upper_codes(records["code_commune"]))
    offset = great_circle_km(
        lat.to_numpy(),
        lon.to_numpy(),
        points["latitude"].to_numpy(),
        points["longitude"].to_numpy(),
    )
    wrong = np.nan_to_num(offset, nan=0.0) > config.max_offset_km
    if wrong.any():
        for column in ("latitude", "longitude", "precision"):
            numeric = pd.api.types.is_float_dtype(records[column].dtype)
            records.loc[wrong, column] = np.nan if numeric else ""
    return records


def establishments_to_records(
    chunk: pd.DataFrame, layout: Layout, config: SireneConfig | None = None
) -> pd.DataFrame:
    """Map a chunk of a ``StockEtablissement``-like file to record columns."""
    config = config or SireneConfig()
    if layout is Layout.SIRENE_2017_GEO:
        return _records_2017(chunk, config)
    street_type = _col(chunk, "typeVoieEtablissement")
    street_type = street_type.map(STREET_TYPES).fillna(street_type)
    address = _join(
        _col(chunk, "numeroVoieEtablissement"),
        _col(chunk, "indiceRepetitionEtablissement"),
        street_type,
        _col(chunk, "libelleVoieEtablissement"),
    )
    complement = _col(chunk, "complementAdresseEtablissement")
    address = pd.Series(
        [
            (f"{c}, {a}" if c else a).strip(", ")
            for c, a in zip(complement.tolist(), address.tolist(), strict=True)
        ],
        index=address.index,
        dtype=object,
    )
    code_commune = _col(chunk, "codeCommuneEtablissement")
    nomenclature = (
        _col(chunk, "nomenclatureActivitePrincipaleEtablissement")
        if "nomenclatureActivitePrincipaleEtablissement" in chunk.columns
        else None
    )
    records = pd.DataFrame(
        {
            "siret": _col(chunk, "siret"),
            "denomination": "",
            "nom_repli": _col(chunk, "denominationUsuelleEtablissement"),
            "enseigne": _col(chunk, "enseigne1Etablissement"),
            "code_naf": _naf(_col(chunk, "activitePrincipaleEtablissement"), nomenclature),
            "adresse": address,
            "code_postal": _col(chunk, "codePostalEtablissement"),
            "code_commune": code_commune,
            "commune": "",
            "latitude": "",
            "longitude": "",
            "precision": "",
            "tranche_effectif": _col(chunk, "trancheEffectifsEtablissement"),
            "categorie_entreprise": "",  # a legal unit's field: StockUniteLegale
            "etat": _col(chunk, "etatAdministratifEtablissement"),
            "date_creation": _col(chunk, "dateCreationEtablissement"),
        }
    )
    if layout is Layout.ETABLISSEMENTS_GEO:
        score = pd.to_numeric(_col(chunk, "geo_score"), errors="coerce")
        trusted = score >= config.min_geo_score
        records["latitude"] = _col(chunk, "latitude").where(trusted, "")
        records["longitude"] = _col(chunk, "longitude").where(trusted, "")
        records["precision"] = _col(chunk, "geo_type").map(GEO_PRECISION).fillna("")
    elif "coordonneeLambertAbscisseEtablissement" in chunk.columns:
        lon, lat = lambert_to_wgs84(
            _col(chunk, "coordonneeLambertAbscisseEtablissement"),
            _col(chunk, "coordonneeLambertOrdonneeEtablissement"),
            code_commune,
        )
        located = lat.notna()
        records["latitude"] = lat  # floats, NaN where unknown: not written out and read again
        records["longitude"] = lon
        # INSEE geocodes each establishment to its address (BAN, or the RIL for large towns).
        records["precision"] = pd.Series("adresse", index=chunk.index).where(located, "")
    return _trust_positions(records, config)


def _records_2017(chunk: pd.DataFrame, config: SireneConfig) -> pd.DataFrame:
    siret = _col(chunk, "SIREN").str.zfill(9) + _col(chunk, "NIC").str.zfill(5)
    naf = _col(chunk, "APET700")
    naf = naf.where(naf.str.len() != 5, naf.str[:2] + "." + naf.str[2:])
    score = pd.to_numeric(_col(chunk, "geo_score"), errors="coerce")
    trusted = score >= config.min_geo_score
    records = pd.DataFrame(
        {
            "siret": siret,
            "denomination": _col(chunk, "NOMEN_LONG"),
            "nom_repli": "",
            "enseigne": _col(chunk, "ENSEIGNE"),
            "code_naf": naf,
            "adresse": _col(chunk, "L4_NORMALISEE"),
            "code_postal": _col(chunk, "CODPOS"),
            "code_commune": _col(chunk, "DEPET") + _col(chunk, "COMET"),
            "commune": "",
            "latitude": _col(chunk, "latitude").where(trusted, ""),
            "longitude": _col(chunk, "longitude").where(trusted, ""),
            "precision": _col(chunk, "geo_type").map(GEO_PRECISION).fillna(""),
            "tranche_effectif": _col(chunk, "TEFET"),
            "categorie_entreprise": _col(chunk, "CATEGORIE"),
            "etat": "A",  # the pre-2019 stock held active establishments only
            "date_creation": _col(chunk, "DCRET"),
        }
    )
    return _trust_positions(records, config)


def legal_units_to_names(chunk: pd.DataFrame) -> pd.DataFrame:
    """(siren, denomination, categorie_entreprise) from a ``StockUniteLegale`` chunk: the
    company name, or for a sole trader "Prénom Nom" (usage name first), and INSEE's firm
    category (PME, ETI, GE; None when blank)."""
    company = _col(chunk, "denominationUniteLegale")
    surname = _col(chunk, "nomUsageUniteLegale")
    surname = surname.where(surname != "", _col(chunk, "nomUniteLegale"))
    person = _join(_col(chunk, "prenom1UniteLegale").str.title(), surname)
    name = company.where(company != "", person)
    return pd.DataFrame(
        {
            "siren": _col(chunk, "siren"),
            "denomination": name.where(name != "", None),
            "categorie_entreprise": categories(_col(chunk, "categorieEntreprise")),
        }
    )


def filter_keys(chunk: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    """The raw commune code, NAF code and state of each row, to filter before the full mapping
    (a national file is mostly filtered out)."""
    if layout is Layout.SIRENE_2017_GEO:
        naf = _col(chunk, "APET700")
        return pd.DataFrame(
            {
                "code_commune": _col(chunk, "DEPET") + _col(chunk, "COMET"),
                "code_naf": naf.str[:2] + "." + naf.str[2:],
                "etat": "A",
            }
        )
    return pd.DataFrame(
        {
            "code_commune": _col(chunk, "codeCommuneEtablissement"),
            "code_naf": _col(chunk, "activitePrincipaleEtablissement"),
            "etat": _col(chunk, "etatAdministratifEtablissement"),
        }
    )
