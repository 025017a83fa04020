"""Long sentences cut by the newer rules, on the real parse: enumerations turned into lists,
absolute participle clauses made sentences, legal references set apart; and the cases that must
be left alone. Every expected rewrite keeps every legal invariant."""

from __future__ import annotations

import pytest

from falc.invariants import compare
from falc.rewrite.enumeration import Line, join_sentences, lines
from falc.rewrite.splitting import split_sentence
from falc.simplify import simplify_text
from tests.falc.splits import assert_split

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

CUTS = [
    (
        "Le titulaire communique, pour chaque référence livrée, la liste exhaustive des "
        "ingrédients, toute modification de la composition d'un produit devant être signalée "
        "par écrit au moins 15 jours avant sa mise en œuvre.",
        [
            "Le titulaire communique, pour chaque référence livrée, la liste exhaustive des "
            "ingrédients.",
            "Toute modification de la composition d'un produit doit être signalée par écrit au "
            "moins 15 jours avant sa mise en œuvre.",
        ],
    ),
    (
        "Le titulaire s'efforce de réduire l'impact environnemental des livraisons au sens de "
        "l'article L. 224-7 du Code de l'environnement, les engagements pris à ce titre dans "
        "son offre ayant valeur contractuelle.",
        [
            "Le titulaire s'efforce de réduire l'impact environnemental des livraisons au sens "
            "de l'article L. 224-7 du Code de l'environnement.",
            "Les engagements pris à ce titre dans son offre ont valeur contractuelle.",
        ],
    ),
    (
        "L'acheteur se réserve la possibilité, selon l'article R. 2152-1, de déclarer la "
        "procédure sans suite pour motif d'intérêt général jusqu'à l'envoi du marché.",
        [
            "L'acheteur se réserve la possibilité de déclarer la procédure sans suite pour "
            "motif d'intérêt général jusqu'à l'envoi du marché.",
            "C'est ce que prévoit l'article R. 2152-1.",
        ],
    ),
    # Inside the clause the reference leaves no comma; in front of it, the comma stays.
    (
        "L'acheteur peut néanmoins, en application de l'article R. 2152-2, autoriser tous les "
        "soumissionnaires concernés à régulariser leur offre dans un délai approprié.",
        [
            "L'acheteur peut néanmoins autoriser tous les soumissionnaires concernés à "
            "régulariser leur offre dans un délai approprié.",
            "C'est ce que prévoit l'article R. 2152-2.",
        ],
    ),
    (
        "Dans un délai de 8 jours à compter de la notification, en application de l'article "
        "R. 2191-3, le titulaire transmet les pièces demandées par l'acheteur.",
        [
            "Dans un délai de 8 jours à compter de la notification, le titulaire transmet les "
            "pièces demandées par l'acheteur.",
            "C'est ce que prévoit l'article R. 2191-3.",
        ],
    ),
    (
        "Selon les articles R. 2143-3 et R. 2143-4 du CCP, le candidat produit, à l'appui de "
        "sa candidature, le document unique de marché européen rédigé en français.",
        [
            "Le candidat produit, à l'appui de sa candidature, le document unique de marché "
            "européen rédigé en français.",
            "C'est ce que prévoient les articles R. 2143-3 et R. 2143-4 du CCP.",
        ],
    ),
    (
        "Chaque lot donnera lieu à un contrat à bons de commande conclu sans minimum et avec "
        "un maximum annuel, en application des articles R. 2162-1 à R. 2162-6 du CCP.",
        [
            "Chaque lot donnera lieu à un contrat à bons de commande conclu sans minimum et "
            "avec un maximum annuel.",
            "C'est ce que prévoient les articles R. 2162-1 à R. 2162-6 du CCP.",
        ],
    ),
    (
        "Le titulaire peut sous-traiter l'exécution de certaines parties de son marché, dans "
        "les conditions prévues aux articles L. 2193-1 à L. 2193-14 du CCP.",
        [
            "Le titulaire peut sous-traiter l'exécution de certaines parties de son marché.",
            "Les conditions sont prévues aux articles L. 2193-1 à L. 2193-14 du CCP.",
        ],
    ),
]

NOT_CUT = [
    # The reference is the object of the verb, not a phrase hung on the sentence.
    "Le présent marché est passé selon la procédure de l'appel d'offres ouvert prévue par le "
    "code de la commande publique.",
    # « selon » followed by something else than a legal text.
    "Les quantités livrées chaque semaine varient, selon les effectifs inscrits à la cantine "
    "et les menus arrêtés par la diététicienne du syndicat.",
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_enumeration_becomes_a_list(nlp, text, expected):
    pieces = split_sentence(text, nlp)
    assert pieces == [expected]
    assert compare(text, expected) == []


@pytest.mark.parametrize("text", NOT_LISTS)
def test_unclear_enumeration_is_not_a_list(nlp, text):
    assert not any("\n- " in piece for piece in split_sentence(text, nlp))


@pytest.mark.parametrize(("text", "expected"), CUTS)
def test_long_sentence_cut(nlp, text, expected):
    assert_split(nlp, text, expected)


@pytest.mark.parametrize("text", NOT_CUT)
def test_sentence_left_alone(nlp, text):
    assert split_sentence(text, nlp) == [text]


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


FRAGMENTS = [
    # A subordinate clause cannot stand alone before the main one.
    (
        "Avant de procéder à l'examen des candidatures, s'il constate que des pièces dont la "
        "production était réclamée sont absentes ou incomplètes, l'acheteur peut demander aux "
        "candidats concernés de compléter leur dossier.",
        None,
    ),
    # The participle clause becomes a conjugated sentence, never a fragment with « étant ».
    (
        "Les documents de l'offre ne sont pas obligatoirement signés lors du dépôt, la signature "
        "électronique de l'acte d'engagement étant exigée du seul attributaire pressenti.",
        "La signature électronique de l'acte d'engagement est exigée du seul attributaire "
        "pressenti.",
    ),
]


@pytest.mark.parametrize(("text", "second"), FRAGMENTS)
def test_no_fragment(nlp, text, second):
    pieces = split_sentence(text, nlp)
    if second is None:
        assert pieces == [text]
    else:
        assert pieces[-1] == second
