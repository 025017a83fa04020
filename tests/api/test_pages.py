"""The web pages: every page answers, is accessible at the basics, escapes data, checks CSRF,
and speaks French when something goes wrong."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.observability import JsonFormatter
from api.pages.communes import suggest_communes
from api.settings import Settings
from tests.api.accounts import PASSWORD, account, log_in
from tests.api.pages_helpers import alert, csrf, soup


@pytest.fixture
def client(base_path):
    app = create_app(Settings(base=base_path, demo=False, secret_key="test"))
    with TestClient(app) as test_client:
        yield test_client


PUBLIC_PAGES = [
    "/",
    "/connexion",
    "/inscription",
    "/analyser",
    "/marches",
    "/marches/pour-mon-entreprise",
    "/livraisons",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_answer_in_french_with_the_accessible_layout(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "fr"
    skip = page.find("a", class_="lien-evitement")
    assert skip["href"] == "#contenu"
    assert page.find("main", id="contenu") is not None
    assert page.find("nav", attrs={"aria-label": "Menu principal"}) is not None
    assert page.find("header") and page.find("footer")
    assert len(page.find_all("h1")) == 1
    assert page.title.get_text().endswith("— Clair")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_form_field_has_a_label(client, path):
    page = soup(client.get(path))
    for field in page.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit", "button"):
            continue
        labelled = field.get("aria-label") or (
            field.get("id") and page.find("label", attrs={"for": field["id"]})
        )
        assert labelled, f"{path}: champ sans étiquette {field}"


def test_menu_shows_role_pages_only_to_their_role(client, base_path):
    def menu() -> list[str]:
        nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Menu principal"})
        return [a.get_text() for a in nav.find_all("a")]

    assert "Vérifications" not in menu() and "Mon entreprise" not in menu()
    log_in(client, base_path, "agent")
    assert "Vérifications" in menu() and "Mon entreprise" not in menu()
    client.post("/api/deconnexion")
    log_in(client, base_path, "entreprise")
    assert "Mon entreprise" in menu() and "Vérifications" not in menu()


def test_login_page_logs_in_and_goes_back_where_asked(client, base_path):
    account(base_path, "agent")
    token = csrf(client, "/connexion")
    response = client.post(
        "/connexion",
        data={
            "csrf_token": token,
            "email": "agent@exemple.fr",
            "mot_de_passe": PASSWORD,
            "suivant": "/marches",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/marches"
    assert client.get("/api/moi").json()["role"] == "agent"
    page = soup(client.get("/"))
    assert "agent@exemple.fr" in page.find(class_="compte").get_text()


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_login_never_redirects_outside(client, base_path, target):
    account(base_path, "agent")
    token = csrf(client, "/connexion")
    response = client.post(
        "/connexion",
        data={
            "csrf_token": token,
            "email": "agent@exemple.fr",
            "mot_de_passe": PASSWORD,
            "suivant": target,
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_wrong_login_says_so_and_keeps_the_email_escaped(client, base_path):
    token = csrf(client, "/connexion")
    response = client.post(
        "/connexion",
        data={"csrf_token": token, "email": "<script>x</script>@a.fr", "mot_de_passe": "non"},
    )
    assert response.status_code == 401
    assert alert(response) == "Adresse électronique ou mot de passe incorrect."
    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_forms_without_csrf_token_are_refused_in_french(client, base_path):
    account(base_path, "agent")
    response = client.post(
        "/connexion", data={"email": "agent@exemple.fr", "mot_de_passe": PASSWORD}
    )
    assert response.status_code == 403
    assert "Rechargez la page" in alert(response)
    assert client.get("/api/moi").status_code == 401


def test_logout_form_closes_the_session(client, base_path):
    log_in(client, base_path, "agent")
    token = csrf(client, "/")
    response = client.post("/deconnexion", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/api/moi").status_code == 401


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"siren": "732829320", "mot_de_passe": PASSWORD, "confirmation": "autre"}, "différents"),
        (
            {"siren": "123", "mot_de_passe": PASSWORD, "confirmation": PASSWORD},
            "SIREN à 9 chiffres",
        ),
        ({"siren": "732829320", "mot_de_passe": "court", "confirmation": "court"}, "12 caractères"),
    ],
)
def test_firm_sign_up_explains_refusals(client, fields, message):
    token = csrf(client, "/inscription")
    response = client.post(
        "/inscription", data={"csrf_token": token, "email": "f@exemple.fr", **fields}
    )
    assert response.status_code == 400
    assert message in alert(response)


def test_firm_sign_up_creates_a_firm_account_and_logs_in(client):
    token = csrf(client, "/inscription")
    response = client.post(
        "/inscription",
        data={
            "csrf_token": token,
            "siren": "732 829 320",
            "email": "f@exemple.fr",
            "mot_de_passe": PASSWORD,
            "confirmation": PASSWORD,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert client.get("/api/moi").json() == {
        "id": 1,
        "email": "f@exemple.fr",
        "role": "entreprise",
        "siren": "732829320",
        "lien": "en attente",  # an officer must approve the link before it edits anything
    }


def test_unknown_page_gets_the_french_error_page(client):
    response = client.get("/pas-de-page-ici")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert soup(response).h1.get_text() == "Page introuvable"


def test_unknown_api_path_gets_json(client):
    response = client.get("/api/pas-de-route")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Cette adresse ne mène à rien. Vérifiez l'adresse ou revenez à l'accueil."
    }


def test_invalid_api_input_is_explained_in_french(client):
    response = client.get("/api/communes/suggestions", params={"limite": "beaucoup"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "paramètre « q » : ce champ est obligatoire" in detail
    assert "paramètre « limite » : il faut un nombre entier" in detail


def test_a_crash_shows_no_stack_trace(base_path):
    app = create_app(Settings(base=base_path, demo=False, secret_key="test"))

    @app.get("/boum")
    def boum():
        raise RuntimeError("secret interne")

    @app.get("/api/boum")
    def api_boum():
        raise RuntimeError("secret interne")

    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/boum")
        api = client.get("/api/boum")
    assert page.status_code == api.status_code == 500
    for response in (page, api):
        assert "secret interne" not in response.text
        assert "Traceback" not in response.text
    assert "Une erreur inattendue est arrivée" in alert(page)
    assert api.json()["detail"].startswith("Une erreur inattendue est arrivée")


def test_a_page_that_needs_an_account_sends_to_the_login_page(client):
    token = csrf(client, "/connexion")
    response = client.post(
        "/marches/recherches",
        data={"csrf_token": token, "nom": "x"},
        headers={"Referer": "http://testserver/marches?q=pain"},
        follow_redirects=False,
    )
    assert response.status_code == 303  # back to the page of the form after logging in
    assert response.headers["location"] == "/connexion?suivant=/marches%3Fq%3Dpain"
    page = client.get("/mon-entreprise", follow_redirects=False)
    assert page.headers["location"] == "/connexion?suivant=/mon-entreprise"


def test_every_request_is_logged_as_one_json_line(client):
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("clair.requests")
    logger.addHandler(handler)
    try:
        response = client.get("/marches?q=secret")
    finally:
        logger.removeHandler(handler)
    line = json.loads(JsonFormatter().format(records[-1]))
    assert line["method"] == "GET"
    assert line["path"] == "/marches"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["x-request-id"]
    assert "secret" not in json.dumps(line)


@pytest.mark.parametrize(
    ("typed", "expected_first", "also"),
    [
        ("dunk", "Dunkerque (59)", None),
        ("Dunkerque", "Dunkerque (59)", None),
        ("59140", "Dunkerque (59)", "Caullery (59)"),
        ("59183", "Dunkerque (59)", None),
        ("st pol sur m", "Dunkerque (59)", None),  # merged into Dunkerque in 2010
        ("grande synth", "Grande-Synthe (59)", None),
    ],
)
def test_commune_suggestions(typed, expected_first, also):
    found = [c.libelle for c in suggest_communes(typed)]
    assert found[0] == expected_first
    if also:
        assert also in found


@pytest.mark.parametrize("typed", ["", "   ", "zzzzqqq", "\uffff"])
def test_commune_suggestions_for_nothing(typed):
    assert suggest_communes(typed) == []


def test_commune_suggestions_endpoint(client):
    response = client.get("/api/communes/suggestions", params={"q": "dunkerq", "limite": 3})
    assert response.status_code == 200
    first = response.json()[0]
    assert first["code_insee"] == "59183"
    assert "59140" in first["codes_postaux"]
