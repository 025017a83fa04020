"""Search hits, delivery estimates and sites become map markers through one function each."""

from __future__ import annotations

import pytest

from maps.markers import firm_markers, search_circles, site_markers
from suppliers.delivery import DeliveryEstimate
from suppliers.firm import Firm
from suppliers.search import Centre, FirmHit, FirmResults
from suppliers.sites import DeliverySite


def hit(siret: str, code_naf: str | None, lat: float | None, lon: float | None) -> FirmHit:
    firm = Firm(siret=siret, siren=siret[:9], nom=f"<b>{siret}</b>", code_naf=code_naf,
                latitude=lat, longitude=lon, source="sirene")  # fmt: skip
    return FirmHit(firm=firm, distance_km=1.5)


HITS = [
    hit("11111111100011", "43.22A", 51.0, 2.3),
    hit("22222222200022", None, 51.1, 2.4),
    hit("33333333300033", "56.10A", None, None),
]


@pytest.mark.parametrize(
    ("index", "section"), [(0, "F"), (1, None)], ids=["construction", "sans NAF"]
)
def test_firm_markers(index: int, section: str | None) -> None:
    markers = firm_markers(HITS)
    assert len(markers) == 2  # the firm without a position is not drawn
    assert markers[index].section == section
    assert markers[index].nom == HITS[index].firm.nom  # escaped by the map, not here
    assert markers[index].distance_km == 1.5 and markers[index].cout_livraison_eur is None


def test_estimates_are_attached_by_siret() -> None:
    estimate = DeliveryEstimate(
        siret="22222222200022", nom="x", latitude=51.1, longitude=2.4, km_annuels=10,
        cout_eur=10, co2_kg=5, cout_co2_eur=1.25, cout_total_eur=11.25, note=10,
        note_lineaire=10, site_le_plus_proche_km=1,
    )  # fmt: skip
    markers = firm_markers(HITS, {estimate.siret: estimate})
    assert [(m.cout_livraison_eur, m.co2_kg) for m in markers] == [(None, None), (11.25, 5)]


def test_sites_and_circles() -> None:
    site = DeliverySite(nom="Cantine", latitude=51, longitude=2.3, livraisons_par_an=36,
                        precision="commune", remarque="placée à la mairie")  # fmt: skip
    assert site_markers([site])[0].model_dump() == {
        "nom": "Cantine", "latitude": 51.0, "longitude": 2.3, "livraisons_par_an": 36.0,
        "remarque": "placée à la mairie",
    }  # fmt: skip
    centred = FirmResults(total=0, page=1, limite=20, items=[],
                          centre=Centre(nom="Dunkerque", latitude=51.03, longitude=2.37))  # fmt: skip
    assert [c.rayon_km for c in search_circles(centred, 20)] == [20]
    assert search_circles(centred, None) == []
    assert search_circles(centred.model_copy(update={"centre": None}), 20) == []
