"""Pages over the packages: Marchés, Analyser, Livraisons (they call the packages, the tests
check what a visitor sees and downloads)."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.settings import Settings
from tests.api.accounts import log_in
from tests.api.pages_helpers import FIRMS, add_demo_tenders, add_firms, alert, csrf, soup

EXEMPLES = __import__("pathlib").Path(__file__).resolve().parents[2] / "falc" / "exemples"


@pytest.fixture
def client(base_path):
    app = create_app(Settings(base=base_path, demo=False, secret_key="test", upload_max_mb=1))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def tenders(client, base_path):
    return add_demo_tenders(base_path)


def _count(response) -> int:
    heading = soup(response).find("h2", id="resultats")
    return int(heading.get_text().split()[0])


# --- Marchés -------------------------------------------------------------------------------


def test_first_visit_lists_open_tenders(client, tenders):
    response = client.get("/marches")
    assert response.status_code == 200
    assert 0 < _count(response) <= tenders
    assert soup(response).find("input", id="ouverts").has_attr("checked")


def test_search_around_a_commune_narrows_the_list(client, tenders):
    everything = _count(client.get("/marches", params={"envoye": "1"}))
    near = client.get("/marches", params={"envoye": "1", "autour": "Dunkerque", "rayon_km": "5"})
    assert 0 < _count(near) < everything
    distances = [li.get_text() for li in soup(near).select("li.marche")]
    assert all(" km." in text for text in distances)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rayon_km": "10"}, "indiquez aussi la commune"),
        ({"autour": "Dunkerque", "rayon_km": "dix"}, "« Distance maximale » : il faut un nombre"),
        ({"autour": "Dunkerque", "rayon_km": "-1"}, "trop petite"),
        ({"autour": "Nullepartville"}, "Commune introuvable"),
    ],
)
def test_search_mistakes_are_explained(client, tenders, params, message):
    response = client.get("/marches", params={"envoye": "1", **params})
    assert response.status_code == 200
    assert message in alert(response)


def test_search_terms_are_escaped(client, tenders):
    response = client.get("/marches", params={"envoye": "1", "q": '"><script>alert(1)</script>'})
    assert "<script>alert(1)</script>" not in response.text


def test_a_tender_has_its_fiche_simple(client, tenders):
    first = soup(client.get("/marches")).select_one("li.marche h3 a")
    response = client.get(first["href"])
    assert response.status_code == 200
    titles = [h.get_text() for h in soup(response).find_all("h3")]
    assert "Ce qui est acheté" in titles
    assert client.get("/marches/avis/demo:inexistant").status_code == 404


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("123", "SIRET n'est pas valide"),
        ("73282932000075", "SIRET n'est pas valide"),
        ("55210055400013", None),
    ],
)
def test_tenders_for_my_firm(client, tenders, base_path, siret, message):
    add_firms(base_path)
    response = client.get("/marches/pour-mon-entreprise", params={"siret": siret})
    assert response.status_code == 200
    if message:
        assert message in alert(response)
    else:
        assert alert(response) is None
        assert "Marchés pour Transports &lt;Flandre&gt; &amp; Fils" in response.text


def test_a_firm_account_sees_its_own_firm_without_typing(client, tenders, base_path):
    add_firms(base_path)
    log_in(client, base_path, "entreprise")  # SIREN 732829320: Primeurs du Littoral
    response = client.get("/marches/pour-mon-entreprise")
    assert soup(response).find("input", id="siret")["value"] == FIRMS[0]["siret"]


def test_saving_a_search_gives_its_atom_feed(client, tenders, base_path):
    log_in(client, base_path, "entreprise")
    token = csrf(client, "/marches?envoye=1&q=nettoyage")
    response = client.post(
        "/marches/recherches",
        data={"csrf_token": token, "nom": "Nettoyage <près>", "q": "nettoyage", "ouverts": "1"},
    )
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text() == "Recherche enregistrée : Nettoyage <près>"
    feed_url = page.find("input", id="lien-flux")["value"]
    feed = client.get(feed_url)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    again = client.get(page.find("a", string="Voir les résultats de la recherche")["href"])
    assert _count(again) >= 1
    listed = soup(client.get("/marches")).find(id="mes-recherches")
    assert listed is not None


# --- Analyser ------------------------------------------------------------------------------


def _analysed(client, response):
    """The result page, after the progress page if the analysis took a while."""
    for _ in range(240):
        box = soup(response).find(attrs={"data-suivi": True})
        if box is None:
            return response
        state = client.get(box["data-suivi"]).json()
        assert state["etat"] in ("en_attente", "en_cours", "termine")
        time.sleep(0.5)
        response = client.get(str(response.url))
    raise AssertionError("analyse trop longue")


def test_pasted_text_is_analysed_with_highlights(client, nlp):
    token = csrf(client, "/analyser")
    text = (
        "Le marché est attribué par le pouvoir adjudicateur conformément aux dispositions du "
        "CCAP, nonobstant toute stipulation contraire, dans un délai de 30 jours calendaires "
        "à compter de la notification, sous réserve de la production des pièces justificatives.\n\n"
        "<b>Ne pas</b> oublier."
    )
    response = _analysed(
        client, client.post("/analyser", data={"csrf_token": token, "texte": text})
    )
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text() == "Analyse : texte collé"
    assert page.find_all("mark", class_="constat")
    assert page.find(id="regles-titre") is not None
    first = page.find(id="titre-a-revoir")
    assert first.get_text() == "Les 10 passages à revoir en premier"
    assert first.find_next("ol", class_="passages").find_all("li")
    shown = page.find("section", class_="texte-analyse")
    assert shown.find("b") is None  # the pasted tag is text, not markup
    assert "<b>Ne pas</b> oublier." in shown.get_text()


def test_uploaded_docx_gives_the_report_and_the_annotated_copy(client, nlp):
    token = csrf(client, "/analyser")
    source = (EXEMPLES / "ccap-extrait.docx").read_bytes()
    response = client.post(
        "/analyser", data={"csrf_token": token}, files={"fichier": ("ccap.docx", source)}
    )
    page = soup(_analysed(client, response))
    assert page.find(class_="score-valeur").get_text().strip()[0].isdigit()
    report = client.get(page.find("a", string="Télécharger le rapport (HTML)")["href"])
    assert report.status_code == 200
    assert 'filename="ccap.rapport.html"' in report.headers["content-disposition"]
    assert "<html" in report.text
    docx = client.get(page.find("a", string="Télécharger le document commenté (Word)")["href"])
    assert docx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        assert "word/comments.xml" in archive.namelist()


@pytest.mark.parametrize(
    ("files", "text", "status", "message"),
    [
        (None, "", 422, "Choisissez un fichier ou collez un texte"),
        ({"fichier": ("virus.exe", b"MZ\x90\x00binary")}, "", 422, "pas pris en charge"),
        ({"fichier": ("gros.txt", b"mot " * 400_000)}, "", 413, "trop gros"),
        ({"fichier": ("vide.txt", b"   ")}, "", 422, "vide"),
    ],
)
def test_bad_documents_are_refused_in_french(client, files, text, status, message):
    token = csrf(client, "/analyser")
    response = client.post("/analyser", data={"csrf_token": token, "texte": text}, files=files)
    assert response.status_code == status
    assert message in alert(response)


def test_unknown_analysis_is_a_404_page(client):
    assert client.get("/analyser/inconnue").status_code == 404
    assert client.get("/analyser/inconnue/rapport.html").status_code == 404


# --- Livraisons ----------------------------------------------------------------------------


def _delivery_form(client) -> dict[str, str]:
    page = soup(client.get("/livraisons?exemple=1"))
    return {
        "csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"],
        "sites_csv": page.find("textarea", id="sites_csv").get_text(),
        "sirets": "\n".join(f["siret"] for f in FIRMS) + "\n12345678901234",
        "vehicule": "fourgon-3.5t",
        "detour": "1,3",
        "valeur_carbone": "250",
        "points": "10",
        "aller_retour": "1",
    }


def test_delivery_page_asks_osrm_when_configured_and_says_when_it_falls_back(base_path):
    # A closed local port: the page must try OSRM, then fall back to the estimate and say why.
    settings = Settings(
        base=base_path, demo=False, secret_key="test", osrm_url="http://127.0.0.1:9"
    )
    with TestClient(create_app(settings)) as osrm_client:
        add_firms(base_path)
        response = osrm_client.post("/livraisons", data=_delivery_form(osrm_client))
    assert response.status_code == 200, alert(response)
    result = soup(response).find("section", attrs={"aria-labelledby": "resultat-livraisons"})
    assert "OSRM" in result.get_text()
    assert len(result.select("tbody tr")) == 2


def test_delivery_estimate_table_map_and_spreadsheet(client, base_path):
    add_firms(base_path)
    form = _delivery_form(client)
    assert form["sites_csv"].startswith("nom;")
    response = client.post("/livraisons", data=form)
    assert response.status_code == 200, alert(response)
    page = soup(response)
    result = page.find("section", attrs={"aria-labelledby": "resultat-livraisons"})
    rows = result.select("tbody tr")
    assert [r.th.contents[0].strip() for r in rows] == [
        "Primeurs du Littoral",
        "Transports <Flandre> & Fils",
    ]
    assert "12345678901234" in result.get_text()
    frame = page.find("iframe", class_="carte")
    assert frame["sandbox"] == ["allow-scripts"]  # scripts, but no access to Clair's cookies
    assert "Restaurant scolaire" in frame["srcdoc"]
    xlsx = client.post("/livraisons/tableur.xlsx", data=form)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row >= 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sirets": ""}, "au moins un numéro SIRET"),
        ({"sirets": "11111111111111"}, "Aucun de ces SIRET"),
        ({"sites_csv": ""}, "Donnez les sites"),
        ({"sites_csv": "nom;x\nA;b"}, "Colonnes obligatoires"),
        ({"detour": "9"}, "« Facteur de détour » : la valeur est trop grande"),
        ({"vehicule": "fusée"}, "Véhicule inconnu"),
    ],
)
def test_delivery_mistakes_are_explained_and_inputs_kept(client, base_path, change, message):
    add_firms(base_path)
    form = {**_delivery_form(client), **change}
    response = client.post("/livraisons", data=form)
    assert response.status_code == 422
    assert message in alert(response)
    assert soup(response).find("textarea", id="sirets").get_text() == form["sirets"]


@pytest.mark.parametrize(
    ("critere", "expected"),
    [("prix", "critere-texte"), ("co2", "critere-texte"), ("cout-cycle-de-vie", "critere-texte")],
)
def test_legal_criterion_wording(client, critere, expected):
    page = soup(client.get("/livraisons", params={"critere": critere, "poids": "15"}))
    assert page.find(id=expected) is not None
    assert "15" in page.find("article").get_text()


@pytest.mark.parametrize("critere", ["distance", "proximite", "prix-distance"])
def test_distance_criteria_are_refused_with_the_law(client, critere):
    response = client.get("/livraisons", params={"critere": critere})
    assert "420585" in alert(response)
    assert soup(response).find("article") is None
