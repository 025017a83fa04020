"""The HTML report of an analysis: one self-contained page an officer can read, share and print.

Every finding is a ``<mark>`` over its exact span; where findings overlap, the text is cut at
every start and end so each piece carries all the findings that cover it. Each mark explains
itself on hover (``title``), on keyboard focus (a CSS bubble) and to screen readers
(``aria-describedby`` pointing to the notes printed under the paragraph). Everything that comes
from the document is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from falc.document import Document, Paragraph
from falc.report import Finding, Metrics, Report

_ENV = Environment(
    loader=PackageLoader("falc", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["nombre"] = lambda value, digits=0: _number(value, digits)
_ENV.filters["extrait"] = lambda value, limit=160: excerpt(value, limit)
_SEVERITY_RANK = {"info": 0, "avertissement": 1, "erreur": 2}


@dataclass
class Segment:
    """A piece of a paragraph's text and the findings (by id) that cover it."""

    text: str
    finding_ids: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    severity: str = "info"
    filters: list[str] = field(default_factory=list)
    """« rule:severity » of each covering finding, for the page's filter."""


@dataclass
class NumberedFinding:
    id: str
    finding: Finding


@dataclass
class ParagraphView:
    paragraph: Paragraph
    segments: list[Segment]
    findings: list[NumberedFinding]
    score: float | None
    whole: list[NumberedFinding] = field(default_factory=list)
    """Findings about the whole paragraph (too long...): flagged in the margin, not highlighted,
    so the precise spans stay readable."""


def render_report_html(report: Report, doc: Document) -> str:
    """The full HTML page of ``report`` over the text of ``doc``."""
    by_paragraph: dict[int, list[NumberedFinding]] = {}
    for number, finding in enumerate(report.findings, start=1):
        by_paragraph.setdefault(finding.paragraph, []).append(
            NumberedFinding(id=f"constat-{number}", finding=finding)
        )
    scores = {p.index: p.score for p in report.paragraphs}
    views = []
    for paragraph in doc.paragraphs:
        found = by_paragraph.get(paragraph.index, [])
        whole = [f for f in found if _covers(f.finding, paragraph.text)]
        views.append(
            ParagraphView(
                paragraph=paragraph,
                segments=segments(paragraph.text, [f for f in found if f not in whole]),
                findings=found,
                score=scores.get(paragraph.index),
                whole=whole,
            )
        )
    most = max((rule.count for rule in report.rules_most_broken), default=0)
    return _ENV.get_template("report.html.jinja").render(
        report=report,
        views=views,
        blocks=_blocks(views),
        metric_rows=metric_rows(report.metrics),
        most_broken=most,
        rule_titles=rule_titles(),
        severities=[s for s in SEVERITIES if any(f.severity == s for f in report.findings)],
    )


def render_triage_html(report: Report, link_paragraphs: bool = False) -> Markup:
    """« Les 10 passages à revoir en premier » and the table per section, as an HTML fragment
    (the web page shows it above its own view of the text)."""
    html = _ENV.get_template("triage.html.jinja").render(
        report=report, rule_titles=rule_titles(), link_paragraphs=link_paragraphs
    )
    return Markup(html)


SEVERITIES = ("erreur", "avertissement", "info")


def rule_titles() -> dict[str, str]:
    """Rule code → its French title, for the tables and the filter."""
    from falc.rules import RULES

    return {rule.code: rule.title for rule in RULES}


def excerpt(text: str, limit: int = 160) -> str:
    """The start of an extract on one line, cut at a word with « … »."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def segments(text: str, findings: list[NumberedFinding]) -> list[Segment]:
    """Cut ``text`` at every finding boundary; each piece lists the findings covering it."""
    spans = [
        (max(0, f.finding.start), min(len(text), f.finding.end), f)
        for f in findings
        if f.finding.start < f.finding.end and f.finding.start < len(text)
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[Segment] = []
    for start, end in pairwise(cuts):
        covering = [f for s, e, f in spans if s <= start and end <= e]
        piece = Segment(text=text[start:end])
        if covering:
            piece.finding_ids = [f.id for f in covering]
            piece.messages = [f.finding.message for f in covering]
            piece.filters = sorted({f"{f.finding.rule}:{f.finding.severity}" for f in covering})
            piece.severity = max(
                (f.finding.severity for f in covering), key=_SEVERITY_RANK.__getitem__
            )
        pieces.append(piece)
    return pieces


def _covers(finding: Finding, text: str) -> bool:
    """The finding is about the paragraph as a whole (it spans all of a multi-word text)."""
    return finding.start <= 0 and finding.end >= len(text.rstrip()) and " " in text.strip()


def metric_rows(metrics: Metrics) -> list[tuple[str, str]]:
    """The document's metrics as (French label, formatted value); « — » when not computable."""
    return [
        ("Mots", _number(metrics.words)),
        ("Phrases", _number(metrics.sentences)),
        ("Mots par phrase", _number(metrics.words_per_sentence, 1)),
        ("Syllabes par mot", _number(metrics.syllables_per_word, 2)),
        ("Flesch français (Kandel et Moles)", _number(metrics.kandel_moles, 1)),
        ("LIX", _number(metrics.lix, 1)),
        ("Mots rares", _percent(metrics.rare_word_share)),
        ("Phrases au passif", _percent(metrics.passive_ratio)),
    ]


def _blocks(views: list[ParagraphView]) -> list[tuple[str, list[ParagraphView]]]:
    """Consecutive list items and table cells grouped, so they render as a list or a grid."""
    blocks: list[tuple[str, list[ParagraphView]]] = []
    for view in views:
        kind = view.paragraph.kind
        if blocks and kind in ("list_item", "table_cell") and blocks[-1][0] == kind:
            blocks[-1][1].append(view)
        else:
            blocks.append((kind, [view]))
    return blocks


def _number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return text


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}\u202f%"
