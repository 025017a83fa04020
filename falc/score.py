"""The FALC score: 0 (far from FALC) to 100 (FALC compliant), and its level in words.

The score is a weighted mean of four parts, each between 0 and 1 (weights and bounds in
:class:`~falc.config.FalcConfig`, parts clipped to [0, 1])::

    length   = (hard_wps − words per sentence) / (hard_wps − easy_wps)       10 words → 1, 30 → 0
    km       = (Kandel–Moles − km_hard) / (km_easy − km_hard)                30 → 0, 100 → 1
    rare     = 1 − rare-word share / rare_share_hard                         20 % rare words → 0
    findings = 1 − finding points per 100 words / findings_hard              30 points → 0
               (points: erreur 3, avertissement 2, info 1)

    score = 100 × (w_length·length + w_km·km + w_rare·rare + w_findings·findings) / Σw

A part that cannot be computed (no rated word for the rare share) drops out and the others are
re-weighted; a text without words has no score (None). The weights were fitted on the odd rows
of ``benchmarks/data/paires_falc.csv`` and checked on the even rows
(``benchmarks/bench_falc_score.py``).

Levels: ≥ 75 « facile », ≥ 55 « assez facile », ≥ 35 « difficile », below « très difficile ».
"""

from __future__ import annotations

from collections.abc import Iterable

from falc.config import FalcConfig
from falc.report import Finding, Metrics, Niveau


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def finding_points(findings: Iterable[Finding], config: FalcConfig) -> float:
    """Sum of the severity points of some findings."""
    points = config.severity_points
    return sum(points.get(f.severity, 1.0) for f in findings)


def score_parts(
    metrics: Metrics, points: float, words: int, config: FalcConfig
) -> dict[str, float]:
    """The computable parts of the score, each in [0, 1], keyed like ``ScoreWeights`` fields."""
    parts: dict[str, float] = {}
    if metrics.words_per_sentence is not None:
        easy, hard = config.score_sentence_words_easy, config.score_sentence_words_hard
        parts["sentence_length"] = _clip((hard - metrics.words_per_sentence) / (hard - easy))
    if metrics.kandel_moles is not None:
        low, high = config.score_km_hard, config.score_km_easy
        parts["kandel_moles"] = _clip((metrics.kandel_moles - low) / (high - low))
    if metrics.rare_word_share is not None:
        parts["rare_words"] = _clip(1.0 - metrics.rare_word_share / config.score_rare_share_hard)
    if words > 0:
        density = 100.0 * points / words
        parts["findings"] = _clip(1.0 - density / config.score_findings_hard)
    return parts


def falc_score(
    metrics: Metrics,
    findings: Iterable[Finding],
    config: FalcConfig | None = None,
    *,
    words: int | None = None,
) -> float | None:
    """FALC score of a span of text from its metrics and its findings; None without words.

    ``words`` is the word count the finding density is computed on (defaults to
    ``metrics.words``; the document passes the words of its headings too, since their findings
    count).
    """
    config = config or FalcConfig()
    if metrics.words == 0 or metrics.sentences == 0:
        return None
    words = metrics.words if words is None else words
    value = weighted_score(
        score_parts(metrics, finding_points(findings, config), words, config), config
    )
    return None if value is None else round(value, 1)


def weighted_score(parts: dict[str, float], config: FalcConfig) -> float | None:
    """100 × the weighted mean of the computable parts, unrounded; None if none is."""
    weights = config.score_weights.model_dump()
    total_weight = sum(weights[name] for name in parts)
    if total_weight <= 0:
        return None
    return 100.0 * sum(weights[name] * part for name, part in parts.items()) / total_weight


def niveau(score: float | None, config: FalcConfig | None = None) -> Niveau | None:
    """The level in words of a score; None when there is no score."""
    if score is None:
        return None
    config = config or FalcConfig()
    if score >= config.level_easy:
        return "facile"
    if score >= config.level_fairly_easy:
        return "assez facile"
    if score >= config.level_difficult:
        return "difficile"
    return "très difficile"
