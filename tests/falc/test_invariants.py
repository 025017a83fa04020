"""The legal-invariants guard: extraction, normalisation, and every kind of loss detected."""

from __future__ import annotations

import pytest

from falc.invariants import compare, extract_invariants, normalise

EXTRACTED = [
    ("Le montant est de 25 000 € HT.", [("montant", "25000 EUR HT")]),
    ("soit 30 000,50 euros toutes taxes comprises", [("montant", "30000.5 EUR TTC")]),
    ("un budget de 1,5 million d'euros", [("montant", "1500000 EUR")]),
    ("une pénalité de cinq pour cent", [("pourcentage", "5 %")]),
    ("une avance de 10 %", [("pourcentage", "10 %")]),
    ("avant le 15/03/2025", [("date", "2025-03-15")]),
    ("avant le samedi 15 mars 2025", [("date", "2025-03-15")]),
    ("le 1er avril 2026", [("date", "2026-04-01")]),
    ("à 12 h 00", [("heure", "12:00")]),
    ("avant midi", [("heure", "12:00")]),
    ("dans un délai de quinze jours ouvrés", [("duree", "15 jour ouvré")]),
    ("pour une durée de un mois", [("duree", "1 mois")]),
    ("vingt-quatre (24) heures", [("duree", "24 heure")]),
    ("selon l'article R. 2152-7 du code", [("reference", "article r2152-7")]),
    ("au sens du code de la commande publique", [("reference", "code de la commande publique")]),
    ("selon le CCAG-FCS", [("reference", "ccag-fcs")]),
    ("la loi n° 2018-1021", [("reference", "loi 2018-1021")]),
    ("SIRET 123 456 789 00012", [("siret", "12345678900012")]),
    ("SIREN 123456789.", [("siren", "123456789")]),
    ("écrivez à achats@cud.fr", [("email", "achats@cud.fr")]),
    ("sur https://www.marches-publics.gouv.fr/", [("url", "www.marches-publics.gouv.fr")]),
    ("appelez le 03 28 23 69 69", [("telephone", "+33328236969")]),
    ("appelez le +33 3 28 23 69 69", [("telephone", "+33328236969")]),
    ("le titre II comporte trois lots", [("nombre", "2"), ("nombre", "3")]),
    ("Le titulaire signe un contrat.", []),
]


@pytest.mark.parametrize(("text", "expected"), EXTRACTED)
def test_extraction(text, expected):
    assert [(i.kind, i.value) for i in extract_invariants(text)] == expected


EQUIVALENT = [
    ("dans un délai de quinze jours", "dans un délai de 15 jours"),
    ("avant le 15/03/2025", "avant le samedi 15 mars 2025"),
    ("25 000 € HT", "25000 euros hors taxes"),
    ("cinq pour cent", "5 %"),
    ("le lot IV", "le lot 4"),
    ("la loi n° 2018-1021", "la loi numéro 2018-1021"),
    ("un délai de vingt-quatre (24) heures", "un délai de 24 heures"),
    ("Les offres sont analysées par l'acheteur.", "L'acheteur analyse les offres."),
    ("selon l'article R. 2152-7", "selon l'article R.2152-7"),
]


@pytest.mark.parametrize(("original", "rewrite"), EQUIVALENT)
def test_same_facts_written_differently_are_equal(original, rewrite):
    assert compare(original, rewrite) == []


# Sentences built to lose, change or add each kind of invariant.
BROKEN = [
    ("Le prix est de 25 000 € HT.", "Le prix est de 25 000 € TTC.", "montant", "modifié"),
    ("Le prix est de 25 000 € HT.", "Le prix est indiqué.", "montant", "perdu"),
    ("Une retenue de 5 % s'applique.", "Une retenue de 6 % s'applique.", "pourcentage", "modifié"),
    ("Remise avant le 15/03/2025.", "Remise avant le 16 mars 2025.", "date", "modifié"),
    ("Remise avant le 15/03/2025.", "Remise avant la date.", "date", "perdu"),
    ("Remise à 12 h 00.", "Remise à 14 h 00.", "heure", "modifié"),
    ("Délai de quinze jours.", "Délai de 15 mois.", "duree", "modifié"),
    ("Délai de 30 jours ouvrés.", "Délai de 30 jours.", "duree", "modifié"),
    ("Voir l'article R. 2152-7.", "Voir l'article R. 2152-8.", "reference", "modifié"),
    ("Voir le CCAG-FCS.", "Voir le cahier des clauses.", "reference", "perdu"),
    ("SIRET 123 456 789 00012.", "SIRET 123 456 789 00013.", "siret", "modifié"),
    ("SIREN 123 456 789.", "Numéro de l'entreprise.", "siren", "perdu"),
    ("Écrire à achats@cud.fr.", "Écrire à achat@cud.fr.", "email", "modifié"),
    ("Voir https://cud.fr/marches.", "Voir le site.", "url", "perdu"),
    ("Appelez le 03 28 23 69 69.", "Appelez le 03 28 23 69 96.", "telephone", "modifié"),
    ("Il y a trois lots.", "Il y a 4 lots.", "nombre", "modifié"),
    ("Il y a des lots.", "Il y a 3 lots.", "nombre", "ajouté"),
    ("Le marché dure un an.", "Le marché dure 2 ans.", "duree", "modifié"),
]


@pytest.mark.parametrize(("original", "rewrite", "kind", "change"), BROKEN)
def test_every_kind_of_loss_is_caught(original, rewrite, kind, change):
    changes = compare(original, rewrite)
    assert [(c.kind, c.change) for c in changes] == [(kind, change)]
    assert changes[0].message.startswith("La réécriture")


def test_count_matters_a_repeated_fact_cannot_vanish():
    changes = compare("15 jours puis 15 jours", "15 jours")
    assert [(c.kind, c.change) for c in changes] == [("duree", "perdu")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quinze jours", "15 jours"),
        ("un délai", "un délai"),
        ("le chapitre III", "le chapitre 3"),
        ("l'article L. 2152", "l'article L. 2152"),
        ("le 1er mars", "le 1 mars"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected
