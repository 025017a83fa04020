"""Each rule on French sentences that must and must not trigger it, with the exact extracts.

Each row: rule code, paragraph text, the extracts (``text[start:end]``) the rule must flag, in
order; an empty list means the rule must stay silent.
"""

from __future__ import annotations

import pytest

from falc.analysis import analyse_text
from falc.config import FalcConfig
from falc.rules import RULES

ALL_RULES = FalcConfig(extra_rules=frozenset(r.code for r in RULES if not r.default))
"""Every rule, those off by default too: each rule's table runs."""

LONG = (
    "Le pouvoir adjudicateur informe les candidats que les offres devront être remises "
    "avant la date limite fixée dans le présent règlement de la consultation."
)
UNPUNCTUATED = " ".join(["le titulaire livre les repas aux écoles de la ville"] * 45)
GLUED_LIST = "Le candidat produit :- " + "- ".join(
    ["une attestation du titulaire pour les repas livrés aux écoles de la ville"] * 25
)
"""A list whose line breaks were lost (« à cet effet- une déclaration »): 300 words, no stop."""
CLAUSE = "41. 2. Les opérations préalables à la décision de réception comportent, en tant que de besoin :"
NUMBERED_LONG = (
    "13. 1. 2. En cas de groupement solidaire, le paiement est effectué sur un compte unique, "
    "ouvert au nom des membres du groupement."
)
MEDIUM = "Les candidats remettent leur offre complète sur le site internet de la ville avant midi."

