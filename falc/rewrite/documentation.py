"""The rewrite rules written out for people: ``docs/regles-reecriture.md``.

The part between the two markers of that page is made here from the registries (every cut rule
of :data:`falc.rewrite.cuts.CUT_RULES`, every rewrite of :data:`falc.rewrite.registry.REWRITES`,
their messages and examples); a test checks that the page holds exactly this text. After
changing a rule or an example, write the page again:
``python -m falc.rewrite.documentation``.
"""

from __future__ import annotations

from pathlib import Path

from falc.rewrite.cuts import CUT_RULES
from falc.rewrite.examples import Example
from falc.rewrite.registry import REWRITES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "regles-reecriture.md"
START = "<!-- début de la partie écrite par falc/rewrite/documentation.py -->"
END = "<!-- fin de la partie écrite par falc/rewrite/documentation.py -->"


def _quote(text: str) -> str:
    return "> " + text.replace("\n", "\n> ")


def _examples(examples: tuple[Example, ...]) -> list[str]:
    lines: list[str] = []
    for example in examples:
        lines.append("")
        lines.append(_quote(example.before))
        lines.append("")
        if example.after is None:
            lines.append(f"Laissé tel quel. {example.why}")
        else:
            lines.append("devient :")
            lines.append("")
            lines.append(_quote("\n\n".join(example.after)))
    return lines


def rules_markdown() -> str:
    """The generated part of the page: one section per rule, in the order they run."""
    lines = ["## Coupes de phrases (propositions)", ""]
    lines.append(
        "Chaque coupe est une proposition : elle n'est jamais appliquée sans contrôle, la "
        "personne qui relit décide."
    )
    for rule in CUT_RULES:
        lines += ["", f"### `{rule.code}`", "", rule.message]
        if not rule.enabled:
            lines += ["", f"**Désactivée.** {rule.note}"]
        lines += _examples(rule.examples)
    lines += ["", "## Autres réécritures"]
    for rule in REWRITES:
        kind = "changement sûr" if rule.kind == "sure" else "proposition"
        lines += ["", f"### `{rule.code}`", "", f"{rule.message} ({kind})"]
        lines += _examples(rule.examples)
    return "\n".join(lines) + "\n"


def page_with_rules(page: str) -> str:
    """``page`` with its generated part replaced by :func:`rules_markdown`."""
    before, rest = page.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n\n{rules_markdown()}\n{END}{after}"


if __name__ == "__main__":
    PAGE.write_text(page_with_rules(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
