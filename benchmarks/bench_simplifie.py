"""Benchmark of ``clair simplifie`` on real procurement prose nobody here wrote.

Documents: the official texts of ``../shared/data/falc/corpus/`` (CCAG of 2009 and 1980,
arrêtés) and the BOAMP notices of ``../shared/data/procurement/boamp/`` (XML v2.30 and the
OpenDataSoft JSON records: every text field of 6 words or more, one paragraph each). Without
``../shared`` the benchmark says so and stops (exit 0).

For each document and in total:

- changes per kind (sure, terme, proposition) and status (appliqué, proposé, refusé), and the
  guard's refusals per check;
- losses counted by :mod:`benchmarks.losses`, a checker written apart from the guards, between
  the original file and the written Markdown output (safe, and with every proposal accepted);
  a third column counts what the reader and the writer alone lose (the document written back
  unchanged), so a loss is put where it comes from;
- the FALC score before, of the safe output and with every proposal accepted;
- the ceiling of a form-only rewrite (« plafond forme ») : the score the original would get if
  every finding a form-only change could answer (numbers, dates, special characters, acronyms,
  capitals, jargon, Latin, rare words) disappeared and no rare word were left, sentences
  unchanged. A safe change is form only, so the safe output's own gain (without the terms box)
  cannot pass this bound: it says what the +10 target asks of form alone;
- words per second of the safe output (safe changes and the terms box, no proposals, no
  scoring; the model loaded beforehand), and of the full report.

Targets (issue 14): 0 of every loss; safe output +10 points or more and all accepted +20 or
more on CCAG-type text; safe output at 3,000 words/s or more.

``--echantillon FILE`` also writes the judged sample: 100 changed sentences of the corpus drawn
by the rule of ``benchmarks/data/README.md`` (grades already given to the same sentence are
kept); the rates of the graded sample are printed.

    .venv/bin/python benchmarks/bench_simplifie.py [--echantillon benchmarks/data/simplifie_echantillon.csv]

``--documents DIR`` measures the Markdown files of another folder instead, for example the
held-out text of ``benchmarks/data/tenu_a_part/`` that no rule was written on
(``--echantillon benchmarks/data/simplifie_tenu_a_part.csv --taille 40``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.losses import KINDS, losses
from falc.analysis import analyse_document
from falc.config import FalcConfig
from falc.document import Document, Paragraph
from falc.nlp import load_nlp
from falc.readers import read_document
from falc.report import Report
from falc.rewrite.terms import BOX_TITLE
from falc.score import finding_points, score_parts, weighted_score
from falc.simplify import SimplifyReport, rewritten_document, simplify_document, simplify_text
from falc.writers.markdown import to_markdown
from falc.writers.output import render

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLAIR_SHARED", ROOT.parent / "shared")) / "data"
if not SHARED.exists():
    SHARED = Path("/work/shared/data")
CORPUS = SHARED / "falc" / "corpus"
BOAMP = SHARED / "procurement" / "boamp"
SAMPLE_SIZE = 100
MIN_WORDS = 6
TARGET_SAFE_GAIN = 10.0
TARGET_ACCEPTED_GAIN = 20.0
TARGET_WORDS_PER_SECOND = 3000.0
GRADES = ("A", "B", "C", "D")
FORM_RULES = frozenset(
    {
        "nombre-en-lettres",
        "grand-nombre",
        "pourcentage",
        "chiffres-romains",
        "date-numerique",
        "caractere-special",
        "sigle-non-explique",
        "majuscules",
        "jargon",
        "expression-latine",
        "mot-rare",
    }
)
"""Rules a form-only change could answer, counted generously: headings keep their capitals and
terms of art are never replaced, so a real safe output answers fewer of them."""


@dataclass
class Row:
    name: str
    ccag: bool
    words: int
    safe_seconds: float
    full_seconds: float
    report: SimplifyReport
    safe_without_box: float | None = None
    """Score of the safe output without the « Mots importants » box (its short sentences raise
    the score; this figure shows the rewrite's share alone)."""
    form_ceiling: float | None = None
    """The ceiling of a form-only rewrite of the original (:func:`form_ceiling`)."""
    lost: dict[str, dict[str, dict[str, Counter[str]]]] = field(default_factory=dict)


def corpus_documents(folder: Path = CORPUS) -> list[tuple[str, Document, str]]:
    """(name, document, original text) of each Markdown file of ``folder``, in name order."""
    found = []
    for path in sorted(p for p in folder.glob("*.md") if p.name != "SOURCES.md"):
        raw = path.read_text(encoding="utf-8")
        if raw.startswith("<!--"):
            raw = raw.split("\n", 1)[1]
        found.append((path.name, read_document(path, max_bytes=1 << 30), raw))
    return found


def _prose(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(" ".join(t.split()) for t in texts if len(t.split()) >= MIN_WORDS))


def boamp_documents() -> list[tuple[str, Document, str]]:
    """The BOAMP notices: every text of 6 words or more, one paragraph each."""
    found = []
    for path in sorted((BOAMP / "xml_v230").glob("*.xml")):
        texts = _prose([t for t in etree.parse(str(path)).getroot().itertext()])
        found.append((path.name, texts))
    for path in sorted((BOAMP / "ods_api_json").glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8"))["results"]:
            values: list[str] = []
            _strings(record, values)
            found.append((f"{path.stem}#{record.get('idweb')}", _prose(values)))
    documents = []
    for name, texts in found:
        if texts:
            paragraphs = [Paragraph(index=i, text=t) for i, t in enumerate(texts)]
            documents.append(
                (name, Document(name=name, format="txt", paragraphs=paragraphs), "\n\n".join(texts))
            )
    return documents


def _strings(value, out: list[str]) -> None:
    if isinstance(value, str):
        if value.startswith(("{", "[")):
            try:
                _strings(json.loads(value), out)
                return
            except json.JSONDecodeError:
                pass
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _strings(item, out)


def measure(name: str, doc: Document, original: str, nlp, ccag: bool) -> Row:
    words = sum(len(p.text.split()) for p in doc.paragraphs)
    start = time.perf_counter()
    simplify_document(doc, nlp, proposals=False, scores=False)
    safe_seconds = time.perf_counter() - start
    start = time.perf_counter()
    report = simplify_document(doc, nlp)
    full_seconds = time.perf_counter() - start
    row = Row(name, ccag, words, safe_seconds, full_seconds, report)
    written = rewritten_document(doc, report)
    body = written.model_copy(
        update={"paragraphs": [p for p in written.paragraphs if p.section != BOX_TITLE]}
    )
    row.safe_without_box = analyse_document(body, nlp).score
    row.form_ceiling = form_ceiling(analyse_document(doc, nlp))
    row.lost = {
        "lecture seule": losses(original, to_markdown(doc)),
        "sûre": losses(original, render("md", doc, report).decode()),
        "tout accepté": losses(original, render("md", doc, report, accepted=True).decode()),
    }
    return row


def form_ceiling(report: Report, config: FalcConfig | None = None) -> float | None:
    """The highest score a form-only rewrite of this document could reach (see the docstring).

    Sentence length and the Kandel–Moles part are kept (a form change neither cuts nor joins
    sentences, and swaps few syllables); every finding of :data:`FORM_RULES` is dropped and the
    rare-word part counts as full.
    """
    config = config or FalcConfig()
    kept = [f for f in report.findings if f.rule not in FORM_RULES]
    parts = score_parts(report.metrics, finding_points(kept, config), report.metrics.words, config)
    if "rare_words" in parts:
        parts["rare_words"] = 1.0
    value = weighted_score(parts, config)
    return None if value is None else round(value, 1)


def _score(value: float | None) -> str:
    return "  —  " if value is None else f"{value:5.1f}"


def _gain(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


def _loss_total(row: Row, version: str, kind: str, what: str = "perdu") -> int:
    return sum(row.lost[version][kind][what].values())


def print_rows(title: str, rows: list[Row]) -> None:
    print(f"\n## {title}\n")
    print(
        f"{'document':44} {'mots':>6} {'avant':>6} {'sûre':>6} {'s/enc':>6} {'plaf.':>6} {'tout':>6} "
        f"{'sûrs':>5} {'termes':>6} {'prop.':>5} {'refus':>5} {'mots/s sûre':>11} {'mots/s tout':>11}"
    )
    for row in rows:
        r = row.report
        print(
            f"{row.name[:44]:44} {row.words:6d} {_score(r.before.score):>6} {_score(r.after.score):>6} "
            f"{_score(row.safe_without_box):>6} {_score(row.form_ceiling):>6} "
            f"{_score(r.accepted.score):>6} {r.applied:5d} {len(r.mots_importants):6d} "
            f"{r.proposed:5d} {r.refused:5d} {row.words / row.safe_seconds:11.0f} "
            f"{row.words / row.full_seconds:11.0f}"
        )
    counts: dict[str, Counter[str]] = {}
    checks: Counter[str] = Counter()
    for row in rows:
        for kind, by_status in row.report.compteurs.items():
            counts.setdefault(kind, Counter()).update(by_status)
        checks.update(row.report.refus_par_controle)
    print("\nChangements par type :")
    for kind, by_status in counts.items():
        print(f"  {kind:12} " + ", ".join(f"{s} {n}" for s, n in by_status.items()))
    print(
        "Refus de la garde par contrôle : "
        + (", ".join(f"{c} {n}" for c, n in checks.most_common()) or "aucun")
    )
    reasons: Counter[str] = Counter()
    for row in rows:
        for change in row.report.changements:
            if change.statut == "refusé":
                reasons[f"{change.type}/{change.regle} ← {'+'.join(change.controles)}"] += 1
    print(
        "Refus par règle et contrôle : " + ", ".join(f"{r} {n}" for r, n in reasons.most_common(12))
    )
    print("\nPertes comptées par le vérificateur à part (lecture seule / sûre / tout accepté) :")
    for kind in KINDS:
        line = " / ".join(
            str(sum(_loss_total(row, v, kind) for row in rows))
            for v in ("lecture seule", "sûre", "tout accepté")
        )
        added = ""
        if kind in ("négations", "obligations"):
            added = " ; ajoutées : " + " / ".join(
                str(sum(_loss_total(row, v, kind, "ajouté") for row in rows))
                for v in ("lecture seule", "sûre", "tout accepté")
            )
        print(f"  {kind:18} perdues : {line}{added}")
    for version in ("sûre", "tout accepté"):
        examples = Counter()
        for row in rows:
            for kind in KINDS:
                extra = row.lost[version][kind]["perdu"] - row.lost["lecture seule"][kind]["perdu"]
                for key, n in extra.items():
                    examples[f"{kind}: {key}"] += n
        if examples:
            print(
                f"  pertes dues à la réécriture ({version}) : "
                + ", ".join(f"{k} ×{n}" for k, n in examples.most_common(10))
            )
    words = sum(r.words for r in rows)
    safe = sum(r.safe_seconds for r in rows)
    full = sum(r.full_seconds for r in rows)
    gains = [
        (g1, g2)
        for r in rows
        if (g1 := _gain(r.report.after.score, r.report.before.score)) is not None
        and (g2 := _gain(r.report.accepted.score, r.report.before.score)) is not None
    ]
    if gains:
        mean_safe = sum(g for g, _ in gains) / len(gains)
        mean_all = sum(g for _, g in gains) / len(gains)
        print(
            f"\nGain moyen de score : sûre {mean_safe:+.1f} points, tout accepté {mean_all:+.1f} points"
        )
    print(
        f"Vitesse : {words} mots ; sortie sûre {words / safe:.0f} mots/s ; rapport complet {words / full:.0f} mots/s"
    )


def verdict(rows: list[Row]) -> None:
    ccag = [r for r in rows if r.ccag]
    print("\n## Cibles de l'issue 14\n")
    for row in ccag:
        g1 = _gain(row.report.after.score, row.report.before.score)
        g2 = _gain(row.report.accepted.score, row.report.before.score)
        ok1 = g1 is not None and g1 >= TARGET_SAFE_GAIN
        ok2 = g2 is not None and g2 >= TARGET_ACCEPTED_GAIN
        ceiling = _gain(row.form_ceiling, row.report.before.score)
        print(
            f"  {row.name}: sûre {g1:+.1f} {'atteint' if ok1 else 'MANQUÉ'} ; tout accepté {g2:+.1f} {'atteint' if ok2 else 'MANQUÉ'}"
            f" ; plafond d'une réécriture de forme seule {ceiling:+.1f}"
        )
    for version in ("sûre", "tout accepté"):
        total = sum(
            _loss_total(r, version, k) - _loss_total(r, "lecture seule", k)
            for r in rows
            for k in KINDS
        )
        added = sum(
            _loss_total(r, version, k, "ajouté") - _loss_total(r, "lecture seule", k, "ajouté")
            for r in rows
            for k in ("négations", "obligations")
        )
        print(
            f"  pertes dues à la réécriture ({version}) : {total} ; ajouts de négation ou d'obligation : {added} ({'atteint' if total == 0 and added == 0 else 'MANQUÉ'})"
        )
    reader = sum(_loss_total(r, "lecture seule", k) for r in rows for k in KINDS)
    print(f"  pertes de la lecture et de l'écriture seules (sans réécriture) : {reader}")
    words = sum(r.words for r in rows)
    speed = words / sum(r.safe_seconds for r in rows)
    print(
        f"  vitesse de la sortie sûre : {speed:.0f} mots/s ({'atteint' if speed >= TARGET_WORDS_PER_SECOND else 'MANQUÉ'} ; charge de la machine : {os.getloadavg()[0]:.1f})"
    )


# --- judged sample --------------------------------------------------------------------------------


def changed_sentences(rows: list[Row]) -> list[dict[str, str]]:
    """Every changed sentence of the corpus documents, in file, paragraph and sentence order."""
    found = []
    for row in rows:
        if not row.ccag and not row.name.startswith("arrete"):
            continue
        for sentence in row.report.sentences:
            if sentence.rewrite == sentence.original and sentence.proposal == sentence.original:
                continue
            kept = [c for c in sentence.changes if c.statut != "refusé"]
            found.append(
                {
                    "document": row.name,
                    "paragraphe": str(sentence.paragraph),
                    "regles": " ".join(f"{c.type}:{c.regle}" for c in kept),
                    "original": sentence.original,
                    "version_sure": sentence.rewrite,
                    "version_acceptee": sentence.proposal,
                }
            )
    return found


def draw(sentences: list[dict[str, str]], size: int = SAMPLE_SIZE) -> list[dict[str, str]]:
    """The rule of benchmarks/data/README.md: ``size`` sentences evenly spaced in the fixed order."""
    total = len(sentences)
    if total <= size:
        return sentences
    return [sentences[i * total // size] for i in range(size)]


FIELDS = (
    "n",
    "document",
    "paragraphe",
    "regles",
    "original",
    "version_sure",
    "version_acceptee",
    "note",
    "commentaire",
)


def write_sample(path: Path, sample: list[dict[str, str]]) -> None:
    graded: dict[tuple[str, str, str], dict[str, str]] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for old in csv.DictReader(handle):
                graded[(old["original"], old["version_sure"], old["version_acceptee"])] = old
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for n, item in enumerate(sample, 1):
            old = graded.get((item["original"], item["version_sure"], item["version_acceptee"]), {})
            writer.writerow(
                {
                    "n": n,
                    **item,
                    "note": old.get("note", ""),
                    "commentaire": old.get("commentaire", ""),
                }
            )
    print(f"\nÉchantillon écrit : {path} ({len(sample)} phrases)")


def print_rates(path: Path) -> None:
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["note"] in GRADES]
    if not rows:
        print("Échantillon pas encore noté.")
        return

    def rates(selection: list[dict[str, str]]) -> str:
        counted = Counter(r["note"] for r in selection)
        return (
            ", ".join(f"{g} {100 * counted[g] / len(selection):.0f} %" for g in GRADES)
            + f" (sur {len(selection)})"
        )

    proposals = [r for r in rows if r["version_acceptee"] != r["version_sure"]]
    print(f"\nÉchantillon noté : {rates(rows)}")
    if proposals:
        print(f"  phrases avec une proposition : {rates(proposals)}")
    safe_only = [r for r in rows if r["version_acceptee"] == r["version_sure"]]
    if safe_only:
        print(f"  phrases avec des changements sûrs seulement : {rates(safe_only)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--echantillon", type=Path, help="écrire l'échantillon à noter (CSV)")
    parser.add_argument("--corpus-seul", action="store_true", help="sans les avis du BOAMP")
    parser.add_argument(
        "--documents",
        type=Path,
        help="mesurer les fichiers .md de ce dossier à la place du corpus (par exemple le texte "
        "tenu à part, benchmarks/data/tenu_a_part), sans les avis du BOAMP",
    )
    parser.add_argument(
        "--taille", type=int, default=SAMPLE_SIZE, help="nombre de phrases de l'échantillon"
    )
    options = parser.parse_args()
    folder = options.documents or CORPUS
    if not folder.exists():
        print(f"Données absentes ({folder}) : rien à mesurer.")
        return 0
    nlp = load_nlp()
    simplify_text(
        "Les offres sont analysées par le pouvoir adjudicateur nonobstant le CCAP.", nlp
    )  # warm-up
    corpus = [
        measure(name, doc, raw, nlp, name.startswith("ccag"))
        for name, doc, raw in corpus_documents(folder)
    ]
    print_rows(
        f"Documents de {folder}" if options.documents else "Corpus (CCAG de 2009 et 1980, arrêtés)",
        corpus,
    )
    rows = corpus
    if not options.corpus_seul and not options.documents and BOAMP.exists():
        notices = [measure(name, doc, raw, nlp, False) for name, doc, raw in boamp_documents()]
        print_rows(f"Avis du BOAMP ({len(notices)})", notices)
        rows = corpus + notices
    verdict(rows)
    if options.echantillon:
        write_sample(options.echantillon, draw(changed_sentences(corpus), options.taille))
        print_rates(options.echantillon)
    else:
        print_rates(ROOT / "benchmarks" / "data" / "simplifie_echantillon.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
