"""The meaning guard, check by check, on sentence pairs; the first rows of each table are the
real failures the issue found on the CCAG and BOAMP prose."""

from __future__ import annotations

import pytest

from falc.guard import MeaningGuard, check_headings
from falc.guard.structure import clause_numbers


@pytest.fixture(scope="module")
def guard(nlp):
    return MeaningGuard(nlp)


def _checks(guard, original, result):
    return {failure.check for failure in guard.check(original, result)}


REFUSED = [
    # Issue 14: « ne peuvent » → « puissent », a condition turned into a possibility.
    (
        "Si les litiges ne peuvent être réglés à l'amiable, les parties saisiront le tribunal administratif.",
        "Il se peut que les litiges puissent être réglés à l'amiable. Dans ce cas, les parties saisiront le tribunal administratif.",
        {"marqueurs", "condition"},
    ),
    # Issue 14: a condition turned into a possibility, its list broken.
    (
        "Lorsque le dernier jour du délai est un samedi, un dimanche ou un jour férié, le délai est prolongé jusqu'à la fin du premier jour ouvrable qui suit.",
        "Le dernier jour du délai peut être un samedi. Dans ce cas, un dimanche ou un jour férié, le délai est prolongé jusqu'à la fin du premier jour ouvrable qui suit.",
        {"marqueurs", "condition"},
    ),
    # Issue 14: « jours calendaires » → « jours ».
    (
        "Lorsque le délai est fixé en jours, il s'entend en jours calendaires.",
        "Lorsque le délai est fixé en jours, il s'entend en jours.",
        {"mots"},
    ),
    # Issue 14: « devant accéder » → « doivent accéder », an invented obligation.
    (
        "Les composants devant accéder au réseau sont listés en annexe.",
        "Les composants doivent accéder au réseau. Ils sont listés en annexe.",
        {"marqueurs"},
    ),
    # Issue 14: the mandataire swapped for the groupement.
    (
        "Les bons de commande sont adressés au mandataire du groupement, qui a seul compétence pour formuler des observations.",
        "Les bons de commande sont adressés au mandataire du groupement. Ce groupement a seul compétence pour formuler des observations.",
        {"relative"},
    ),
    # Issue 14: « 3. 2. 1. » read as a list marker.
    (
        "3. 2. 1. Tout délai mentionné au marché commence à courir à 0 heure.",
        "- \\2. 1. Tout délai mentionné au marché commence à courir à 0 heure.",
        {"structure"},
    ),
    # Issue 14: the swaps that were not synonyms lose a word.
    (
        "La notification du marché vaut ordre de commencer.",
        "L'envoi officiel du marché vaut ordre de commencer.",
        {"mots"},
    ),
    ("Les prestations sont livrées.", "Les services sont livrés.", {"mots"}),
    # A word said twice must stay twice.
    (
        "Le candidat remet l'offre du candidat mandataire.",
        "Vous remettez l'offre du candidat mandataire.",
        {"mots"},
    ),
    # A negation dropped, added or moved.
    ("Le titulaire ne peut pas sous-traiter.", "Le titulaire peut sous-traiter.", {"marqueurs"}),
    ("Le titulaire peut sous-traiter.", "Le titulaire ne peut pas sous-traiter.", {"marqueurs"}),
    (
        "Aucun retard n'est admis sans accord écrit.",
        "Un retard est admis avec accord écrit.",
        {"marqueurs"},
    ),
    # Obligations and permissions keep their count.
    (
        "Le titulaire est tenu de livrer les fournitures.",
        "Le titulaire livre les fournitures.",
        {"marqueurs"},
    ),
    (
        "Il appartient au titulaire de prouver le retard.",
        "Le titulaire prouve le retard.",
        {"marqueurs"},
    ),
    (
        "Le titulaire peut demander une avance.",
        "Le titulaire doit demander une avance.",
        {"marqueurs"},
    ),
    # A condition whose consequence leaves it becomes a fact.
    (
        "Si le titulaire est en retard, il paie des pénalités et il informe l'acheteur.",
        "Si le titulaire est en retard, il paie des pénalités. Il informe l'acheteur.",
        {"condition"},
    ),
    (
        "En cas de retard, le titulaire paie des pénalités et informe l'acheteur du motif.",
        "Le titulaire est en retard. Il paie des pénalités et informe l'acheteur du motif.",
        {"condition"},
    ),
    # A relative clause taken up by the wrong noun, or by a noun that is unsure.
    (
        "Le rapport du contrôleur, qui précise les heures passées, est remis chaque mois.",
        "Le rapport du contrôleur est remis chaque mois. Ce contrôleur précise les heures passées.",
        {"relative"},
    ),
    # Who does what: a verb keeps its subject.
    (
        "Le titulaire informe l'acheteur et paie la pénalité.",
        "Le titulaire informe l'acheteur. L'acheteur paie la pénalité.",
        {"roles"},
    ),
    # The parse gives « interrompre » two subjects: who does what is unknown (CCAG Travaux).
    (
        "La police de la circulation aux abords des chantiers ou aux extrémités des sections où la circulation est interrompue et le long des itinéraires déviés incombe aux services compétents.",
        "La police de la circulation aux abords des chantiers ou aux extrémités des sections où la circulation est interrompue. Le long des itinéraires déviés incombe aux services compétents.",
        {"roles"},
    ),
    # A condition of « sous condition de » stays on the whole statement.
    (
        "Cette cession des droits couvre les résultats une fois divulgués, à compter de leur livraison sous condition de la réception des prestations.",
        "Cette cession des droits couvre les résultats une fois divulgués. Cette cession les couvre à compter de leur livraison sous condition de la réception des prestations.",
        {"condition"},
    ),
    # A cut into a list that puts the consequence among the conditions.
    (
        "Si la décomposition ne figure pas parmi les pièces contractuelles et si sa production n'est pas prévue, un ordre de service peut ordonner cette production.",
        "Si la décomposition ne figure pas parmi les pièces contractuelles et si :\n- sa production n'est pas prévue\n- un ordre de service peut ordonner cette production.",
        {"condition"},
    ),
    # A sentence that announced a list.
    (
        "Le titulaire est tenu à une obligation au titre de laquelle il doit :",
        "Le titulaire est tenu à une obligation. Au titre de cette obligation, il doit.",
        {"structure"},
    ),
    # A condition asked as a question is read strictly: the whole condition in the question,
    # nothing more, each side with its own negations (real CCAG sentences).
    (
        "Lorsque le dernier jour du délai est un samedi, un dimanche ou un jour férié, le délai est prolongé jusqu'à la fin du premier jour ouvrable qui suit.",
        "Le dernier jour du délai est un samedi ? Dans ce cas, un dimanche ou un jour férié, le délai est prolongé jusqu'à la fin du premier jour ouvrable qui suit.",
        {"condition"},
    ),
    (
        "Si le marché ne prévoit pas de disposition particulière pour rémunérer le mandataire, ces dépenses sont réputées couvertes par les prix.",
        "Le marché prévoit une disposition particulière pour rémunérer le mandataire ? Dans ce cas, ces dépenses ne sont pas réputées couvertes par les prix.",
        {"condition"},
    ),
    (
        "Lorsque le délai est fixé en mois, il est compté de quantième en quantième.",
        "Le délai est fixé en mois et il est compté ? Dans ce cas, de quantième en quantième.",
        {"condition"},
    ),
    (
        "Lorsque le délai est fixé en mois, il est compté de quantième en quantième.",
        "Le délai est fixé en mois. Dans ce cas, il est compté de quantième en quantième.",
        {"condition"},
    ),
    (
        "Lorsque le délai est fixé en mois, il est compté de quantième en quantième.",
        "Le délai est fixé en mois ? Il est compté de quantième en quantième.",
        {"condition"},
    ),
    (
        "Lorsque le délai est fixé en mois, il est compté de quantième en quantième.",
        "Il se peut que le délai soit fixé en mois ? Dans ce cas, il est compté de quantième en quantième.",
        {"condition"},
    ),
    # Numbers and clause numbers.
    ("Le délai est de quinze jours.", "Le délai est de quelques jours.", {"nombres"}),
    ("Selon le chapitre IV, le titulaire paie.", "Selon le chapitre 6, le titulaire paie.", {"nombres"}),
    ("Voir l'article 12.3 du CCAP.", "Voir l'article 12 du CCAP.", {"structure"}),
    ("1° les travaux ; 2° les fournitures.", "les travaux ; les fournitures.", {"structure"}),
]

