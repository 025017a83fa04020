"""Sentence boundaries of administrative French: legal references stay inside one sentence."""

import pytest

from falc.segmentation import COMPONENT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "La procédure est passée en application des articles L. 2124-2, R. 2124-2 1° "
            "et R. 2161-2 à R. 2161-5 du code de la commande publique.",
            1,
        ),
        (
            "Conformément à l'art. R. 2152-7 du CCP, les offres sont classées. Le marché est notifié.",
            2,
        ),
        ("Voir le point n° 3. Les pénalités sont fixées à l'article 14.2 du CCAP.", 2),
        ("M. Dupont signe. Mme Durand valide le 15 mars ! Oui ?", 3),
        ("Pièces à fournir :\n- le DUME\n- le mémoire technique", 3),
        ("Le délai est de 15 jours... puis le marché est notifié. « Vous devez répondre. »", 2),
        ("Le montant est de 1 500,50 € HT. Il est payé sous 30 jours.", 2),
        ("Les fruits relèvent de la catégorie I. Les légumes de catégorie II sont admis.", 2),
        ("Le titulaire applique le titre V. Les prix sont fermes.", 2),
        ("La note est signée par J. Dupont et par A. Martin.", 1),
        ("Selon l'article L. 2152-7 du code, les offres sont classées.", 1),
        ("Voir l'article L. 3 et l'annexe C. Dupont signe.", 1),
        ("Les produits du lot I. 2 sont livrés.", 1),
        ("Les produits sont livrés à +4 °C. Tout dépassement entraîne le refus.", 2),
        # A clause number opening a line is part of its sentence, never sentences of its own.
        ("3. 2. 1. Tout délai mentionné au marché commence à courir. Le reste suit.", 2),
        ("12. Le titulaire remet le rapport.\n3. 1. Le délai court.", 2),
        ("Le titulaire a 3 ans. 2. Le délai court.", 3),
        ("", 0),
    ],
)
def test_sentence_boundaries(nlp, text, expected):
    assert COMPONENT in nlp.pipe_names
    assert len(list(nlp(text).sents)) == expected
