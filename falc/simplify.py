"""FALC rewriting of a document, sentence by sentence, under the legal-invariants guard.

For each sentence, the rewrites attached to the rules (:mod:`falc.rewrite.registry`) run in
order. After each one, :func:`falc.invariants.compare` checks that no amount, date, deadline,
reference... was lost, changed or added; a rewrite that fails is refused (the sentence keeps its
previous text) and the refusal says why. A last check compares the final sentence with the
original: if it ever failed, the whole sentence would go back to the original.

Headings and table cells only get word-level rewrites (numbers, dates, characters, jargon):
they are never cut or reordered. Rules that cannot be fixed safely (negation, Latin, rare
words...) stay as findings with their suggestion in the analysis of the rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, Field, computed_field
from spacy.language import Language

from falc.analysis import analyse_document
from falc.config import FalcConfig
from falc.document import Document, Paragraph
from falc.invariants import InvariantChange, compare
from falc.report import Finding, Niveau, Report
from falc.rewrite import registry
from falc.rewrite.context import RewriteContext
from falc.rewrite.enumeration import Line, has_list, join_sentences, lines
from falc.rules import get_rule

PIPE_BATCH_SIZE = 64


class Refusal(BaseModel):
    """A rewrite that was not kept, and why."""

    rule: str = Field(description="Code de la règle dont la réécriture est refusée.")
    reason: str = Field(description="Pourquoi, en français.")
    changes: list[InvariantChange] = Field(
        default_factory=list, description="Ce que la réécriture aurait perdu, changé ou ajouté."
    )


class SentenceRewrite(BaseModel):
    """One sentence of the original and what Clair proposes instead."""

    paragraph: int = Field(description="Index du paragraphe dans le document.")
    original: str
    rewrite: str = Field(
        description="Le texte proposé (égal à l'original si rien ne change). Une énumération "
        "devient une liste : une ligne par élément, commençant par « - »."
    )
    applied_rules: list[str] = Field(description="Codes des règles appliquées, dans l'ordre.")
    refused: list[Refusal] = Field(description="Réécritures refusées par la garde, et pourquoi.")

    @property
    def changed(self) -> bool:
        return self.rewrite != self.original


class ParagraphRewrite(BaseModel):
    """One paragraph: its text before and after, sentence by sentence."""

    index: int
    kind: str
    original: str
    rewrite: str
    sentences: list[SentenceRewrite]

    @property
    def changed(self) -> bool:
        return self.rewrite != self.original

    @computed_field(description="La réécriture ligne par ligne : phrases et éléments de liste.")
    @property
    def lines(self) -> list[Line]:
        return lines(self.rewrite)


class Scores(BaseModel):
    """The FALC score of the document before or after the rewrite."""

    score: float | None = Field(description="Score FALC de 0 à 100 ; null si le texte est vide.")
    niveau: Niveau | None
    words_per_sentence: float | None
    kandel_moles: float | None
    findings: int = Field(description="Nombre de règles FALC enfreintes.")


class SimplifyReport(BaseModel):
    """Everything ``clair simplifie`` says about one document (the JSON of ``--format json``)."""

    document: str
    format: str
    before: Scores
    after: Scores
    applied: int = Field(description="Nombre de réécritures appliquées.")
    refused: int = Field(description="Nombre de réécritures refusées par la garde.")
    invariants_lost: int = Field(
        description="Faits juridiques perdus, changés ou ajoutés entre l'original et la "
        "réécriture du document entier (toujours 0 : c'est la garantie de la garde)."
    )
    paragraphs: list[ParagraphRewrite]
    remaining: list[Finding] = Field(
        description="Ce qui reste à revoir à la main dans le texte réécrit (négations, mots "
        "rares, expressions latines...), avec une suggestion ; les positions renvoient à la "
        "réécriture du paragraphe."
    )

    @property
    def sentences(self) -> list[SentenceRewrite]:
        return [s for p in self.paragraphs for s in p.sentences]


def _scores(report: Report) -> Scores:
    return Scores(
        score=report.score,
        niveau=report.niveau,
        words_per_sentence=report.metrics.words_per_sentence,
        kandel_moles=report.metrics.kandel_moles,
        findings=len(report.findings),
    )


def _guarded_step(
    code: str, text: str, context: RewriteContext
) -> tuple[str, bool, Refusal | None]:
    """Run one rule's rewrite on ``text``: (new text, applied?, refusal if refused)."""
    rewrite = get_rule(code).rewrite
    if rewrite is None:
        return text, False, None
    try:
        candidate = rewrite(text, context)
    except (ValueError, IndexError, KeyError) as error:  # a parse the rewrite did not expect
        return text, False, Refusal(rule=code, reason=f"Réécriture impossible ({error}).")
    if not candidate or candidate == text:
        return text, False, None
    changes = compare(text, candidate)
    if changes:
        reason = " ".join(change.message for change in changes)
        return text, False, Refusal(rule=code, reason=reason, changes=changes)
    return candidate, True, None


