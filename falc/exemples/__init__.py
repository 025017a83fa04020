"""Sample tender documents (fictitious buyer) for the demo, the benchmarks and the notebooks.

Written for Clair in the heavy administrative style officers receive: a règlement de la
consultation, a CCAP extract (also as ``ccap-extrait.docx``, built by :mod:`make_docx`), a CCTP
extract for school-canteen food supply and a contract notice. All names are imaginary.
"""

from __future__ import annotations

from pathlib import Path

EXEMPLES_DIR = Path(__file__).resolve().parent


def exemple_paths() -> list[Path]:
    """The sample documents, Markdown first then Word, in a stable order."""
    return sorted(EXEMPLES_DIR.glob("*.md")) + sorted(EXEMPLES_DIR.glob("*.docx"))
