"""Side-by-side HTML: original and rewrite per paragraph, changes highlighted (difflib word
diff: deletions struck through, insertions underlined), FALC score before and after, and every
refused rewrite with its reason. Everything taken from the document is escaped by Jinja2's
autoescape; the page is self-contained (no script, no external resource).
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from falc.rules import get_rule
from falc.simplify import SimplifyReport
from falc.writers.diff import word_diff

_ENV = Environment(
    loader=PackageLoader("falc", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _rule_title(code: str) -> str:
    try:
        return get_rule(code).title
    except KeyError:
        return code


def render_side_by_side(report: SimplifyReport) -> str:
    """The HTML page comparing the original and the rewrite of the document."""
    rows = [
        {
            "paragraph": paragraph,
            "diff": word_diff(paragraph.original, paragraph.rewrite),
            "applied": sorted({r for s in paragraph.sentences for r in s.applied_rules}),
            "refused": [(s, r) for s in paragraph.sentences for r in s.refused],
        }
        for paragraph in report.paragraphs
    ]
    return _ENV.get_template("simplifie.html.jinja").render(
        report=report, rows=rows, rule_title=_rule_title
    )
