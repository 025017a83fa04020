"""Judged precision of the FALC rules on real text: how many findings are true?

The judged set ``benchmarks/data/precision_falc.csv`` holds findings of every rule (those on by
default and those off) on real text, each graded « vrai » or « faux » by a reader who knows
public procurement and FALC, with the reason. The grading rules are written in
``benchmarks/data/precision_falc.md``.

Real text: the official procurement texts of ``../shared/data/falc/corpus/`` (CCAG, arrêtés;
not SOURCES.md) and the BOAMP notices of ``../shared/data/procurement/boamp/`` (every text field
of 8 words or more of each notice, one document per notice).

Fixed sampling rule: every finding gets the key « rule|document|paragraph|start|end »; per
rule, the findings are sorted by the SHA-1 of their key and the first ``PER_RULE`` are judged.
The order depends on nothing but the finding itself, so a rule that changes keeps the grades of
the findings it still makes; the findings it now makes that fall in its first ``PER_RULE`` are
listed as « non jugés » and must be graded (``--tirer`` adds them to the file with an empty
verdict) before the figures mean anything.

Precision of a rule = true / judged among its findings of this run. Overall precision is given
two ways for the rules on by default: over the judged findings, and weighted by how often each
rule fires on the whole corpus (what an officer reading every finding sees).

    .venv/bin/python benchmarks/bench_falc_precision.py            # the figures
    CLAIR_SHARED=/chemin/vers/shared .venv/bin/python benchmarks/bench_falc_precision.py
    .venv/bin/python benchmarks/bench_falc_precision.py --tirer    # add the new draws to the file

A held-out text, that no rule was written on, is measured apart, with its own judged file and
only the rules on by default (what an officer sees)::

    .venv/bin/python benchmarks/bench_falc_precision.py --documents benchmarks/data/tenu_a_part \
        --jugements benchmarks/data/precision_falc_tenu_a_part.csv --par-regle 6 [--tirer]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from falc.analysis import analyse_documents  # noqa: E402
from falc.config import FalcConfig  # noqa: E402
from falc.document import Document  # noqa: E402
from falc.nlp import load_nlp  # noqa: E402
from falc.readers import read_document  # noqa: E402
from falc.report import Finding  # noqa: E402
from falc.rules import RULES, get_rule  # noqa: E402

JUDGED = ROOT / "benchmarks" / "data" / "precision_falc.csv"
PER_RULE = 15
TARGET_OVERALL = 0.95
TARGET_RULE = 0.85
MIN_WORDS = 8
FIELDS = [
    "regle",
    "document",
    "paragraphe",
    "debut",
    "fin",
    "extrait",
    "message",
    "phrase",
    "verdict",
    "raison",
]


def shared_data() -> Path | None:
    """``../shared/data`` (or ``$CLAIR_SHARED/data``), as the tests find it; None if absent."""
    data = Path(os.environ.get("CLAIR_SHARED", ROOT.parent / "shared")) / "data"
    return data if data.is_dir() else None


def _xml_texts(path: Path) -> list[str]:
    from lxml import etree

    texts = []
    for node in etree.parse(str(path)).iter():
        if isinstance(node.tag, str) and node.text and len(node.text.split()) >= MIN_WORDS:
            texts.append(" ".join(node.text.split()))
    return texts


def _json_texts(value: object) -> list[str]:
    if isinstance(value, str):
        if value.lstrip().startswith("{"):
            try:
                return _json_texts(json.loads(value))
            except ValueError:
                pass
        return [" ".join(value.split())] if len(value.split()) >= MIN_WORDS else []
    if isinstance(value, dict):
        return [t for v in value.values() for t in _json_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _json_texts(v)]
    return []


def real_documents(data: Path) -> list[Document]:
    """The corpus texts, then one document per BOAMP notice, in a fixed order."""
    documents = folder_documents(data / "falc" / "corpus")
    boamp = data / "procurement" / "boamp"
    for path in sorted((boamp / "xml_v230").glob("*.xml")):
        texts = list(dict.fromkeys(_xml_texts(path)))
        documents.append(Document.from_text("\n\n".join(texts), name=f"boamp/{path.name}"))
    for path in sorted((boamp / "ods_api_json").glob("*.json")):
        records = json.loads(path.read_text(encoding="utf-8"))["results"]
        for record in records:
            fields = {k: record.get(k) for k in ("objet", "criteres", "donnees")}
            texts = list(dict.fromkeys(_json_texts(fields)))
            if texts:
                name = f"boamp/{record['idweb']}"
                documents.append(Document.from_text("\n\n".join(texts), name=name))
    return documents


def key(document: str, finding: Finding) -> str:
    return f"{finding.rule}|{document}|{finding.paragraph}|{finding.start}|{finding.end}"


def draw_order(k: str) -> str:
    return hashlib.sha1(k.encode("utf-8")).hexdigest()


def all_findings(documents: list[Document]) -> list[tuple[Document, Finding]]:
    config = FalcConfig(extra_rules=frozenset(r.code for r in RULES if not r.default))
    reports = analyse_documents(documents, load_nlp(), config)
    return [(d, f) for d, r in zip(documents, reports, strict=True) for f in r.findings]


def folder_documents(folder: Path) -> list[Document]:
    """The Markdown files of ``folder`` (not SOURCES.md), in name order."""
    paths = sorted(p for p in folder.glob("*.md") if p.name != "SOURCES.md")
    return [read_document(p, max_bytes=1 << 30) for p in paths]


def drawn(
    findings: list[tuple[Document, Finding]], per_rule: int = PER_RULE
) -> dict[str, tuple[Document, Finding]]:
    """The first ``per_rule`` findings of each rule in SHA-1 order of their key."""
    by_rule: dict[str, list[tuple[str, Document, Finding]]] = defaultdict(list)
    for document, finding in findings:
        by_rule[finding.rule].append((key(document.name, finding), document, finding))
    chosen = {}
    for items in by_rule.values():
        items.sort(key=lambda item: draw_order(item[0]))
        for k, document, finding in items[:per_rule]:
            chosen[k] = (document, finding)
    return chosen


def sentence_of(document: Document, finding: Finding) -> str:
    text = document.paragraphs[finding.paragraph].text
    start = max(text.rfind(". ", 0, finding.start) + 2, finding.start - 250, 0)
    end = text.find(". ", finding.end)
    end = len(text) if end < 0 else end + 1
    return " ".join(text[start : min(end, finding.end + 250)].split())


def read_judged(path: Path = JUDGED) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return {
        f"{r['regle']}|{r['document']}|{r['paragraphe']}|{r['debut']}|{r['fin']}": r for r in rows
    }


def write_judged(rows: dict[str, dict[str, str]], path: Path = JUDGED) -> None:
    ordered = sorted(rows.values(), key=lambda r: (r["regle"], draw_order(_row_key(r))))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, delimiter=";")
        writer.writeheader()
        writer.writerows(ordered)


def _row_key(row: dict[str, str]) -> str:
    return f"{row['regle']}|{row['document']}|{row['paragraphe']}|{row['debut']}|{row['fin']}"


def _pct(value: float | None) -> str:
    return "   —  " if value is None else f"{100 * value:5.1f} %"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tirer", action="store_true", help="ajouter les constats tirés non jugés")
    parser.add_argument(
        "--documents",
        type=Path,
        help="les fichiers .md de ce dossier à la place des textes réels partagés "
        "(seules les règles actives par défaut sont tirées)",
    )
    parser.add_argument(
        "--jugements", type=Path, default=JUDGED, help="le fichier des constats jugés"
    )
    parser.add_argument(
        "--par-regle", type=int, default=PER_RULE, help="constats tirés par règle, au plus"
    )
    args = parser.parse_args()
    judged_path: Path = args.jugements

    if args.documents:
        documents = folder_documents(args.documents)
    else:
        data = shared_data()
        if data is None:
            print(
                "Données partagées absentes (../shared/data ou $CLAIR_SHARED) : mesure non faite."
            )
            return 0
        documents = real_documents(data)
    findings = all_findings(documents)
    if args.documents:
        findings = [(d, f) for d, f in findings if get_rule(f.rule).default]
    fired = Counter(f.rule for _, f in findings)
    chosen = drawn(findings, args.par_regle)
    judged = read_judged(judged_path)
    if args.tirer:
        for k, (document, finding) in chosen.items():
            if k not in judged:
                judged[k] = {
                    "regle": finding.rule,
                    "document": document.name,
                    "paragraphe": str(finding.paragraph),
                    "debut": str(finding.start),
                    "fin": str(finding.end),
                    "extrait": " ".join(finding.text.split())[:300],
                    "message": " ".join(
                        x for x in (finding.message, finding.suggestion or "") if x
                    ),
                    "phrase": sentence_of(document, finding),
                    "verdict": "",
                    "raison": "",
                }
        write_judged(judged, judged_path)
        print(f"{len(judged)} constats dans {judged_path}")
        return 0

    words = sum(len(p.text.split()) for d in documents for p in d.paragraphs)
    print(f"Textes réels : {len(documents)} documents, {words} mots, {len(findings)} constats")
    print(f"Tirage : {args.par_regle} constats par règle au plus (ordre SHA-1 de la clé)\n")
    print(
        f"{'règle':<26} {'gravité':<14} {'défaut':<7} {'constats':>8} {'jugés':>6} "
        f"{'vrais':>6} {'précision':>9} {'non jugés':>9}"
    )
    per_rule: dict[str, tuple[int, int]] = {}
    missing_total = 0
    for rule in RULES:
        keys = [k for k in chosen if k.startswith(rule.code + "|")]
        graded = [
            judged[k] for k in keys if k in judged and judged[k]["verdict"] in ("vrai", "faux")
        ]
        true = sum(1 for r in graded if r["verdict"] == "vrai")
        missing = len(keys) - len(graded)
        missing_total += missing
        per_rule[rule.code] = (true, len(graded))
        precision = true / len(graded) if graded else None
        print(
            f"{rule.code:<26} {rule.severity:<14} {'oui' if rule.default else 'non':<7} "
            f"{fired[rule.code]:>8} {len(graded):>6} {true:>6} {_pct(precision):>9} {missing:>9}"
        )
    on = [r.code for r in RULES if r.default]
    true_on = sum(per_rule[c][0] for c in on)
    judged_on = sum(per_rule[c][1] for c in on)
    weighted_num = sum(fired[c] * per_rule[c][0] / per_rule[c][1] for c in on if per_rule[c][1])
    weighted_den = sum(fired[c] for c in on if per_rule[c][1])
    micro = true_on / judged_on if judged_on else None
    weighted = weighted_num / weighted_den if weighted_den else None
    print(f"\nRègles actives par défaut : {judged_on} constats jugés, {true_on} vrais")
    print(f"précision sur les constats jugés            : {_pct(micro)}")
    print(f"précision pondérée par la fréquence des règles : {_pct(weighted)}")
    low = [c for c in on if per_rule[c][1] and per_rule[c][0] / per_rule[c][1] < TARGET_RULE]
    print(
        f"objectif ≥ {TARGET_OVERALL:.0%} au total : "
        f"{'atteint' if (weighted or 0) >= TARGET_OVERALL and (micro or 0) >= TARGET_OVERALL else 'MANQUÉ'}"
    )
    print(
        f"objectif aucune règle active sous {TARGET_RULE:.0%} : "
        f"{'atteint' if not low else 'MANQUÉ (' + ', '.join(low) + ')'}"
    )
    if missing_total:
        print(
            f"\n{missing_total} constats tirés ne sont pas jugés : lancez --tirer puis jugez-les."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
