"""Word-level rewrites: numbers in digits, Roman numerals, full dates, special characters."""

from __future__ import annotations

import pytest

from falc.invariants import compare
from falc.rewrite.characters import replace_special_characters
from falc.rewrite.dates import full_dates
from falc.rewrite.numbers import digits_for_words, roman_to_digits

NUMBERS = [
    # Found by the judged sample: words that are not numbers here.
    (
        "rembourse la valeur à neuf de la prestation.",
        "rembourse la valeur à neuf de la prestation.",
    ),
    ("Elles sont toutes deux révisables.", "Elles sont toutes deux révisables."),
    ("dans un délai de quinze jours", "dans un délai de 15 jours"),
    ("les deux parties signent", "les 2 parties signent"),
    ("vingt-quatre heures", "24 heures"),
    ("quatre-vingt-dix jours", "90 jours"),
    ("trente et un jours", "31 jours"),
    ("dix mille cinq cents euros", "10500 euros"),
    ("vingt-quatre (24) heures ouvrées", "24 heures ouvrées"),
    ("un (1) mois", "1 mois"),
    # Words that must stay words.
    ("un délai et une semaine", "un délai et une semaine"),
    ("l'un des lots", "l'un des lots"),
    ("un bâtiment neuf.", "un bâtiment neuf."),
    ("cinq pour cent du prix", "5 pour cent du prix"),
    ("1,5 million d'euros", "1,5 million d'euros"),
    ("la première phase", "la première phase"),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_digits_for_words(text, expected):
    assert digits_for_words(text) == expected
    assert compare(text, digits_for_words(text)) == []


ROMAN = [
    ("Le titre II", "Le titre 2"),
    ("lot IV et chapitre IX", "lot 4 et chapitre 9"),
    ("l'article L. 2152", "l'article L. 2152"),
    ("section C", "section 100"),
    ("tranche MM", "tranche MM"),
]


@pytest.mark.parametrize(("text", "expected"), ROMAN)
def test_roman_to_digits(text, expected):
    assert roman_to_digits(text) == expected


DATES = [
    ("avant le 15/03/2025", "avant le samedi 15 mars 2025"),
    ("le 01/12/2025", "le lundi 1er décembre 2025"),
    ("le 15.03.25", "le samedi 15 mars 2025"),
    ("le 2026-09-01", "le mardi 1er septembre 2026"),
    ("le samedi 15/03/2025", "le samedi 15 mars 2025"),
    ("le premier mai 2026", "le 1er mai 2026"),
    # Not a date, or a wrong weekday: a person decides.
    ("le 31/02/2025", "le 31/02/2025"),
    ("le lundi 15/03/2025", "le lundi 15/03/2025"),
    ("la version 1.2.3", "la version 1.2.3"),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_full_dates(text, expected):
    assert full_dates(text) == expected
    assert compare(text, full_dates(text)) == []


CHARACTERS = [
    # « et/ou » stays: « ou » alone may read as exclusive.
    ("Le candidat et/ou son mandataire", "Le candidat et/ou son mandataire"),
    ("Dupont & fils", "Dupont et fils"),
    ("Voir le § 3.", "Voir le paragraphe 3."),
    ("le lot n° 3", "le lot numéro 3"),
    # The citation of a text stays as it is written.
    ("la loi n° 2018-1021", "la loi n° 2018-1021"),
    ("le décret n° 2016-360", "le décret n° 2016-360"),
    ("une retenue de 5 %", "une retenue de 5 pour cent"),
    ("500 €/jour", "500 € par jour"),
    (
        "le cahier des clauses administratives particulières (CCAP) fixe",
        "le cahier des clauses administratives particulières (CCAP) fixe",
    ),
    ("le règlement (UE) 2023/2429", "le règlement (UE) 2023/2429"),
    # Brackets stay: commas would make nothing easier (see the « parentheses » proposal).
    ("le dossier (le cas échéant) est remis.", "le dossier (le cas échéant) est remis."),
    ("le délai (sauf urgence).", "le délai (sauf urgence)."),
    # Left alone: formulas, footnote marks, addresses.
    ("P = P0 × (0,15 + 0,85 × I / I0)", "P = P0 × (0,15 + 0,85 × I / I0)"),
    ("voir la note (1)", "voir la note (1)"),
    ("sur https://a.fr/x?a=1&b=2 demain", "sur https://a.fr/x?a=1&b=2 demain"),
]


@pytest.mark.parametrize(("text", "expected"), CHARACTERS)
def test_replace_special_characters(text, expected):
    assert replace_special_characters(text) == expected
    assert compare(text, replace_special_characters(text)) == []
