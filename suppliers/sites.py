"""The buyer's delivery sites (school canteens, depots...), read from a CSV or XLSX file.

Columns: ``nom``, ``livraisons_par_an`` and one way to place the site: ``latitude`` +
``longitude``, or ``commune`` (name, INSEE code or postal code), or ``adresse``. No geocoding
service is reachable when Clair runs, so an address is placed at its commune (the postal code
or the commune name it contains) with precision ``commune``, and the site says so in
``remarque``. Every row goes through :func:`locate_sites`, whatever the source (file, API body,
test).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from core.archives import DEFAULT_LIMITS, ArchiveLimits, ArchiveTooLargeError, check_archive
from core.errors import ClairError, TooLargeError
from core.text import fold, xml_safe

if TYPE_CHECKING:  # places.communes loads its tables on first use only
    from places.communes import Commune

MAX_FILE_BYTES = 5 * 1024 * 1024
XLSX_MAX_ROWS = 20_000
"""Rows read from a spreadsheet: a sites or offers file has a few hundred."""
XLSX_MAX_COLUMNS = 50
"""Columns read from a spreadsheet: a sites or offers file has fewer than ten."""
_POSTCODE = re.compile(r"\b(\d{5})\b")


class SitesError(ClairError):
    """The sites file cannot be read or some rows cannot be placed."""


class TableTooLargeError(SitesError, TooLargeError):
    """A CSV or XLSX file holds more than Clair reads (rows, an archive that would inflate)."""


class SiteInput(BaseModel):
    """One site as the user gives it: a name, deliveries per year and a way to place it."""

    nom: str = Field(min_length=1, description="Nom du site de livraison.")
    livraisons_par_an: float = Field(gt=0, description="Nombre de livraisons par an.")
    commune: str | None = Field(default=None, description="Nom, code INSEE ou code postal.")
    adresse: str | None = Field(
        default=None, description="Adresse ; le site est placé au centre de sa commune."
    )
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class DeliverySite(BaseModel):
    """A placed delivery site."""

    nom: str
    latitude: float
    longitude: float
    livraisons_par_an: float = Field(gt=0)
    precision: Literal["coordonnees", "commune"] = Field(
        description="coordonnees: given by the user; commune: placed at the commune's town hall."
    )
    code_commune: str | None = None
    remarque: str | None = Field(default=None, description="What the user should know.")


def read_sites(path: Path) -> list[DeliverySite]:
    """Read and place the sites of a CSV (``;``, ``,`` or tab) or XLSX file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SitesError(f"Fichier des sites illisible : {path} ({exc.strerror}).") from exc
    return read_sites_bytes(data, path.name)


def sites_as_csv(sites: list[DeliverySite]) -> str:
    """The sites as the semicolon CSV Clair reads back (nom;latitude;longitude;livraisons_par_an):
    a spreadsheet given once can be shown and edited as text."""
    lines = [f"{s.nom};{s.latitude};{s.longitude};{s.livraisons_par_an:g}" for s in sites]
    return "\n".join(["nom;latitude;longitude;livraisons_par_an", *lines])


def read_sites_bytes(
    data: bytes, filename: str, limits: ArchiveLimits = DEFAULT_LIMITS
) -> list[DeliverySite]:
    """Same as :func:`read_sites`, from the bytes of an uploaded file."""
    if len(data) > MAX_FILE_BYTES:
        raise SitesError("Fichier des sites trop gros (5 Mo au plus).")
    rows = read_table_bytes(data, filename, what="des sites", limits=limits)
    return locate_sites(_site_inputs(rows))


