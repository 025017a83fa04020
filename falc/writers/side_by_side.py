"""Side-by-side HTML: original and rewrite per paragraph, changes highlighted (difflib word
diff: deletions struck through, insertions underlined), FALC scores, the « Mots importants »
box, each proposal and every change refused by the guard with its reason. Everything taken from
the document is escaped by Jinja2's autoescape; the page is self-contained (no script, no
external resource).
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from falc.rewrite.registry import rewrite_message
from falc.simplify import SimplifyReport
from falc.writers.diff import word_diff

_ENV = Environment(
    loader=PackageLoader("falc", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_side_by_side(report: SimplifyReport, accepted: bool = False) -> str:
    """The HTML page comparing the original and the safe version (or, with ``accepted``, the
    version with every proposal accepted)."""
    rows = [
        {
            "paragraph": paragraph,
            "diff": word_diff(paragraph.original, paragraph.text(accepted)),
            "applied": list(dict.fromkeys(r for s in paragraph.sentences for r in s.applied_rules)),
            "proposed": [
                c for s in paragraph.sentences for c in s.changes if c.statut == "proposé"
            ],
            "refused": [c for s in paragraph.sentences for c in s.refused],
        }
        for paragraph in report.paragraphs
    ]
    return _ENV.get_template("simplifie.html.jinja").render(
        report=report, rows=rows, rule_title=rewrite_message, accepted=accepted
    )