KEPT = [
    ("Nonobstant ce qui précède, le délai court à compter de la notification.", "Malgré ce qui précède, le délai court à partir de la notification."),
    ("Le cas échéant, il joint le certificat.", "Si c'est le cas, il joint le certificat."),
    ("Les articles susvisés s'appliquent.", "Les articles cités plus haut s'appliquent."),
    ("Le titulaire remet le rapport dans un délai de quinze jours.", "Le titulaire remet le rapport dans un délai de 15 jours."),
    ("La date limite est le 15/03/2025.", "La date limite est le samedi 15 mars 2025."),
    ("Après réception, selon les stipulations du chapitre IV, le titulaire paie.", "Après réception, selon les stipulations du chapitre 4, le titulaire paie."),
    ("Une retenue de 5 % est appliquée.", "Une retenue de 5 pour cent est appliquée."),
    ("Le CCAP fixe les pénalités.", "Le CCAP (cahier des clauses administratives particulières) fixe les pénalités."),
    ("Les offres sont analysées par le pouvoir adjudicateur.", "Le pouvoir adjudicateur analyse les offres."),
    ("Les offres ne sont pas analysées par le pouvoir adjudicateur.", "Le pouvoir adjudicateur n'analyse pas les offres."),
    ("Le titulaire remet à l'acheteur un rapport mensuel, qui précise les heures passées et les frais engagés.", "Le titulaire remet à l'acheteur un rapport mensuel. Ce rapport mensuel précise les heures passées et les frais engagés."),
    ("Si le titulaire est en retard, il paie des pénalités et il informe l'acheteur.", "Si le titulaire est en retard, il paie des pénalités. Dans ce cas, il informe l'acheteur."),
    ("3. 2. 1. Tout délai commence à courir à 0 heure ; il expire à minuit.", "3. 2. 1. Tout délai commence à courir à 0 heure. Il expire à minuit."),
    # A condition asked as a question, answered by « Dans ce cas, » (real CCAG sentences); the
    # clause number that opens it is read as neither a subject nor a sentence.
    ("3. 2. 2. Lorsque le délai est fixé en mois, il est compté de quantième en quantième.", "3. 2. 2. Le délai est fixé en mois ? Dans ce cas, il est compté de quantième en quantième."),
    ("Si le maître d'œuvre est une personne morale, il désigne la personne physique qui a seule qualité pour le représenter.", "Le maître d'œuvre est une personne morale ? Dans ce cas, il désigne la personne physique qui a seule qualité pour le représenter."),
    ("En cas de contestation sur le montant de l'acompte, le représentant du pouvoir adjudicateur règle les sommes admises par le maître d'œuvre.", "Il y a une contestation sur le montant de l'acompte ? Dans ce cas, le représentant du pouvoir adjudicateur règle les sommes admises par le maître d'œuvre."),
    ("Si le marché ne prévoit pas de disposition particulière pour rémunérer le mandataire, ces dépenses sont réputées couvertes par les prix.", "Le marché ne prévoit pas de disposition particulière pour rémunérer le mandataire ? Dans ce cas, ces dépenses sont réputées couvertes par les prix."),
    ("Lorsque le délai est fixé en jours, il s'entend en jours calendaires et il expire à minuit le dernier jour du délai.", "Le délai est fixé en jours ? Dans ce cas, il s'entend en jours calendaires. Dans ce cas, il expire à minuit le dernier jour du délai."),
]  # fmt: skip