def read_table_bytes(
    data: bytes, filename: str, *, what: str, limits: ArchiveLimits = DEFAULT_LIMITS
) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts keyed by folded column names (``livraisons_par_an``)."""
    if not data.strip():
        raise SitesError(f"Le fichier {what} est vide.")
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        raw = _xlsx_rows(data, what, limits)
    else:
        raw = _csv_rows(data, what)
    if not raw:
        raise SitesError(f"Le fichier {what} n'a pas de ligne d'en-tête.")
    header = [_column(h) for h in raw[0]]
    rows = []
    for values in raw[1:]:
        if not any(v.strip() for v in values):
            continue
        rows.append({h: xml_safe(v).strip() for h, v in zip(header, values, strict=False) if h})
    if not rows:
        raise SitesError(f"Le fichier {what} n'a aucune ligne de données.")
    return rows


def locate_sites(inputs: Iterable[SiteInput]) -> list[DeliverySite]:
    """Place every site; raise one :class:`SitesError` listing every row that cannot be placed."""
    sites: list[DeliverySite] = []
    problems: list[str] = []
    for number, item in enumerate(inputs, start=1):
        try:
            sites.append(_locate(item))
        except SitesError as exc:
            problems.append(f"site {number} « {item.nom} » : {exc}")
    if problems:
        raise SitesError("Sites impossibles à placer :\n" + "\n".join(problems[:30]))
    if not sites:
        raise SitesError("Aucun site de livraison.")
    return sites


def _locate(item: SiteInput) -> DeliverySite:
    if (item.latitude is None) != (item.longitude is None):
        raise SitesError("il faut la latitude et la longitude, ou aucune des deux.")
    if item.latitude is not None and item.longitude is not None:
        return DeliverySite(
            nom=item.nom,
            latitude=item.latitude,
            longitude=item.longitude,
            livraisons_par_an=item.livraisons_par_an,
            precision="coordonnees",
        )
    if item.commune:
        commune = _find_commune(item.commune)
        if commune is None:
            raise SitesError(f"commune « {item.commune} » introuvable.")
        return _at_commune(item, commune, remarque=None)
    if item.adresse:
        commune = _commune_of_address(item.adresse)
        if commune is None:
            raise SitesError(
                f"adresse « {item.adresse} » : ni code postal ni commune reconnus. "
                "Ajoutez une colonne commune ou les coordonnées."
            )
        note = (
            f"Site « {item.nom} » : adresse placée à la mairie de {commune.nom} "
            "(précision : commune ; pas de géocodage d'adresse hors ligne)."
        )
        return _at_commune(item, commune, remarque=note)
    raise SitesError("indiquez une commune, une adresse ou la latitude et la longitude.")


def _at_commune(item: SiteInput, commune: Commune, *, remarque: str | None) -> DeliverySite:
    lat = commune.mairie_latitude if commune.mairie_latitude is not None else commune.latitude
    lon = commune.mairie_longitude if commune.mairie_longitude is not None else commune.longitude
    if lat is None or lon is None:
        raise SitesError(f"la commune {commune.nom} n'a pas de coordonnées.")
    return DeliverySite(
        nom=item.nom,
        latitude=lat,
        longitude=lon,
        livraisons_par_an=item.livraisons_par_an,
        precision="commune",
        code_commune=commune.code_insee,
        remarque=remarque,
    )


def _find_commune(query: str) -> Commune | None:
    """The commune named by ``query``, or None (places.communes does the matching)."""
    from places.communes import CommuneNotFoundError, find_commune

    query = query.strip()
    if query.isdigit() and len(query) == 4:  # a spreadsheet dropped the leading zero
        query = query.zfill(5)
    try:
        return find_commune(query)
    except CommuneNotFoundError:
        return None


def _commune_of_address(address: str) -> Commune | None:
    """The commune of a French postal address: by its postal code (the commune whose name the
    address contains, else the most populous), else by the commune name it ends with."""
    from places.communes import get_commune

    folded = " ".join(fold(address).replace("-", " ").replace("'", " ").split())
    for postcode in _POSTCODE.findall(address):
        candidates = _postcode_index().get(postcode, [])
        named = [code for code, name in candidates if f" {name} " in f" {folded} "]
        if named or candidates:
            return get_commune((named or [candidates[0][0]])[0])
    parts = [p.strip() for p in address.split(",") if p.strip()]
    for part in reversed(parts):
        found = _find_commune(part)
        if found is not None:
            return found
    words = address.replace(",", " ").split()
    for size in range(min(5, len(words)), 0, -1):
        found = _find_commune(" ".join(words[-size:]))
        if found is not None:
            return found
    return None


@cache
def _postcode_index() -> dict[str, list[tuple[str, str]]]:
    """Postal code → (INSEE code, folded name) of its communes, most populous first."""
    from places.communes import communes_table

    table = communes_table().sort_values("population", ascending=False, na_position="last")
    index: dict[str, list[tuple[str, str]]] = {}
    for code, name, postcodes, former in zip(
        table["code_insee"],
        table["nom"],
        table["codes_postaux"],
        table["anciens_noms"],
        strict=True,
    ):
        names = [name, *str(former or "").split("|")]
        for postcode in str(postcodes or "").split():
            for n in names:
                if n.strip():
                    key = " ".join(fold(n).replace("-", " ").replace("'", " ").split())
                    index.setdefault(postcode, []).append((code, key))
    return index


def _site_inputs(rows: list[dict[str, str]]) -> list[SiteInput]:
    columns = set(rows[0])
    if "nom" not in columns or "livraisons_par_an" not in columns:
        raise SitesError(
            "Colonnes obligatoires : nom, livraisons_par_an, et commune, adresse ou "
            f"latitude + longitude. Colonnes lues : {', '.join(sorted(columns)) or 'aucune'}."
        )
    if not columns & {"commune", "adresse", "latitude"}:
        raise SitesError("Ajoutez une colonne commune, adresse ou latitude + longitude.")
    inputs, problems = [], []
    for line, row in enumerate(rows, start=2):
        try:
            inputs.append(
                SiteInput(
                    nom=row.get("nom", ""),
                    livraisons_par_an=_number(row.get("livraisons_par_an"), "livraisons_par_an"),
                    commune=row.get("commune") or None,
                    adresse=row.get("adresse") or None,
                    latitude=_optional_number(row.get("latitude"), "latitude"),
                    longitude=_optional_number(row.get("longitude"), "longitude"),
                )
            )
        except (SitesError, ValueError) as exc:
            problems.append(f"ligne {line} : {_short(exc)}")
    if problems:
        raise SitesError("Fichier des sites à corriger :\n" + "\n".join(problems[:30]))
    return inputs


def parse_number(value: str | None, column: str) -> float:
    """A number written the French or the English way ("1 234,5", "1234.5")."""
    return _number(value, column)


def _number(value: str | None, column: str) -> float:
    if value is None or not str(value).strip():
        raise SitesError(f"{column} manquant.")
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise SitesError(f"{column} n'est pas un nombre : « {value} ».") from None


def _optional_number(value: str | None, column: str) -> float | None:
    return None if value is None or not str(value).strip() else _number(value, column)


def _short(exc: Exception) -> str:
    """A pydantic error reduced to French words, other errors as they are."""
    if hasattr(exc, "errors"):
        parts = []
        for err in exc.errors():  # type: ignore[attr-defined]
            field = ".".join(str(x) for x in err.get("loc", ()))
            kind = err.get("type", "")
            if kind == "greater_than":
                parts.append(f"{field} doit être supérieur à {err['ctx']['gt']}")
            elif kind in ("less_than_equal", "greater_than_equal"):
                parts.append(f"{field} hors des limites")
            elif kind == "string_too_short":
                parts.append(f"{field} vide")
            else:
                parts.append(f"{field} invalide")
        return " ; ".join(parts)
    return str(exc)


def _column(name: object) -> str:
    return "_".join(fold(str(name or "")).replace("-", " ").split())


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _csv_rows(data: bytes, what: str) -> list[list[str]]:
    text = _decode(data)
    first = text.splitlines()[0] if text else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise SitesError(f"Fichier {what} : CSV mal formé ({exc}).") from exc


def _xlsx_rows(data: bytes, what: str, limits: ArchiveLimits) -> list[list[str]]:
    """The first sheet's rows, at most :data:`XLSX_MAX_ROWS` of :data:`XLSX_MAX_COLUMNS` cells:
    the archive is checked before openpyxl opens it, and a sheet announcing a million rows or
    columns is not padded to its announced size."""
    from openpyxl import load_workbook

    try:
        check_archive(data, f"{what} (XLSX)", limits)
    except ArchiveTooLargeError as exc:
        raise TableTooLargeError(str(exc)) from exc
    except ClairError as exc:
        raise SitesError(f"Fichier {what} : classeur XLSX illisible ({exc}).") from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = wb.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SitesError(f"Fichier {what} : classeur XLSX illisible.") from exc
    try:
        sheet.reset_dimensions()  # the announced size is not trusted
        rows = []
        for row in sheet.iter_rows(max_col=XLSX_MAX_COLUMNS, values_only=True):
            if len(rows) == XLSX_MAX_ROWS:
                raise TableTooLargeError(
                    f"Fichier {what} : plus de {XLSX_MAX_ROWS} lignes, Clair en lit au plus "
                    f"{XLSX_MAX_ROWS}. Découpez le fichier."
                )
            rows.append(["" if v is None else _cell_text(v) for v in row])
        return rows
    except ClairError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged sheet
        raise SitesError(f"Fichier {what} : classeur XLSX illisible.") from exc
    finally:
        wb.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_inputs(records: Iterable[Mapping[str, object]]) -> list[SiteInput]:
    """Validate raw mappings (e.g. an API body) into site inputs."""
    return [SiteInput.model_validate(r) for r in records]
