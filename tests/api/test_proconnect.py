"""Sign-in with ProConnect against an in-process provider (tests/api/fake_proconnect.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import RSAKey

from api.app import create_app
from api.settings import Settings
from api.users import get_user_by_email
from storage import connect
from suppliers.store import get_firm
from tests.api.fake_proconnect import CLIENT_ID, CLIENT_SECRET, ISSUER, FakeProConnect, Person
from tests.api.pages_helpers import FIRMS, add_firms, alert, csrf, soup

OWN, OTHER = FIRMS[0]["siret"], FIRMS[1]["siret"]
PASSWORD = "un mot de passe assez long"


@pytest.fixture
def provider():
    return FakeProConnect(Person(sub="pc-123", email="gerant@primeurs.fr", siret=OWN))


@pytest.fixture
def client(base_path, provider):
    settings = Settings(
        base=base_path,
        demo=False,
        secret_key="test",
        proconnect_issuer=ISSUER,
        proconnect_client_id=CLIENT_ID,
        proconnect_client_secret=CLIENT_SECRET,
    )
    app = create_app(settings, proconnect_transport=provider.transport())
    with TestClient(app) as test_client:
        add_firms(base_path)
        yield test_client


def _sign_in(client, provider, **kwargs):
    start = client.get("/connexion/proconnect", follow_redirects=False)
    assert start.status_code == 302, start.text
    return client.get(provider.authorize(start.headers["location"], **kwargs))


def _user(base_path, email):
    conn = connect(base_path)
    try:
        return get_user_by_email(conn, email)
    finally:
        conn.close()


def test_proconnect_is_off_by_default(base_path):
    with TestClient(create_app(Settings(base=base_path, demo=False, secret_key="t"))) as client:
        assert client.get("/connexion/proconnect").status_code == 404
        assert soup(client.get("/connexion")).find(id="proconnect-titre") is None


def test_the_login_page_offers_proconnect_when_it_is_set_up(client):
    page = soup(client.get("/connexion"))
    assert page.find("a", href="/connexion/proconnect").get_text() == "S'identifier avec ProConnect"


def test_a_proconnect_siret_opens_an_approved_firm_account(client, base_path, provider):
    response = _sign_in(client, provider)
    assert response.status_code == 200
    assert str(response.url).endswith("/mon-entreprise")
    assert "ProConnect a vérifié" in soup(response).find(class_="message-succes").get_text()
    user = _user(base_path, "gerant@primeurs.fr")
    assert (user.role, user.siren, user.lien) == ("entreprise", OWN[:9], "approuvé")
    token = csrf(client, "/mon-entreprise")
    saved = client.post(
        "/mon-entreprise", data={"csrf_token": token, "siret": OWN, "contact": "gerant@primeurs.fr"}
    )
    assert saved.status_code == 200
    conn = connect(base_path)
    try:
        assert get_firm(conn, OWN).contact == "gerant@primeurs.fr"
    finally:
        conn.close()
    # The next sign-in finds the same account by its ProConnect subject.
    client.post("/api/deconnexion")
    again = _sign_in(client, provider)
    assert client.get("/api/moi").json()["id"] == user.id and again.status_code == 200


def test_proconnect_approves_a_waiting_account_of_the_same_siren(client, base_path, provider):
    token = csrf(client, "/inscription")
    client.post(
        "/inscription",
        data={"csrf_token": token, "siren": OWN[:9], "email": "gerant@primeurs.fr",
              "mot_de_passe": PASSWORD, "confirmation": PASSWORD},
    )  # fmt: skip
    assert _user(base_path, "gerant@primeurs.fr").lien == "en attente"
    client.post("/api/deconnexion")
    _sign_in(client, provider)
    assert _user(base_path, "gerant@primeurs.fr").lien == "approuvé"


def test_proconnect_for_another_firm_does_not_approve_the_link(client, base_path, provider):
    token = csrf(client, "/inscription")
    client.post(
        "/inscription",
        data={"csrf_token": token, "siren": OWN[:9], "email": "gerant@primeurs.fr",
              "mot_de_passe": PASSWORD, "confirmation": PASSWORD},
    )  # fmt: skip
    client.post("/api/deconnexion")
    provider.person = Person(sub="pc-123", email="gerant@primeurs.fr", siret=OTHER)
    response = _sign_in(client, provider)
    assert "un agent public doit l'approuver" in soup(response).get_text()
    assert _user(base_path, "gerant@primeurs.fr").lien == "en attente"


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("forged", "n'a pas pu être vérifiée"),
        ("nonce", "n'a pas pu être vérifiée"),
        ("two_people", "deux identités différentes"),
        ("no_siret", "pas donné de SIRET valide"),
    ],
)
def test_a_doubtful_proconnect_answer_opens_nothing(client, base_path, provider, spoil, message):
    kwargs = {}
    if spoil == "forged":
        provider.signing_key = RSAKey.generate_key(2048, {"kid": "cle-1"})
    elif spoil == "nonce":
        kwargs["nonce"] = "un-autre-nonce"
    elif spoil == "two_people":
        provider.userinfo_person = Person(sub="pc-999", email="x@y.fr", siret=OTHER)
    elif spoil == "no_siret":
        provider.person = Person(sub="pc-123", email="gerant@primeurs.fr", siret=None)
    response = _sign_in(client, provider, **kwargs)
    assert response.status_code == 400
    assert message in alert(response)
    assert client.get("/api/moi").status_code == 401
    assert _user(base_path, "gerant@primeurs.fr") is None


def test_a_replayed_state_is_refused(client, provider):
    start = client.get("/connexion/proconnect", follow_redirects=False)
    back = provider.authorize(start.headers["location"])
    assert client.get(back).status_code == 200
    client.post("/api/deconnexion")
    replay = client.get(back)
    assert replay.status_code == 400
    assert "a échoué ou a expiré" in alert(replay)
