"""Build the lab's portfolio: execute every notebook on the demo data and export it to HTML.

Each notebook is written as a jupytext percent-format script (``notebooks/NN_name.py``, the file
to review and edit) paired with ``NN_name.ipynb`` stored without outputs. Usage::

    python -m notebooks.build            # execute all, write portfolio/*.html and portfolio/index.html
    python -m notebooks.build --sync     # rewrite each .ipynb from its .py, without outputs

The notebooks run against a fresh temporary base filled with Clair's demo data; they read its
path from ``CLAIR_BASE``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

NOTEBOOKS_DIR = Path(__file__).resolve().parent
ROOT = NOTEBOOKS_DIR.parent
DEFAULT_OUTPUT = ROOT / "portfolio"
CELL_TIMEOUT_S = 600


def scripts() -> list[Path]:
    """The percent-format scripts of the portfolio, in order."""
    return sorted(p for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.py"))


def read_script(script: Path) -> nbformat.NotebookNode:
    """The notebook of a percent-format script, without outputs, with the Python kernel."""
    notebook = jupytext.read(script, fmt="py:percent")
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
    _stable_cell_ids(notebook)
    return notebook


def _stable_cell_ids(notebook: nbformat.NotebookNode) -> None:
    """Name each cell after its source, so that ``--sync`` rewrites only the cells that changed
    (nbformat draws random ids otherwise, and every sync would touch every cell)."""
    seen: set[str] = set()
    for cell in notebook.cells:
        digest = hashlib.sha1(cell.source.encode("utf-8")).hexdigest()
        cell_id, length = digest[:8], 8
        while cell_id in seen:  # two cells with the same source
            length += 1
            cell_id = digest[:length] if length <= len(digest) else f"{digest[:8]}-{len(seen)}"
        seen.add(cell_id)
        cell.id = cell_id


def sync(paths: Iterable[Path]) -> list[Path]:
    """Write each script's ``.ipynb`` twin without outputs; return the files written."""
    written = []
    for script in paths:
        target = script.with_suffix(".ipynb")
        nbformat.write(read_script(script), target)
        written.append(target)
    return written


def prepare_demo_base(directory: Path) -> Path:
    """A fresh base with every package's demo data, for the notebooks to read."""
    from api.database import prepare_base

    base = directory / "portfolio.sqlite"
    prepare_base(base, demo=True)
    return base


def execute(script: Path, base: Path, *, timeout_s: int = CELL_TIMEOUT_S) -> nbformat.NotebookNode:
    """Run a notebook top to bottom against ``base``; raise on the first failing cell."""
    notebook = read_script(script)
    previous = os.environ.get("CLAIR_BASE")
    os.environ["CLAIR_BASE"] = str(base)
    try:
        client = NotebookClient(
            notebook,
            timeout=timeout_s,
            kernel_name="python3",
            resources={"metadata": {"path": str(ROOT)}},
        )
        client.execute()
    finally:
        if previous is None:
            os.environ.pop("CLAIR_BASE", None)
        else:
            os.environ["CLAIR_BASE"] = previous
    return notebook


def title_of(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The first Markdown heading of a notebook."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def build(output: Path = DEFAULT_OUTPUT, only: Iterable[Path] | None = None) -> list[Path]:
    """Execute the notebooks and write their HTML plus an index page into ``output``."""
    output.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    entries: list[tuple[str, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = prepare_demo_base(Path(tmp))
        for script in only or scripts():
            started = time.perf_counter()
            notebook = execute(script, base)
            body, _ = exporter.from_notebook_node(notebook)
            page = output / f"{script.stem}.html"
            page.write_text(body, encoding="utf-8")
            elapsed = time.perf_counter() - started
            entries.append((page.name, title_of(notebook, script.stem), elapsed))
            print(f"{script.name}: exécuté en {elapsed:.1f} s → {page}")
    index = output / "index.html"
    index.write_text(index_page(entries), encoding="utf-8")
    return [output / name for name, _, _ in entries] + [index]


def index_page(entries: list[tuple[str, str, float]]) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a>'
        f" <small>(exécuté en {elapsed:.0f} s)</small></li>"
        for name, title, elapsed in entries
    )
    return f"""<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Portfolio du laboratoire — Clair</title>
<style>body{{font:1.1rem/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}}
a{{color:#000091}}</style></head>
<body><main>
<h1>Portfolio du laboratoire d'innovation</h1>
<p>Ce que nous avons testé, comment, et ce qui a marché.
Chaque carnet est exécuté sur les données de démonstration de Clair.</p>
<ol>
{items}
</ol>
</main></body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sync", action="store_true", help="réécrire les .ipynb depuis les .py")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if args.sync:
        for path in sync(scripts()):
            print(f"écrit : {path.relative_to(ROOT)}")
        return 0
    build(args.output)
    print(f"Portfolio prêt : {args.output / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
