"""Benchmark of the delivery model and the firms map (issue 5).

1. Cost matrix, 100,000 firms × 50 sites: distances, yearly km, cost, CO2 and both scores with
   the vectorised functions of :mod:`suppliers.delivery` (target < 1 s), against a naive
   per-firm Python loop (math.asin haversine, one pair at a time) timed on a subsample and
   extrapolated, for a speed ratio. Also the whole :func:`estimate_deliveries` (pydantic rows
   and the rounded distance table included), for information.
2. Map of 10,000 firms and 50 sites with :func:`maps.firms_map.map_html`: build time and HTML
   size (targets < 3 s, < 5 MB).

Firms and sites are random points around Dunkerque (fixed seed), not real firms.

    .venv/bin/python benchmarks/bench_livraison.py [--firms 100000] [--sites 50] [--map-firms 10000]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from maps.firms_map import MapFirm, MapSite, map_html
from places.distance import EARTH_RADIUS_KM
from suppliers.delivery import (
    DeliveryFirm,
    delivery_totals,
    distance_matrix_km,
    estimate_deliveries,
    score_linear,
    score_lowest_ratio,
)
from suppliers.sites import DeliverySite
from suppliers.vehicles import VEHICLES, DeliveryParameters

CENTRE = (51.03, 2.37)  # Dunkerque
SECTIONS = "ACFGHIJMNQ"


def _n(count: int) -> str:
    """A count with a thin space between thousands, as French writes it."""
    return f"{count:,}".replace(",", "\u202f")


def random_points(rng: np.random.Generator, n: int, spread_deg: float) -> tuple[np.ndarray, ...]:
    lat = CENTRE[0] + rng.normal(0, spread_deg, n)
    lon = CENTRE[1] + rng.normal(0, spread_deg * 1.5, n)
    return np.clip(lat, -89, 89), lon


def vectorised(firm_lat, firm_lon, site_lat, site_lon, deliveries, vehicle, params):
    distances = distance_matrix_km(
        firm_lat, firm_lon, site_lat, site_lon, detour_factor=params.detour_factor
    )
    totals = delivery_totals(distances, deliveries, vehicle, params)
    total = totals.cout_total_eur
    return total, score_lowest_ratio(total, params.max_points), score_linear(total, 10)


def naive(firm_lat, firm_lon, site_lat, site_lon, deliveries, vehicle, params) -> list[float]:
    """What a first version would write: one firm, then one site at a time."""
    totals = []
    trips = 2.0 if params.round_trip else 1.0
    for flat, flon in zip(firm_lat, firm_lon, strict=True):
        km = 0.0
        for slat, slon, n in zip(site_lat, site_lon, deliveries, strict=True):
            p1, p2 = math.radians(flat), math.radians(slat)
            dp, dl = p2 - p1, math.radians(slon - flon)
            a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
            km += trips * n * 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a)) * params.detour_factor
        co2 = km * vehicle.co2_kg_km
        totals.append(km * vehicle.cout_eur_km + co2 / 1000 * params.carbon_value_eur_per_t)
    return totals


def best_of(runs: int, fn, *args):
    best, result = math.inf, None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def bench_matrix(n_firms: int, n_sites: int, rng: np.random.Generator) -> None:
    firm_lat, firm_lon = random_points(rng, n_firms, 0.5)
    site_lat, site_lon = random_points(rng, n_sites, 0.05)
    deliveries = rng.integers(36, 200, n_sites).astype(float)
    vehicle, params = VEHICLES["porteur-19t-frigorifique"], DeliveryParameters()
    args = (firm_lat, firm_lon, site_lat, site_lon, deliveries, vehicle, params)

    seconds, (total, _, _) = best_of(3, vectorised, *args)
    sample = min(n_firms, 2_000)
    naive_seconds, naive_total = best_of(1, naive, *(a[:sample] for a in args[:2]), *args[2:])
    assert np.allclose(total[:sample], naive_total, rtol=1e-9), "vectorised ≠ naive"
    naive_full = naive_seconds * n_firms / sample
    print(f"Matrice de coût {_n(n_firms)} entreprises × {n_sites} sites")
    print(f"  vectorisé (numpy)         : {seconds:.3f} s   (objectif < 1 s)")
    print(
        f"  boucle Python naïve       : {naive_seconds:.3f} s pour {sample} entreprises, "
        f"soit ≈ {naive_full:.1f} s pour {_n(n_firms)}"
    )
    print(f"  rapport                   : × {naive_full / seconds:.0f}")
    print("  mêmes totaux (2 000 premières) : oui, écart relatif < 1e-9")

    firms = [
        DeliveryFirm(siret=f"{i:014d}", nom=f"Entreprise {i}", latitude=la, longitude=lo)
        for i, (la, lo) in enumerate(zip(firm_lat.tolist(), firm_lon.tolist(), strict=True))
    ]
    sites = [
        DeliverySite(
            nom=f"Site {j}",
            latitude=la,
            longitude=lo,
            livraisons_par_an=float(n),
            precision="coordonnees",
        )
        for j, (la, lo, n) in enumerate(zip(site_lat, site_lon, deliveries, strict=True))
    ]
    start = time.perf_counter()
    table = estimate_deliveries(firms, sites, vehicle, params)
    whole = time.perf_counter() - start
    print(
        f"  estimate_deliveries complet (lignes pydantic + distances arrondies) : {whole:.2f} s, "
        f"{_n(len(table.lignes))} lignes"
    )


def bench_map(n_firms: int, n_sites: int, rng: np.random.Generator) -> None:
    lat, lon = random_points(rng, n_firms, 0.3)
    site_lat, site_lon = random_points(rng, n_sites, 0.05)
    firms = [
        MapFirm(
            siret=f"{i:014d}",
            nom=f"Entreprise <{i}> & fils",
            latitude=float(lat[i]),
            longitude=float(lon[i]),
            activite="Travaux d'installation d'eau et de gaz",
            section=SECTIONS[i % len(SECTIONS)],
            code_commune="59183",
            distance_km=float(i % 50),
            statut_verification=("vérifié", "déclaré", None)[i % 3],
            cout_livraison_eur=1234.5 + i,
            co2_kg=321.0,
        )
        for i in range(n_firms)
    ]
    sites = [
        MapSite(
            nom=f"Cantine {j}",
            latitude=float(site_lat[j]),
            longitude=float(site_lon[j]),
            livraisons_par_an=144,
        )
        for j in range(n_sites)
    ]
    seconds, page = best_of(3, lambda: map_html(firms, sites=sites))
    size_mb = len(page.encode("utf-8")) / 1_000_000
    print(f"Carte de {_n(n_firms)} entreprises et {n_sites} sites")
    print(f"  construction              : {seconds:.2f} s   (objectif < 3 s)")
    print(f"  taille du HTML            : {size_mb:.2f} Mo  (objectif < 5 Mo)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--map-firms", type=int, default=10_000)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    bench_matrix(args.firms, args.sites, rng)
    bench_map(args.map_firms, args.sites, rng)


if __name__ == "__main__":
    main()
