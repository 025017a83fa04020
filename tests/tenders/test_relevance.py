"""Precision@k and recall@k on a judged set, and the quality bar of the team's judged set."""

from pathlib import Path

import pytest

from tenders.relevance import JudgedSet, load_judged, measure_relevance

JUDGED = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "pertinence_marches.json"


def judged(question: dict, relevant: list[str]) -> JudgedSet:
    return JudgedSet.model_validate(
        {
            "date_chargement": "2026-03-02",
            "requetes": [{"type": "recherche", "requete": question, "pertinents": relevant}],
        }
    )


def test_precision_and_recall_count_the_judged_notices_shown():
    first = measure_relevance(judged({"q": "nettoyage"}, ["000"]), k=10).questions[0]
    assert len(first.shown) >= 3
    keys = [s.removeprefix("demo:") for s in first.shown[:2]] + ["999"]
    measure = measure_relevance(judged({"q": "nettoyage"}, keys), k=10).questions[0]
    assert measure.precision == pytest.approx(2 / len(measure.shown))
    assert measure.recall == pytest.approx(2 / 3)


def test_nothing_shown_is_zero_precision():
    measure = measure_relevance(judged({"q": "zzzzqqq"}, ["001"]), k=10).questions[0]
    assert measure.shown == [] and measure.precision == 0.0 and measure.recall == 0.0


def test_the_judged_set_keeps_its_quality_bar():
    report = measure_relevance(load_judged(JUDGED), k=10)
    assert len(report.questions) >= 15
    assert report.mean_precision >= 0.8
    assert report.mean_recall >= 0.8
