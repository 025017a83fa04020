"""Analyse a document for FALC: one spaCy pass, every rule, metrics at four levels, a score.

The paragraphs of one or many documents go through ``nlp.pipe`` in one stream; each parsed
paragraph is counted once (:func:`falc.sentences.parse_paragraph`) and handed to every rule of
:data:`falc.rules.RULES`. The spaCy Docs are dropped as soon as their paragraph is done.

Headings are checked by the rules (a heading in capitals or with jargon is flagged) but do not
count in the metrics of their section or of the document: a heading is a fragment without a
verb, and counting it as a sentence would make long-sentence prose look shorter than it reads.
A heading keeps its own paragraph metrics; a document made only of headings is measured on them.
Its findings still count in the score, over the words of the whole document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from falc.config import FalcConfig
from falc.document import Document, Paragraph
from falc.errors import DocumentError
from falc.metrics import metrics_of
from falc.parsing import parse_paragraphs
from falc.report import (
    Finding,
    ParagraphReport,
    Report,
    RuleCount,
    SectionReport,
    SentenceReport,
)
from falc.rules import DocumentState, RuleContext, active_rules, get_rule, score_only_rules
from falc.score import falc_score, finding_points, niveau
from falc.sentences import SentenceStats, parse_paragraph
from falc.triage import Counts, passages_to_review, set_priorities

SECTION_TOP_RULES = 3
"""The rules most broken in a section, shown in its row of the section table."""
PIPE_BATCH_SIZE = 256
"""Paragraphs per ``nlp.pipe`` batch: long enough to keep spaCy's batching efficient."""


@dataclass(slots=True)
class _ParagraphResult:
    paragraph: Paragraph
    sentences: list[SentenceStats]
    findings: list[Finding]
    scored: list[Finding]
    """The findings that count in the score: those shown, and those of the rules off by default
    that the score still counts (``Rule.scored``)."""


def _analyse_paragraphs(
    documents: list[Document], nlp: Language, config: FalcConfig
) -> Iterator[list[_ParagraphResult]]:
    """Per document, the counts and findings of each paragraph, in order (one spaCy stream)."""
    _check_lengths(documents, nlp.max_length)
    rules = active_rules(config.extra_rules)
    unshown = score_only_rules(config.extra_rules)
    stream = parse_paragraphs(
        nlp,
        (p.text for d in documents for p in d.paragraphs),
        max_sentence_tokens=config.parse_max_sentence_tokens,
        batch_size=PIPE_BATCH_SIZE,
    )
    for document in documents:
        state = DocumentState(paragraphs=tuple(p.text for p in document.paragraphs))
        results: list[_ParagraphResult] = []
        for paragraph, spacy_doc in zip(document.paragraphs, stream, strict=False):
            parsed = parse_paragraph(paragraph.text, spacy_doc, config)
            context = RuleContext(
                index=paragraph.index,
                kind=paragraph.kind,
                parsed=parsed,
                config=config,
                state=state,
            )
            findings = [finding for rule in rules for finding in rule.run(context)]
            findings.sort(key=lambda f: (f.start, -f.end, f.rule))
            hidden = [finding for rule in unshown for finding in rule.run(context)]
            scored = findings + hidden if hidden else findings
            results.append(_ParagraphResult(paragraph, parsed.sentences, findings, scored))
        yield results


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def _check_lengths(documents: list[Document], max_length: int) -> None:
    """Refuse, before any work, a paragraph longer than the spaCy pipeline accepts."""
    for document in documents:
        for paragraph in document.paragraphs:
            if len(paragraph.text) > max_length:
                raise DocumentError(
                    f"Le paragraphe {paragraph.index + 1} de « {document.name} » est trop long "
                    f"pour être analysé ({_thousands(len(paragraph.text))} caractères, "
                    f"{_thousands(max_length)} au plus). Séparez les paragraphes par des lignes vides."
                )


def _measured(results: list[_ParagraphResult]) -> list[_ParagraphResult]:
    """The paragraphs that count in aggregate metrics: all but headings, unless only headings."""
    body = [r for r in results if r.paragraph.kind != "heading"]
    return body or results


def _words(results: Iterable[_ParagraphResult]) -> int:
    return sum(s.words for r in results for s in r.sentences)


