"""The ceiling of a form-only rewrite that the simplification benchmark prints."""

from __future__ import annotations

from benchmarks.bench_simplifie import FORM_RULES, form_ceiling
from falc.analysis import analyse_text


def test_ceiling_drops_form_findings_and_keeps_the_rest(nlp) -> None:
    text = (
        "Le titulaire adresse sa demande au CNRS dans un délai de quinze jours, "
        "nonobstant les stipulations du CCAP, et le maître d'ouvrage, qui la reçoit, "
        "la transmet au comptable public (article 3) avant la fin du mois suivant."
    )
    report = analyse_text(text, nlp)
    assert {f.rule for f in report.findings} & FORM_RULES
    assert {f.rule for f in report.findings} - FORM_RULES
    ceiling = form_ceiling(report)
    assert report.score is not None and ceiling is not None
    assert ceiling > report.score
    assert ceiling < 100.0


def test_ceiling_of_a_text_without_form_findings_is_its_score_or_more(nlp) -> None:
    report = analyse_text("Le titulaire envoie la facture. Il attend la réponse.", nlp)
    assert not {f.rule for f in report.findings} & FORM_RULES
    ceiling = form_ceiling(report)
    assert ceiling is not None and report.score is not None
    assert ceiling >= report.score
