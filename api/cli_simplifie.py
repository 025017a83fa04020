"""``clair simplifie``: a FALC rewrite of a document that never changes what the contract says.

``-o`` writes the safe version (safe changes and the « Mots importants » box; in DOCX each
proposal is a tracked change on top); ``--accepter-tout`` writes the version with every proposal
that passed the guard accepted; ``--format json`` prints the report with ``changements[]``.

Exit codes: 0 done; 2 the document, the output or an option is wrong (the French reason is
printed on stderr, never a traceback).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli_common import BaseOption, run_or_exit
from api.settings import get_settings
from falc.nlp import load_nlp
from jobs import run_within


class Format(StrEnum):
    texte = "texte"
    json = "json"


def simplifie(
    fichier: Annotated[
        Path,
        typer.Argument(
            help="Document à simplifier : .docx, .odt, .pdf, .txt, .md ou .html.",
            show_default=False,
        ),
    ],
    sortie: Annotated[
        Path | None,
        typer.Option(
            "--sortie",
            "-o",
            help="Fichier à écrire, selon son extension : .docx (version sûre, chaque "
            "proposition en modification suivie à accepter ou refuser dans Word ou LibreOffice), "
            ".odt, .md, .html (avant et après côte à côte) ou .json.",
        ),
    ] = None,
    accepter_tout: Annotated[
        bool,
        typer.Option(
            "--accepter-tout",
            help="Écrire la version où toutes les propositions qui ont passé la garde sont "
            "acceptées (coupes de phrases, voix active, « vous »...). Sans cette option : "
            "seulement les changements sûrs et l'explication des termes juridiques.",
        ),
    ] = False,
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="Ce qui s'affiche à l'écran : texte (résumé) ou json (chaque changement avec "
            "son type, sa règle, avant, après, son statut et sa raison ; les scores).",
        ),
    ] = Format.texte,
    base: BaseOption = None,
) -> None:
    """Réécrire un document en FALC, sans changer un montant, une date ou une référence.

    « clair simplifie statistiques » montre, pour chaque règle, les décisions des agents sur ses
    propositions (proposées, acceptées, modifiées, refusées) et son taux d'acceptation."""
    console = Console(stderr=True, highlight=False)
    if fichier == Path(STATISTICS) and not fichier.exists():
        run_or_exit(lambda: _statistics(base, format), console)
    run_or_exit(lambda: _run(fichier, sortie, format, accepter_tout, console), console)


STATISTICS = "statistiques"
"""``clair simplifie statistiques``: the officers' decisions, rule by rule."""


def _statistics(base: Path | None, format: Format) -> int:
    from api.database import open_base
    from falc.decisions import rule_statistics

    conn = open_base(base)
    try:
        statistics = rule_statistics(conn)
    finally:
        conn.close()
    if format is Format.json:
        sys.stdout.write(
            json.dumps([s.model_dump() for s in statistics], ensure_ascii=False, indent=2) + "\n"
        )
        return 0
    out = Console(highlight=False)
    if not statistics:
        out.print("Aucune décision enregistrée : relisez des propositions sur la page Simplifier.")
        return 0
    table = Table(title="Décisions des agents, règle par règle")
    for column in (
        "règle",
        "proposées",
        "acceptées",
        "modifiées",
        "refusées",
        "sans décision",
        "taux d'acceptation",
    ):
        table.add_column(
            column, justify="left" if column == "règle" else "right", no_wrap=column == "règle"
        )
    for s in statistics:
        rate = "—" if s.taux_acceptation is None else f"{s.taux_acceptation:.0%}".replace("%", " %")
        table.add_row(
            s.regle,
            str(s.proposees),
            str(s.acceptees),
            str(s.modifiees),
            str(s.refusees),
            str(s.sans_decision),
            rate,
        )
    out.print(table)
    return 0


def _run(path: Path, out: Path | None, format: Format, accepted: bool, console: Console) -> int:
    from falc.readers import read_document
    from falc.simplify import simplify_document
    from falc.writers.output import output_kind, render

    settings = get_settings()
    kind = output_kind(out) if out is not None else None
    doc = read_document(path, max_bytes=settings.upload_max_bytes, limits=settings.archive_limits)
    nlp = load_nlp(settings.spacy_model)
    budget = settings.jobs.budget  # in a child process, within the settings' time and memory
    report = run_within(simplify_document, doc, nlp, budget=budget, subject="La simplification")
    if out is not None and kind is not None:
        source = path.read_bytes() if doc.format in ("docx", "odt") else None
        out.write_bytes(render(kind, doc, report, source, accepted=accepted))
    if format is Format.json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        _summary(report, console)
        if out is not None:
            console.print(f"Écrit : {out}")
    return 0


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _summary(report, console: Console) -> None:
    before, after = report.before, report.after
    lines = [
        f"[bold]{report.document}[/]",
        f"Score FALC : {_score(before.score)} → {_score(after.score)} (version sûre) ; "
        f"{_score(report.accepted.score)} avec toutes les propositions acceptées, sur 100",
        "Mots par phrase : "
        + " → ".join(
            "—" if v is None else f"{v:.1f}"
            for v in (before.words_per_sentence, after.words_per_sentence)
        ),
        f"Changements sûrs appliqués : {report.applied} ; propositions : {report.proposed} ; "
        f"refusés par la garde : {report.refused}",
        f"Termes juridiques expliqués : {len(report.mots_importants)}",
        f"Faits juridiques perdus : {report.invariants_lost}",
        f"Points à revoir à la main : {len(report.remaining)}",
    ]
    out = Console(highlight=False)
    for line in lines:
        out.print(line, soft_wrap=True)
