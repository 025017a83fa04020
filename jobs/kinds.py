"""What a job can be: each kind names the domain function it runs and the model of its result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel
from spacy.language import Language

from falc.analysis import analyse_document
from falc.document import Document
from falc.report import Report
from falc.simplify import SimplifyReport, simplify_document


@dataclass(frozen=True, slots=True)
class JobKind:
    """One kind of job."""

    name: str
    subject: str
    """How a French sentence names it: « L'analyse a dépassé… »."""
    verb: str
    """What Clair does while it runs: « Clair lit 12 paragraphes (340 mots). »"""
    work: Callable[[Document, Language], BaseModel]
    result: type[BaseModel]

    def running_message(self, document: Document) -> str:
        words = sum(len(p.text.split()) for p in document.paragraphs)
        return f"Clair {self.verb} {len(document.paragraphs)} paragraphes ({words} mots)."


KINDS: dict[str, JobKind] = {
    kind.name: kind
    for kind in (
        JobKind("analyse", "L'analyse", "lit", analyse_document, Report),
        JobKind("simplifie", "La simplification", "réécrit", simplify_document, SimplifyReport),
    )
}


def run_kind(kind: str, document_json: str, nlp: Language) -> str:
    """Run one job's domain function on its stored document; the result as JSON."""
    document = Document.model_validate_json(document_json)
    return KINDS[kind].work(document, nlp).model_dump_json()
