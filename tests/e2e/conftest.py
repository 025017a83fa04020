"""A real Clair server on a free port (uvicorn in a thread, demo base) and headless Chromium.

Chromium is Debian's (``/usr/bin/chromium``, installed by ``make test`` through
``tests/browser_setup.py``): Playwright never downloads a browser. Without it, these tests
are skipped and say why. Screenshots go to ``tests/_artifacts/`` (git-ignored).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS

PASSWORD = "mot de passe des tests e2e"


@dataclass
class LiveServer:
    url: str
    base: Path
    firm_siren: str
    firm_siret: str
    firm_commune: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    import uvicorn

    from api.app import create_app
    from api.database import prepare_base
    from api.settings import Settings
    from api.users import create_user
    from storage import connect
    from suppliers.declarations import verify
    from suppliers.search import FirmQuery, search_firms

    base = tmp_path_factory.mktemp("e2e") / "clair.sqlite"
    prepare_base(base, demo=True)
    conn = connect(base)
    try:
        firm = (
            search_firms(conn, FirmQuery(autour="Dunkerque", rayon_km=10, limite=1)).items[0].firm
        )
        # The firm's record is verified: its own changes then wait for an officer.
        verify(conn, firm.siret, statut="vérifié", par="agent@ville.fr")
        create_user(conn, "agent@ville.fr", PASSWORD, "agent")
        create_user(
            conn, "entreprise@exemple.fr", PASSWORD, "entreprise", firm.siren, approved_by="e2e"
        )
    finally:
        conn.close()
    port = _free_port()
    app = create_app(Settings(base=base, demo=True, secret_key="e2e"))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("le serveur Clair n'a pas démarré")
        time.sleep(0.05)
    try:
        yield LiveServer(
            url=f"http://127.0.0.1:{port}",
            base=base,
            firm_siren=firm.siren,
            firm_siret=firm.siret,
            firm_commune=firm.commune or "Dunkerque",
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="fr-FR")
    context.set_default_timeout(60_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        context.close()


def log_in(page, email: str) -> None:
    """Log in through the login page, with the keyboard only."""
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url(lambda url: "/connexion" not in url)
