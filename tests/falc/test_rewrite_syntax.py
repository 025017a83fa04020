"""Rewrites on the spaCy parse: active voice, "vous", conjugation; and the
word rewrites that need the glossary: jargon with agreement, acronyms explained."""

from __future__ import annotations

import pytest

from falc.rewrite.acronyms import explain_acronyms, explanation
from falc.rewrite.address import address_reader
from falc.rewrite.conjugation import conjugate
from falc.rewrite.context import RewriteContext
from falc.rewrite.jargon import replace_jargon
from falc.rewrite.voice import active_voice

CONJUGATION = [
    (("devoir", 2, "p"), "devez"),
    (("analyser", 3, "s"), "analyse"),
    (("remettre", 3, "p"), "remettent"),
    (("analyser", 3, "p", "futur-simple"), "analyseront"),
    (("pouvoir", 2, "p", "présent", "conditionnel"), "pourriez"),
    (("être", 2, "p"), "êtes"),
    (("xyzabler", 3, "s"), None),
]


@pytest.mark.parametrize(("arguments", "expected"), CONJUGATION)
def test_conjugate(arguments, expected):
    assert conjugate(*arguments) == expected


VOICE = [
    # A complement of the agent goes after the object, not between subject and verb.
    (
        "Les produits rejetés sont repris par le titulaire à ses frais dans un délai de 8 jours.",
        "Le titulaire reprend les produits rejetés à ses frais dans un délai de 8 jours.",
    ),
    (
        "Les offres sont analysées par le service des achats de la commune.",
        "Le service des achats de la commune analyse les offres.",
    ),
    ("Les offres sont analysées par l'acheteur.", "L'acheteur analyse les offres."),
    ("Les offres doivent être signées par le titulaire.", "Le titulaire doit signer les offres."),
    (
        "Dans ce cas, le contrat est signé par le représentant de l'acheteur.",
        "Dans ce cas, le représentant de l'acheteur signe le contrat.",
    ),
    (
        "Le rapport sera validé par les services techniques dans un délai de 15 jours.",
        "Les services techniques valideront le rapport dans un délai de 15 jours.",
    ),
    (
        "La facture est établie par le titulaire en trois exemplaires.",
        "Le titulaire établit la facture en trois exemplaires.",
    ),
    # Not safe: negation, compound tense, a means rather than an agent, no agent.
    ("Les offres ne sont pas analysées par l'acheteur.", None),
    ("Les pièces ont été transmises par le mandataire.", None),
    ("Les prestations sont réglées par application des prix.", None),
    ("Les offres sont analysées.", None),
]


@pytest.mark.parametrize(("text", "expected"), VOICE)
def test_active_voice(nlp, text, expected):
    assert active_voice(nlp(text)[:]) == expected


ADDRESS = [
    (
        "Les candidats doivent fournir les pièces suivantes.",
        "Vous devez fournir les pièces suivantes.",
    ),
    ("Le candidat s'engage à respecter son offre.", "Vous vous engagez à respecter votre offre."),
    ("Les candidats sont invités à visiter le site.", "Vous êtes invités à visiter le site."),
    ("Les soumissionnaires présenteront leurs offres.", "Vous présenterez vos offres."),
    (
        "Le candidat est tenu de fournir ses attestations.",
        "Vous êtes tenu de fournir vos attestations.",
    ),
    # Elision after the change of verb, and a subjunctive the tagger read as an indicative.
    ("Les candidats ne sont pas tenus de venir.", "Vous n'êtes pas tenus de venir."),
    (
        "L'acheteur exige que le candidat fournisse des précisions.",
        "L'acheteur exige que vous fournissiez des précisions.",
    ),
    ("Les candidats n'ont pas à signer.", "Vous n'avez pas à signer."),
    ("Le candidat ne peut pas modifier son offre.", "Vous ne pouvez pas modifier votre offre."),
    # "Le candidat retenu" is one firm, not the reader; "ils" would lose its antecedent.
    ("Le candidat retenu fournit les certificats.", None),
    ("Si les candidats le souhaitent, ils peuvent poser des questions.", None),
]


@pytest.mark.parametrize(("text", "expected"), ADDRESS)
def test_address_reader(nlp, text, expected):
    assert address_reader(nlp(text)[:]) == expected


