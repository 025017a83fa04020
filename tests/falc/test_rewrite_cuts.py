"""Sentence cuts at clauses that lean on the main one (« sans que », « à condition de »,
« lorsque », « notamment », « sans préjudice de », « chacun + participe »), and the cuts the
parser used to miss (a relative clause after a misread verb, a coordination whose list items
were hung on the first verb). Each row: a sentence, the sentences Clair makes of it (None: the
sentence must stay as it is)."""

from __future__ import annotations

import pytest

from falc.rewrite.splitting import split_sentence
from tests.falc.splits import assert_split

CUTS = [
    # « sans que » + subjunctive → the clause in the indicative, with « ne … pas ».
    (
        "Le marché peut être reconduit tacitement 2 fois par période de 12 mois, sans que sa "
        "durée totale puisse excéder 36 mois.",
        [
            "Le marché peut être reconduit tacitement 2 fois par période de 12 mois.",
            "Sa durée totale ne peut pas excéder 36 mois.",
        ],
    ),
    (
        "Les candidats peuvent présenter une offre pour un, plusieurs ou l'ensemble des lots "
        "sans que le nombre de lots attribués à un même candidat soit limité.",
        [
            "Les candidats peuvent présenter une offre pour un, plusieurs ou l'ensemble des lots.",
            "Le nombre de lots attribués à un même candidat n'est pas limité.",
        ],
    ),
    (
        "L'acheteur peut modifier les quantités commandées dans la limite de 10 pour cent, sans "
        "que le titulaire puisse prétendre à une indemnité.",
        [
            "L'acheteur peut modifier les quantités commandées dans la limite de 10 pour cent.",
            "Le titulaire ne peut pas prétendre à une indemnité.",
        ],
    ),
    # A condition closing the sentence: what someone must do first.
    (
        "Le titulaire peut sous-traiter l'exécution de certaines parties du marché, à condition "
        "d'avoir obtenu de l'acheteur l'acceptation de chaque sous-traitant.",
        [
            "Le titulaire peut sous-traiter l'exécution de certaines parties du marché.",
            "Pour cela, le titulaire doit avoir obtenu de l'acheteur l'acceptation de chaque "
            "sous-traitant.",
        ],
    ),
    (
        "Le délai d'exécution peut être prolongé de 15 jours, sous réserve que le titulaire en "
        "fasse la demande par écrit au service des achats.",
        [
            "Le délai d'exécution peut être prolongé de 15 jours.",
            "Pour cela, le titulaire doit en faire la demande par écrit au service des achats.",
        ],
    ),
    # « Lorsque » in front: the condition becomes a sentence, « Dans ce cas » keeps it over the
    # whole main clause; with a negation, an eventuality in the subjunctive, never a fact
    # (« Parfois, … »).
    (
        "Lorsque les produits livrés ne sont pas conformes aux spécifications du cahier des "
        "charges, le titulaire les remplace dans un délai de 48 heures.",
        [
            "Il se peut que les produits livrés ne soient pas conformes aux spécifications du "
            "cahier des charges.",
            "Dans ce cas, le titulaire les remplace dans un délai de 48 heures.",
        ],
    ),
    (
        "Lorsque l'acheteur constate un retard dans la livraison, il adresse une mise en "
        "demeure au titulaire.",
        [
            "L'acheteur peut constater un retard dans la livraison.",
            "Dans ce cas, il adresse une mise en demeure au titulaire.",
        ],
    ),
    (
        "Lorsqu'un candidat ne peut pas produire les documents demandés, l'acheteur lui laisse "
        "un délai de 5 jours.",
        [
            "Il se peut qu'un candidat ne puisse pas produire les documents demandés.",
            "Dans ce cas, l'acheteur lui laisse un délai de 5 jours.",
        ],
    ),
    (
        "Si le titulaire ne remet pas le rapport dans le délai prévu au contrat, l'acheteur "
        "applique une pénalité de 100 euros.",
        [
            "Il se peut que le titulaire ne remette pas le rapport dans le délai prévu au contrat.",
            "Dans ce cas, l'acheteur applique une pénalité de 100 euros.",
        ],
    ),
    # « Si » in front: the hypothesis becomes a possibility (« peut »), never « Parfois ».
    (
        "Si le candidat s'appuie sur les capacités d'autres opérateurs économiques, il justifie "
        "des capacités de ceux-ci.",
        [
            "Le candidat peut s'appuyer sur les capacités d'autres opérateurs économiques.",
            "Dans ce cas, il justifie des capacités de ceux-ci.",
        ],
    ),
    (
        "Si vous êtes en retard dans la livraison des produits commandés, l'acheteur applique "
        "une pénalité de 50 euros par jour.",
        [
            "Vous pouvez être en retard dans la livraison des produits commandés.",
            "Dans ce cas, l'acheteur applique une pénalité de 50 euros par jour.",
        ],
    ),
    (
        "Si le marché est résilié pour motif d'intérêt général, le titulaire perçoit une "
        "indemnité de 2 % du montant restant.",
        [
            "Le marché peut être résilié pour motif d'intérêt général.",
            "Dans ce cas, le titulaire perçoit une indemnité de 2 % du montant restant.",
        ],
    ),
    # « En cas de » + one noun: the case becomes a possibility, « Dans ce cas » keeps it.
    (
        "En cas de retard dans la livraison, le titulaire encourt une pénalité calculée selon la "
        "formule prévue à l'article 14.1 du CCAG-FCS.",
        [
            "Il peut y avoir un retard dans la livraison.",
            "Dans ce cas, le titulaire encourt une pénalité calculée selon la formule prévue à "
            "l'article 14.1 du CCAG-FCS.",
        ],
    ),
    # Examples closing the sentence.
    (
        "La demande d'acceptation comprend les renseignements mentionnés à l'article R. 2193-1 "
        "du CCP, notamment la nature et le montant des prestations sous-traitées.",
        [
            "La demande d'acceptation comprend les renseignements mentionnés à l'article "
            "R. 2193-1 du CCP.",
            "Ce sont par exemple la nature et le montant des prestations sous-traitées.",
        ],
    ),
    # « sans préjudice de » → « Cela ne remet pas en cause ».
    (
        "Le montant total des pénalités ne peut excéder 10 % du montant du marché, sans "
        "préjudice de la possibilité pour l'acheteur de résilier le marché.",
        [
            "Le montant total des pénalités ne peut excéder 10 % du montant du marché.",
            "Cela ne remet pas en cause la possibilité pour l'acheteur de résilier le marché.",
        ],
    ),
    # « chacun » + present participle.
    (
        "Les prestations sont réparties en sept lots, chacun faisant l'objet d'un accord-cadre "
        "distinct passé avec un seul titulaire.",
        [
            "Les prestations sont réparties en sept lots.",
            "Chacun fait l'objet d'un accord-cadre distinct passé avec un seul titulaire.",
        ],
    ),
    # Two participles: the first belongs to the subject, the second is the clause's verb.
    (
        "La disposition précédente est applicable à la nouvelle date, l'ensemble des candidats "
        "ayant retiré le dossier étant informé de ce report.",
        [
            "La disposition précédente est applicable à la nouvelle date.",
            "L'ensemble des candidats ayant retiré le dossier est informé de ce report.",
        ],
    ),
    (
        "Les fichiers sont analysés par l'acheteur à leur arrivée, tout document contenant un "
        "virus informatique pouvant faire l'objet d'un archivage de sécurité.",
        [
            "Les fichiers sont analysés par l'acheteur à leur arrivée.",
            "Tout document contenant un virus informatique peut faire l'objet d'un archivage de "
            "sécurité.",
        ],
    ),
    # ... but a participle that modifies a noun of the clause is not its verb.
    (
        "Le marché est résilié pour motif d'intérêt général, le titulaire percevant alors une "
        "indemnité égale à 2 % du maximum annuel restant à courir.",
        [
            "Le marché est résilié pour motif d'intérêt général.",
            "Le titulaire perçoit alors une indemnité égale à 2 % du maximum annuel restant à "
            "courir.",
        ],
    ),
    (
        "Les produits sont validés par la diététicienne, le titulaire s'engageant à ne jamais "
        "substituer à un tel produit une référence n'ayant pas fait l'objet d'une validation.",
        [
            "Les produits sont validés par la diététicienne.",
            "Le titulaire s'engage à ne jamais substituer à un tel produit une référence n'ayant "
            "pas fait l'objet d'une validation.",
        ],
    ),
    # Coordinated participles are all conjugated.
    (
        "Les prestations sont réglées par application des prix, chaque bon précisant la quantité "
        "et indiquant le lieu de livraison.",
        [
            "Les prestations sont réglées par application des prix.",
            "Chaque bon précise la quantité et indique le lieu de livraison.",
        ],
    ),
    # An absolute participle clause is conjugated, never left as a sentence of its own.
    (
        "Les documents ne sont pas signés lors du dépôt, la signature électronique étant exigée "
        "du seul attributaire, au moyen d'un certificat dit « eIDAS ».",
        [
            "Les documents ne sont pas signés lors du dépôt.",
            "La signature électronique est exigée du seul attributaire, au moyen d'un certificat "
            "dit « eIDAS ».",
        ],
    ),
    # A second absolute participle clause after « et », with its own subject.
    (
        "Le prix à l'unité du BPU prévaudra, le montant du DQE étant rectifié en conséquence, et "
        "le candidat étant invité à confirmer l'offre ainsi rectifiée.",
        [
            "Le prix à l'unité du BPU prévaudra.",
            "Le montant du DQE est rectifié en conséquence.",
            "Le candidat est invité à confirmer l'offre ainsi rectifiée.",
        ],
    ),
    # « et ne pouvant »: the second participle is conjugated too, its « ne » kept.
    (
        "Les demandes de paiement sont transmises par voie électronique sur le portail Chorus "
        "Pro, chaque facture faisant référence au numéro d'engagement et ne pouvant porter que "
        "sur des bons entièrement exécutés.",
        [
            "Les demandes de paiement sont transmises par voie électronique sur le portail Chorus "
            "Pro.",
            "Chaque facture fait référence au numéro d'engagement.",
            "Chaque facture ne peut porter que sur des bons entièrement exécutés.",
        ],
    ),
    # A reference with « et suivants » or the code's acronym after « ou » is still a reference.
    (
        "Une avance de 10 % peut être versée au titulaire pour les lots de plus de 50 000 euros, "
        "dans les conditions définies aux articles R. 2191-3 et suivants du CCP.",
        [
            "Une avance de 10 % peut être versée au titulaire pour les lots de plus de 50 000 "
            "euros.",
            "Les conditions sont définies aux articles R. 2191-3 et suivants du CCP.",
        ],
    ),
    # « , ainsi que » with an auxiliary, a modal or « faire »: « aussi » after the conjugated verb.
    (
        "Le titulaire a transmis à l'acheteur le rapport mensuel d'activité du service, ainsi que "
        "les factures des prestations exécutées.",
        [
            "Le titulaire a transmis à l'acheteur le rapport mensuel d'activité du service.",
            "Le titulaire a aussi transmis les factures des prestations exécutées.",
        ],
    ),
    (
        "Le titulaire doit fournir à l'acheteur le rapport mensuel d'activité du service, ainsi "
        "que les factures des prestations exécutées.",
        [
            "Le titulaire doit fournir à l'acheteur le rapport mensuel d'activité du service.",
            "Le titulaire doit aussi fournir les factures des prestations exécutées.",
        ],
    ),
    (
        "Le dépassement du délai de paiement fait courir de plein droit, au bénéfice du "
        "titulaire, des intérêts de retard au taux prévu à l'article R. 2192-31 du code de la "
        "commande publique, ainsi qu'une indemnité forfaitaire de 40 euros pour frais de "
        "recouvrement.",
        [
            "Le dépassement du délai de paiement fait courir de plein droit, au bénéfice du "
            "titulaire, des intérêts de retard au taux prévu à l'article R. 2192-31 du code de la "
            "commande publique.",
            "Le dépassement du délai de paiement fait aussi courir une indemnité forfaitaire de "
            "40 euros pour frais de recouvrement.",
        ],
    ),
    # « au-delà duquel » is no sentence opener; « cours » in « au cours de » is no antecedent.
    (
        "Les pénalités ne peuvent excéder 10 % du montant des prestations commandées au cours "
        "de l'année, au-delà duquel l'acheteur peut résilier le marché.",
        [
            "Les pénalités ne peuvent excéder 10 % du montant des prestations commandées au "
            "cours de l'année.",
            "Au-delà de ce montant, l'acheteur peut résilier le marché.",
        ],
    ),
    # A circumstance between commas before the object: the object is taken up by a pronoun.
    (
        "Le titulaire transmet à l'acheteur, au plus tard un mois avant la date de révision, une "
        "proposition de prix révisés accompagnée du détail du calcul.",
        [
            "Le titulaire transmet à l'acheteur une proposition de prix révisés accompagnée du "
            "détail du calcul.",
            "Le titulaire la transmet au plus tard un mois avant la date de révision.",
        ],
    ),
    (
        "En cas de retard dans la livraison, le titulaire encourt, sans mise en demeure "
        "préalable, une pénalité calculée selon la formule du CCAG-FCS.",
        [
            "Il peut y avoir un retard dans la livraison.",
            "Dans ce cas, le titulaire encourt une pénalité calculée selon la formule du CCAG-FCS.",
            "Le titulaire l'encourt sans mise en demeure préalable.",
        ],
    ),
    (
        "Le titulaire remet, dans un délai de 15 jours à compter de la notification du marché, "
        "les attestations fiscales et sociales.",
        [
            "Le titulaire remet les attestations fiscales et sociales.",
            "Le titulaire les remet dans un délai de 15 jours à compter de la notification du "
            "marché.",
        ],
    ),
    # The same with a verb group: « est tenu de remplacer », « peut … demander ».
    (
        "Le titulaire est tenu de remplacer, à ses frais, les produits refusés dans un délai "
        "maximal de 4 heures suivant le refus.",
        [
            "Le titulaire est tenu de remplacer les produits refusés dans un délai maximal de 4 "
            "heures suivant le refus.",
            "Le titulaire est tenu de les remplacer à ses frais.",
        ],
    ),
    (
        "L'acheteur peut, en cas de circonstances particulières, demander une livraison "
        "supplémentaire dans un délai de 24 heures.",
        [
            "L'acheteur peut demander une livraison supplémentaire dans un délai de 24 heures.",
            "L'acheteur peut la demander en cas de circonstances particulières.",
        ],
    ),
    # A circumstance after the last comma: the subject and the verb said again.
    (
        "Les opérations de vérification quantitative et qualitative sont effectuées lors de la "
        "livraison par l'agent désigné par l'acheteur, en présence du livreur.",
        [
            "Les opérations de vérification quantitative et qualitative sont effectuées lors de "
            "la livraison par l'agent désigné par l'acheteur.",
            "Ces opérations sont effectuées en présence du livreur.",
        ],
    ),
    (
        "Vous transmettez votre dossier de réponse par voie électronique sur le site de "
        "l'acheteur, avant la date et l'heure limites indiquées en page de garde.",
        [
            "Vous transmettez votre dossier de réponse par voie électronique sur le site de "
            "l'acheteur.",
            "Vous le transmettez avant la date et l'heure limites indiquées en page de garde.",
        ],
    ),
    # The end of a list after the last comma is no circumstance (only the coordination is cut).
    (
        "Les prix sont établis hors taxes et comprennent les frais afférents au conditionnement, "
        "au transport et à la livraison des produits.",
        [
            "Les prix sont établis hors taxes.",
            "Les prix comprennent les frais afférents au conditionnement, au transport et à la "
            "livraison des produits.",
        ],
    ),
    # A coordination whose list items the parser hung on the first verb.
    (
        "Les factures sont déposées sur le portail Chorus Pro et mentionnent le numéro de la "
        "commande, la désignation des produits, les quantités.",
        [
            "Les factures sont déposées sur le portail Chorus Pro.",
            "Les factures mentionnent le numéro de la commande, la désignation des produits, les "
            "quantités.",
        ],
    ),
    # A contract document's acronym is a reference: « dans les conditions prévues par le CCAG ».
    (
        "L'acheteur prononce l'admission, l'ajournement ou le rejet des produits livrés, dans "
        "les conditions prévues par le CCAG-FCS.",
        [
            "L'acheteur prononce l'admission, l'ajournement ou le rejet des produits livrés.",
            "Les conditions sont prévues par le CCAG-FCS.",
        ],
    ),
]