@pytest.mark.parametrize(("original", "result", "checks"), REFUSED)
def test_the_guard_refuses_a_change_of_meaning(guard, original, result, checks):
    assert checks <= _checks(guard, original, result)


@pytest.mark.parametrize(("original", "result"), KEPT)
def test_the_guard_keeps_a_change_of_form(guard, original, result):
    assert guard.check(original, result) == []


def test_every_failure_says_why_in_french(guard):
    [failure] = guard.check("Il s'entend en jours calendaires.", "Il s'entend en jours.")
    assert failure.message == "La réécriture perd « calendaires »."


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("3. 2. 1. Tout délai", ["3.2.1."]),
        ("3.2.1 Tout délai", ["3.2.1"]),
        ("Voir l'article 12.3 et l'Article L. 2194-1.", ["article12.3", "ArticleL.2194-1"]),
        ("1° les travaux ; a) les fournitures", ["1°", "a)"]),
        ("Le délai de 15 jours court.", []),
    ],
)
def test_clause_numbers_are_found(text, numbers):
    assert clause_numbers(text) == numbers


def test_headings_keep_their_text_case_and_order():
    assert check_headings(["Article 1", "Article 2"], ["Article 1", "Article 2"]) == []
    assert check_headings(["ARTICLE 1"], ["Article 1"])
    assert check_headings(["Article 1", "Article 2"], ["Article 2", "Article 1"])
    assert check_headings(["Article 1"], [])


def test_a_relative_the_parse_attaches_to_no_noun_is_unsure(guard):
    failures = guard.check(
        "Le titulaire informe le maître d'œuvre, qui transmet la demande.",
        "Le titulaire informe le maître d'œuvre. Ce maître d'œuvre transmet la demande.",
    )
    assert any("incertain" in f.message for f in failures if f.check == "relative")


def test_a_demonstrative_without_a_noun_is_refused(guard):
    failures = guard.check(
        "Le titulaire remet le rapport du contrôleur, qui précise les heures passées.",
        "Le titulaire remet le rapport du contrôleur. Ce dernier précise les heures passées.",
    )
    assert "relative" in {f.check for f in failures}
