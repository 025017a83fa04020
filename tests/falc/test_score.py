"""The FALC score: its parts, its bounds, its level, and that simpler text ranks higher."""

from __future__ import annotations

import pytest

from falc.analysis import analyse_text
from falc.config import FalcConfig, ScoreWeights
from falc.report import Finding, Metrics
from falc.rules import score_only_rules
from falc.score import falc_score, niveau, score_parts


def _metrics(words=10, sentences=1, km=80.0, wps=10.0, rare=0.0) -> Metrics:
    return Metrics(
        words=words,
        sentences=sentences,
        syllables=words,
        kandel_moles=km,
        lix=None,
        words_per_sentence=wps,
        syllables_per_word=1.0,
        rare_word_share=rare,
        passive_ratio=0.0,
    )


def _finding(severity="info") -> Finding:
    return Finding(
        rule="negation", severity=severity, message="m", paragraph=0, start=0, end=1, text="x"
    )


@pytest.mark.parametrize(
    ("wps", "km", "rare", "points", "words", "expected"),
    [
        # sentence length: 10 → 1, 30 → 0, 20 → 0.5
        (
            10.0,
            100.0,
            0.0,
            0,
            10,
            {"sentence_length": 1.0, "kandel_moles": 1.0, "rare_words": 1.0, "findings": 1.0},
        ),
        (
            30.0,
            30.0,
            0.2,
            3,
            10,
            {"sentence_length": 0.0, "kandel_moles": 0.0, "rare_words": 0.0, "findings": 0.0},
        ),
        (
            20.0,
            65.0,
            0.1,
            1.5,
            10,
            {"sentence_length": 0.5, "kandel_moles": 0.5, "rare_words": 0.5, "findings": 0.5},
        ),
        (
            5.0,
            130.0,
            0.0,
            0,
            10,
            {"sentence_length": 1.0, "kandel_moles": 1.0, "rare_words": 1.0, "findings": 1.0},
        ),
        (
            45.0,
            -10.0,
            0.5,
            30,
            10,
            {"sentence_length": 0.0, "kandel_moles": 0.0, "rare_words": 0.0, "findings": 0.0},
        ),
    ],
)
def test_parts_are_linear_between_their_bounds_and_clipped(wps, km, rare, points, words, expected):
    parts = score_parts(_metrics(wps=wps, km=km, rare=rare), points, words, FalcConfig())
    assert parts == pytest.approx(expected)


def test_score_is_the_weighted_mean_times_100():
    metrics = _metrics(wps=20.0, km=65.0, rare=0.0)  # parts 0.5, 0.5, 1, and findings
    findings = [_finding("info")] * 3  # 3 points / 10 words = 30 per 100 words → 0
    assert falc_score(metrics, findings) == pytest.approx(100 * (0.5 + 0.5 + 1 + 0) / 4)


def test_a_part_that_cannot_be_computed_drops_out():
    metrics = _metrics(wps=10.0, km=100.0).model_copy(update={"rare_word_share": None})
    assert falc_score(metrics, []) == 100.0


def test_weights_come_from_the_configuration():
    config = FalcConfig(
        score_weights=ScoreWeights(sentence_length=1, kandel_moles=0, rare_words=0, findings=0)
    )
    assert falc_score(_metrics(wps=20.0, km=100.0), [], config) == 50.0


def test_no_words_no_score():
    empty = Metrics(
        words=0,
        sentences=0,
        syllables=0,
        kandel_moles=None,
        lix=None,
        words_per_sentence=None,
        syllables_per_word=None,
        rare_word_share=None,
        passive_ratio=None,
    )
    assert falc_score(empty, []) is None
    assert niveau(None) is None


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (100.0, "facile"),
        (75.0, "facile"),
        (74.9, "assez facile"),
        (55.0, "assez facile"),
        (54.9, "difficile"),
        (35.0, "difficile"),
        (34.9, "très difficile"),
        (0.0, "très difficile"),
    ],
)
def test_levels_in_words(score, level):
    assert niveau(score) == level


@pytest.mark.parametrize(
    ("hard", "easy"),
    [
        (
            "Le pouvoir adjudicateur se réserve la possibilité de ne pas donner suite à la présente "
            "consultation pour des motifs d'intérêt général.",
            "L'acheteur peut arrêter la mise en concurrence. Il le fait pour l'intérêt général.",
        ),
        ("Le DCE est téléchargeable sur PLACE.", "Le dossier du marché est sur internet."),
        ("Les plis hors délai sont irrecevables.", "Les réponses en retard sont refusées."),
    ],
)
def test_simpler_text_scores_higher(nlp, hard, easy):
    assert analyse_text(easy, nlp).score > analyse_text(hard, nlp).score


def test_score_stays_between_0_and_100(nlp):
    for text in ("Oui.", "ARTICLE IV (CCAP) ; cf. § 3 & 4 / 5 # 6 : 15/03/2026, 45 %, 125 000 €."):
        score = analyse_text(text, nlp).score
        assert score is not None and 0.0 <= score <= 100.0


def test_rules_off_for_their_precision_still_count_in_the_score(nlp):
    """« mot-rare » is no longer shown by default, but the score still counts its findings: it
    stays the score whose weights were fitted, and the plain sentence still ranks first."""
    assert [r.code for r in score_only_rules()] == ["phrases-longues-suite", "mot-rare"]
    assert score_only_rules({"mot-rare"})[0].code == "phrases-longues-suite"
    text = "Les plis hors délai sont irrecevables."
    default = analyse_text(text, nlp)
    shown = analyse_text(text, nlp, FalcConfig(extra_rules=frozenset({"mot-rare"})))
    assert [f.rule for f in default.findings] == []
    assert [f.rule for f in shown.findings] == ["mot-rare"]
    assert default.score == shown.score
    assert default.paragraphs[0].score == shown.paragraphs[0].score
