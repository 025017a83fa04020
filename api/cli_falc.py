"""``clair analyse``: the FALC readability of documents, as a score card, JSON, HTML or Word.

Exit codes: 0 all good; 1 a score is below ``--seuil``; 2 a document or an option is wrong (the
French reason is printed on stderr, never a traceback).
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

from api.cli_common import EXIT_ERROR, run_or_exit
from api.settings import get_settings
from core.errors import ClairError
from falc.document import Document
from falc.errors import DocumentError
from falc.nlp import load_nlp
from falc.report import Report
from jobs import Budget, run_within

EXIT_BELOW_THRESHOLD = 1


class Format(StrEnum):
    texte = "texte"
    json = "json"
    html = "html"
    docx = "docx"


class Commentaires(StrEnum):
    tous = "tous"
    paragraphe = "paragraphe"
    prioritaires = "prioritaires"


_SUFFIX = {Format.html: ".falc.html", Format.docx: ".annote.docx"}


def analyse(
    fichiers: Annotated[
        list[Path],
        typer.Argument(
            help="Documents à analyser : .docx, .odt, .pdf, .txt, .md ou .html.", show_default=False
        ),
    ],
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="texte : tableau de scores ; json : le rapport complet ; html : rapport à lire "
            "et imprimer ; docx : copie du document avec un commentaire sur chaque problème.",
        ),
    ] = Format.texte,
    sortie: Annotated[
        Path | None,
        typer.Option(
            "--sortie",
            "-o",
            help="Fichier de sortie (un document) ou dossier (plusieurs documents). "
            "Par défaut : l'écran pour texte, json et html ; « NOM.annote.docx » pour docx.",
        ),
    ] = None,
    seuil: Annotated[
        float | None,
        typer.Option(
            "--seuil",
            min=0,
            max=100,
            help="Code de sortie 1 si un score est sous ce seuil (de 0 à 100).",
        ),
    ] = None,
    commentaires: Annotated[
        Commentaires,
        typer.Option(
            "--commentaires",
            help="Commentaires du DOCX : paragraphe (un par paragraphe, qui regroupe ses "
            "problèmes) ; prioritaires (seulement les 10 passages à revoir en premier) ; tous "
            "(un par problème). Le rapport JSON garde toujours tous les problèmes.",
        ),
    ] = Commentaires.paragraphe,
    par_ligne: Annotated[
        bool,
        typer.Option(
            "--par-ligne",
            help="Analyser chaque ligne d'un fichier texte à part : un objet JSON par ligne (JSON Lines).",
        ),
    ] = False,
) -> None:
    """Mesurer la lisibilité FALC de documents : score de 0 à 100, niveau, règles enfreintes."""
    console = Console(stderr=True, highlight=False)
    run_or_exit(
        lambda: _run(fichiers, format, sortie, seuil, par_ligne, commentaires, console), console
    )


def _run(
    paths: list[Path],
    format: Format,
    out: Path | None,
    threshold: float | None,
    per_line: bool,
    comments: Commentaires,
    console: Console,
) -> int:
    settings = get_settings()
    if per_line:
        if format not in (Format.json, Format.texte):
            raise ClairError("L'option --par-ligne produit du JSON Lines : utilisez --format json.")
        nlp = load_nlp(settings.spacy_model)
        scores = _per_line(paths, out, nlp, settings.upload_max_bytes, console)
        failed = any(isinstance(s, DocumentError) for s in scores)
        numbers = [s for s in scores if isinstance(s, float)]
        return _exit_code(failed, numbers, threshold)
    if out is not None and len(paths) > 1 and format in (Format.html, Format.docx):
        out.mkdir(parents=True, exist_ok=True)

    from falc.readers import read_document

    nlp = None
    analysed: list[tuple[Path, Document, Report]] = []
    failed = False
    for path in paths:
        try:
            doc = read_document(
                path, max_bytes=settings.upload_max_bytes, limits=settings.archive_limits
            )
        except DocumentError as error:
            console.print(f"[bold red]Erreur :[/] {error}", soft_wrap=True)
            failed = True
            continue
        if nlp is None:
            nlp = load_nlp(settings.spacy_model)
        analysed.append((path, doc, _analyse(doc, nlp, settings.jobs.budget)))
    if analysed:
        _write(analysed, format, out, comments, console)
    return _exit_code(failed, [r.score for _, _, r in analysed if r.score is not None], threshold)


def _analyse(doc: Document, nlp, budget: Budget) -> Report:
    """The analysis, in a child process within the time and memory budget of the settings."""
    from falc.analysis import analyse_document

    return run_within(analyse_document, doc, nlp, budget=budget, subject="L'analyse")


def _exit_code(failed: bool, scores: list[float], threshold: float | None) -> int:
    if failed:
        return EXIT_ERROR
    if threshold is not None and any(score < threshold for score in scores):
        return EXIT_BELOW_THRESHOLD
    return 0


def _write(
    analysed: list[tuple[Path, Document, Report]],
    format: Format,
    out: Path | None,
    comments: Commentaires,
    console: Console,
) -> None:
    if format is Format.texte:
        _score_card([report for _, _, report in analysed], out)
    elif format is Format.json:
        dumped = [report.model_dump(mode="json") for _, _, report in analysed]
        payload = dumped[0] if len(dumped) == 1 else dumped
        _emit(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", out)
    else:
        used: set[str] = set()
        for path, doc, report in analysed:
            target = _target(path, format, out, several=len(analysed) > 1, used=used)
            if format is Format.html:
                from falc.html_report import render_report_html

                page = render_report_html(report, doc)
                if target is None:
                    sys.stdout.write(page)
                    continue
                target.write_text(page, encoding="utf-8")
            else:
                from falc.docx_comments import annotate_document, comment_count

                mode = comments.value
                target.write_bytes(annotate_document(doc, report, source=path, mode=mode))
                count = comment_count(report, mode)
                console.print(
                    f"Écrit : {target} ({count} commentaire{'s' if count > 1 else ''}, "
                    f"{len(report.findings)} problèmes dans le rapport)"
                )
                continue
            console.print(f"Écrit : {target}")


def _target(
    path: Path, format: Format, out: Path | None, several: bool, used: set[str]
) -> Path | None:
    """Where the output of ``path`` goes; two inputs never share an output file."""
    if out is not None and not several:
        return out
    if out is None and format is Format.html and not several:
        return None  # the page goes to standard output
    name = path.stem + _SUFFIX[format]
    if name in used:  # exemple.md and exemple.docx: the second one keeps its extension
        name = f"{path.stem}-{path.suffix.lstrip('.')}{_SUFFIX[format]}"
    used.add(name)
    return (out or Path.cwd()) / name


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def _per_line(
    paths, out, nlp, max_bytes: int, console: Console
) -> list[float | DocumentError | None]:
    """One JSON object per input line, in order; an empty line gets ``score: null``."""
    from falc.analysis import analyse_texts
    from falc.readers import decode

    results: list[float | DocumentError | None] = []
    lines_out: list[str] = []
    for path in paths:
        try:
            lines = _text_lines(path, max_bytes, decode)
        except DocumentError as error:
            console.print(f"[bold red]Erreur :[/] {error}", soft_wrap=True)
            results.append(error)
            continue
        filled = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
        reports = iter(analyse_texts([line for _, line in filled], nlp))
        by_number = {number: next(reports) for number, _ in filled}
        for number, line in enumerate(lines, start=1):
            report = by_number.get(number)
            record = {
                "fichier": path.name,
                "ligne": number,
                "texte": line,
                "score": report.score if report else None,
                "niveau": report.niveau if report else None,
                "findings": [f.model_dump(mode="json") for f in report.findings] if report else [],
            }
            results.append(record["score"])
            lines_out.append(json.dumps(record, ensure_ascii=False))
    _emit("".join(line + "\n" for line in lines_out), out)
    return results


def _text_lines(path: Path, max_bytes: int, decode) -> list[str]:
    from falc.readers import detect_format

    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentError(f"Le fichier « {path} » est introuvable ou illisible.") from error
    if size > max_bytes:
        raise DocumentError(
            f"Le fichier « {path.name} » est trop volumineux : la limite est de "
            f"{max_bytes / (1024 * 1024):.1f} Mo.".replace(".", ",", 1)
        )
    data = path.read_bytes()
    if detect_format(data, path.name) not in ("txt", "md"):
        raise DocumentError(
            f"L'option --par-ligne lit un fichier texte (.txt) ; « {path.name} » n'en est pas un."
        )
    return decode(data, path.name).splitlines()


def _score_card(reports: list[Report], out: Path | None) -> None:
    console = Console(
        file=None if out is None else out.open("w", encoding="utf-8"), highlight=False
    )
    table = Table(title="Lisibilité FALC", title_justify="left")
    table.add_column("Document", overflow="fold")
    table.add_column("Score", justify="right")
    table.add_column("Niveau", no_wrap=True)
    for column in ("Mots", "Mots/phrase", "Flesch FR", "Problèmes"):
        table.add_column(column, justify="right")
    for report in reports:
        m = report.metrics
        table.add_row(
            report.document,
            _fmt(report.score, 0),
            report.niveau or "—",
            str(m.words),
            _fmt(m.words_per_sentence, 1),
            _fmt(m.kandel_moles, 1),
            str(len(report.findings)),
        )
    console.print(table)
    for report in reports:
        if not report.rules_most_broken:
            continue
        rules = Table(title=f"Règles les plus enfreintes – {report.document}", title_justify="left")
        rules.add_column("Règle")
        rules.add_column("Ce qui ne va pas")
        rules.add_column("Nombre", justify="right")
        for rule in report.rules_most_broken[:8]:
            rules.add_row(rule.rule, rule.message, str(rule.count))
        console.print(rules)
    if out is not None:
        console.file.close()


def _fmt(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}".replace(".", ",")
