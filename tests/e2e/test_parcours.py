"""Four journeys in a real browser: analyse a DOCX, find tenders near my commune, accept a
firm's change to its verified record, see firms on the map."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXEMPLE_DOCX = Path(__file__).resolve().parents[2] / "falc" / "exemples" / "ccap-extrait.docx"


def test_an_officer_uploads_a_docx_sees_highlights_and_downloads_the_report(page, tmp_path):
    log_in(page, "agent@ville.fr")
    page.goto("/analyser")
    page.get_by_label("Votre document").set_input_files(str(EXEMPLE_DOCX))
    page.get_by_role("button", name="Analyser").click()
    page.wait_for_selector("#score-titre", timeout=180_000)  # after the progress page if any
    assert page.locator("mark.constat").count() > 0
    assert page.locator(".score-valeur").first.inner_text().strip()[0].isdigit()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le rapport (HTML)").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert download.suggested_filename == "ccap-extrait.rapport.html"
    assert "<html" in saved.read_text(encoding="utf-8")


def test_a_firm_searches_tenders_around_its_commune(page, live_server):
    log_in(page, "entreprise@exemple.fr")
    page.goto("/marches")
    commune = page.get_by_role("combobox", name="Autour de la commune")
    commune.press_sequentially("Dunkerq", delay=30)
    page.wait_for_selector("#autour-liste li")
    commune.press("ArrowDown")
    commune.press("Enter")
    assert commune.input_value() == "Dunkerque (59)"
    page.get_by_label("Distance maximale autour de la commune, en kilomètres").fill("15")
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_selector("#resultats")
    heading = page.locator("#resultats").inner_text()
    assert int(heading.split()[0]) > 0
    assert page.locator("li.marche").count() > 0
    assert " km." in page.locator("li.marche").first.inner_text()


def test_an_officer_accepts_a_firms_change_to_its_verified_record(page, live_server):
    log_in(page, "entreprise@exemple.fr")
    page.goto("/mon-entreprise")
    page.get_by_label("Mots-clés").fill("livraison de repas, produits locaux")
    page.get_by_label("Contact").fill("contact@exemple.fr")
    page.get_by_role("button", name="Enregistrer ma fiche").click()
    page.wait_for_selector(".message-succes")
    assert "garde les informations vérifiées" in page.locator(".message-succes").inner_text()
    assert "Vérifiée" in page.locator(".etiquette").first.inner_text()
    page.get_by_role("button", name="Se déconnecter").click()

    log_in(page, "agent@ville.fr")
    page.goto("/verifications")
    changes = page.locator("article[id^='modification-']").filter(has_text=live_server.firm_siret)
    assert changes.count() == 1
    assert "contact@exemple.fr" in changes.locator("table").inner_text()
    changes.get_by_role("button", name="Accepter la modification").click()
    page.wait_for_selector(".message-succes")
    assert (
        page.locator("article[id^='modification-']").filter(has_text=live_server.firm_siret).count()
        == 0
    )


def test_the_supplier_map_shows_markers(page):
    page.goto("/fournisseurs?autour=Dunkerque&rayon_km=10")
    page.wait_for_selector("#resultats")
    assert page.locator("li.entreprise").count() > 0
    frame = page.frame_locator("iframe.carte")
    markers = frame.locator(".leaflet-marker-icon, .marker-cluster, path.leaflet-interactive")
    markers.first.wait_for(timeout=60_000)
    assert markers.count() > 0
    page.locator("iframe.carte").screenshot(path=str(ARTIFACTS / "carte_fournisseurs.png"))


def test_keyboard_users_can_skip_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
