"""What a FALC rule is: a small frozen object that knows its code, its French words and its check.

A check reads a :class:`RuleContext` (one parsed paragraph) and yields :class:`Hit` spans;
:meth:`Rule.run` turns them into :class:`~falc.report.Finding` objects with the rule's message,
severity and suggestion (a hit may bring a more precise message or suggestion of its own).

Rewrites live apart from checks: the rewriter attaches one to a rule with
:func:`register_rewrite`, without touching the check; ``rule.rewrite`` then returns it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from falc.config import FalcConfig
from falc.document import ParagraphKind
from falc.report import Finding, Severity
from falc.sentences import ParsedParagraph, SentenceStats

RewriteFn = Callable[..., Any]
"""A rewrite function; its signature belongs to the rewriter (:mod:`falc.simplify`)."""

_REWRITES: dict[str, RewriteFn] = {}


@dataclass(slots=True)
class DocumentState:
    """What the rules remember from one paragraph to the next, within one document."""

    acronyms_seen: set[str] = field(default_factory=set)
    paragraphs: tuple[str, ...] = ()
    """Every paragraph of the document, for rules that look at the whole of it (an acronym
    explained in a glossary at the end is explained)."""
    memo: dict[str, Any] = field(default_factory=dict)

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` the first time ``key`` is asked for in this document, then its result."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


@dataclass(frozen=True, slots=True)
class RuleContext:
    """One parsed paragraph handed to every check."""

    index: int
    kind: ParagraphKind
    parsed: ParsedParagraph
    config: FalcConfig
    state: DocumentState
    memo: dict[str, Any] = field(default_factory=dict)
    """Results several checks share (negations, jargon spans), computed once per paragraph."""

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` the first time ``key`` is asked for in this paragraph, then its result."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def text(self) -> str:
        return self.parsed.text

    @property
    def doc(self) -> Doc:
        return self.parsed.doc

    def sentences(self) -> Iterable[tuple[Span, SentenceStats]]:
        """Each sentence with words, as a spaCy span and its counts."""
        return zip(self.parsed.spans, self.parsed.sentences, strict=True)


@dataclass(frozen=True, slots=True)
class Hit:
    """A span of the paragraph that breaks a rule, with an optional precise message."""

    start: int
    end: int
    message: str | None = None
    suggestion: str | None = None


Check = Callable[[RuleContext], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One FALC rule of the registry."""

    code: str
    """Stable kebab-case French code, e.g. ``phrase-longue``: it never changes once published."""
    title: str
    """Short French title for lists and documentation."""
    message: str
    """French explanation shown for each finding."""
    severity: Severity
    suggestion: str | None
    """What to write instead, in plain French."""
    source: str
    """Where the rule comes from (guideline, tool)."""
    check: Check
    on_headings: bool = True
    """False for rules about body text only (paragraph length, runs of long sentences)."""
    default: bool = True
    """False for a rule whose judged precision on real text stays under 85 %: it is « info »
    and runs only when asked for (``FalcConfig.extra_rules``)."""
    scored: bool = True
    """For a rule off by default: True if its findings still count in the FALC score, unshown.
    A rule too imprecise to show each finding can still measure a text as a whole: the score's
    weights were fitted, and its validity on the pairs checked, with these findings counted
    (``benchmarks/bench_falc_score.py``); turning their display off must not change the score."""

    @property
    def rewrite(self) -> RewriteFn | None:
        """The rewrite attached by the rewriter, or None if this rule is not rewritten."""
        return _REWRITES.get(self.code)

    def run(self, context: RuleContext) -> list[Finding]:
        """Findings of this rule in one paragraph, in the order of the text."""
        if context.kind == "heading" and not self.on_headings:
            return []
        text = context.text
        return [
            Finding(
                rule=self.code,
                severity=self.severity,
                message=hit.message or self.message,
                suggestion=hit.suggestion or self.suggestion,
                paragraph=context.index,
                start=hit.start,
                end=hit.end,
                text=text[hit.start : hit.end],
            )
            for hit in self.check(context)
        ]


def register_rewrite(code: str) -> Callable[[RewriteFn], RewriteFn]:
    """Attach a rewrite function to the rule ``code`` (decorator used by the rewriter).

    >>> @register_rewrite("date-numerique")        # doctest: +SKIP
    ... def spell_out_dates(...): ...
    """

    def attach(function: RewriteFn) -> RewriteFn:
        _REWRITES[code] = function
        return function

    return attach
