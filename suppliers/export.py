"""Search results as CSV (for a spreadsheet), GeoJSON (for a map) or plain JSON records."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from suppliers.search import FirmHit

CSV_COLUMNS = (
    "siret",
    "nom",
    "enseigne",
    "code_naf",
    "libelle_naf",
    "adresse",
    "code_postal",
    "commune",
    "code_commune",
    "latitude",
    "longitude",
    "precision",
    "etat",
    "distance_km",
    "score",
    "statut_verification",
    "mots_cles",
    "zone_livraison",
    "contact",
    "source",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def hit_record(hit: FirmHit) -> dict[str, Any]:
    """One result as a flat JSON-ready dict: the firm's fields plus ``distance_km``, ``score``."""
    record = hit.firm.model_dump(mode="json")
    record["distance_km"] = hit.distance_km
    record["score"] = hit.score
    return record


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = str(value)
    # A cell starting like a formula would run in a spreadsheet (CSV injection): quote it.
    return "'" + text if text.startswith(_FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def firms_to_csv(hits: Iterable[FirmHit]) -> str:
    """CSV with ``;`` separators (what French spreadsheets expect), one line per firm."""
    return "".join(firm_csv_lines(hits))


def firm_csv_lines(hits: Iterable[FirmHit]) -> Iterator[str]:
    """:func:`firms_to_csv` a line at a time, for a stream of any length."""
    records = (hit_record(hit) for hit in hits)
    return csv_lines(CSV_COLUMNS, ([r.get(c) for c in CSV_COLUMNS] for r in records))


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV lines (``;`` separators, formula guard) of ``rows`` under ``header``, one at a time."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    yield _take(out)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        yield _take(out)


def _take(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def firms_to_geojson(hits: Iterable[FirmHit]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946, WGS84 longitude first); firms without a position
    get a null geometry."""
    features = []
    for hit in hits:
        firm = hit.firm
        located = firm.latitude is not None and firm.longitude is not None
        features.append(
            {
                "type": "Feature",
                "id": firm.siret,
                "geometry": {"type": "Point", "coordinates": [firm.longitude, firm.latitude]}
                if located
                else None,
                "properties": hit_record(hit),
            }
        )
    return {"type": "FeatureCollection", "features": features}