CASES = [
    # sentence and paragraph length
    ("phrase-longue", LONG, [LONG]),
    ("phrase-longue", "Envoyez votre offre avant le lundi 15 mars 2026.", []),
    (
        "phrase-longue",
        "Le point de départ du délai de garantie est la date de notification de la décision.",
        [],
    ),
    (
        "phrase-longue",
        "Joignez : a) la liste des travaux faits par votre entreprise depuis trois ans ; "
        "b) le nom des personnes qui vont travailler sur le chantier avec vous.",
        [],
    ),
    (
        "phrase-longue",
        "Un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze.",
        [],
    ),
    # the clause number is not read as words: 14 words, not 16
    ("phrase-longue", CLAUSE, []),
    ("phrase-longue", NUMBERED_LONG, [NUMBERED_LONG]),
    # 450 words without a full stop: cut every 200 tokens for parsing, flagged once, whole
    ("phrase-sans-ponctuation", UNPUNCTUATED, [UNPUNCTUATED]),
    ("phrase-sans-ponctuation", f"{LONG} " * 12, []),
    ("phrase-sans-ponctuation", GLUED_LIST, []),
    ("phrases-longues-suite", f"{MEDIUM} {MEDIUM} {MEDIUM}", [f"{MEDIUM} {MEDIUM} {MEDIUM}"]),
    ("phrases-longues-suite", f"{MEDIUM} {MEDIUM} Lisez bien. {MEDIUM}", []),
    ("phrases-longues-suite", f"Vous fournissez :- {MEDIUM}- {MEDIUM}- {MEDIUM}", []),
    (
        "phrases-longues-suite",
        f"Lettre de candidature :Le formulaire de candidature peut être remplacé par une lettre "
        f"de candidature libre. {MEDIUM} {MEDIUM}",
        [],
    ),
    ("paragraphe-long", "Lisez. " * 4, ["Lisez. Lisez. Lisez. Lisez."]),
    ("paragraphe-long", "Lisez le dossier. Répondez avant lundi. Signez.", []),
    ("paragraphe-long", "2. 1. Lisez le dossier. Répondez avant lundi. Signez.", []),
    (
        "trop-de-virgules",
        "Le lundi, le mardi, le jeudi et le vendredi, vous livrez.",
        ["Le lundi, le mardi, le jeudi et le vendredi, vous livrez."],
    ),
    ("trop-de-virgules", "Le lundi, vous livrez le pain, le lait et les fruits.", []),
    # commas between references (letters, numbers of clauses or articles) are not counted
    ("trop-de-virgules", "Le montant est la somme des postes a, b, et c du bordereau.", []),
    ("trop-de-virgules", "Les règles sont aux articles L. 324-9, L. 324-10 et L. 341-6.", []),
    (
        "trop-de-virgules",
        "Si le titulaire ne livre pas, l'acheteur, après une mise en demeure, applique les "
        "pénalités des lignes a, b et c.",
        [
            "Si le titulaire ne livre pas, l'acheteur, après une mise en demeure, applique les "
            "pénalités des lignes a, b et c."
        ],
    ),
    (
        "trop-de-propositions",
        "Vous envoyez le dossier que vous avez rempli quand vous avez reçu la lettre.",
        ["Vous envoyez le dossier que vous avez rempli quand vous avez reçu la lettre."],
    ),
    ("trop-de-propositions", "Vous envoyez le dossier que vous avez rempli.", []),
    (
        "trop-de-propositions",
        "Le candidat fournit :- une attestation qu'il a payé ses impôts- une déclaration qu'il "
        "n'a pas été condamné",
        [],
    ),
    # grammar
    ("voix-passive", "Les offres sont analysées par l'acheteur.", ["sont analysées"]),
    ("voix-passive", "Le dossier sera envoyé demain.", ["sera envoyé"]),
    ("voix-passive", "L'acheteur analyse les offres.", []),
    ("voix-passive", "Vous êtes arrivé à l'heure.", []),
    ("voix-passive", "Le marché est soumis au code de la commande publique.", []),
    ("voix-passive", "Le titulaire est tenu de livrer.", []),
    ("voix-passive", "La nécessité de ces travaux serait apparue après les essais.", []),
    ("voix-passive", "Le paiement n'est pas intervenu dans le délai.", []),
    ("voix-passive", "Les prestations sont conformes au marché.", []),
    ("voix-passive", "La qualité des emballages doit être appropriée au transport.", []),
    # a cross-reference formula (« comme il est dit à ») hides nobody; the passive before it does
    ("voix-passive", "Le solde est payé comme il est dit à l'article 12.", ["est payé"]),
    (
        "voix-passive",
        "Les travaux sont réglés ainsi qu'il est prévu au 4 du présent article.",
        ["sont réglés"],
    ),
    ("negation", "Vous ne pouvez pas répondre.", ["ne pouvez pas"]),
    ("negation", "Il n'a jamais livré.", ["n'a jamais"]),
    ("negation", "Aucune offre tardive ne sera lue.", ["Aucune offre tardive ne sera"]),
    ("negation", "Vous ne payez que la livraison.", []),
    ("negation", "Vous pouvez répondre.", []),
    ("negation", "Le délai court, à moins que la personne publique n'en décide autrement.", []),
    (
        "double-negation",
        "Il n'est pas impossible que le marché soit annulé.",
        ["Il n'est pas impossible que le marché soit annulé."],
    ),
    (
        "double-negation",
        "Le titulaire ne peut pas sous-traiter sans accord.",
        ["Le titulaire ne peut pas sous-traiter sans accord."],
    ),
    ("double-negation", "Vous ne pouvez pas répondre.", []),
    (
        "double-negation",
        "Sans mise en demeure préalable, le titulaire paie les pénalités de retard, dont le "
        "montant total n'est pas plafonné.",
        [],
    ),
    ("double-negation", "Vous ne pouvez pas non plus répondre.", []),
    (
        "double-negation",
        "Le titulaire est mis en demeure s'il ne livre pas les repas ou s'il ne répare pas le four.",
        [],
    ),
    (
        "double-negation",
        "L'acheteur résilie le marché si le titulaire ne livre pas et qu'il ne répond pas.",
        [],
    ),
    (
        "double-negation",
        "Le titulaire ne peut pas dire qu'il ne savait pas.",
        ["Le titulaire ne peut pas dire qu'il ne savait pas."],
    ),
    (
        "double-negation",
        "Si les travaux ne sont pas finis, et si le délai n'est pas prolongé, le prix est révisé.",
        [],
    ),
    ("conditionnel", "Le candidat devrait fournir ses attestations.", ["devrait"]),
    ("conditionnel", "Il conviendrait de signer.", ["conviendrait"]),
    ("conditionnel", "Le candidat devra fournir ses attestations.", []),
    ("subjonctif", "Il faut que vous signiez le contrat.", ["Il faut que vous signiez"]),
    (
        "subjonctif",
        "Envoyez le dossier afin que l'acheteur puisse le lire.",
        ["afin que l'acheteur puisse"],
    ),
    ("subjonctif", "Vous devez signer le contrat.", []),
    ("subjonctif", "Le référé précontractuel est possible devant le tribunal.", []),
    (
        "nominalisation",
        "La vérification de la conformité des prestations intervient après la livraison.",
        ["vérification", "conformité", "prestations"],
    ),
    ("nominalisation", "L'acheteur vérifie la livraison.", []),
    ("nominalisation", "Cession ou nantissement des créances.", []),
    ("nominalisation", "La mission de conception de l'ouvrage porte sur la solution.", []),
    ("tournure-impersonnelle", "Il appartient au candidat de signer.", ["Il appartient"]),
    (
        "tournure-impersonnelle",
        "Les candidats doivent fournir un devis.",
        ["Les candidats doivent"],
    ),
    ("tournure-impersonnelle", "Vous devez fournir un devis.", []),
    ("tournure-impersonnelle", "Il pleut sur la ville.", []),
    ("tournure-impersonnelle", "Il y a lieu de joindre les plans.", ["Il y a lieu"]),
    ("tournure-impersonnelle", "Joignez, s'il y a lieu, les plans du chantier.", []),
    ("tournure-impersonnelle", "Joignez les plans quand il y a lieu.", []),
    (
        "tournure-impersonnelle",
        "Il est précisé que les offres tardives sont refusées.",
        ["Il est précisé"],
    ),
    ("tournure-impersonnelle", "Le délai court ainsi qu'il est précisé à l'article 3.", []),
    # vocabulary
    ("mot-rare", "Le document est succinct et idoine.", ["succinct"]),
    ("mot-rare", "Le chat dort sur la table.", []),
    (
        "jargon",
        "Nonobstant la computation, le pouvoir adjudicateur accorde la prorogation.",
        ["Nonobstant", "computation", "prorogation"],
    ),
    (
        "jargon",
        "Nonobstant ce qui précède, signez l’acte d'engagement.",
        ["Nonobstant"],
    ),
    ("jargon", "Le titulaire effectue la livraison.", ["effectue"]),
    ("jargon", "L'acheteur choisit une entreprise.", []),
    ("jargon", "Un pouvoir de décision.", []),
    ("sigle-non-explique", "Téléchargez le DCE.", ["DCE"]),
    ("sigle-non-explique", "Signez l'AE. Lisez le CCAP.", ["AE", "CCAP"]),
    (
        "sigle-non-explique",
        "Lisez le dossier de consultation des entreprises (DCE). Le DCE est gratuit.",
        [],
    ),
    ("sigle-non-explique", "Lisez le DCE. Le DCE est gratuit.", ["DCE"]),
    ("sigle-non-explique", "Le prix est de 10 euros HT.", ["HT"]),
    ("sigle-non-explique", "ARTICLE PREMIER - OBJET DU MARCHÉ", []),
    ("sigle-non-explique", "Les PÉNALITÉS et la SOUS-TRAITANCE sont prévues.", []),
    ("sigle-non-explique", "Payez la facture FAC9450075 du produit AQUAREEL.", []),
    ("sigle-non-explique", "L'index BT 01 sert de base.", []),
    ("sigle-non-explique", "Le CCTP est signé.\n\nCCTP : cahier des clauses techniques.", []),
    # the name of a mark or a label is a name, but the same capitals alone are still an acronym
    ("sigle-non-explique", "Les portes portent la marque NF.", []),
    ("sigle-non-explique", "Le produit porte le label XKZ. Le XKZ est exigé.", ["XKZ"]),
    (
        "expression-latine",
        "Les offres sont notées in fine par le jury ad hoc.",
        ["in fine", "ad hoc"],
    ),
    ("expression-latine", "Les offres sont notées à la fin.", []),
    ("expression-latine", "Lisez l'article 11 bis et joignez l'extrait K bis.", []),
    ("majuscules", "IMPORTANT : signez le contrat.", ["IMPORTANT"]),
    ("majuscules", "ARTICLE 3 - OBJET DU MARCHÉ", ["ARTICLE 3 - OBJET DU MARCHÉ"]),
    ("majuscules", "Lisez le CCAP et le CCTP.", []),
    ("majuscules", "Lisez le CCAG-FCS.", []),
    ("majuscules", "Voir les normes NF EN ISO/CEI 17025 et NF EN 45011.", []),
    ("majuscules", "Écrivez à Mme Laetitia ARFEUILLE, 8 avenue Foch, 11500 QUILLAN.", []),
    ("majuscules", "Les marchés relevant du CCAG-PI sont cités.", []),
    # terms of art: once per document, explained, never « to replace »
    (
        "mot-a-expliquer",
        "Le titulaire reçoit le bon de commande. Le titulaire signe le bon de commande.",
        ["titulaire", "bon de commande"],
    ),
    ("mot-a-expliquer", "L'entreprise reçoit la commande.", []),
    (
        "mot-a-expliquer",
        "Le solde est payé avec le décompte général tel que défini à l'article 13.",
        [],
    ),
    (
        "mot-a-expliquer",
        "― la notification est l'action de faire connaître une décision à l'autre partie ;\n\n"
        "L'acheteur doit notifier sa décision.",
        [],
    ),
    (
        "mot-a-expliquer",
        "― la réception est la décision par laquelle l'acheteur accepte les prestations ;\n\n"
        "Le paiement suit la réception des prestations.",
        ["prestations"],
    ),
    ("mot-a-expliquer", "L'acheteur doit notifier sa décision.", ["notifier"]),
    # explained in the same sentence, right after the term
    (
        "mot-a-expliquer",
        "Lisez le règlement de la consultation, c'est-à-dire la liste des règles de la mise en "
        "concurrence.",
        [],
    ),
    ("mot-a-expliquer", "L'entreprise signe l'acte d'engagement contenant son prix.", []),
    (
        "mot-a-expliquer",
        "Lisez le règlement de la consultation (R.C.) qui fixe les règles de la mise en concurrence.",
        [],
    ),
    (
        "mot-a-expliquer",
        "Lisez le règlement de la consultation (R.C.).",
        ["règlement de la consultation"],
    ),
    # defined in the body of the document, before or after its use
    (
        "mot-a-expliquer",
        "La tranche conditionnelle commence en mai. Est conditionnelle toute tranche qui dépend "
        "d'une décision de l'acheteur.",
        [],
    ),
    (
        "mot-a-expliquer",
        "Par retenue de garantie, on entend la part du prix que l'acheteur garde. La retenue de "
        "garantie est payée en juin.",
        [],
    ),
    # « désigne » appoints, « est considéré comme » assigns the role: neither defines the term
    (
        "mot-a-expliquer",
        "Dès la signature, le pouvoir adjudicateur désigne une personne pour le représenter.",
        ["pouvoir adjudicateur"],
    ),
    (
        "mot-a-expliquer",
        "La première entreprise de la liste est considérée comme mandataire.",
        ["mandataire"],
    ),
    ("jargon", "Le titulaire reçoit le bon de commande.", []),
    # numbers and dates
    ("nombre-en-lettres", "Vous avez quinze jours.", ["quinze"]),
    ("nombre-en-lettres", "Le marché dure vingt et un mois.", ["vingt et un"]),
    ("nombre-en-lettres", "Le contrat vaut deux cent mille euros.", ["deux cent mille"]),
    ("nombre-en-lettres", "Vous avez 15 jours pour un devis neuf.", []),
    # in « trois pour cent », « cent » belongs to the percent sign, « trois » is the number
    ("nombre-en-lettres", "La retenue est de trois pour cent du prix.", ["trois"]),
    ("nombre-en-lettres", "Le marché vaut cent euros.", ["cent"]),
    ("chiffres-romains", "Lisez le titre IV du contrat.", ["IV"]),
    ("chiffres-romains", "Voir la section II.", ["II"]),
    ("chiffres-romains", "Lisez le CCAP. Il parle du CV.", []),
    ("pourcentage", "La remise est de 15 % du prix.", ["15 %"]),
    ("pourcentage", "La remise est de quinze pour cent.", ["quinze pour cent"]),
    ("pourcentage", "La remise est d'un quart du prix.", []),
    ("grand-nombre", "Le marché vaut 40 000 euros.", ["40 000"]),
    ("grand-nombre", "Le marché vaut 125000 euros.", ["125000"]),
    ("grand-nombre", "Le marché commence en 2026.", []),
    ("grand-nombre", "Voir l'article R. 2152-7.", []),
    ("grand-nombre", "Écrivez au 12 rue Haute, 59140 Dunkerque.", []),
    ("grand-nombre", "SIRET : 123 456 789 00012.", []),
    ("grand-nombre", "La pénalité vaut V × R / 3 000.", []),
    ("grand-nombre", "Voir les articles 1316 à 1316-4 du code civil.", []),
    ("grand-nombre", "Le juge applique les articles 1792 et 2270 du code civil.", []),
    ("grand-nombre", "Le marché vaut 1 000 et 2 000 euros.", ["1 000", "2 000"]),
    ("grand-nombre", "Écrivez au CS 20813, 11500 QUILLAN.", []),
    # a clause or lot number at the head of a paragraph (its dots sometimes lost)
    ("grand-nombre", "4512. Le titulaire livre les repas.", []),
    ("grand-nombre", "12.305. Le titulaire livre les repas.", []),
    ("grand-nombre", "1500 - Travaux de voirie de la commune", []),
    ("grand-nombre", "1500 repas sont livrés chaque jour.", ["1500"]),
    ("grand-nombre", "La cantine sert 2 500 repas. Ils sont livrés le matin.", ["2 500"]),
    ("date-numerique", "Répondez avant le 15/03/2026.", ["15/03/2026"]),
    ("date-numerique", "Répondez avant le 2026-03-15.", ["2026-03-15"]),
    ("date-numerique", "Répondez avant le lundi 15 mars 2026.", []),
    ("date-numerique", "Lisez l'article 15/32.", []),
    # special characters
    ("caractere-special", "Envoyez le devis (signé) par courrier.", ["(signé)"]),
    ("caractere-special", "Livrez le pain; livrez le lait.", [";"]),
    ("caractere-special", "Le prix en €/kg & le § 3.", ["/", "&", "§"]),
    ("caractere-special", "Voir https://www.marches.fr/avis/42 avant le 15/03/2026.", []),
    ("caractere-special", "Envoyez le devis signé par courrier.", []),
    ("caractere-special", "Lisez le cahier des clauses administratives générales (CCAG).", []),
    ("caractere-special", "Le DCE (dossier de consultation des entreprises) est gratuit.", []),
    ("caractere-special", "a) La nature des prestations ;", []),
    ("caractere-special", "Il s'engage soit (i) à réparer, soit (ii) à remplacer.", []),
    ("caractere-special", "Selon les normes ISO/CEI 17025, livrez la porte (tr3).", []),
    ("caractere-special", "Livrez avant midi (heure de Paris).", ["(heure de Paris)"]),
    ("caractere-special", "Respectez la convention sur le travail forcé (C 29, 1930).", []),
    ("caractere-special", "Ils sont responsables (Entreprise Trannoy, 2 février 1973).", []),
    ("caractere-special", "Livrez avant midi (sauf en 2026).", ["(sauf en 2026)"]),
]


