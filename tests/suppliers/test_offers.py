import io

import pytest
from openpyxl import Workbook, load_workbook

from suppliers.offers import (
    OfferScoring,
    OffersError,
    read_offers,
    read_offers_bytes,
    score_offers,
    sheet_to_csv,
    sheet_to_xlsx,
)

OFFERS_CSV = """candidat;site;prix_livraison_eur;livraisons_par_an;vehicule;km_annuels;part_chargement
Primeurs du Nord;Cantine A;12,50;180;porteur 19 t frigorifique;3600;50 %
Primeurs du Nord;Cantine B;15;36;porteur 19 t frigorifique;1000;0,5
Maraîchers <Flandre>;Cantine A;10;180;fourgon 3,5 t;5400;1
Maraîchers <Flandre>;Cantine B;10;36;fourgon 3,5 t;1080;1
"""


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "offres.csv"
    path.write_text(OFFERS_CSV, encoding="utf-8")
    return score_offers(read_offers(path), OfferScoring(poids_prix=20, poids_co2=10))


def test_totals_by_hand(sheet):
    by = {s.candidat: s for s in sheet.notes}
    nord, flandre = by["Primeurs du Nord"], by["Maraîchers <Flandre>"]
    # 12.5 × 180 + 15 × 36 = 2,790 € ; 10 × 216 = 2,160 €
    assert nord.prix_livraison_eur == 2790.0
    assert flandre.prix_livraison_eur == 2160.0
    # 4,600 km × 1.030 × 0.5 = 2,369 kg ; 6,480 km × 0.507 = 3,285.4 kg
    assert nord.co2_kg == pytest.approx(2369.0, abs=1)
    assert flandre.co2_kg == pytest.approx(3285.4, abs=1)
    assert nord.cout_co2_eur == pytest.approx(2369.0 / 1000 * 250, abs=0.5)


def test_lowest_figure_gets_the_full_weight(sheet):
    by = {s.candidat: s for s in sheet.notes}
    assert by["Maraîchers <Flandre>"].note_prix == 20
    assert by["Primeurs du Nord"].note_prix == pytest.approx(20 * 2160 / 2790, abs=0.01)
    assert by["Primeurs du Nord"].note_co2 == 10
    assert by["Maraîchers <Flandre>"].note_co2 == pytest.approx(10 * 2369 / 3285.4, abs=0.01)
    assert max(s.note_cout_cycle_de_vie for s in sheet.notes) == 10
    assert sheet.notes[0].cout_cycle_de_vie_eur <= sheet.notes[1].cout_cycle_de_vie_eur


def test_offer_price_feeds_the_life_cycle_cost():
    text = (
        "candidat,prix_livraison_eur,vehicule,km_annuels,prix_offre_eur\n"
        "A,100,fourgon,1000,50000\nB,100,semi 40 t,1000,49900\n"
    )
    sheet = score_offers(read_offers_bytes(text.encode(), "o.csv"))
    by = {s.candidat: s for s in sheet.notes}
    assert by["A"].cout_cycle_de_vie_eur == pytest.approx(50000 + 507 * 0.25, abs=0.1)
    assert by["B"].cout_cycle_de_vie_eur == pytest.approx(49900 + 1071.5 * 0.25, abs=0.2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("candidat,vehicule\nA,fourgon\n", "Colonnes manquantes : km_annuels, prix_livraison_eur"),
        (
            "candidat,prix_livraison_eur,vehicule,km_annuels\nA,dix,fourgon,10\n",
            "ligne 2 : prix_livraison_eur n'est pas un nombre",
        ),
        (
            "candidat,prix_livraison_eur,vehicule,km_annuels\nA,10,trottinette,10\n",
            "véhicule non reconnu",
        ),
        (
            "candidat,prix_livraison_eur,vehicule,km_annuels\nA,10,fourgon,-5\n",
            "km_annuels négatif",
        ),
        (
            "candidat,prix_livraison_eur,vehicule,km_annuels,part_chargement\nA,10,fourgon,5,150 %\n",
            "part_chargement hors de 0 à 1",
        ),
        ("", "vide"),
    ],
)
def test_bad_files_get_french_errors(text, message):
    with pytest.raises(OffersError, match=message):
        read_offers_bytes(text.encode(), "offres.csv")


def test_xlsx_input_is_read():
    wb = Workbook()
    ws = wb.active
    ws.append(["Candidat", "Prix livraison eur", "Véhicule", "km annuels"])
    ws.append(["A", 10, "porteur 12 t", 100])
    out = io.BytesIO()
    wb.save(out)
    lines = read_offers_bytes(out.getvalue(), "offres.xlsx")
    assert lines[0].vehicule == "porteur-12t" and lines[0].km_annuels == 100


def test_csv_output(sheet):
    rows = sheet_to_csv(sheet).splitlines()
    assert rows[0].startswith("candidat,prix_livraison_eur")
    assert len(rows) == 3


def test_xlsx_scores_are_formulas(sheet):
    wb = load_workbook(io.BytesIO(sheet_to_xlsx(sheet)))
    notes, decl = wb["Notes"], wb["Déclarations"]
    assert "Aucune distance estimée" in notes["A1"].value
    assert notes["B3"].value == 20
    assert notes["H9"].value == "=IF(B9>0,$B$3*MIN($B$9:$B$10)/B9,$B$3)"
    assert notes["B9"].value.startswith("=SUMIF('Déclarations'!$A$2:$A$5,A9,")
    assert decl["J2"].value == "=G2*F2*H2"
    assert decl["H2"].value == 0.5


def test_control_characters_never_reach_the_xlsx():
    """Characters XML forbids are dropped at reading: openpyxl would refuse to write them."""
    text = OFFERS_CSV.replace("Primeurs du Nord", "Primeurs\x01 du Nord\x0b")
    sheet = score_offers(read_offers_bytes(text.encode(), "offres.csv"))
    wb = load_workbook(io.BytesIO(sheet_to_xlsx(sheet)))
    names = {row[0] for row in wb.worksheets[0].iter_rows(values_only=True)}
    assert "Primeurs du Nord" in names
