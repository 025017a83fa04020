"""FALC rewriting of a document that never changes what the contract says.

Three kinds of change (:mod:`falc.rewrite.registry`):

- ``sure`` (safe), applied by default: numbers and dates, special characters, an acronym
  explained at its first use, an exact equivalent of the glossary;
- ``terme``: a term of art is never replaced, it is kept and explained in the « Mots
  importants » box at the top of the output (:mod:`falc.rewrite.terms`);
- ``proposition``: the cut into short sentences, the active voice, « vous », parentheses →
  commas, Roman numerals. Never applied by default: each is offered for review (a tracked
  change in Word) and applied only when accepted (``--accepter-tout`` accepts them all).

Every change, of either kind, passes two guards before it is kept: the legal facts
(:func:`falc.invariants.compare`: amounts, dates, deadlines, references…) and the meaning
(:class:`falc.guard.MeaningGuard`: content words, negations, obligations, conditions, relative
clauses, clause numbers). A change that fails is dropped (``refusé``) and the report says why.
Titles are never changed; table cells only get the safe word-level changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field, computed_field
from spacy.language import Language

from falc.analysis import analyse_document
from falc.config import FalcConfig
from falc.document import Document, Paragraph
from falc.guard import MeaningGuard, check_headings
from falc.guard.structure import changed_structure
from falc.invariants import compare
from falc.parsing import forced_cuts, parse_paragraphs
from falc.report import Finding, Niveau, Report
from falc.rewrite import registry
from falc.rewrite.context import RewriteContext
from falc.rewrite.enumeration import Line, has_list, join_sentences, lines
from falc.rewrite.registry import ChangeKind, RewriteRule
from falc.rewrite.terms import TermExplanation, box, terms_of_art

PIPE_BATCH_SIZE = 64
Statut = Literal["appliqué", "proposé", "refusé"]
BODY_KINDS = ("paragraph", "list_item")


class Change(BaseModel):
    """One change Clair made or offers, and what the guards said of it."""

    type: ChangeKind = Field(description="sure (appliqué par défaut), terme, proposition.")
    regle: str = Field(description="Code de la réécriture (ou « terme-explique »).")
    avant: str = Field(description="Le texte avant ce changement.")
    apres: str = Field(description="Le texte après ce changement.")
    statut: Statut = Field(
        description="appliqué (dans la sortie par défaut), proposé (à accepter ou refuser), "
        "refusé (par la garde : il changerait ce que dit le texte)."
    )
    raison: str = Field(description="Pourquoi, en français.")
    paragraphe: int = Field(description="Index du paragraphe dans le document d'origine.")
    controles: list[str] = Field(
        default_factory=list,
        description="Les contrôles de la garde qui refusent le changement (vide sinon).",
    )


class SentenceRewrite(BaseModel):
    """One sentence of the original, its safe version and its version with the proposals."""

    paragraph: int = Field(description="Index du paragraphe dans le document.")
    original: str
    rewrite: str = Field(
        description="La version sûre (sortie par défaut) : égale à l'original si rien ne change."
    )
    proposal: str = Field(
        description="La version avec toutes les propositions acceptées (égale à la version "
        "sûre s'il n'y en a pas). Une énumération devient une liste : une ligne par élément."
    )
    changes: list[Change]

    @property
    def changed(self) -> bool:
        return self.rewrite != self.original

    @property
    def applied_rules(self) -> list[str]:
        return [c.regle for c in self.changes if c.statut == "appliqué"]

    @property
    def proposed_rules(self) -> list[str]:
        return [c.regle for c in self.changes if c.statut == "proposé"]

    @property
    def refused(self) -> list[Change]:
        return [c for c in self.changes if c.statut == "refusé"]


class ParagraphRewrite(BaseModel):
    """One paragraph: its text before, in its safe version and with the proposals accepted."""

    index: int
    kind: str
    original: str
    rewrite: str = Field(description="La version sûre du paragraphe.")
    proposal: str = Field(description="Le paragraphe avec toutes les propositions acceptées.")
    sentences: list[SentenceRewrite]

    @property
    def changed(self) -> bool:
        return self.rewrite != self.original

    def text(self, accepted: bool = False) -> str:
        return self.proposal if accepted else self.rewrite

    @computed_field(description="La version sûre ligne par ligne : phrases et éléments de liste.")
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
    after: Scores = Field(description="Score de la version sûre (sortie par défaut).")
    accepted: Scores = Field(description="Score avec toutes les propositions acceptées.")
    changements: list[Change] = Field(
        description="Chaque changement : sûr, terme expliqué ou proposition, avec son statut."
    )
    compteurs: dict[str, dict[str, int]] = Field(
        description="Nombre de changements par type (sure, terme, proposition) et par statut."
    )
    refus_par_controle: dict[str, int] = Field(
        description="Changements refusés par la garde, par contrôle (mots, marqueurs, "
        "condition, relative, structure, nombres, faits)."
    )
    mots_importants: list[TermExplanation] = Field(
        description="Les termes juridiques du document, gardés et expliqués en tête."
    )
    applied: int = Field(description="Nombre de changements sûrs appliqués.")
    proposed: int = Field(description="Nombre de propositions qui ont passé la garde.")
    refused: int = Field(description="Nombre de changements refusés par la garde.")
    invariants_lost: int = Field(
        description="Faits juridiques perdus, changés ou ajoutés entre l'original et la version "
        "sûre ou la version acceptée du document (toujours 0 : c'est la garantie de la garde)."
    )
    structure_changes: list[str] = Field(
        description="Titres changés, perdus ou déplacés (toujours vide : les titres ne changent pas)."
    )
    paragraphs: list[ParagraphRewrite]
    remaining: list[Finding] = Field(
        description="Ce qui reste à revoir à la main dans la version sûre (négations, mots "
        "rares, expressions latines...), avec une suggestion ; les positions renvoient à la "
        "version sûre du paragraphe."
    )

    @property
    def sentences(self) -> list[SentenceRewrite]:
        return [s for p in self.paragraphs for s in p.sentences]


REASONS: dict[str, str] = {
    "sure": "Changement de forme sûr : le texte dit la même chose.",
    "proposition": "Proposition à relire : appliquée seulement si vous l'acceptez.",
    "terme": "Terme juridique gardé tel quel et expliqué dans « Mots importants ».",
}


def _scores(report: Report) -> Scores:
    return Scores(
        score=report.score,
        niveau=report.niveau,
        words_per_sentence=report.metrics.words_per_sentence,
        kandel_moles=report.metrics.kandel_moles,
        findings=len(report.findings),
    )


class Rewriter:
    """Runs the rewrites of one document, each change checked by both guards."""

    def __init__(self, nlp: Language, config: FalcConfig, proposals: bool = True) -> None:
        self.context = RewriteContext(nlp=nlp, config=config)
        self.guard = MeaningGuard(nlp)
        self.proposals = proposals

    def verdict(self, before: str, after: str) -> tuple[list[str], list[str]]:
        """(failed checks, French reasons) of one change; empty when both guards accept it."""
        checks: list[str] = []
        reasons: list[str] = []
        facts = compare(before, after)
        if facts:
            checks.append("faits")
            reasons += [change.message for change in facts]
        for failure in self.guard.check(before, after):
            checks.append(failure.check)
            reasons.append(failure.message)
        return list(dict.fromkeys(checks)), reasons

    def _step(self, rule: RewriteRule, text: str, paragraph: int) -> tuple[str, Change | None]:
        try:
            candidate = rule.rewrite(text, self.context)
        except (ValueError, IndexError, KeyError) as error:  # a parse the rewrite did not expect
            return text, Change(
                type=rule.kind,
                regle=rule.code,
                avant=text,
                apres=text,
                statut="refusé",
                raison=f"Réécriture impossible ({error}).",
                paragraphe=paragraph,
                controles=["réécriture"],
            )
        if not candidate or candidate == text:
            return text, None
        try:
            checks, reasons = self.verdict(text, candidate)
        except (ValueError, IndexError, KeyError) as error:  # the guard fails closed
            checks, reasons = ["garde"], [f"La garde n'a pas pu lire ce changement ({error})."]
        kept = not reasons
        status: Statut = ("appliqué" if rule.kind == "sure" else "proposé") if kept else "refusé"
        change = Change(
            type=rule.kind,
            regle=rule.code,
            avant=text,
            apres=candidate,
            statut=status,
            raison=REASONS[rule.kind] if kept else " ".join(reasons),
            paragraphe=paragraph,
            controles=checks,
        )
        return (candidate if kept else text), change

    def sentence(
        self,
        text: str,
        paragraph: int,
        safe: Iterable[RewriteRule],
        proposals: Iterable[RewriteRule],
    ) -> SentenceRewrite:
        """One sentence through the safe rewrites, then the proposals on its safe version."""
        changes: list[Change] = []
        current = text
        for rule in safe:
            current, change = self._step(rule, current, paragraph)
            if change is not None:
                changes.append(change)
        safe_text = current
        for rule in proposals:
            current, change = self._step(rule, current, paragraph)
            if change is not None:
                changes.append(change)
        safe_text, current = self._whole(text, safe_text, current, changes)
        return SentenceRewrite(
            paragraph=paragraph,
            original=text,
            rewrite=safe_text,
            proposal=current,
            changes=changes,
        )

    def _whole(self, text: str, safe: str, proposal: str, changes: list[Change]) -> tuple[str, str]:
        """Each step was checked; the whole is checked again against the original. Never
        expected to fail: if it did, the changes of that version are refused."""
        kept_safe = sum(c.statut == "appliqué" for c in changes)
        kept = {
            "appliqué": kept_safe,
            "proposé": kept_safe + sum(c.statut == "proposé" for c in changes),
        }
        for version, statut in ((safe, "appliqué"), (proposal, "proposé")):
            if kept[statut] <= 1:
                continue  # one change from the original: its own check was the whole check
            checks, reasons = self.verdict(text, version)
            if not reasons:
                continue
            for index, change in enumerate(changes):
                if change.statut == statut:
                    changes[index] = change.model_copy(
                        update={
                            "statut": "refusé",
                            "raison": "Avec les autres changements de la phrase : "
                            + " ".join(reasons),
                            "controles": checks,
                        }
                    )
            if statut == "appliqué":
                safe = text
            proposal = safe
        return safe, proposal

    def paragraph(self, paragraph: Paragraph, doc) -> ParagraphRewrite:
        """One paragraph rewritten sentence by sentence (``doc`` is its spaCy parse)."""
        self.context.kind = paragraph.kind
        if paragraph.kind == "heading":
            safe: tuple[RewriteRule, ...] = ()
            proposals: tuple[RewriteRule, ...] = ()
        elif paragraph.kind in BODY_KINDS:
            safe = registry.SAFE
            proposals = registry.PROPOSALS if self.proposals else ()
        else:
            safe = tuple(r for r in registry.SAFE if r.in_cells)
            proposals = ()
        sentences: list[SentenceRewrite] = []
        spaces: list[str] = []
        if safe or proposals:
            for sentence, space in sentences_of(paragraph.text, doc):
                sentences.append(self.sentence(sentence, paragraph.index, safe, proposals))
                spaces.append(space)
        rewrite = _assemble([(s.rewrite, sp) for s, sp in zip(sentences, spaces, strict=True)])
        proposal = _assemble([(s.proposal, sp) for s, sp in zip(sentences, spaces, strict=True)])
        rewrite = rewrite if sentences else paragraph.text
        proposal = proposal if sentences else paragraph.text
        result = ParagraphRewrite(
            index=paragraph.index,
            kind=paragraph.kind,
            original=paragraph.text,
            rewrite=rewrite,
            proposal=proposal,
            sentences=sentences,
        )
        return self._structure_kept(result)

    def _structure_kept(self, result: ParagraphRewrite) -> ParagraphRewrite:
        """The clause numbers and list markers of the whole paragraph, checked once more."""
        safe_broken = changed_structure(result.original, result.rewrite)
        proposal_broken = changed_structure(result.original, result.proposal)
        if not safe_broken and not proposal_broken:
            return result
        sentences = []
        for sentence in result.sentences:
            changes = []
            for change in sentence.changes:
                broken = safe_broken if change.statut == "appliqué" else proposal_broken
                if change.statut != "refusé" and broken:
                    change = change.model_copy(
                        update={
                            "statut": "refusé",
                            "raison": " ".join(broken),
                            "controles": ["structure"],
                        }
                    )
                changes.append(change)
            rewrite = sentence.original if safe_broken else sentence.rewrite
            sentences.append(
                sentence.model_copy(
                    update={"rewrite": rewrite, "proposal": rewrite, "changes": changes}
                )
            )
        rewrite = result.original if safe_broken else result.rewrite
        return result.model_copy(
            update={"rewrite": rewrite, "proposal": rewrite, "sentences": sentences}
        )


def _assemble(pieces: list[tuple[str, str]]) -> str:
    """The sentences of a paragraph joined again; a line break of the original stays.

    Two pieces the original wrote with nothing between them, the first without a final mark,
    were one run of characters cut for parsing only (« l'ordonnance n° 2005-649 »: a sentence
    of 200 tokens cut before « -649 »): they are glued back as they were, never put on two
    lines (« -649 » would then read as a list item)."""
    text = ""
    for sentence, space in pieces:
        if text and not space and not text.rstrip().endswith(_ENDINGS):
            text = f"{text}{sentence}"
        elif "\n" in space and not has_list(text) and not has_list(sentence):
            text = f"{text.rstrip()}\n{sentence}"
        else:
            text = join_sentences([text, sentence]) if text else sentence
    return text.strip()


def sentences_of(text: str, doc) -> list[tuple[str, str]]:
    """(sentence, whitespace after it) pairs covering the paragraph's text.

    spaCy sometimes cuts inside a word ("Accord-cadre") or after a colon: a piece that does not
    follow a full stop, a question or an exclamation mark is glued back to the previous one,
    unless a line break separates them (a list item, the line before a list).
    """
    bounds: list[list[int]] = []
    cuts = set(forced_cuts(doc))  # a sentence cut for parsing stays cut (each piece is bounded)
    for sentence in doc.sents:
        start, end = sentence.start_char, sentence.end_char
        if (
            bounds
            and start not in cuts
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
_CLAUSE_NUMBER_END = re.compile(r"(?:^|\s)\d+(?:\s?\.\s?\d+)*\s?\.$")
"""« 3. 2. 1. »: a clause number, not the end of a sentence."""


def _continues(previous: str, following: str) -> bool:
    """True when ``following`` is not a new sentence but the rest of ``previous``."""
    previous, following = previous.rstrip(), following.lstrip()
    if not previous.endswith(_ENDINGS) or _ABBREVIATION_END.search(previous):
        return True
    if _CLAUSE_NUMBER_END.search(previous):
        return True
    return bool(following) and not (following[0].isupper() or following[0] in '«"(')


def _rewritten(
    doc: Document, report: SimplifyReport, accepted: bool = False
) -> tuple[Document, list[tuple[int, int]]]:
    """The rewritten document, and for each of its paragraphs where it comes from: (index of
    the original paragraph, offset of its text in that paragraph's rewrite; -1 for the box)."""
    by_index = {p.index: p.text(accepted) for p in report.paragraphs}
    paragraphs: list[Paragraph] = []
    origins: list[tuple[int, int]] = []
    if doc.paragraphs:
        for item in box(report.mots_importants, doc.paragraphs[0]):
            paragraphs.append(item.model_copy(update={"index": len(paragraphs)}))
            origins.append((-1, 0))
    for paragraph in doc.paragraphs:
        text = by_index.get(paragraph.index, paragraph.text)
        if not has_list(text) or paragraph.kind == "heading":
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


def rewritten_document(doc: Document, report: SimplifyReport, accepted: bool = False) -> Document:
    """The document as Clair writes it: the « Mots importants » box first, then each paragraph
    in its safe version (or with every proposal accepted). A version holding a list gives one
    paragraph per line: the lines of prose keep the paragraph's kind, each list item is a
    ``list_item`` (as the Markdown output is read back)."""
    return _rewritten(doc, report, accepted)[0]


def _counts(changes: list[Change]) -> dict[str, dict[str, int]]:
    counts = {
        kind: dict.fromkeys(("appliqué", "proposé", "refusé"), 0)
        for kind in ("sure", "terme", "proposition")
    }
    for change in changes:
        counts[change.type][change.statut] += 1
    return counts


def _refusals_by_check(changes: list[Change]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for change in changes:
        if change.statut == "refusé":
            for check in change.controles or ["autre"]:
                counts[check] = counts.get(check, 0) + 1
    return dict(sorted(counts.items()))


def simplify_document(
    doc: Document,
    nlp: Language,
    config: FalcConfig | None = None,
    *,
    proposals: bool = True,
    scores: bool = True,
) -> SimplifyReport:
    """Rewrite the document for FALC: safe changes applied, terms of art explained, proposals
    offered; every change keeps every legal fact and the meaning.

    ``proposals=False`` computes the safe version only; ``scores=False`` skips the three FALC
    analyses (the scores are then those of the original)."""
    config = config or FalcConfig()
    rewriter = Rewriter(nlp, config, proposals=proposals)
    # The safe changes need the words, their lemmas and the sentences (set by Clair's own
    # component), not the dependency parse: the cuts and voice changes of the proposals do.
    disabled = [] if proposals else [n for n in ("parser", "ner") if n in nlp.pipe_names]
    parses = list(
        parse_paragraphs(
            nlp,
            (p.text for p in doc.paragraphs),
            max_sentence_tokens=config.parse_max_sentence_tokens,
            batch_size=PIPE_BATCH_SIZE,
            disable=disabled,
        )
    )
    paragraphs = [
        rewriter.paragraph(paragraph, parsed)
        for paragraph, parsed in zip(doc.paragraphs, parses, strict=True)
    ]
    terms = terms_of_art(
        (p.index, p.text, parsed) for p, parsed in zip(doc.paragraphs, parses, strict=True)
    )
    changes = [c for p in paragraphs for s in p.sentences for c in s.changes]
    changes += [
        Change(
            type="terme",
            regle=registry.TERM_RULE,
            avant=term.forme,
            apres=term.line,
            statut="appliqué",
            raison=REASONS["terme"],
            paragraphe=term.paragraphe,
        )
        for term in terms
    ]
    lost = sum(
        len(compare(p.original, p.rewrite)) + len(compare(p.original, p.proposal))
        for p in paragraphs
    )
    empty = Scores(score=None, niveau=None, words_per_sentence=None, kandel_moles=None, findings=0)
    partial = SimplifyReport(
        document=doc.name,
        format=doc.format,
        before=empty,
        after=empty,
        accepted=empty,
        changements=changes,
        compteurs=_counts(changes),
        refus_par_controle=_refusals_by_check(changes),
        mots_importants=terms,
        applied=sum(c.statut == "appliqué" and c.type == "sure" for c in changes),
        proposed=sum(c.statut == "proposé" for c in changes),
        refused=sum(c.statut == "refusé" for c in changes),
        invariants_lost=lost,
        structure_changes=[],
        paragraphs=paragraphs,
        remaining=[],
    )
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    structure: list[str] = []
    for accepted in (False, True):
        written = rewritten_document(doc, partial, accepted)
        kept = [
            p.text
            for p in written.paragraphs
            if p.kind == "heading" and p.section != "Mots importants"
        ]
        structure += [f.message for f in check_headings(headings, kept)]
    partial = partial.model_copy(update={"structure_changes": list(dict.fromkeys(structure))})
    if not scores:
        return partial
    before = analyse_document(doc, nlp, config)
    safe_doc, origins = _rewritten(doc, partial)
    after = analyse_document(safe_doc, nlp, config)
    accepted_report = analyse_document(rewritten_document(doc, partial, True), nlp, config)
    remaining = []
    for finding in after.findings:
        index, offset = origins[finding.paragraph]
        if finding.rule in registry.NOT_REWRITTEN and index >= 0:
            update = {"paragraph": index, "start": finding.start + offset}
            remaining.append(finding.model_copy(update=update | {"end": finding.end + offset}))
    return partial.model_copy(
        update={
            "before": _scores(before),
            "after": _scores(after),
            "accepted": _scores(accepted_report),
            "remaining": remaining,
        }
    )


def simplify_text(
    text: str, nlp: Language, config: FalcConfig | None = None, name: str = "texte", **options
) -> SimplifyReport:
    """Rewrite a plain text (paragraphs separated by blank lines) for FALC."""
    return simplify_document(Document.from_text(text, name=name), nlp, config, **options)