@pytest.mark.parametrize(("code", "text", "extracts"), CASES)
def test_rule_flags_exactly_these_extracts(nlp, code, text, extracts):
    report = analyse_text(text, nlp, ALL_RULES)
    found = [f.text for f in report.findings if f.rule == code]
    assert found == extracts
    for finding in report.findings:
        assert text[finding.start : finding.end] == finding.text


def test_each_rule_has_at_least_one_positive_and_one_negative_case():
    from falc.rules import RULES

    for rule in RULES:
        rows = [extracts for code, _, extracts in CASES if code == rule.code]
        assert any(rows), f"aucun cas positif pour {rule.code}"
        assert any(not r for r in rows), f"aucun cas négatif pour {rule.code}"


def test_acronym_is_flagged_once_per_document(nlp):
    report = analyse_text("Lisez le DCE.\n\nLe DCE est gratuit.\n\nGardez le DCE.", nlp)
    flagged = [f for f in report.findings if f.rule == "sigle-non-explique"]
    assert [(f.paragraph, f.text) for f in flagged] == [(0, "DCE")]


def test_jargon_suggestion_gives_the_plain_word_in_the_right_number(nlp):
    report = analyse_text("Les prorogations sont accordées.", nlp)
    (finding,) = [f for f in report.findings if f.rule == "jargon"]
    assert "prolongations" in (finding.suggestion or "")
