"""Build ``ccap-extrait.docx`` from ``ccap-extrait.md``: ``python -m falc.exemples.make_docx``.

The Word copy of the CCAP extract has real Word headings, a bulleted list and a table, so the
DOCX reader, the annotated-DOCX output and the demo have a realistic Word file to work on.
Only the small subset of Markdown the sample files use is handled (headings, lists, tables).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "ccap-extrait.md"
TARGET = HERE / "ccap-extrait.docx"


def build(source: Path = SOURCE, target: Path = TARGET) -> Path:
    document = docx.Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = "CCAP (extrait) – document fictif de démonstration"
    document.core_properties.author = "Clair"
    rows: list[list[str]] = []
    for line in [*source.read_text(encoding="utf-8").splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
                rows.append(cells)
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    table.cell(r, c).text = value
            for cell in table.rows[0].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            rows = []
        if heading := re.match(r"^(#{1,6})\s+(.*)$", stripped):
            document.add_heading(heading.group(2), level=len(heading.group(1)))
        elif stripped.startswith("- "):
            document.add_paragraph(stripped[2:], style="List Bullet")
        elif stripped:
            document.add_paragraph(stripped)
    document.save(target)
    return target


if __name__ == "__main__":
    print(build())