def _paragraph_report(result: _ParagraphResult, config: FalcConfig) -> ParagraphReport:
    paragraph = result.paragraph
    metrics = metrics_of(result.sentences)
    return ParagraphReport(
        index=paragraph.index,
        kind=paragraph.kind,
        section=paragraph.section,
        metrics=metrics,
        score=falc_score(metrics, result.scored, config),
        sentences=[
            SentenceReport(
                paragraph=paragraph.index,
                start=s.start,
                end=s.end,
                text=paragraph.text[s.start : s.end],
                metrics=metrics_of([s]),
            )
            for s in result.sentences
        ],
    )


def _sections(results: list[_ParagraphResult], config: FalcConfig) -> list[SectionReport]:
    """Consecutive paragraphs sharing the same ``section`` title form one section."""
    groups: list[list[_ParagraphResult]] = []
    for result in results:
        if groups and groups[-1][0].paragraph.section == result.paragraph.section:
            groups[-1].append(result)
        else:
            groups.append([result])
    sections = []
    for group in groups:
        measured = _measured(group)
        metrics = metrics_of(s for r in measured for s in r.sentences)
        findings = [f for r in group for f in r.findings]
        scored = [f for r in group for f in r.scored]
        score = falc_score(metrics, scored, config, words=max(_words(group), metrics.words))
        sections.append(
            SectionReport(
                title=group[0].paragraph.section,
                paragraphs=[r.paragraph.index for r in group],
                metrics=metrics,
                score=score,
                niveau=niveau(score, config),
                rules_most_broken=rules_most_broken(findings)[:SECTION_TOP_RULES],
            )
        )
    return sections


def rules_most_broken(findings: Iterable[Finding]) -> list[RuleCount]:
    """How many times each rule is broken, most broken first (ties by code)."""
    counts = Counter(f.rule for f in findings)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        RuleCount.model_construct(rule=code, message=get_rule(code).title, count=count)
        for code, count in ranked
    ]


def _report(document: Document, results: list[_ParagraphResult], config: FalcConfig) -> Report:
    measured = _measured(results)
    metrics = metrics_of(s for r in measured for s in r.sentences)
    findings = [f for r in results for f in r.findings]
    scored = [f for r in results for f in r.scored]
    score = falc_score(metrics, scored, config, words=max(_words(results), metrics.words))
    counts = Counts.of(
        (s for r in measured for s in r.sentences),
        finding_points(scored, config),
        _words(results),
    )
    set_priorities(findings, counts, config)
    return Report(
        document=document.name,
        format=document.format,
        score=score,
        niveau=niveau(score, config),
        metrics=metrics,
        sections=_sections(results, config),
        paragraphs=[_paragraph_report(r, config) for r in results],
        findings=findings,
        rules_most_broken=rules_most_broken(findings),
        a_revoir_en_premier=passages_to_review(findings),
    )


def analyse_documents(
    documents: Iterable[Document], nlp: Language, config: FalcConfig | None = None
) -> list[Report]:
    """Analyse several documents with one spaCy stream over all their paragraphs."""
    config = config or FalcConfig()
    documents = list(documents)
    return [
        _report(document, results, config)
        for document, results in zip(
            documents, _analyse_paragraphs(documents, nlp, config), strict=True
        )
    ]


def analyse_document(doc: Document, nlp: Language, config: FalcConfig | None = None) -> Report:
    """The FALC report of one document: score, level, metrics, sections, findings."""
    return analyse_documents([doc], nlp, config)[0]


def analyse_text(
    text: str, nlp: Language, config: FalcConfig | None = None, name: str = "texte"
) -> Report:
    """The FALC report of a plain text (paragraphs separated by blank lines)."""
    return analyse_document(Document.from_text(text, name=name), nlp, config)


def analyse_texts(
    texts: Iterable[str], nlp: Language, config: FalcConfig | None = None
) -> list[Report]:
    """One report per text, all parsed in one batched ``nlp.pipe`` stream (``--par-ligne``).

    An empty text gives a report without paragraphs whose score is None.
    """
    documents = [Document.from_text(t, name=f"ligne {i}") for i, t in enumerate(texts, start=1)]
    return analyse_documents(documents, nlp, config)
