"""Benchmark of the firms register: import speed and search latency at 1,000,000 firms.

Generates a ``StockEtablissement`` file in the current 53-column INSEE layout (fictitious
firms, valid SIRET keys, real communes and NAF codes, Lambert 93 coordinates) in a temporary
directory, imports it, then times searches. Targets (issue 4): import ≥ 50,000 rows/s, search
p95 ≤ 50 ms.

Rows come in SIRET order, as in INSEE's file: the real extract in
``../shared/data/suppliers`` (consecutive chunks of ``StockEtablissement_utf8.csv``, filtered
row-wise) has its 4,336 SIRETs in strictly increasing order. ``--desordre`` shuffles them, the
worst case for the register's B-tree (each chunk writes all over the table).

    .venv/bin/python benchmarks/bench_fournisseurs.py [--rows 1000000] [--queries 100]
        [--desordre]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from places.communes import communes_table, find_commune
from storage import connect
from suppliers import store
from suppliers.importer import import_file
from suppliers.naf import naf_table
from suppliers.search import FirmQuery, search_firms

COLUMNS_53 = [
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
    "trancheEffectifsEtablissement", "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement", "dateDernierTraitementEtablissement",
    "etablissementSiege", "nombrePeriodesEtablissement", "complementAdresseEtablissement",
    "numeroVoieEtablissement", "indiceRepetitionEtablissement", "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement", "typeVoieEtablissement",
    "libelleVoieEtablissement", "codePostalEtablissement", "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement", "distributionSpecialeEtablissement",
    "codeCommuneEtablissement", "codeCedexEtablissement", "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement", "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement", "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement", "complementAdresse2Etablissement",
    "numeroVoie2Etablissement", "indiceRepetition2Etablissement", "typeVoie2Etablissement",
    "libelleVoie2Etablissement", "codePostal2Etablissement", "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement", "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement", "codeCedex2Etablissement", "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement", "libellePaysEtranger2Etablissement", "dateDebut",
    "etatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
]  # fmt: skip

WORDS = [
    "boulangerie",
    "pâtisserie",
    "nettoyage",
    "services",
    "bâtiment",
    "plomberie",
    "électricité",
    "imprimerie",
    "informatique",
    "restauration",
    "traiteur",
    "menuiserie",
    "peinture",
    "transports",
    "jardins",
    "espaces",
    "verts",
    "maçonnerie",
    "couverture",
    "chauffage",
    "sécurité",
    "conseil",
    "formation",
    "garage",
    "carrosserie",
    "boucherie",
    "primeur",
    "fromagerie",
    "épicerie",
    "ambulances",
    "taxi",
    "coiffure",
    "pharmacie",
    "optique",
    "quincaillerie",
    "bureautique",
    "fournitures",
    "textiles",
    "vêtements",
    "location",
    "matériel",
    "levage",
    "logistique",
    "froid",
]
SURNAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "Francois",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guerin",
]
# What people type when they look for a supplier: trades, not generic words ("services").
KEYWORD_QUERIES = [
    "boulangerie", "plomberie", "nettoyage", "imprimerie", "menuiserie", "traiteur",
    "garage", "maçonnerie", "informatique", "boucherie", "couverture", "chauffage",
    "carrosserie", "fromagerie", "ambulances", "quincaillerie", "bureautique", "levage",
]  # fmt: skip
STREETS = [
    "DE LA GARE",
    "DU MOULIN",
    "DE L EGLISE",
    "DES ECOLES",
    "DE PARIS",
    "VICTOR HUGO",
    "JEAN JAURES",
]


def luhn_complete(bodies: np.ndarray) -> np.ndarray:
    """Append the Luhn key to rows of 13 digits (n × 13) → n × 14."""
    n, width = bodies.shape
    full = np.concatenate([bodies, np.zeros((n, 1), dtype=np.int64)], axis=1)
    weights = np.where((width - np.arange(width + 1)) % 2 == 1, 2, 1)
    products = full * weights
    products = np.where(products > 9, products - 9, products)
    full[:, -1] = (10 - products.sum(axis=1) % 10) % 10
    return full


def generate(path: Path, rows: int, seed: int = 42, *, shuffled: bool = False) -> None:
    """Write ``rows`` fictitious establishments in the 53-column layout to ``path``, in
    SIRET order as INSEE publishes them, or in random order (``shuffled``)."""
    rng = np.random.default_rng(seed)
    communes = communes_table().dropna(subset=["latitude"])
    communes = communes[communes["type"] == "COM"]
    weights = communes["population"].fillna(1).to_numpy(dtype=float) + 50
    picked = communes.iloc[rng.choice(len(communes), rows, p=weights / weights.sum())]
    naf = naf_table()
    naf = naf[naf["niveau"] == "sous-classe"]["code"].to_numpy()
    # SIREN: unique 8-digit bodies + Luhn key; NIC: 4 digits + key on the whole SIRET.
    siren_body = rng.choice(10**8, rows, replace=False)
    if not shuffled:
        siren_body.sort()
    digits8 = (siren_body[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    siren = luhn_complete(digits8)
    nic_body = rng.integers(1, 10**4, rows)
    digits4 = (nic_body[:, None] // 10 ** np.arange(3, -1, -1)) % 10
    siret = luhn_complete(np.concatenate([siren, digits4], axis=1))
    siret_text = pd.Series(["".join(map(str, r)) for r in siret])
    to_lambert = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    lon = picked["longitude"].to_numpy() + rng.normal(0, 0.01, rows)
    lat = picked["latitude"].to_numpy() + rng.normal(0, 0.01, rows)
    x, y = to_lambert.transform(lon, lat)
    overseas = picked["code_insee"].str.startswith("97").to_numpy()
    word = np.array(WORDS)[rng.integers(0, len(WORDS), rows)]
    surname = np.array(SURNAMES)[rng.integers(0, len(SURNAMES), rows)]
    frame = pd.DataFrame({c: "" for c in COLUMNS_53}, index=range(rows))
    frame["siren"] = siret_text.str[:9]
    frame["nic"] = siret_text.str[9:]
    frame["siret"] = siret_text
    frame["statutDiffusionEtablissement"] = "O"
    frame["dateCreationEtablissement"] = pd.to_datetime(
        rng.integers(0, 18_000, rows), unit="D", origin="1975-01-01"
    ).strftime("%Y-%m-%d")
    frame["trancheEffectifsEtablissement"] = rng.choice(["NN", "00", "01", "02", "03", "11"], rows)
    frame["etablissementSiege"] = rng.choice(["true", "false"], rows)
    frame["numeroVoieEtablissement"] = rng.integers(1, 200, rows).astype(str)
    frame["typeVoieEtablissement"] = rng.choice(["RUE", "AV", "BD", "PL", "RTE"], rows)
    frame["libelleVoieEtablissement"] = np.array(STREETS)[rng.integers(0, len(STREETS), rows)]
    frame["codePostalEtablissement"] = picked["codes_postaux"].str[:5].to_numpy()
    frame["libelleCommuneEtablissement"] = picked["nom"].str.upper().to_numpy()
    frame["codeCommuneEtablissement"] = picked["code_insee"].to_numpy()
    frame["coordonneeLambertAbscisseEtablissement"] = np.where(overseas, "", np.round(x, 1))
    frame["coordonneeLambertOrdonneeEtablissement"] = np.where(overseas, "", np.round(y, 1))
    frame["dateDebut"] = frame["dateCreationEtablissement"]
    frame["etatAdministratifEtablissement"] = rng.choice(["A", "F"], rows, p=[0.7, 0.3])
    # Every establishment gets a name (in the real register 82 % have no shop sign and the
    # name comes from StockUniteLegale: this file is harder to import than the real one), and
    # names are mostly distinct, as in the register (645 distinct signs out of 780 in the
    # Dunkerque extract): a trade, a surname and the commune.
    with_sign = rng.random(rows) < 0.4
    town = picked["nom"].str.upper().to_numpy()
    word_up = pd.Series(word).str.upper()
    surname_up = pd.Series(surname).str.upper()
    frame["enseigne1Etablissement"] = np.where(
        with_sign, word_up + " " + surname_up + " " + town, ""
    )
    frame["denominationUsuelleEtablissement"] = np.where(
        ~with_sign, surname_up + " " + word_up + " " + town, ""
    )
    frame["activitePrincipaleEtablissement"] = naf[rng.integers(0, len(naf), rows)]
    frame["nomenclatureActivitePrincipaleEtablissement"] = "NAFRev2"
    frame["caractereEmployeurEtablissement"] = rng.choice(["O", "N"], rows)
    frame.to_csv(path, index=False)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument(
        "--desordre",
        action="store_true",
        help="lignes en ordre aléatoire (le fichier de l'INSEE est trié par SIRET)",
    )
    parser.add_argument(
        "--sans-reference",
        action="store_true",
        help="ne pas mesurer l'import en un seul processus (la référence)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "StockEtablissement.csv"
        started = time.perf_counter()
        # Generated in a child process, so the peak memory measured below is the import's.
        child = multiprocessing.get_context("spawn").Process(
            target=generate, args=(csv_path, args.rows), kwargs={"shuffled": args.desordre}
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit("la génération du fichier a échoué")
        print(
            f"fichier généré : {args.rows:,} lignes "
            f"{'en ordre aléatoire' if args.desordre else 'triées par SIRET'}, "
            f"{csv_path.stat().st_size / 1e6:.0f} Mo, "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        # Measured in a fresh process, whose only child is the import's reading process.
        child = multiprocessing.get_context("spawn").Process(
            target=measure, args=(csv_path, Path(tmp), args.queries, not args.sans_reference)
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit("la mesure a échoué")


def _import(csv_path: Path, base: Path, *, parallel: bool) -> tuple[sqlite3.Connection, float]:
    conn = connect(base)
    store.migrate(conn)
    load = os.getloadavg()[0]
    report = import_file(conn, csv_path, parallel=parallel)
    label = "lecture dans un 2e processus" if parallel else "un seul processus (référence)"
    print(
        f"import, {label} : {report.enregistrees:,} établissements en {report.duree_s:.1f} s, "
        f"{report.lignes_par_seconde:,.0f} lignes/s (objectif ≥ 50 000), "
        f"rejets {report.rejets_total} (charge de la machine au départ : {load:.1f})",
        flush=True,
    )
    return conn, report.lignes_par_seconde or 0.0


def measure(csv_path: Path, tmp: Path, queries: int, reference: bool) -> None:
    """Import the file (once in one process as the reference, once as Clair does), then time
    searches on the register."""
    find_commune("Dunkerque")  # the reference tables, loaded before measuring
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    baseline = None
    if reference:
        conn, baseline = _import(csv_path, tmp / "reference.sqlite", parallel=False)
        conn.close()
    conn, speed = _import(csv_path, tmp / "bench.sqlite", parallel=True)
    if baseline:
        print(f"import : ×{speed / baseline:.2f} par rapport à la référence, dans la même mesure")
    # The monthly update: the same file again, every firm already in the register.
    again = import_file(conn, csv_path)
    print(
        f"réimport du même fichier (mise à jour) : {again.lignes_par_seconde:,.0f} lignes/s, "
        f"{again.nouvelles} nouvelles",
        flush=True,
    )
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"mémoire : pic du processus {rss_after:.0f} Mo (avant l'import {rss_before:.0f} Mo), "
        f"du processus de lecture {rss_worker:.0f} Mo",
        flush=True,
    )
    centres = [find_commune(n) for n in ("Dunkerque", "Lille", "Lyon", "Rennes", "Arras")]
    rng = np.random.default_rng(7)
    naf = naf_table()
    divisions = naf[naf["niveau"] == "groupe"]["code"].to_numpy()
    kinds = {
        "mot-clé": lambda i: FirmQuery(q=KEYWORD_QUERIES[i % len(KEYWORD_QUERIES)]),
        "mot-clé + rayon 30 km": lambda i: FirmQuery(
            q=KEYWORD_QUERIES[i % len(KEYWORD_QUERIES)],
            autour=centres[i % len(centres)].code_insee,
            rayon_km=30,
        ),
        "NAF + rayon 30 km": lambda i: FirmQuery(
            naf=[str(rng.choice(divisions))],
            autour=centres[i % len(centres)].code_insee,
            rayon_km=30,
        ),
    }
    for label, make in kinds.items():
        search_firms(conn, make(0))  # warm the caches
        samples = []
        for i in range(queries):
            query = make(i)
            started = time.perf_counter()
            search_firms(conn, query)
            samples.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(samples)
        print(
            f"recherche {label} : p50 {p50:.1f} ms, p95 {p95:.1f} ms (objectif p95 ≤ 50 ms), "
            f"charge {os.getloadavg()[0]:.1f}"
        )
    conn.close()


if __name__ == "__main__":
    main()
