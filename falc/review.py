"""The officer decides: each proposal of a rewrite is accepted, edited or rejected.

A proposal is one sentence whose version with the proposals differs from its safe version. The
officer's decisions give the final text: an accepted proposal takes the proposed sentence, an
edited one the officer's sentence, a rejected or undecided one keeps the safe sentence. An edit
that would lose or change a legal fact (amount, date, deadline, reference...) is refused with the
reason, as Clair's own rewrites are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field

from core.errors import InvalidInputError
from falc.invariants import compare
from falc.rewrite.enumeration import join_sentences
from falc.simplify import ParagraphRewrite, SimplifyReport

Choice = Literal["acceptée", "modifiée", "refusée"]
CHOICES: tuple[Choice, ...] = ("acceptée", "modifiée", "refusée")
MAX_EDIT_CHARS = 5000


def sentence_id(paragraph: int, rank: int) -> str:
    """The id of a sentence in a report: « p<paragraphe>-s<phrase> »."""
    return f"p{paragraph}-s{rank}"


class Proposal(BaseModel):
    """One sentence to review: its original, its safe version, the proposal, the rules and why."""

    id: str = Field(description="« p<paragraphe>-s<phrase> » : stable pour un même rapport.")
    paragraphe: int
    phrase: int = Field(description="Rang de la phrase dans le paragraphe, à partir de 0.")
    original: str = Field(description="La phrase du document d'origine.")
    avant: str = Field(description="La phrase dans la version sûre.")
    apres: str = Field(description="La phrase proposée.")
    regles: list[str] = Field(description="Codes des réécritures proposées dans cette phrase.")
    raisons: list[str] = Field(description="Pourquoi chaque changement est proposé.")


class Decision(BaseModel):
    """What the officer chose for one proposal."""

    id: str
    choix: Choice
    texte: str | None = Field(
        None, max_length=MAX_EDIT_CHARS, description="La phrase écrite par l'agent (modifiée)."
    )


class ReviewError(InvalidInputError):
    """A decision cannot be applied; the message says which one and why."""


def proposals_of(report: SimplifyReport) -> list[Proposal]:
    """Every sentence of the report that has a proposal which passed the guard, in order."""
    found = []
    for paragraph in report.paragraphs:
        for rank, sentence in enumerate(paragraph.sentences):
            proposed = [c for c in sentence.changes if c.statut == "proposé"]
            if not proposed or sentence.proposal == sentence.rewrite:
                continue
            found.append(
                Proposal(
                    id=sentence_id(paragraph.index, rank),
                    paragraphe=paragraph.index,
                    phrase=rank,
                    original=sentence.original,
                    avant=sentence.rewrite,
                    apres=sentence.proposal,
                    regles=list(dict.fromkeys(c.regle for c in proposed)),
                    raisons=list(dict.fromkeys(c.raison for c in proposed)),
                )
            )
    return found


def checked_decisions(report: SimplifyReport, decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions that name a proposal of ``report``, edits checked against the original.

    Raises :class:`ReviewError` for an unknown proposal, an empty edit, or an edit that loses
    or changes a legal fact of the original sentence.
    """
    known = {p.id: p for p in proposals_of(report)}
    kept = []
    for decision in decisions:
        if decision.id not in known:
            raise ReviewError(f"La proposition « {decision.id} » n'existe pas dans ce document.")
        if decision.choix == "modifiée":
            text = " ".join((decision.texte or "").split())
            if not text:
                raise ReviewError(
                    f"La phrase modifiée ({decision.id}) est vide : écrivez-la ou refusez la "
                    "proposition."
                )
            lost = compare(known[decision.id].original, text)
            if lost:
                raise ReviewError(
                    f"Votre phrase modifiée ({decision.id}) change ce que dit le texte : "
                    + " ; ".join(change.message for change in lost)
                )
            decision = decision.model_copy(update={"texte": text})
        kept.append(decision)
    return kept


def _decided_paragraph(paragraph: ParagraphRewrite, chosen: dict[str, Decision]) -> str:
    pieces = []
    changed = False
    for rank, sentence in enumerate(paragraph.sentences):
        decision = chosen.get(sentence_id(paragraph.index, rank))
        if decision is None or decision.choix == "refusée":
            pieces.append(sentence.rewrite)
        elif decision.choix == "acceptée":
            pieces.append(sentence.proposal)
            changed = True
        else:
            pieces.append(decision.texte or sentence.rewrite)
            changed = True
    return join_sentences(pieces) if changed else paragraph.rewrite


def apply_decisions(report: SimplifyReport, decisions: Iterable[Decision]) -> SimplifyReport:
    """A copy of ``report`` whose « accepted » version holds the officer's decisions: write it
    with ``accepted=True``. Sentences without a decision keep their safe version."""
    chosen = {d.id: d for d in checked_decisions(report, decisions)}
    paragraphs = [
        p.model_copy(update={"proposal": _decided_paragraph(p, chosen)}) for p in report.paragraphs
    ]
    return report.model_copy(update={"paragraphs": paragraphs})