JARGON = [
    ("Le pouvoir adjudicateur informe.", "L'acheteur informe."),
    ("La décision du pouvoir adjudicateur est prise.", "La décision de l'acheteur est prise."),
    ("Il écrit au pouvoir adjudicateur.", "Il écrit à l'acheteur."),
    ("Il informe les soumissionnaires du rejet.", "Il informe les entreprises qui répondent du rejet."),
    ("Le courrier est notifié au titulaire du marché.", "Le courrier est notifié à l'entreprise choisie."),
    ("Il remet une pièce justificative.", "Il remet une preuve."),
    ("Le règlement précise les critères d'attribution.", "Le règlement précise les critères de choix."),
    # Agreement the rewriter cannot follow: a subject or an adjective after a change of gender.
    ("Un avenant est signé.", "Un avenant est signé."),
    ("Il retient des variantes.", "Il retient d'autres solutions."),
    ("Il limite les lots d'un même soumissionnaire.", "Il limite les lots d'un même soumissionnaire."),
    ("Les soumissionnaires sont informés.", "Les soumissionnaires sont informés."),
    ("Le soumissionnaire retenu signe.", "Le soumissionnaire retenu signe."),
    ("Il paie des bons de commande entièrement exécutés.", "Il paie des bons de commande entièrement exécutés."),
    ("Il paie les bons de commande de la semaine.", "Il paie les commandes de la semaine."),
    # Plain words whose last word is not their head: an adjective after them would qualify it.
    ("Chaque lot fait l'objet d'un accord-cadre distinct.", "Chaque lot fait l'objet d'un accord-cadre distinct."),
    ("Il informe les soumissionnaires évincés.", "Il informe les soumissionnaires évincés."),
    ("Chaque lot fait l'objet d'un accord-cadre.", "Chaque lot fait l'objet d'un contrat pour plusieurs commandes."),
    # Plain words that the text repeats right after are said once.
    ("Un référé précontractuel avant la signature du contrat est possible.", "Un recours avant la signature du contrat est possible."),
    ("Un référé précontractuel est possible.", "Un recours avant la signature est possible."),
    # A preposition that also governs a complement after « et » stays.
    ("Il ne saurait, en application de l'article L. 3 et du principe d'égalité, être utilisé.", "Il ne saurait, en application de l'article L. 3 et du principe d'égalité, être utilisé."),
    ("Les prix sont révisés conformément à l'article R. 2112-14 et à l'indice publié.", "Les prix sont révisés conformément à l'article R. 2112-14 et à l'indice publié."),
    ("Les prix sont révisés conformément à l'article R. 2112-14 et l'acheteur le notifie.", "Les prix sont révisés selon l'article R. 2112-14 et l'acheteur le notifie."),
    ("Il ne saurait, en application de l'article L. 3, être utilisé. Et de plus il l'est.", "Il ne saurait, selon l'article L. 3, être utilisé. Et de plus il l'est."),
    # A definition of an acronym keeps its exact words.
    ("le cahier des clauses techniques particulières (CCTP)", "le cahier des clauses techniques particulières (CCTP)"),
    # « mais » opens a clause: never in the middle of one.
    ("Toutefois, l'acheteur peut refuser.", "Mais, l'acheteur peut refuser."),
    ("L'acheteur peut toutefois autoriser la régularisation.", "L'acheteur peut toutefois autoriser la régularisation."),
    # A term inside a longer one is not replaced on its own.
    ("Il résilie avant la date d'échéance du contrat.", "Il résilie avant la date de fin du contrat."),
    ("Les modalités de paiement sont fixées.", "Les règles de paiement sont fixées."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), JARGON)
def test_replace_jargon(nlp, text, expected):
    assert replace_jargon(text, RewriteContext(nlp=nlp)) == expected


def test_acronym_explained_once_without_parentheses(nlp):
    context = RewriteContext(nlp=nlp)
    first = explain_acronyms("Le CCAP fixe les pénalités.", context)
    assert first == (
        "Le CCAP fixe les pénalités. CCAP veut dire cahier des clauses administratives "
        "particulières."
    )
    assert "(" not in first
    assert explain_acronyms("Le CCAP fixe les prix.", context) == "Le CCAP fixe les prix."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le cahier des clauses administratives particulières (CCAP) fixe.", None),
        ("le CCAP ;", None),  # a list item: explained at the next full sentence
    ],
)
def test_acronym_already_explained_or_not_a_sentence(nlp, text, expected):
    assert explain_acronyms(text, RewriteContext(nlp=nlp)) == text


def test_acronym_that_is_a_legal_reference_is_not_explained_by_a_new_sentence():
    # "CCAG" is itself a reference the guard counts: a second mention would be an added fact.
    assert explanation("CCAG") is None
    assert explanation("DCE") == "DCE veut dire dossier de consultation des entreprises."
