"""Benchmark of ``clair simplifie`` on the sample tender documents of ``falc/exemples/``.

For each document and for all of them together: FALC score before and after (``clair analyse``),
share of body sentences of at most 15 words before and after, median sentence length (sentences
cut as the rewriter cuts them, words counted as letters-and-digits runs), rewrites applied and
refused, legal invariants lost (must be 0: any other figure is a bug) and throughput in words
per second (the model and verbecc loaded beforehand).

Targets of issue 3 on CCAP-style text (~28 words per sentence, Kandel–Moles around 50): score
+20 points or more, median sentence length ≤ 15 words, 0 invariants lost.

    .venv/bin/python benchmarks/bench_simplifie.py
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from falc.exemples import exemple_paths
from falc.invariants import compare
from falc.nlp import load_nlp
from falc.readers import read_document
from falc.simplify import sentences_of, simplify_document, simplify_text

SHORT_SENTENCE_WORDS = 15
TARGET_GAIN = 20.0
BODY_KINDS = ("paragraph", "list_item")


@dataclass
class Row:
    name: str
    words: int
    seconds: float
    score_before: float | None
    score_after: float | None
    short_before: float
    short_after: float
    median_before: float
    median_after: float
    applied: int
    refused: int
    lost: int


WORD = re.compile(r"[\w’'-]*\w[\w’'-]*")


def sentence_lengths(texts: list[str], nlp) -> list[int]:
    """Word counts of the sentences of body paragraphs, cut as the rewriter cuts them (spaCy's
    sentences glued back where it cuts after "R." or "L." inside a legal reference, so that
    "article L. 2124-2" is not counted as three one-word sentences)."""
    lengths = []
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        for sentence, _ in sentences_of(text, doc):
            count = len(WORD.findall(sentence))
            if count:
                lengths.append(count)
    return lengths


def share_short(lengths: list[int]) -> float:
    return sum(n <= SHORT_SENTENCE_WORDS for n in lengths) / len(lengths) if lengths else 0.0


def measure(path: Path, nlp) -> Row:
    doc = read_document(path, max_bytes=1 << 30)
    words = sum(len(p.text.split()) for p in doc.paragraphs)
    start = time.perf_counter()
    report = simplify_document(doc, nlp)
    seconds = time.perf_counter() - start
    body = [p for p in report.paragraphs if p.kind in BODY_KINDS]
    lengths_before = sentence_lengths([p.original for p in body], nlp)
    lengths_after = sentence_lengths([p.rewrite for p in body], nlp)
    lost = sum(len(compare(p.original, p.rewrite)) for p in report.paragraphs)
    return Row(
        name=path.name,
        words=words,
        seconds=seconds,
        score_before=report.before.score,
        score_after=report.after.score,
        short_before=share_short(lengths_before),
        short_after=share_short(lengths_after),
        median_before=statistics.median(lengths_before) if lengths_before else 0.0,
        median_after=statistics.median(lengths_after) if lengths_after else 0.0,
        applied=report.applied,
        refused=report.refused,
        lost=lost,
    )


def _score(value: float | None) -> str:
    return "  —  " if value is None else f"{value:5.1f}"


def main() -> int:
    nlp = load_nlp()
    simplify_text("Les offres sont analysées par le pouvoir adjudicateur.", nlp)  # warm-up
    rows = [measure(path, nlp) for path in exemple_paths()]
    header = (
        f"{'document':32} {'mots':>6} {'score avant':>11} {'après':>6} {'≤15 avant':>9} "
        f"{'après':>6} {'médiane':>7} {'après':>6} {'appliq.':>7} {'refus':>5} {'perdus':>6} "
        f"{'mots/s':>7}"
    )
    print(header)
    for row in rows:
        print(
            f"{row.name:32} {row.words:6d} {_score(row.score_before):>11} "
            f"{_score(row.score_after):>6} {row.short_before:9.0%} {row.short_after:6.0%} "
            f"{row.median_before:7.1f} {row.median_after:6.1f} {row.applied:7d} "
            f"{row.refused:5d} {row.lost:6d} {row.words / row.seconds:7.0f}"
        )
    words = sum(r.words for r in rows)
    seconds = sum(r.seconds for r in rows)
    lost = sum(r.lost for r in rows)
    gains = [
        r.score_after - r.score_before
        for r in rows
        if r.score_after is not None and r.score_before is not None
    ]
    print(
        f"\nTotal : {words} mots en {seconds:.1f} s ({words / seconds:.0f} mots/s) ; "
        f"réécritures appliquées {sum(r.applied for r in rows)}, refusées "
        f"{sum(r.refused for r in rows)} ; invariants perdus {lost}."
    )
    print(
        f"Gain de score moyen : {statistics.mean(gains):+.1f} points "
        f"(cible issue 3 : +{TARGET_GAIN:.0f}) ; médiane après : "
        + ", ".join(f"{r.name} {r.median_after:.0f}" for r in rows)
        + f" mots (cible ≤ {SHORT_SENTENCE_WORDS})."
    )
    if lost:
        print("ÉCHEC : des invariants juridiques ont été perdus.")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
