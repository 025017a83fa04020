import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from suppliers.sites import SiteInput, SitesError, locate_sites, read_sites, read_sites_bytes

DEMO = Path(__file__).resolve().parents[2] / "suppliers" / "data" / "demo_sites_cantines.csv"


@pytest.mark.parametrize(
    ("row", "code_commune", "precision", "remarque"),
    [
        ({"latitude": 51.0, "longitude": 2.3}, None, "coordonnees", False),
        ({"commune": "Gravelines"}, "59273", "commune", False),
        ({"commune": "gravelines"}, "59273", "commune", False),
        ({"commune": "59273"}, "59273", "commune", False),
        ({"commune": "Saint-Pol-sur-Mer"}, "59183", "commune", False),  # merged into Dunkerque
        # 59140 is Caullery's INSEE code but Dunkerque's postal code: an address means the latter.
        ({"adresse": "Place Charles Valentin, 59140 Dunkerque"}, "59183", "commune", True),
        ({"adresse": "1 rue de la Gare 59140"}, "59183", "commune", True),
        ({"adresse": "2 rue Jean Jaurès, 59380 Spycker"}, "59576", "commune", True),
        ({"adresse": "12 rue du Port, Gravelines"}, "59273", "commune", True),
    ],
)
def test_sites_are_placed(row, code_commune, precision, remarque):
    (site,) = locate_sites([SiteInput(nom="École", livraisons_par_an=36, **row)])
    assert site.precision == precision
    assert site.code_commune == code_commune
    assert (site.remarque is not None) == remarque
    if remarque:
        assert "précision : commune" in site.remarque


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nom;commune\nA;Dunkerque\n", "Colonnes obligatoires"),
        ("nom;livraisons_par_an\nA;3\n", "commune, adresse ou latitude"),
        ("nom;commune;livraisons_par_an\nA;Dunkerque;beaucoup\n", "ligne 2 : livraisons_par_an"),
        ("nom;commune;livraisons_par_an\nA;Dunkerque;0\n", "ligne 2 : livraisons_par_an doit"),
        ("nom;commune;livraisons_par_an\nA;Atlantide;10\n", "« A » : commune « Atlantide »"),
        ("nom;latitude;longitude;livraisons_par_an\nA;51;;10\n", "latitude et la longitude"),
        ("nom;latitude;longitude;livraisons_par_an\nA;95;2;10\n", "latitude hors des limites"),
        ("nom;commune;livraisons_par_an\n", "aucune ligne"),
        ("", "vide"),
    ],
)
def test_bad_rows_are_listed_in_french(text, message):
    with pytest.raises(SitesError, match=message):
        read_sites_bytes(text.encode("utf-8"), "sites.csv")


def test_every_bad_row_is_reported_at_once():
    text = "nom,commune,livraisons_par_an\nA,Atlantide,1\nB,Dunkerque,2\nC,Utopie,3\n"
    with pytest.raises(SitesError) as err:
        read_sites_bytes(text.encode(), "sites.csv")
    assert "Atlantide" in str(err.value) and "Utopie" in str(err.value)


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_csv_separators_headers_and_encodings(sep):
    text = sep.join(["Nom", "Commune", "Livraisons par an"]) + "\n"
    text += sep.join(["Cantine Hugo", "Bourbourg", "72"]) + "\n"
    (site,) = read_sites_bytes(text.encode("cp1252"), "sites.csv")
    assert site.nom == "Cantine Hugo" and site.livraisons_par_an == 72


def test_xlsx_sites():
    wb = Workbook()
    wb.active.append(["nom", "latitude", "longitude", "livraisons_par_an"])
    wb.active.append(["Cuisine centrale", 51.02, 2.35, 250])
    out = io.BytesIO()
    wb.save(out)
    (site,) = read_sites_bytes(out.getvalue(), "sites.xlsx")
    assert (site.latitude, site.longitude, site.livraisons_par_an) == (51.02, 2.35, 250)


def test_demo_canteens_are_all_placed_in_the_cud():
    from places.communes import CUD_COMMUNES

    sites = read_sites(DEMO)
    assert len(sites) == 48
    assert {s.code_commune for s in sites} <= set(CUD_COMMUNES)
    assert sum(s.remarque is not None for s in sites) == 2


def test_missing_file_is_a_french_error(tmp_path):
    with pytest.raises(SitesError, match="illisible"):
        read_sites(tmp_path / "absent.csv")
