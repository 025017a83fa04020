import pytest

from suppliers.criteria import (
    KINDS,
    CriterionParams,
    IllegalCriterionError,
    UnknownCriterionError,
    check_criterion_kind,
    criterion_text,
)


@pytest.mark.parametrize(
    "kind",
    [
        "distance",
        "Distance",
        "proximité",
        "proximite",
        "localisation",
        "local",
        "km",
        "kilomètres",
        "prix-distance",
        "cout_distance",
        "implantation locale",
        "éloignement",
        "situation géographique",
    ],
)
def test_distance_or_location_criteria_are_refused_with_the_law(kind):
    with pytest.raises(IllegalCriterionError) as err:
        criterion_text(kind)
    message = str(err.value)
    assert "420585" in message and "L3" in message
    assert "--type prix" in message


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("prix", "prix"),
        ("PRIX", "prix"),
        ("co2", "co2"),
        ("émissions", "co2"),
        ("cout-cycle-de-vie", "cout-cycle-de-vie"),
        ("coût cycle de vie", "cout-cycle-de-vie"),
        ("ccv", "cout-cycle-de-vie"),
    ],
)
def test_legal_kinds_and_aliases(kind, expected):
    assert check_criterion_kind(kind) == expected


def test_unknown_kind_is_a_french_error():
    with pytest.raises(UnknownCriterionError, match="Types possibles"):
        criterion_text("qualité")


@pytest.mark.parametrize(
    ("kind", "must_contain"),
    [
        ("prix", ["ligne de livraison par site", "prix le plus bas ÷ prix", "R2152-7", "370789"]),
        ("co2", ["type de véhicule", "0,507", "émissions les plus basses ÷", "10 avril 2012"]),
        ("cout-cycle-de-vie", ["÷ 1 000 × 120 euros", "R2152-9", "R2152-10", "Quinet"]),
    ],
)
def test_wording_has_formula_parameters_and_legal_basis(kind, must_contain):
    text = criterion_text(kind, CriterionParams(poids=15, valeur_carbone_eur_t=120))
    full = text.markdown()
    for fragment in must_contain:
        assert fragment in full
    assert "15 points" in text.texte
    assert text.parametres["poids"] == 15


@pytest.mark.parametrize("kind", KINDS)
def test_sentences_are_short(kind):
    for sentence in criterion_text(kind).texte.splitlines():
        assert len(sentence.split()) <= 15, sentence


@pytest.mark.parametrize("kind", KINDS)
def test_wording_reads_at_least_fairly_easy(kind, nlp):
    from falc.analysis import analyse_text

    report = analyse_text(criterion_text(kind).texte, nlp)
    assert report.niveau in {"très facile", "facile", "assez facile"}, report.niveau