KEPT = [
    # The parse makes « le bon de livraison » the object of « faites »: a cut would take it away.
    "Les vérifications sont faites lors de la livraison par l'agent de la commune, en "
    "présence du livreur, qui contresigne le bon de livraison.",
    # « laquelle »: the formula or the penalty? Two nouns agree; the antecedent is unsure.
    "Le titulaire encourt une pénalité calculée selon la formule prévue à l'article 14.1 du "
    "CCAG-FCS, par exception à laquelle aucune exonération n'est appliquée.",
    # « sans que » with a negation of its own, or with the subject after the verb.
    "Le titulaire exécute les prestations commandées dans les délais prévus, sans que "
    "l'acheteur puisse jamais les refuser.",
    "Une réponse est adressée à toutes les entreprises ayant retiré le dossier de consultation "
    "sans que soit révélée l'identité de l'auteur.",
    # « sans que » + another verb than « pouvoir », « être », « devoir »: a condition, not a fact.
    "Le titulaire peut modifier les quantités commandées dans la limite de 10 pour cent, sans "
    "que l'acheteur s'y oppose par écrit.",
    # « à condition de » after a passive: whose condition would it be?
    "Le marché peut être reconduit pour une nouvelle période de 12 mois, à condition d'en "
    "informer le titulaire par écrit.",
    # « à condition de » + a noun: no verb to put after « doit ».
    "Le titulaire peut sous-traiter l'exécution de certaines parties de son marché, à "
    "condition de l'acceptation des sous-traitants.",
    # « Lorsqu'il » announces the subject of the main clause: « Il se peut qu'il… » would lose
    # it.
    "Lorsqu'il constate un retard dans la livraison des produits commandés, l'acheteur "
    "applique une pénalité de 50 euros.",
    # « En cas de » + several cases: « Il peut y avoir une grève, des intempéries ou… » would
    # need an article for each.
    "En cas de grève, d'intempéries ou de tout autre évènement susceptible de perturber les "
    "livraisons, le titulaire en avise sans délai l'acheteur.",
    # « sans préjudice des vices cachés »: the remedies are meant, not the defects.
    "L'admission est prononcée de manière tacite à l'expiration d'un délai de 15 jours, sans "
    "préjudice des vices cachés révélés plus tard.",
    # Examples with a comma: where do they end?
    "Le candidat fournit une description de l'équipement technique, notamment des véhicules "
    "de livraison, et l'agrément sanitaire.",
    # A negated verb group: « Le titulaire ne peut pas la demander… » is not what is said.
    "L'acheteur ne peut pas, en cas de circonstances particulières, demander une livraison "
    "supplémentaire dans un délai de 24 heures.",
    # « sauf » says an exception, not a circumstance.
    "Les prix sont révisés une fois par an à la date anniversaire de la notification du marché, "
    "sauf accord contraire des parties.",
    # A relative after a preposition whose subject comes after the verb.
    "Le recours est porté devant le tribunal administratif de Lille, auprès duquel peuvent être "
    "introduits un référé et un recours.",
    # What follows the aside is not the verb's object.
    "Le délai de paiement court, à compter de la date de réception de la facture, les jours "
    "fériés compris dans le calcul.",
    # A reference joined to something else than a reference (« et du principe d'égalité »):
    # « C'est ce que prévoit l'article L. 3 du CCP et du principe… » would not be French.
    "Ce critère ne saurait, en application de l'article L. 3 du CCP et du principe d'égalité de "
    "traitement, être utilisé pour choisir.",
    # « ainsi que » after a negation or a passive: « aussi » would change what is said.
    "Le titulaire n'a pas transmis à l'acheteur le rapport mensuel d'activité du service, ainsi "
    "que les factures.",
    # « chacun étant »: a passive or a compound tense, left as it is.
    "Les prestations sont réparties en sept lots distincts, chacun étant attribué à un seul "
    "titulaire retenu.",
]


@pytest.mark.parametrize(("text", "expected"), CUTS)
def test_cut(nlp, text, expected):
    assert_split(nlp, text, expected)


@pytest.mark.parametrize("text", KEPT)
def test_not_cut(nlp, text):
    assert split_sentence(text, nlp) == [text]
