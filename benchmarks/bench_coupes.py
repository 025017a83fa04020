"""How often each sentence-cut rule proposes a cut on real contract prose, and what it makes.

Reads the CCAG of 2009 (``../shared/data/falc/corpus/ccag-*-2009.md``) and the BOAMP notices
(``../shared/data/procurement/boamp/xml_v230/*.xml``), keeps the sentences longer than the FALC
target (15 words), and runs the cut rules on each (:func:`falc.rewrite.splitting.split_traced`).
Prints the number of long sentences, how many were cut, the cuts per rule, and the speed. With
``--echantillon FICHIER``, writes every cut sentence (before, after, rules) as JSON to read by
hand. Without ``../shared``, says so and stops (exit code 0: nothing to measure).

Run: ``.venv/bin/python benchmarks/bench_coupes.py [--echantillon coupes.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from falc.nlp import load_nlp  # noqa: E402
from falc.readers import read_bytes  # noqa: E402
from falc.rewrite.cuts.grammar import word_count  # noqa: E402
from falc.rewrite.splitting import split_traced  # noqa: E402

SHARED = Path(os.environ.get("CLAIR_SHARED", ROOT.parent / "shared")) / "data"
MAX_WORDS = 15


def sentences(nlp) -> list[tuple[str, str]]:
    """(source, sentence) for every sentence of the CCAG paragraphs and the BOAMP notices."""
    found: list[tuple[str, str]] = []
    for path in sorted((SHARED / "falc" / "corpus").glob("ccag-*-2009.md")):
        doc = read_bytes(path.read_bytes(), path.name, max_bytes=100_000_000)
        texts = [p.text for p in doc.paragraphs if p.kind == "paragraph"]
        found += [(path.name, s.text) for d in nlp.pipe(texts) for s in d.sents]
    for path in sorted((SHARED / "procurement" / "boamp" / "xml_v230").glob("*.xml")):
        texts = [
            " ".join(node.text.split())
            for node in etree.parse(str(path)).iter()
            if isinstance(node.tag, str) and node.text and len(node.text.split()) >= 8
        ]
        found += [(path.name, s.text) for d in nlp.pipe(texts) for s in d.sents]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--echantillon", type=Path, help="écrire les phrases coupées (JSON)")
    arguments = parser.parse_args()
    if not (SHARED / "falc" / "corpus").is_dir():
        print(f"données partagées absentes : {SHARED}")
        return
    nlp = load_nlp()
    long = [(source, s) for source, s in sentences(nlp) if word_count(nlp.make_doc(s)) > MAX_WORDS]
    unique = list(dict.fromkeys(long))
    counts: Counter[str] = Counter()
    cut: list[dict[str, object]] = []
    started = time.perf_counter()
    for source, text in unique:
        split = split_traced(text, nlp, MAX_WORDS)
        counts.update(split.rules)
        if split.rules:
            cut.append(
                {"source": source, "avant": text, "apres": split.pieces, "regles": split.rules}
            )
    elapsed = time.perf_counter() - started
    words = sum(word_count(nlp.make_doc(text)) for _, text in unique)
    print(f"phrases de plus de {MAX_WORDS} mots : {len(unique)} ({words} mots)")
    print(f"phrases coupées : {len(cut)} ({100 * len(cut) / max(len(unique), 1):.1f} %)")
    for rule, count in counts.most_common():
        print(f"  {rule:34s} {count:5d}")
    print(f"vitesse : {words / elapsed:.0f} mots par seconde ({elapsed:.0f} s, modèle chargé)")
    if arguments.echantillon:
        arguments.echantillon.write_text(json.dumps(cut, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
