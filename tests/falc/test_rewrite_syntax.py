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
    ("Nonobstant ce qui précède, il signe.", "Malgré ce qui précède, il signe."),
    ("Le délai court à compter de la notification.", "Le délai court à partir de la notification."),
    ("Il fournit, le cas échéant, les certificats.", "Il fournit, si c'est le cas, les certificats."),
    # Found by the judged samples: at the head of a sentence or list item, nothing comes before
    # for « si c'est le cas » to point to; « le cas échéant » stays.
    ("Le cas échéant, les pièces sont jointes.", "Le cas échéant, les pièces sont jointes."),
    ("e) Le cas échéant, le montant de l'avance ;", "e) Le cas échéant, le montant de l'avance ;"),
    ("3. 2. Le cas échéant, il paie.", "3. 2. Le cas échéant, il paie."),
    ("Il fixe la computation des délais.", "Il fixe le calcul des délais."),
    ("Il demande la prorogation du délai.", "Il demande la prolongation du délai."),
    ("Il demande des prorogations.", "Il demande des prolongations."),
    # Adjectives agree like the word they replace; determiners too.
    ("Les articles susvisés s'appliquent.", "Les articles cités plus haut s'appliquent."),
    ("La décision précitée est notifiée.", "La décision citée plus haut est notifiée."),
    ("Ladite décision est notifiée.", "Cette décision est notifiée."),
    ("Il lit ledit article.", "Il lit cet article."),
    # « ci-après » after a noun is not « plus loin ».
    ("Les sanctions mentionnées ci-dessus s'appliquent.", "Les sanctions mentionnées plus haut s'appliquent."),
    ("Il notifie avant la plus tardive des deux dates ci-après :", "Il notifie avant la plus tardive des deux dates ci-après :"),
    # Terms of art are never replaced: they are explained apart.
    ("Le pouvoir adjudicateur notifie la résiliation au mandataire.", "Le pouvoir adjudicateur notifie la résiliation au mandataire."),
    ("Il s'entend en jours calendaires.", "Il s'entend en jours calendaires."),
    # Agreement the rewriter cannot follow: a subject or an adjective after a change of gender.
    ("La computation des délais est faite.", "La computation des délais est faite."),
    ("Une computation exacte est faite.", "Une computation exacte est faite."),
    # A preposition that also governs a complement after « et » stays.
    ("Les prix sont révisés conformément à l'article R. 2112-14 et à l'indice publié.", "Les prix sont révisés conformément à l'article R. 2112-14 et à l'indice publié."),
    ("Les prix sont révisés conformément à l'article R. 2112-14 et l'acheteur le notifie.", "Les prix sont révisés selon l'article R. 2112-14 et l'acheteur le notifie."),
    # A definition of an acronym keeps its exact words.
    ("le cahier des clauses techniques particulières (CCTP)", "le cahier des clauses techniques particulières (CCTP)"),
    # A word inside a longer phrase is replaced alone only when the phrase is not a term.
    ("Il fixe les modalités de computation des délais.", "Il fixe les modalités de calcul des délais."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), JARGON)
def test_replace_jargon(nlp, text, expected):
    assert replace_jargon(text, RewriteContext(nlp=nlp)) == expected


def test_acronym_explained_once_in_parentheses(nlp):
    context = RewriteContext(nlp=nlp)
    first = explain_acronyms("Le CCAP fixe les pénalités.", context)
    assert first == (
        "Le CCAP (cahier des clauses administratives particulières) fixe les pénalités."
    )
    assert " ou CCAP" not in first
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


def test_acronym_explanation_follows_it_in_parentheses():
    assert explanation("DCE") == " (dossier de consultation des entreprises)"
    assert explanation("XYZW") is None