def rewrite_sentence(
    text: str, context: RewriteContext, paragraph: int = 0, pipeline: Iterable[str] | None = None
) -> SentenceRewrite:
    """One sentence through every rewrite of the pipeline, each checked by the guard."""
    steps = tuple(pipeline) if pipeline is not None else registry.PIPELINE
    current = text
    applied: list[str] = []
    refused: list[Refusal] = []
    for code in steps:
        current, done, refusal = _guarded_step(code, current, context)
        if done:
            applied.append(code)
        if refusal is not None:
            refused.append(refusal)
    final_changes = compare(text, current)
    if final_changes:  # never expected: every step was checked; the original is kept
        refused.append(
            Refusal(
                rule="garde",
                reason="La phrase réécrite ne garde pas tous les faits : l'original est gardé.",
                changes=final_changes,
            )
        )
        current, applied = text, []
    if context.kind in ("paragraph", "list_item") and steps == registry.PIPELINE:
        explained = registry.rewrite_acronyms(current, context)
        if explained != current:
            current = explained
            applied.append(registry.ACRONYM_RULE)
    return SentenceRewrite(
        paragraph=paragraph, original=text, rewrite=current, applied_rules=applied, refused=refused
    )


def sentences_of(text: str, doc) -> list[tuple[str, str]]:
    """(sentence, whitespace after it) pairs covering the paragraph's text.

    spaCy sometimes cuts inside a word ("Accord-cadre") or after a colon: a piece that does not
    follow a full stop, a question or an exclamation mark is glued back to the previous one,
    unless a line break separates them (a list item, the line before a list).
    """
    bounds: list[list[int]] = []
    for sentence in doc.sents:
        start, end = sentence.start_char, sentence.end_char
        if (
            bounds
            and "\n" not in text[bounds[-1][0] : start].strip(" \t")
            and _continues(text[bounds[-1][0] : bounds[-1][1]], text[start:end])
        ):
            bounds[-1][1] = end
        else:
            bounds.append([start, end])
    pieces: list[tuple[str, str]] = []
    for start, end in bounds:
        raw = text[start:end]
        stripped = raw.strip()
        after_end = end
        while after_end < len(text) and text[after_end].isspace():
            after_end += 1
        if stripped:
            pieces.append((stripped, text[end:after_end] or raw[len(raw.rstrip()) :]))
    return pieces


_ENDINGS = (".", "!", "?", "…")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]|\bart|\bn|\bp|\bcf|\bM|\bMme|\bal|\bch)\.$")


def _continues(previous: str, following: str) -> bool:
    """True when ``following`` is not a new sentence but the rest of ``previous``."""
    previous, following = previous.rstrip(), following.lstrip()
    if not previous.endswith(_ENDINGS) or _ABBREVIATION_END.search(previous):
        return True
    return bool(following) and not (following[0].isupper() or following[0] in '«"(')


