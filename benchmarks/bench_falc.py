"""Benchmark of the FALC analysis and its outputs on a ~40,000-word tender-like document.

The document is built from the sample tenders of ``falc/exemples/`` (their paragraphs repeated
in a deterministic shuffle until the word count is reached). Measured in the same run, with the
same model: tokens/s of a bare ``nlp.pipe`` over the paragraphs and of the full analysis
(target: the analysis keeps ≥ 80 % of the bare pipeline's throughput); wall time of the JSON,
HTML and annotated-DOCX outputs; peak memory (process maximum resident set, and the Python
allocation peak of each output measured with tracemalloc).

    .venv/bin/python benchmarks/bench_falc.py [--words 40000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from falc.analysis import PIPE_BATCH_SIZE, analyse_document
from falc.document import Document, Paragraph
from falc.docx_comments import annotate_document
from falc.exemples import exemple_paths
from falc.html_report import render_report_html
from falc.nlp import load_nlp
from falc.readers import read_document

TARGET_RATIO = 0.80
SEED = 2026


def tender_document(words: int) -> Document:
    """Sample paragraphs repeated in a seeded shuffle until ``words`` words are reached."""
    pool = [
        p
        for path in exemple_paths()
        if path.suffix == ".md"
        for p in read_document(path, max_bytes=1 << 30).paragraphs
    ]
    rng = random.Random(SEED)
    paragraphs: list[Paragraph] = []
    count = 0
    while count < words:
        order = pool[:]
        rng.shuffle(order)
        for paragraph in order:
            paragraphs.append(paragraph.model_copy(update={"index": len(paragraphs)}))
            count += len(paragraph.text.split())
            if count >= words:
                break
    return Document(name="appel-offres-40k.md", format="md", paragraphs=paragraphs)


def best_time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def traced(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall time (s), Python allocation peak (MB) and result of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return elapsed, peak, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each timing; best kept")
    args = parser.parse_args()

    nlp = load_nlp()
    doc = tender_document(args.words)
    texts = [p.text for p in doc.paragraphs]
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:50]))  # warm-up: lazy loading inside spaCy
    print(f"Document : {len(doc.paragraphs)} paragraphes, {words} mots")
    print(f"Modèle   : {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}")

    bare_s, parsed = best_time(
        lambda: list(nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE)), args.repeat
    )
    tokens = sum(len(d) for d in parsed)
    del parsed
    analysis_s, report = best_time(lambda: analyse_document(doc, nlp), args.repeat)
    bare_rate, analysis_rate = tokens / bare_s, tokens / analysis_s
    ratio = analysis_rate / bare_rate
    print(f"Jetons   : {tokens}")
    print(f"nlp.pipe seul      : {bare_s:6.2f} s  {bare_rate:8.0f} jetons/s")
    print(f"analyse complète   : {analysis_s:6.2f} s  {analysis_rate:8.0f} jetons/s")
    verdict = "atteint" if ratio >= TARGET_RATIO else "MANQUÉ"
    print(f"ratio analyse/pipe : {ratio:.3f}  (objectif ≥ {TARGET_RATIO:.2f} : {verdict})")
    print(f"score {report.score} ({report.niveau}), {len(report.findings)} constats")
    print(f"mémoire max (RSS) après analyse : {peak_rss_mb():.0f} Mo")

    outputs = {
        "JSON": lambda: report.model_dump_json(),
        "HTML": lambda: render_report_html(report, doc),
        "DOCX": lambda: annotate_document(doc, report),
    }
    for label, render in outputs.items():
        elapsed, peak, result = traced(render)
        print(
            f"sortie {label:<4} : {elapsed:6.2f} s  {len(result) / 1e6:6.1f} Mo  pic Python {peak:6.0f} Mo"
        )
    print(f"mémoire max (RSS) du processus  : {peak_rss_mb():.0f} Mo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
