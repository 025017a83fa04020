"""Does the FALC score rank the simpler text higher? Pairwise accuracy on Clair's validity set.

``benchmarks/data/paires_falc.csv`` holds pairs written for Clair: an administrative or
procurement French sentence and its FALC simplification. A score ranks a pair right when it gives
the FALC version a strictly higher value (a tie counts as wrong).

The weights of the score were fitted on the odd rows only (grid search printed below, step
0.05); the even rows are held out. The run prints, side by side, textstat's Kandel–Moles alone,
Clair's own Kandel–Moles alone, and the FALC score with the configured weights.

Run: ``.venv/bin/python benchmarks/bench_falc_score.py``
"""

from __future__ import annotations

import csv
import itertools
import sys
import time
from pathlib import Path

import textstat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from falc.analysis import analyse_texts  # noqa: E402
from falc.config import FalcConfig  # noqa: E402
from falc.nlp import load_nlp  # noqa: E402
from falc.rules import score_only_rules  # noqa: E402
from falc.score import finding_points, score_parts  # noqa: E402

PAIRS = ROOT / "benchmarks" / "data" / "paires_falc.csv"
GRID_STEP = 0.05
PART_NAMES = ("sentence_length", "kandel_moles", "rare_words", "findings")


def read_pairs(path: Path = PAIRS) -> list[tuple[int, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(int(r["id"]), r["original"], r["falc"]) for r in csv.DictReader(handle)]


def accuracy(pairs: list[tuple[float | None, float | None]]) -> float:
    right = sum(1 for hard, easy in pairs if hard is not None and easy is not None and easy > hard)
    return right / len(pairs)


def weighted(parts: dict[str, float], weights: dict[str, float]) -> float:
    total = sum(weights[n] for n in parts)
    return sum(weights[n] * v for n, v in parts.items()) / total if total else 0.0


def grid(step: float = GRID_STEP):
    n = round(1 / step)
    for a, b, c in itertools.product(range(n + 1), repeat=3):
        d = n - a - b - c
        if d >= 0:
            yield dict(zip(PART_NAMES, (a * step, b * step, c * step, d * step), strict=True))


def main() -> None:
    config = FalcConfig()
    pairs = read_pairs()
    nlp = load_nlp()
    started = time.perf_counter()
    # the score also counts the findings of the rules off by default that stay « scored »:
    # ask for them, so that the findings below are the ones the score counts
    scored = FalcConfig(extra_rules=frozenset(r.code for r in score_only_rules()))
    reports = analyse_texts([t for _, o, f in pairs for t in (o, f)], nlp, scored)
    elapsed = time.perf_counter() - started
    parts = [
        score_parts(r.metrics, finding_points(r.findings, config), r.metrics.words, config)
        for r in reports
    ]
    textstat.set_lang("fr")
    km_textstat = [textstat.flesch_reading_ease(t) for _, o, f in pairs for t in (o, f)]

    rows = {
        "odd": [i for i, (pid, _, _) in enumerate(pairs) if pid % 2 == 1],
        "even": [i for i, (pid, _, _) in enumerate(pairs) if pid % 2 == 0],
        "all": list(range(len(pairs))),
    }

    def pairs_of(values, subset):
        return [(values[2 * i], values[2 * i + 1]) for i in rows[subset]]

    best, best_accuracy = None, -1.0
    for weights in grid():
        values = [weighted(p, weights) for p in parts]
        acc = accuracy(pairs_of(values, "odd"))
        # ties go to the most balanced weights (smallest largest weight)
        if acc > best_accuracy or (
            acc == best_accuracy and max(weights.values()) < max(best.values())
        ):
            best, best_accuracy = weights, acc

    configured = [r.score for r in reports]
    clair_km = [r.metrics.kandel_moles for r in reports]
    print(
        f"paires : {len(pairs)} ({len(rows['odd'])} impaires pour l'ajustement, "
        f"{len(rows['even'])} paires tenues à l'écart)"
    )
    print(f"analyse : {len(reports)} textes en {elapsed:.1f} s")
    print(
        "poids ajustés sur les lignes impaires : "
        + ", ".join(f"{k}={v:.2f}" for k, v in best.items())
        + f" (exactitude impaires {best_accuracy:.1%})"
    )
    print(
        "poids configurés : "
        + ", ".join(f"{k}={v:.2f}" for k, v in config.score_weights.model_dump().items())
    )
    print(f"{'exactitude par paires':<34}{'impaires':>10}{'paires':>10}{'toutes':>10}")
    for label, values in (
        ("Kandel–Moles (textstat)", km_textstat),
        ("Kandel–Moles (Clair, spaCy)", clair_km),
        ("score FALC Clair", configured),
    ):
        cells = "".join(f"{accuracy(pairs_of(values, s)):>10.1%}" for s in ("odd", "even", "all"))
        print(f"{label:<34}{cells}")
    for name in PART_NAMES:
        alone = {n: float(n == name) for n in PART_NAMES}
        values = [weighted(p, alone) if name in p else None for p in parts]
        cells = "".join(f"{accuracy(pairs_of(values, s)):>10.1%}" for s in ("odd", "even", "all"))
        print(f"{'  partie seule : ' + name:<34}{cells}")
    km_wrong = [i for i in rows["all"] if not (km_textstat[2 * i + 1] > km_textstat[2 * i])]
    rescued = sum(
        1
        for i in km_wrong
        if configured[2 * i] is not None
        and configured[2 * i + 1] is not None
        and configured[2 * i + 1] > configured[2 * i]
    )
    print(
        f"paires mal classées par Kandel–Moles (textstat) : {len(km_wrong)}, "
        f"dont {rescued} bien classées par le score FALC"
    )
    wrong = [
        pairs[i][0]
        for i in rows["all"]
        if not (
            configured[2 * i] is not None
            and configured[2 * i + 1] is not None
            and configured[2 * i + 1] > configured[2 * i]
        )
    ]
    print(f"paires mal classées par le score FALC : {wrong}")


if __name__ == "__main__":
    main()