def rewrite_paragraph(paragraph: Paragraph, doc, context: RewriteContext) -> ParagraphRewrite:
    """One paragraph rewritten sentence by sentence (``doc`` is its spaCy parse)."""
    context.kind = paragraph.kind
    pipeline = (
        registry.PIPELINE
        if paragraph.kind in ("paragraph", "list_item")
        else registry.BLOCK_PIPELINE
    )
    sentences: list[SentenceRewrite] = []
    text = ""
    for sentence, space in sentences_of(paragraph.text, doc):
        result = rewrite_sentence(sentence, context, paragraph.index, pipeline)
        sentences.append(result)
        if "\n" in space and not has_list(text) and not has_list(result.rewrite):
            text = f"{text.rstrip()}\n{result.rewrite}"  # a line break of the original stays
        else:
            text = join_sentences([text, result.rewrite]) if text else result.rewrite
    text = text.strip() if sentences else paragraph.text
    return ParagraphRewrite(
        index=paragraph.index,
        kind=paragraph.kind,
        original=paragraph.text,
        rewrite=text,
        sentences=sentences,
    )


def _rewritten(doc: Document, report: SimplifyReport) -> tuple[Document, list[tuple[int, int]]]:
    """The rewritten document, and for each of its paragraphs where it comes from: (index of
    the original paragraph, offset of its text in that paragraph's rewrite)."""
    by_index = {p.index: p.rewrite for p in report.paragraphs}
    paragraphs: list[Paragraph] = []
    origins: list[tuple[int, int]] = []
    for paragraph in doc.paragraphs:
        text = by_index.get(paragraph.index, paragraph.text)
        if not has_list(text):
            pieces = [(paragraph.kind, text, 0)]
        else:
            pieces = [
                ("list_item" if line.kind == "item" else paragraph.kind, line.text, line.start)
                for line in lines(text)
            ]
        for kind, piece, start in pieces:
            offset = start + (text[start:].find(piece) if piece else 0)
            update = {"index": len(paragraphs), "text": piece, "kind": kind}
            paragraphs.append(paragraph.model_copy(update=update))
            origins.append((paragraph.index, offset))
    return doc.model_copy(update={"paragraphs": paragraphs}), origins


def rewritten_document(doc: Document, report: SimplifyReport) -> Document:
    """The document with each paragraph's text replaced by its rewrite. A rewrite holding a
    list gives one paragraph per line: the lines of prose keep the paragraph's kind, each list
    item is a ``list_item`` (as the Markdown output is read back)."""
    return _rewritten(doc, report)[0]


def simplify_document(
    doc: Document, nlp: Language, config: FalcConfig | None = None
) -> SimplifyReport:
    """Rewrite the document for FALC; every rewrite keeps every legal invariant."""
    config = config or FalcConfig()
    context = RewriteContext(nlp=nlp, config=config)
    parses = nlp.pipe((p.text for p in doc.paragraphs), batch_size=PIPE_BATCH_SIZE)
    paragraphs = [
        rewrite_paragraph(paragraph, parsed, context)
        for paragraph, parsed in zip(doc.paragraphs, parses, strict=True)
    ]
    before = analyse_document(doc, nlp, config)
    partial = SimplifyReport(
        document=doc.name,
        format=doc.format,
        before=_scores(before),
        after=_scores(before),
        applied=sum(len(s.applied_rules) for p in paragraphs for s in p.sentences),
        refused=sum(len(s.refused) for p in paragraphs for s in p.sentences),
        invariants_lost=sum(len(compare(p.original, p.rewrite)) for p in paragraphs),
        paragraphs=paragraphs,
        remaining=[],
    )
    rewritten, origins = _rewritten(doc, partial)
    after = analyse_document(rewritten, nlp, config)
    remaining = []
    for finding in after.findings:
        if finding.rule in registry.NOT_REWRITTEN:
            index, offset = origins[finding.paragraph]
            update = {"paragraph": index, "start": finding.start + offset}
            remaining.append(finding.model_copy(update=update | {"end": finding.end + offset}))
    return partial.model_copy(update={"after": _scores(after), "remaining": remaining})


def simplify_text(
    text: str, nlp: Language, config: FalcConfig | None = None, name: str = "texte"
) -> SimplifyReport:
    """Rewrite a plain text (paragraphs separated by blank lines) for FALC."""
    return simplify_document(Document.from_text(text, name=name), nlp, config)
