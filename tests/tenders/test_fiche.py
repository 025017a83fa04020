"""The fiche simple: built from the fields only, in plain French, with its readability score."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tenders.demo import demo_tenders
from tenders.fiche import fiche_sections, fiche_simple, fiche_text, french_date
from tenders.tender import RawTender, make_tender

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DEMO = {t.id: t for t in demo_tenders(date(2026, 3, 2))}


def text_of(tender) -> str:
    return fiche_text(fiche_sections(tender, NOW))


def test_open_notice_says_what_who_where_until_when_how():
    text = text_of(DEMO["demo:001"])
    assert "Ville de Dunkerque (démo) achète : fourniture de denrées alimentaires" in text
    assert "C'est un marché de fournitures" in text
    assert "Le marché a 4 parties. Chaque partie s'appelle un lot." in text
    assert "Lot 2 : Produits laitiers et fromages." in text
    assert "Le travail ou la livraison se fait à Dunkerque (59)." in text
    assert "Vous avez jusqu'au vendredi 20 mars 2026 à 12 h pour répondre." in text
    assert "Il reste 18 jours." in text
    assert "Cet avis est fictif." in text


def test_award_and_passed_deadline():
    assert "Ce marché est déjà attribué à : Primeurs du Littoral (fictif)." in text_of(
        DEMO["demo:007"]
    )
    assert "Le montant est de 84 000 euros hors taxes." in text_of(DEMO["demo:007"])
    closed = text_of(DEMO["demo:005"])
    assert "Elle est passée : vous ne pouvez plus répondre." in closed


def test_missing_fields_are_said_missing_never_invented():
    bare = make_tender(
        RawTender(source="t", local_id="1", objet="Travaux divers", nature="APPEL_OFFRE")
    )
    text = text_of(bare)
    assert "Un acheteur public achète : travaux divers." in text
    assert "L'avis ne donne pas le nom de l'acheteur." in text
    assert "L'avis ne dit pas où se fait le travail." in text
    assert "L'avis ne donne pas de date limite." in text


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 3, 1, 11, 0, tzinfo=UTC), "dimanche 1er mars 2026 à 12 h"),
        (datetime(2026, 7, 14, 14, 30, tzinfo=UTC), "mardi 14 juillet 2026 à 16 h 30"),
        (datetime(2026, 2, 10, 22, 59, tzinfo=UTC), "mardi 10 février 2026"),
    ],
)
def test_french_dates(moment, expected):
    assert french_date(moment) == expected


def test_fiche_is_scored_by_clair_analyse(nlp):
    fiche = fiche_simple(DEMO["demo:010"], nlp, now=NOW)
    assert fiche.score is not None and fiche.niveau is not None
    assert fiche.texte.startswith("Ce qui est acheté")
    assert [s.titre for s in fiche.sections][:4] == [
        "Ce qui est acheté",
        "Qui achète",
        "Où",
        "Jusqu'à quand",
    ]
