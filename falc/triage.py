"""Which passages to fix first: the priority of each finding and the passages to review first.

The priority of a finding is its severity (the points of :data:`FalcConfig.severity_points`:
erreur 3, avertissement 2, info 1) times the **gain**: how many points the document's FALC score
would win if that one passage were fixed, everything else unchanged. Fixing a finding removes
its points from the finding density; fixing a long sentence also cuts it into sentences of the
allowed length (fewer words per sentence, a better Kandel–Moles); fixing a rare word removes it
from the rare-word share. The gain is computed with :mod:`falc.score` itself, on the counts of
the whole document.

A finding that repeats (the same rule on the same words, « à compter de » 40 times) is one
passage to review: its priority is the sum of its occurrences', and the officer fixes it
everywhere at once. :func:`passages_to_review` gives the passages in priority order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from core.text import fold
from falc.config import FalcConfig
from falc.metrics import kandel_moles
from falc.report import Finding, Metrics, PassageARevoir
from falc.score import score_parts, weighted_score
from falc.sentences import SentenceStats

TOP_PASSAGES = 10
"""« Les 10 passages à revoir en premier »."""
_GROUPED_MAX_CHARS = 60
"""Extracts up to this length that repeat are grouped (words and expressions, not sentences)."""
_ROUND = 4


@dataclass(frozen=True, slots=True)
class Counts:
    """The counts of a document that its score depends on."""

    words: int
    sentences: int
    syllables: int
    rated_words: int
    rare_words: int
    points: float
    score_words: int
    """Words the finding density is computed on (headings included)."""

    @classmethod
    def of(cls, sentences: Iterable[SentenceStats], points: float, score_words: int) -> Counts:
        words = n = syllables = rated = rare = 0
        for s in sentences:
            n += 1
            words += s.words
            syllables += s.syllables
            rated += s.rated_words
            rare += s.rare_words
        return cls(words, n, syllables, rated, rare, points, max(score_words, words))

    def score(self, config: FalcConfig) -> float | None:
        """The unrounded FALC score of these counts (the formula of :func:`falc.score.falc_score`)."""
        if self.words <= 0 or self.sentences <= 0:
            return None
        metrics = Metrics.model_construct(
            words=self.words,
            sentences=self.sentences,
            syllables=self.syllables,
            kandel_moles=kandel_moles(self.words, self.sentences, self.syllables),
            lix=None,
            words_per_sentence=self.words / self.sentences,
            syllables_per_word=self.syllables / self.words,
            rare_word_share=self.rare_words / self.rated_words if self.rated_words else None,
            passive_ratio=None,
        )
        return weighted_score(score_parts(metrics, self.points, self.score_words, config), config)


def fixed(counts: Counts, finding: Finding, config: FalcConfig) -> Counts:
    """The counts once ``finding`` is fixed."""
    points = config.severity_points.get(finding.severity, 1.0)
    after = replace(counts, points=max(0.0, counts.points - points))
    if finding.rule == "phrase-longue":
        words = len(finding.text.split())
        extra = max(0, math.ceil(words / config.sentence_max_words) - 1)
        after = replace(after, sentences=after.sentences + extra)
    elif finding.rule == "mot-rare" and after.rare_words > 0:
        after = replace(after, rare_words=after.rare_words - 1)
    return after


def set_priorities(findings: list[Finding], counts: Counts, config: FalcConfig) -> None:
    """Give each finding its priority: severity points × score gain if it were fixed.

    Findings that change the counts the same way have the same gain: it is computed once.
    """
    base = counts.score(config)
    if base is None:
        return
    gains: dict[Counts, float] = {}
    for finding in findings:
        after = fixed(counts, finding, config)
        if after not in gains:
            score = after.score(config)
            gains[after] = 0.0 if score is None else max(0.0, score - base)
        points = config.severity_points.get(finding.severity, 1.0)
        finding.priorite = round(points * gains[after], _ROUND)


def group_key(finding: Finding) -> tuple[str, str]:
    """Findings with the same key are the same passage repeated (same rule, same words)."""
    text = " ".join(finding.text.split())
    if len(text) > _GROUPED_MAX_CHARS:
        return (finding.rule, f"{finding.paragraph}:{finding.start}")
    return (finding.rule, fold(text))


def passages_to_review(
    findings: Iterable[Finding], limit: int | None = TOP_PASSAGES
) -> list[PassageARevoir]:
    """Repeated findings grouped, by decreasing total priority (ties: first in the text)."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault(group_key(finding), []).append(finding)
    passages = [
        PassageARevoir(
            **members[0].model_dump(exclude={"priorite"}),
            priorite=round(sum(f.priorite for f in members), _ROUND),
            nombre=len(members),
            paragraphes=sorted({f.paragraph for f in members}),
        )
        for members in groups.values()
    ]
    passages.sort(key=lambda p: (-p.priorite, p.paragraph, p.start))
    return passages if limit is None else passages[:limit]


def top_band(findings: list[Finding], passages: list[PassageARevoir]) -> list[Finding]:
    """The findings of the top priority band: every occurrence of the passages to review first."""
    keys = {group_key(p) for p in passages}
    return [f for f in findings if group_key(f) in keys]
