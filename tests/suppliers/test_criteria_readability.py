"""The criterion wordings Clair writes for the règlement de consultation read at least
« assez facile » with Clair's own FALC analysis, whatever the weight and carbon value, and so
does the explanation given when a distance criterion is refused."""

from __future__ import annotations

import pytest

from falc.analysis import analyse_text
from falc.config import FalcConfig
from suppliers.criteria import KINDS, LEGAL_EXPLANATION, CriterionParams, criterion_text

ACCEPTED = ("facile", "assez facile")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "params",
    [CriterionParams(), CriterionParams(poids=12.5, valeur_carbone_eur_t=775)],
    ids=["défaut", "poids 12,5 et 775 €/t"],
)
def test_wording_is_easy_to_read(nlp, kind: str, params: CriterionParams) -> None:
    report = analyse_text(criterion_text(kind, params).texte, nlp)
    assert report.score is not None
    assert report.score >= FalcConfig().level_fairly_easy
    assert report.niveau in ACCEPTED, (report.score, [f.rule for f in report.findings])


def test_refusal_is_easy_to_read(nlp) -> None:
    report = analyse_text(LEGAL_EXPLANATION, nlp)
    assert report.niveau in ACCEPTED, (report.score, [f.rule for f in report.findings])
