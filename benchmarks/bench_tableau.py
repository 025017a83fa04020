"""Benchmark of the local-economy dashboard (issue 17): award data import and one buyer's
dashboard, on generated data in the DECP 2022 shape.

Generates (fictitious, in a temporary directory):

- a register of 1,000,000 establishments (``bench_fournisseurs.generate``: valid SIRETs, real
  communes weighted by population, real NAF codes), imported as Clair imports SIRENE; a
  third of them are then given an INSEE firm category, as a ``StockUniteLegale`` import would;
- a DECP 2022 JSON file of 2,000,000 contracts (``{"marches": {"marche": [...]}}``), written
  in chunks: 20,000 buyers taken from the register, their number of contracts drawn from a
  Pareto law (a few very large buyers, as in the real DECP); 1 to 3 winners per contract
  (85 % / 10 % / 5 %), 10 % of winners outside the register and 1 % with a VAT number;
  ``offresRecues`` on 70 % of contracts, clauses on 60 %, no amount on 3 %.

Then measures, each in a fresh process: the import of the whole file into the award tables
(``clair marches importer --attributions-seulement``: the national file's path), with the
process's memory sampled along the way (flat memory: the same at 25 % and at 100 %); and
the dashboard of the largest buyer and of median buyers. Targets: ≥ 20,000 contracts/s,
one buyer's dashboard < 2 s.

    .venv/bin/python benchmarks/bench_tableau.py [--petit] [--marches N] [--entreprises N]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_fournisseurs import generate as generate_register
from benchmarks.bench_fournisseurs import luhn_complete
from storage import connect
from suppliers import store as suppliers_store
from suppliers.importer import import_file as import_register
from tenders import store as tenders_store
from tenders.dashboard import DashboardQuery, build_dashboard
from tenders.importers import import_file as import_awards

BUYERS = 20_000
CHUNK = 50_000
PROCEDURES = [
    "Procédure adaptée",
    "Appel d'offres ouvert",
    "Appel d'offres restreint",
    "Procédure avec négociation",
    "Marché passé sans publicité ni mise en concurrence préalable",
]
CPV = [
    "45000000", "45210000", "45310000", "45330000", "45440000", "90910000", "90911200",
    "77310000", "79710000", "72000000", "15800000", "30192000", "34110000", "50000000",
    "71000000", "80500000", "55520000", "39100000", "09310000", "66510000",
]  # fmt: skip
CLAUSES_SOCIALES = ["Clause sociale", "Critère social", "Pas de considération sociale"]
CLAUSES_ENV = ["Clause environnementale", "Pas de considération environnementale"]


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _sirets(rng: np.random.Generator, count: int) -> list[str]:
    """Valid SIRETs that the register does not hold (its SIRENs start with 0 to 9, these are
    drawn in a range the register's 8-digit bodies cannot reach: never, by construction)."""
    bodies = rng.integers(10**12, 10**13 - 1, count, dtype=np.int64)
    digits = (bodies[:, None] // 10 ** np.arange(12, -1, -1)) % 10
    full = luhn_complete(digits)
    return ["".join(map(str, row)) for row in full]


def generate_decp(path: Path, contracts: int, register_ids: np.ndarray, seed: int = 7) -> None:
    """Write the DECP 2022 file."""
    rng = np.random.default_rng(seed)
    buyers = rng.choice(register_ids, BUYERS, replace=False)
    weights = rng.pareto(1.2, BUYERS) + 1
    weights /= weights.sum()
    buyer_of = rng.choice(BUYERS, contracts, p=weights)
    outsiders = _sirets(rng, 50_000)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"marches": {"marche": [\n')
        for start in range(0, contracts, CHUNK):
            size = min(CHUNK, contracts - start)
            out.write(
                ",\n".join(
                    json.dumps(r, ensure_ascii=False)
                    for r in _records(
                        rng,
                        start,
                        size,
                        buyers[buyer_of[start : start + size]],
                        register_ids,
                        outsiders,
                    )
                )
            )
            out.write(",\n" if start + size < contracts else "\n")
        out.write("]}}\n")


def _records(rng, start, size, buyers, register_ids, outsiders):
    winners = rng.choice([1, 2, 3], size, p=[0.85, 0.10, 0.05])
    picked = rng.choice(register_ids, (size, 3))
    kind = rng.random((size, 3))
    amounts = np.round(rng.lognormal(11, 1.5, size), 2)
    no_amount = rng.random(size) < 0.03
    bids = rng.integers(1, 9, size)
    told_bids = rng.random(size) < 0.7
    told_clauses = rng.random(size) < 0.6
    years = rng.integers(2019, 2026, size)
    cpv = rng.integers(0, len(CPV), size)
    procedure = rng.integers(0, len(PROCEDURES), size)
    social = rng.integers(0, len(CLAUSES_SOCIALES), size)
    green = rng.integers(0, len(CLAUSES_ENV), size)
    for i in range(size):
        holders = []
        for j in range(winners[i]):
            if kind[i, j] < 0.01:
                holders.append({"titulaire": {"typeIdentifiant": "TVA", "id": "FR40303265045"}})
            elif kind[i, j] < 0.11:
                sid = outsiders[int(kind[i, j] * 1e6) % len(outsiders)]
                holders.append({"titulaire": {"typeIdentifiant": "SIRET", "id": sid}})
            else:
                sid = f"{int(picked[i, j]):014d}"
                holders.append({"titulaire": {"typeIdentifiant": "SIRET", "id": sid}})
        record = {
            "id": f"B{start + i:08d}",
            "acheteur": {"id": f"{int(buyers[i]):014d}"},
            "nature": "Marché",
            "objet": "Marché généré pour la mesure (fictif)",
            "codeCPV": CPV[cpv[i]],
            "procedure": PROCEDURES[procedure[i]],
            "techniques": {"technique": ["Sans objet"]},
            "modalitesExecution": {"modaliteExecution": ["Bons de commande"]},
            "lieuExecution": {"code": "59183", "typeCode": "Code commune"},
            "dureeMois": 12,
            "dateNotification": f"{years[i]}-03-01",
            "datePublicationDonnees": f"{years[i]}-03-15",
            "formePrix": "Ferme",
            "typesPrix": {"typePrix": ["Prix forfaitaire"]},
            "titulaires": holders,
            "modifications": [],
        }
        if not no_amount[i]:
            record["montant"] = float(amounts[i])
        if told_bids[i]:
            record["offresRecues"] = int(bids[i])
        if told_clauses[i]:
            record["considerationsSociales"] = {
                "considerationSociale": [CLAUSES_SOCIALES[social[i]]]
            }
            record["considerationsEnvironnementales"] = {
                "considerationEnvironnementale": [CLAUSES_ENV[green[i]]]
            }
        yield record


def build_register(csv_path: Path, base: Path, rows: int) -> None:
    generate_register(csv_path, rows)
    conn = connect(base)
    suppliers_store.migrate(conn)
    tenders_store.migrate(conn)
    started = time.perf_counter()
    report = import_register(conn, csv_path, parallel=True)
    # A third of the firms get an INSEE category, as a StockUniteLegale import would give.
    conn.execute(
        "UPDATE firms SET categorie_entreprise = "
        "CASE id % 9 WHEN 0 THEN 'PME' WHEN 1 THEN 'ETI' WHEN 2 THEN 'GE' END"
    )
    print(
        f"registre : {report.enregistrees:,} établissements importés en "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    conn.close()


def register_ids(base: Path) -> np.ndarray:
    conn = connect(base)
    ids = np.array([r[0] for r in conn.execute("SELECT id FROM firms")], dtype=np.int64)
    conn.close()
    return ids


def measure_import(decp_path: Path, base: Path) -> None:
    """Import the DECP file (award tables only), sampling this process's memory."""
    conn = connect(base)
    samples: list[tuple[float, float]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            samples.append((time.perf_counter(), _rss_mib()))

    before = _rss_mib()
    sampler = threading.Thread(target=sample, daemon=True)
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    sampler.start()
    report = import_awards(conn, decp_path, avis=False)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    done.set()
    sampler.join()
    print(
        f"import DECP 2022 ({decp_path.stat().st_size / 1e9:.2f} Go) : {report.lus:,} marchés "
        f"en {elapsed:.1f} s, {report.lus / elapsed:,.0f} marchés/s (objectif ≥ 20 000) ; "
        f"temps processeur du processus {cpu:.1f} s, soit {report.lus / cpu:,.0f} marchés/s "
        f"sur un cœur libre (charge au départ : {load:.1f}) ; "
        f"{report.attributions:,} enregistrés, {report.attributions_ignorees} ignorés",
        flush=True,
    )
    if samples:
        marks = [samples[min(len(samples) - 1, int(len(samples) * q))] for q in (0.25, 0.5, 0.75)]
        peak = max(rss for _, rss in samples)
        print(
            "mémoire du processus (Mio) : avant "
            f"{before:.0f}, à 25/50/75 % du temps {' / '.join(f'{m[1]:.0f}' for m in marks)}, "
            f"pic {peak:.0f}",
            flush=True,
        )
    conn.close()


def measure_dashboards(base: Path) -> None:
    conn = connect(base, read_only=True)
    buyers = _buyers(conn)
    siret, count = buyers["largest"]
    cold = time.perf_counter()
    board = build_dashboard(conn, DashboardQuery(acheteurs=[siret]))
    cold = time.perf_counter() - cold
    times, cpu = [], []
    for _ in range(3):
        started, processor = time.perf_counter(), time.process_time()
        build_dashboard(conn, DashboardQuery(acheteurs=[siret]))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - processor)
    print(
        f"tableau du plus gros acheteur ({count:,} marchés, {board.titulaires:,} titulaires, "
        f"{len(board.opportunites)} divisions) : {cold:.2f} s à froid, "
        f"{statistics.median(times):.2f} s ensuite (objectif < 2 s), dont "
        f"{statistics.median(cpu):.2f} s de processeur (charge : {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    medians = []
    for siret, _count in buyers["median"]:
        started = time.perf_counter()
        build_dashboard(conn, DashboardQuery(acheteurs=[siret]))
        medians.append(time.perf_counter() - started)
    print(
        f"tableau d'un acheteur médian ({buyers['median'][0][1]} marchés) : médiane "
        f"{statistics.median(medians):.2f} s, max {max(medians):.2f} s sur {len(medians)}",
        flush=True,
    )
    group = [s for s, _ in buyers["median"]] + [buyers["largest"][0]]
    started = time.perf_counter()
    build_dashboard(conn, DashboardQuery(acheteurs=group, annee_debut=2022, annee_fin=2025))
    print(
        f"tableau d'un groupe de {len(group)} acheteurs, 2022-2025 : "
        f"{time.perf_counter() - started:.2f} s",
        flush=True,
    )
    conn.close()


def _run(target, *args):
    child = multiprocessing.get_context("spawn").Process(target=target, args=args)
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"{target.__name__} a échoué")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marches", type=int, default=2_000_000)
    parser.add_argument("--entreprises", type=int, default=1_000_000)
    parser.add_argument(
        "--petit", action="store_true", help="mesure rapide : 200 000 marchés, 100 000 entreprises"
    )
    parser.add_argument(
        "--garder", type=Path, help="dossier où garder la base et les fichiers générés"
    )
    parser.add_argument(
        "--reprendre",
        action="store_true",
        help="avec --garder : reprendre le registre et le fichier DECP déjà générés",
    )
    args = parser.parse_args()
    contracts, firms = args.marches, args.entreprises
    if args.petit:
        contracts, firms = 200_000, 100_000
    print(f"charge de la machine au départ : {os.getloadavg()[0]:.1f} ({os.cpu_count()} cœurs)")
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.garder or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        base = Path(tmp) / "bench.sqlite"
        decp_path = Path(tmp) / "decp-2022.json"
        if args.reprendre and base.exists() and decp_path.exists():
            print("registre et fichier DECP repris du dossier gardé ; tables des marchés vidées")
            _clear_awards(base)
        else:
            _run(build_register, Path(tmp) / "StockEtablissement.csv", base, firms)
            started = time.perf_counter()
            generate_decp(decp_path, contracts, register_ids(base))
            print(
                f"fichier DECP 2022 généré : {contracts:,} marchés, "
                f"{decp_path.stat().st_size / 1e9:.2f} Go, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        _run(measure_import, decp_path, base)
        _run(measure_dashboards, base)


def _clear_awards(base: Path) -> None:
    conn = connect(base)
    for table in ("awards", "award_winners", "award_buyers"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("VACUUM")
    conn.close()


def _buyers(conn) -> dict:
    """The largest buyer and ten around the median, by number of contracts."""
    counts = conn.execute(
        "SELECT acheteur, COUNT(*) FROM awards GROUP BY acheteur ORDER BY 2, 1"
    ).fetchall()
    middle = len(counts) // 2
    return {
        "largest": (f"{counts[-1][0]:014d}", counts[-1][1]),
        "median": [(f"{b:014d}", n) for b, n in counts[middle - 5 : middle + 5]],
    }


if __name__ == "__main__":
    main()
