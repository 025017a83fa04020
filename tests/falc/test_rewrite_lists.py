"""Enumerations turned into lists (the rewrite a sentence no cut rule can cut falls back on), and
the lines of a rewrite that holds a list. The cut rules' own tables are in test_cut_rules.py."""

from __future__ import annotations

import pytest

from falc.invariants import compare
from falc.rewrite.enumeration import Line, join_sentences, lines
from falc.rewrite.splitting import split_sentence
from falc.simplify import simplify_text

LISTS = [
    (
        "Chaque colis porte un étiquetage lisible comportant la dénomination de vente, le poids "
        "net, le numéro de lot, la DLC ou la DDM, l'origine du produit, le nom ou la raison "
        "sociale du conditionneur et, si besoin, le signe de qualité dont il bénéficie.",
        "Chaque colis porte un étiquetage lisible comportant :\n"
        "- la dénomination de vente\n"
        "- le poids net\n"
        "- le numéro de lot\n"
        "- la DLC ou la DDM\n"
        "- l'origine du produit\n"
        "- le nom ou la raison sociale du conditionneur\n"
        "- si besoin, le signe de qualité dont il bénéficie.",
    ),
    (
        "Le titulaire accompagne l'acheteur dans sa démarche de lutte contre le gaspillage "
        "alimentaire, en adaptant les conditionnements aux effectifs réels, en acceptant des "
        "commandes de faibles quantités et en proposant des solutions de valorisation des "
        "invendus.",
        "Le titulaire accompagne l'acheteur dans sa démarche de lutte contre le gaspillage "
        "alimentaire :\n"
        "- en adaptant les conditionnements aux effectifs réels\n"
        "- en acceptant des commandes de faibles quantités\n"
        "- en proposant des solutions de valorisation des invendus.",
    ),
    (
        "Le dossier remis par le candidat comprend, pour chaque lot, la lettre de candidature, "
        "le mémoire technique et le bordereau des prix.",
        "Le dossier remis par le candidat comprend, pour chaque lot :\n"
        "- la lettre de candidature\n"
        "- le mémoire technique\n"
        "- le bordereau des prix.",
    ),
]

NOT_LISTS = [
    # « ou »: an alternative is not a set of obligations.
    "Le titulaire transmet chaque mois à l'acheteur le rapport d'activité, la facture "
    "détaillée ou le bon de livraison signé.",
    # The deadline applies to all three items: it would end up on the last one.
    "Le titulaire transmet chaque mois à l'acheteur le rapport, la facture et le bon de "
    "livraison avant le 15 mars.",
    # « et » inside a complement of the previous item, after an aside between commas.
    "Le titulaire transmet au pouvoir adjudicateur, au plus tard un mois avant la date de "
    "révision, une proposition de prix révisés accompagnée du détail du calcul et des "
    "indices utilisés.",
    # A second « et »: where the list ends is not sure.
    "Les factures sont déposées sur le portail et mentionnent le numéro du bon de commande, "
    "la désignation des produits, les quantités, les prix unitaires et le montant total hors "
    "taxes et toutes taxes comprises.",
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_enumeration_becomes_a_list(nlp, text, expected):
    pieces = split_sentence(text, nlp)
    assert pieces == [expected]
    assert compare(text, expected) == []


@pytest.mark.parametrize("text", NOT_LISTS)
def test_unclear_enumeration_is_not_a_list(nlp, text):
    assert not any("\n- " in piece for piece in split_sentence(text, nlp))


LINES = [
    ("Une phrase.", [Line(kind="text", text="Une phrase.", start=0)]),
    (
        "Il faut :\n- A\n- B.\nFin.",
        [
            Line(kind="text", text="Il faut :", start=0),
            Line(kind="item", text="A", start=10),
            Line(kind="item", text="B.", start=14),
            Line(kind="text", text="Fin.", start=19),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), LINES)
def test_lines_of_a_rewrite(text, expected):
    assert lines(text) == expected


JOINS = [
    (["A.", "B."], "A. B."),
    (["A.", "Il faut :\n- x\n- y."], "A.\nIl faut :\n- x\n- y."),
    (["Il faut :\n- x\n- y.", "B."], "Il faut :\n- x\n- y.\nB."),
]


@pytest.mark.parametrize(("pieces", "expected"), JOINS)
def test_join_sentences(pieces, expected):
    assert join_sentences(pieces) == expected


def test_list_items_are_counted_as_units_by_the_analysis(nlp):
    report = simplify_text(LISTS[0][0], nlp)
    paragraph = report.paragraphs[0]
    # The list is a proposal: it is in the version with every proposal accepted.
    assert [line.kind for line in lines(paragraph.proposal)] == ["text", *["item"] * 7]
    assert report.accepted.words_per_sentence is not None
    assert report.accepted.words_per_sentence < 8
    assert report.invariants_lost == 0
    assert '"lines"' in report.model_dump_json()
