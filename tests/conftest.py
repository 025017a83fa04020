"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "_artifacts"
"""Screenshots of the browser tests, kept for review (git-ignored)."""
CHROMIUM = os.environ.get("CLAIR_CHROMIUM", "/usr/bin/chromium")
"""Debian's Chromium, installed by ``make test`` (tests/browser_setup.py); never downloaded."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHARED_DATA = Path(os.environ.get("CLAIR_SHARED", ROOT.parent / "shared")) / "data"

# Tests never reach the network and never load demo data unless they ask for it.
os.environ.setdefault("CLAIR_DEMO", "false")
# Jobs run in threads of the test process (each still in a budgeted child), not in worker
# processes; tests/api/test_job_queue.py starts real worker processes where it needs them.
os.environ.setdefault("CLAIR_TACHES_PROCESSUS", "0")


@pytest.fixture(scope="session")
def nlp():
    """The real French spaCy pipeline, loaded once for the whole test session."""
    from falc.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: real public samples (SIRENE, BOAMP, DECP...) for tests."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"données partagées absentes : {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def base_path(tmp_path: Path) -> Path:
    """A fresh SQLite base file for one test."""
    return tmp_path / "clair.sqlite"


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session, driven by Playwright's sync API.

    Shared by every browser test: two sync Playwright sessions cannot live in one thread.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium absent ({CHROMIUM}) : lancez « make test » pour l'installer.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield instance
        finally:
            instance.close()
