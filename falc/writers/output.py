"""One entry point for every output of ``clair simplifie`` (used by the CLI and the API)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from core.errors import ClairError
from falc.document import Document
from falc.simplify import SimplifyReport, rewritten_document

OutputKind = Literal["docx", "odt", "md", "html", "json"]
OUTPUT_KINDS: tuple[str, ...] = ("docx", "odt", "md", "html", "json")
MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


class OutputFormatError(ClairError):
    """The requested output format is not one Clair writes."""


def output_kind(path: Path) -> OutputKind:
    """The output format named by a file's extension (.docx, .odt, .md, .html, .json)."""
    suffix = path.suffix.lower().lstrip(".")
    suffix = {"markdown": "md", "htm": "html", "txt": "md"}.get(suffix, suffix)
    if suffix not in OUTPUT_KINDS:
        raise OutputFormatError(
            f"Je ne sais pas écrire « {path.name} ». Choisissez un fichier .docx (avec les "
            "changements à accepter ou refuser), .odt, .md, .html (avant et après côte à côte) "
            "ou .json."
        )
    return suffix  # type: ignore[return-value]


def render(
    kind: OutputKind,
    doc: Document,
    report: SimplifyReport,
    source: Path | bytes | None = None,
    accepted: bool = False,
) -> bytes:
    """The rewritten document in the given format; ``source`` is the original file's content.

    By default the safe version (safe changes and the « Mots importants » box), with each
    proposal a tracked change in DOCX; with ``accepted``, every proposal that passed the guard
    applied."""
    if kind == "docx":
        from falc.writers.docx_revisions import docx_with_revisions

        return docx_with_revisions(source, doc, report, accepted=accepted)
    if kind == "odt":
        from falc.writers.odt import odt_bytes

        return odt_bytes(source, doc, report, accepted)
    if kind == "md":
        from falc.writers.markdown import to_markdown

        return to_markdown(rewritten_document(doc, report, accepted)).encode("utf-8")
    if kind == "html":
        from falc.writers.side_by_side import render_side_by_side

        return render_side_by_side(report, accepted).encode("utf-8")
    if kind == "json":
        return (report.model_dump_json(indent=2) + "\n").encode("utf-8")
    raise OutputFormatError(f"Format de sortie inconnu : « {kind} ».")
