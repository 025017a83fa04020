"""Pages with roles: Mon entreprise (a firm edits only its own establishments), Vérifications
(officers only), plus Fournisseurs and Simplifier."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from storage import connect
from suppliers.store import get_firm
from tests.api.accounts import bearer, log_in
from tests.api.pages_helpers import FIRMS, add_firms, alert, csrf, soup

OWN, OTHER = FIRMS[0]["siret"], FIRMS[1]["siret"]


@pytest.fixture
def client(base_path):
    app = create_app(Settings(base=base_path, demo=False, secret_key="test"))
    with TestClient(app) as test_client:
        add_firms(base_path)
        yield test_client


def _declare(client, siret: str, **fields):
    token = csrf(client, "/mon-entreprise")
    return client.post("/mon-entreprise", data={"csrf_token": token, "siret": siret, **fields})


# who → expected status of GET /mon-entreprise, GET /verifications
ACCESS = [
    (None, 303, 303),
    ("entreprise", 200, 403),
    ("agent", 403, 200),
]


@pytest.mark.parametrize(("who", "entreprise", "verifications"), ACCESS)
def test_role_pages(client, base_path, who, entreprise, verifications):
    if who:
        log_in(client, base_path, who)
    first = client.get("/mon-entreprise", follow_redirects=False)
    second = client.get("/verifications", follow_redirects=False)
    assert (first.status_code, second.status_code) == (entreprise, verifications)
    if who is None:
        assert first.headers["location"] == "/connexion?suivant=/mon-entreprise"
    if verifications == 403:
        assert alert(second) == "Cette action est réservée aux agents publics."


def test_a_firm_declares_and_sees_it_waits_for_verification(client, base_path):
    log_in(client, base_path, "entreprise")
    page = soup(client.get("/mon-entreprise"))
    assert page.find(id="statut-titre").get_text() == "Primeurs du Littoral"
    assert "Rien de déclaré" in page.find(class_="etiquette").get_text()
    response = _declare(
        client,
        OWN,
        mots_cles="fruits, légumes, <bio>",
        description="Primeur <b>local</b>",
        zone_livraison="Communauté urbaine de Dunkerque",
        rayon_livraison_km="25",
        contact="contact@primeurs.fr",
    )
    assert response.status_code == 200
    page = soup(response)
    assert "Un agent public va la vérifier" in page.find(class_="message-succes").get_text()
    assert page.find(class_="etiquette").get_text() == "En attente de vérification"
    assert page.find("input", id="mots_cles")["value"] == "fruits, légumes, <bio>"
    assert page.find("textarea", id="description").find("b") is None


@pytest.mark.parametrize(
    ("who", "siret", "status"),
    [
        ("entreprise", OTHER, 403),  # another firm's establishment
        ("autre-entreprise", OWN, 403),
        ("agent", OWN, 403),  # officers verify, they do not declare for a firm
    ],
)
def test_nobody_edits_another_firm(client, base_path, who, siret, status):
    log_in(client, base_path, who)
    token = csrf(client, "/")
    response = client.post(
        "/mon-entreprise", data={"csrf_token": token, "siret": siret, "mots_cles": "pirate"}
    )
    assert response.status_code == status
    conn = connect(base_path)
    try:
        assert get_firm(conn, siret).mots_cles == []
    finally:
        conn.close()


def test_anonymous_cannot_declare(client):
    token = csrf(client, "/connexion")
    response = client.post(
        "/mon-entreprise",
        data={"csrf_token": token, "siret": OWN, "mots_cles": "x"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/connexion")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rayon_livraison_km": "loin"}, "rayon de livraison"),
        ({"mots_cles": ",".join(f"mot{i}" for i in range(40))}, "30 mots-clés"),
    ],
)
def test_declaration_mistakes_are_explained(client, base_path, fields, message):
    log_in(client, base_path, "entreprise")
    response = _declare(client, OWN, **fields)
    assert response.status_code == 422
    assert message in alert(response)


def test_an_officer_verifies_or_rejects_with_a_reason(client, base_path):
    log_in(client, base_path, "entreprise")
    _declare(client, OWN, mots_cles="fruits")
    client.post("/api/deconnexion")
    log_in(client, base_path, "agent")
    page = soup(client.get("/verifications"))
    assert page.find("h2").get_text() == "1 déclaration à vérifier"
    checks = page.find("article").find("table").find_all("tr")
    assert len(checks) > 1
    token = csrf(client, "/verifications")
    refused = client.post(
        f"/verifications/{OWN}", data={"csrf_token": token, "decision": "rejete", "motif": ""}
    )
    assert "motif du rejet" in alert(refused)
    rejected = client.post(
        f"/verifications/{OWN}",
        data={"csrf_token": token, "decision": "rejete", "motif": "Contact <injoignable>"},
    )
    assert soup(rejected).find("h2").get_text() == "0 déclarations à vérifier"
    client.post("/api/deconnexion")
    log_in(client, base_path, "entreprise")
    page = soup(client.get("/mon-entreprise"))
    assert page.find(class_="etiquette").get_text() == "Refusée"
    assert "Motif du refus : Contact <injoignable>" in page.get_text()


def test_verification_form_needs_csrf_and_an_officer(client, base_path):
    log_in(client, base_path, "entreprise")
    token = csrf(client, "/")
    assert (
        client.post(
            f"/verifications/{OWN}", data={"csrf_token": token, "decision": "verifie"}
        ).status_code
        == 403
    )
    client.post("/api/deconnexion")
    log_in(client, base_path, "agent")
    assert client.post(f"/verifications/{OWN}", data={"decision": "verifie"}).status_code == 403


# --- Fournisseurs --------------------------------------------------------------------------


def test_supplier_search_lists_maps_and_exports(client):
    params = {"autour": "Dunkerque", "rayon_km": "100"}
    page = soup(client.get("/fournisseurs", params=params))
    assert page.find(id="resultats").get_text().startswith("2 entreprises trouvées")
    names = [h.get_text() for h in page.select("li.entreprise h3")]
    assert names == ["Primeurs du Littoral", "Transports <Flandre> & Fils"]
    frame = page.find("iframe", class_="carte")
    carte = client.get(frame["src"])
    assert carte.status_code == 200
    assert "Primeurs du Littoral" in carte.text
    csv_text = client.get(page.find("a", string="Télécharger la liste (CSV)")["href"]).text
    assert csv_text.lstrip("\ufeff").startswith("siret;nom;")
    assert len(csv_text.strip().splitlines()) == 3
    geo = json.loads(
        client.get(page.find("a", string="Télécharger la carte (GeoJSON)")["href"]).text
    )
    assert {f["id"] for f in geo["features"]} == {OWN, OTHER}


def test_activity_picker_has_labels(client):
    options = soup(client.get("/fournisseurs")).find("select", id="naf").find_all("option")
    labels = {o["value"]: o.get_text() for o in options}
    assert labels["56"] == "56 — Restauration"
    assert labels["F"].startswith("Toute la section F")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"naf": "ZZ"}, "Code NAF invalide"),
        ({"rayon_km": "5"}, "indiquez aussi la commune"),
        ({"autour": "Nullepartville"}, "introuvable"),
    ],
)
def test_supplier_search_mistakes(client, params, message):
    assert message in alert(client.get("/fournisseurs", params=params))


def test_verified_only_filter(client, base_path):
    params = {"autour": "Dunkerque", "rayon_km": "100", "verifies": "1"}
    assert (
        soup(client.get("/fournisseurs", params=params))
        .find(id="resultats")
        .get_text()
        .startswith("0 ")
    )


# --- Simplifier ----------------------------------------------------------------------------


def _done(client, response):
    for _ in range(240):
        if soup(response).find(attrs={"data-suivi": True}) is None:
            return response
        time.sleep(0.5)
        response = client.get(str(response.url))
    raise AssertionError("simplification trop longue")


def test_simplifier_side_by_side_and_tracked_changes(client, nlp):
    token = csrf(client, "/simplifier")
    text = (
        "Le dossier doit être remis par le candidat avant le 12/03/2026 à 12h00. "
        "Le montant est de 15 000 euros HT (hors taxes)."
    )
    response = _done(client, client.post("/simplifier", data={"csrf_token": token, "texte": text}))
    assert response.status_code == 200
    page = soup(response)
    scores = [s.get_text() for s in page.select(".score-valeur")]
    assert len(scores) == 3
    pair = page.select_one(".paragraphe-compare")
    assert pair.find("del") is not None and pair.find("ins") is not None
    assert "12 mars 2026" in pair.get_text()
    docx = client.get(page.find("a", string=lambda s: s and "modifications suivies" in s)["href"])
    assert docx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        assert "<w:ins " in archive.read("word/document.xml").decode()


def test_simplifier_refuses_empty_input(client):
    token = csrf(client, "/simplifier")
    response = client.post("/simplifier", data={"csrf_token": token, "texte": "  "})
    assert response.status_code == 422
    assert "collez un texte" in alert(response)


# --- Who speaks for a firm (issue 15: the campaign took over a firm's record) --------------

ATTACKER = {"email": "pirate@exemple.net", "mot_de_passe": "un mot de passe assez long"}


def _sign_up(client, siren: str, email: str = ATTACKER["email"]):
    token = csrf(client, "/inscription")
    password = ATTACKER["mot_de_passe"]
    return client.post(
        "/inscription",
        data={"csrf_token": token, "siren": siren, "email": email,
              "mot_de_passe": password, "confirmation": password},
    )  # fmt: skip


def _verified_record(client, base_path) -> None:
    """OWN declared by its approved account and verified by an officer."""
    log_in(client, base_path, "entreprise")
    _declare(client, OWN, mots_cles="fruits", contact="contact@primeurs.fr")
    client.post("/api/deconnexion")
    log_in(client, base_path, "agent")
    token = csrf(client, "/verifications")
    client.post(f"/verifications/{OWN}", data={"csrf_token": token, "decision": "verifie"})
    client.post("/api/deconnexion")
    client.cookies.clear()


def _public_record(base_path, siret=OWN):
    conn = connect(base_path)
    try:
        firm = get_firm(conn, siret)
    finally:
        conn.close()
    return firm.contact, firm.statut_verification


def test_an_account_with_another_firms_siren_cannot_edit_its_record(client, base_path):
    _verified_record(client, base_path)
    assert _public_record(base_path) == ("contact@primeurs.fr", "vérifié")
    signed_up = _sign_up(client, OWN[:9])
    assert signed_up.status_code == 200
    page = soup(signed_up)
    assert "Un agent public va vérifier" in page.find(class_="message-succes").get_text()
    assert "attend l'accord d'un agent public" in page.get_text()
    assert page.find("form", action="/mon-entreprise") is None
    token = csrf(client, "/mon-entreprise")
    edit = client.post(
        "/mon-entreprise", data={"csrf_token": token, "siret": OWN, "contact": ATTACKER["email"]}
    )
    assert edit.status_code == 403
    assert "attend l'accord d'un agent public" in alert(edit)
    # Through the API with a token, the same.
    api_token = client.post("/api/jetons", json={"nom": "x"}).json()["jeton"]
    response = client.post(
        "/api/fournisseurs/declarations",
        json={"siret": OWN, "contact": ATTACKER["email"]},
        headers={"Authorization": f"Bearer {api_token}"},
    )
    assert response.status_code == 403
    assert _public_record(base_path) == ("contact@primeurs.fr", "vérifié")


@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("000000000", "Le SIREN 000000000 n'existe pas"),
        ("732829321", "clé de contrôle est fausse"),
        ("1234", "SIREN à 9 chiffres"),
    ],
)
def test_sign_up_refuses_a_siren_that_cannot_exist(client, siren, message):
    response = _sign_up(client, siren)
    assert response.status_code == 400
    assert message in alert(response)


def test_an_officer_checks_the_register_and_approves_the_link(client, base_path):
    _sign_up(client, OWN[:9], email="gerant@primeurs-littoral.fr")
    client.post("/api/deconnexion")
    client.cookies.clear()
    log_in(client, base_path, "agent")
    page = soup(client.get("/verifications"))
    assert page.find(id="comptes-titre").get_text() == "1 compte entreprise à vérifier"
    request = page.find("article", id=lambda v: v and v.startswith("compte-"))
    text = request.get_text(" ", strip=True)
    assert "primeurs-littoral.fr" in text  # the requester's e-mail domain
    assert "Primeurs du Littoral" in text  # the register's name for that SIREN
    assert OWN in text and "Dunkerque" in text and "46.31Z" in text  # its establishments
    action = request.find("form")["action"]
    assert client.post(action, data={"decision": "approuve"}).status_code == 403  # no CSRF
    token = csrf(client, "/verifications")
    refused = client.post(action, data={"csrf_token": token, "decision": "refuse"})
    assert "motif du refus" in alert(refused)
    approved = client.post(action, data={"csrf_token": token, "decision": "approuve"})
    assert "est approuvé" in soup(approved).find(class_="message-succes").get_text()
    assert soup(approved).find(id="comptes-titre") is None
    client.post("/api/deconnexion")
    client.cookies.clear()
    client.post(
        "/api/connexion",
        json={"email": "gerant@primeurs-littoral.fr", "mot_de_passe": ATTACKER["mot_de_passe"]},
    )
    assert _declare(client, OWN, contact="gerant@primeurs-littoral.fr").status_code == 200
    assert _public_record(base_path) == ("gerant@primeurs-littoral.fr", "déclaré")


def test_a_refused_link_is_explained_to_the_firm(client, base_path):
    _sign_up(client, OWN[:9])
    client.post("/api/deconnexion")
    client.cookies.clear()
    log_in(client, base_path, "agent")
    page = soup(client.get("/verifications"))
    action = page.find("article", id=lambda v: v and v.startswith("compte-")).find("form")["action"]
    token = csrf(client, "/verifications")
    client.post(
        action,
        data={"csrf_token": token, "decision": "refuse", "motif": "Adresse inconnue de la société"},
    )
    client.post("/api/deconnexion")
    client.cookies.clear()
    client.post("/api/connexion", json=ATTACKER)
    text = soup(client.get("/mon-entreprise")).get_text(" ", strip=True)
    assert "a refusé le lien" in text and "Adresse inconnue de la société" in text


def test_a_verified_record_keeps_its_values_until_an_agent_accepts_the_change(client, base_path):
    _verified_record(client, base_path)
    log_in(client, base_path, "entreprise")
    changed = _declare(client, OWN, mots_cles="fruits", contact="nouveau@primeurs.fr")
    page = soup(changed)
    assert "garde les informations vérifiées" in page.find(class_="message-succes").get_text()
    assert page.find(id="revision-titre") is not None
    assert page.find("input", id="contact")["value"] == "nouveau@primeurs.fr"
    assert _public_record(base_path) == ("contact@primeurs.fr", "vérifié")
    public = client.get(f"/api/fournisseurs/{OWN}").json()["entreprise"]
    assert (public["contact"], public["statut_verification"]) == ("contact@primeurs.fr", "vérifié")
    client.post("/api/deconnexion")
    log_in(client, base_path, "agent")
    page = soup(client.get("/verifications"))
    assert page.find(id="modifications-titre").get_text() == "1 modification de fiches vérifiées"
    article = page.find("article", id=lambda v: v and v.startswith("modification-"))
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in article.find("tbody").find_all("tr")]
    assert rows == [["Contact", "contact@primeurs.fr", "nouveau@primeurs.fr"]]
    token = csrf(client, "/verifications")
    accepted = client.post(
        article.find("form")["action"], data={"csrf_token": token, "decision": "accepter"}
    )
    assert accepted.status_code == 200
    assert _public_record(base_path) == ("nouveau@primeurs.fr", "vérifié")
    conn = connect(base_path)
    try:
        from suppliers.revisions import revision_history

        (revision,) = revision_history(conn, OWN)
    finally:
        conn.close()
    assert (revision.verifie["contact"], revision.contenu["contact"]) == (
        "contact@primeurs.fr",
        "nouveau@primeurs.fr",
    )
    (shown,) = client.get(f"/api/fournisseurs/{OWN}").json()["modifications"]
    assert (shown["statut"], shown["verifie"]["contact"], shown["contenu"]["contact"]) == (
        "acceptée",
        "contact@primeurs.fr",
        "nouveau@primeurs.fr",
    )


def test_a_firms_api_change_to_a_verified_record_answers_202(client, base_path):
    _verified_record(client, base_path)
    response = client.post(
        "/api/fournisseurs/declarations",
        json={"siret": OWN, "mots_cles": ["fruits"], "contact": "autre@primeurs.fr"},
        headers=bearer(base_path, "entreprise"),
    )
    assert response.status_code == 202
    assert response.json()["contact"] == "contact@primeurs.fr"
