"""The OSRM table client, against a fake server (httpx.MockTransport): no network."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from suppliers._osrm import OsrmError, table_km
from suppliers.delivery import DeliveryFirm, distance_matrix_km, estimate_deliveries
from suppliers.road_delivery import estimate_deliveries_by_road
from suppliers.sites import DeliverySite
from suppliers.vehicles import VEHICLES

FIRMS = [
    DeliveryFirm(siret="1", nom="Près", latitude=51.03, longitude=2.37),
    DeliveryFirm(siret="2", nom="Loin", latitude=50.63, longitude=3.06),
    DeliveryFirm(siret="3", nom="Sans position"),
]
SITES = [
    DeliverySite(
        nom="A", latitude=51.0, longitude=2.3, livraisons_par_an=10, precision="coordonnees"
    ),
    DeliverySite(
        nom="B", latitude=51.1, longitude=2.4, livraisons_par_an=5, precision="coordonnees"
    ),
]
VAN = VEHICLES["fourgon-3.5t"]


def fake_osrm(requests: list[httpx.Request], metres=None, status: int = 200):
    """A table service answering ``metres(i_source, j_destination)`` for each pair."""

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if status != 200:
            return httpx.Response(status, json={"code": "InvalidQuery", "message": "Trop grand"})
        points = request.url.path.split("/")[-1].split(";")
        sources = [int(k) for k in request.url.params["sources"].split(";")]
        destinations = [int(k) for k in request.url.params["destinations"].split(";")]
        assert request.url.params["annotations"] == "distance"
        lonlat = [tuple(map(float, p.split(","))) for p in points]
        rows = [[metres(lonlat[i], lonlat[j]) for j in destinations] for i in sources]
        return httpx.Response(200, json={"code": "Ok", "distances": rows})

    return httpx.Client(transport=httpx.MockTransport(handler))


def manhattan_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return (abs(a[0] - b[0]) + abs(a[1] - b[1])) * 100_000


def test_table_km_longitude_first_and_metres_to_km() -> None:
    requests: list[httpx.Request] = []
    client = fake_osrm(requests, manhattan_m)
    km = table_km("http://osrm.test/", [(51.0, 2.0)], [(51.5, 2.0), (51.0, 3.0)], client=client)
    assert km == pytest.approx(np.array([[50.0, 100.0]]))
    assert (
        requests[0].url.path
        == "/table/v1/driving/2.000000,51.000000;2.000000,51.500000;3.000000,51.000000"
    )


@pytest.mark.parametrize(
    ("n_origins", "n_dest", "max_locations"), [(7, 3, 4), (5, 9, 6), (1, 1, 2)]
)
def test_blocks_cover_every_pair_once(n_origins: int, n_dest: int, max_locations: int) -> None:
    requests: list[httpx.Request] = []
    client = fake_osrm(requests, manhattan_m)
    origins = [(50.0 + i / 10, 2.0) for i in range(n_origins)]
    dest = [(50.0, 2.0 + j / 10) for j in range(n_dest)]
    km = table_km("http://osrm.test", origins, dest, client=client, max_locations=max_locations)
    expected = [[(i / 10 + j / 10) * 100 for j in range(n_dest)] for i in range(n_origins)]
    assert km == pytest.approx(np.array(expected))
    for request in requests:
        assert len(request.url.path.split("/")[-1].split(";")) <= max_locations


def test_unroutable_pairs_are_nan() -> None:
    client = fake_osrm([], lambda a, b: None if b[1] > 51.2 else 1000.0)
    km = table_km("http://osrm.test", [(51.0, 2.0)], [(51.1, 2.0), (51.3, 2.0)], client=client)
    assert km[0, 0] == 1.0 and np.isnan(km[0, 1])


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (
            lambda r: httpx.Response(400, json={"code": "TooBig", "message": "Trop grand"}),
            "HTTP 400",
        ),
        (lambda r: httpx.Response(200, text="pas du json"), "refuse"),
        (lambda r: httpx.Response(200, json={"code": "Ok", "distances": [[1.0]]}), "nombre"),
        (lambda r: httpx.Response(200, json={"code": "Ok", "distances": [["x", 2]]}), "lisibles"),
    ],
)
def test_bad_answers_raise_french_errors(handler, message: str) -> None:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(OsrmError, match=message):
        table_km("http://osrm.test", [(51.0, 2.0)], [(51.1, 2.0), (51.2, 2.0)], client=client)


def test_unreachable_server() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(refuse))
    with pytest.raises(OsrmError, match="ne répond pas"):
        table_km("http://osrm.test", [(51.0, 2.0)], [(51.1, 2.0)], client=client)


def test_estimate_uses_road_km() -> None:
    client = fake_osrm([], lambda a, b: 20_000.0)  # every trip 20 km
    table = estimate_deliveries_by_road(
        FIRMS, SITES, VAN, osrm_url="http://osrm.test", client=client
    )
    assert "OSRM" in table.source_distances
    for line in table.lignes:
        assert line.km_annuels == pytest.approx(2 * 20 * (10 + 5))
    assert any("Sans position" in r for r in table.remarques)


def test_estimate_without_url_is_the_great_circle_estimate() -> None:
    table = estimate_deliveries_by_road(FIRMS, SITES, VAN, osrm_url=None)
    assert table == estimate_deliveries(FIRMS, SITES, VAN)


def test_estimate_falls_back_when_the_server_fails() -> None:
    client = fake_osrm([], status=500)
    table = estimate_deliveries_by_road(
        FIRMS, SITES, VAN, osrm_url="http://osrm.test", client=client
    )
    plain = estimate_deliveries(FIRMS, SITES, VAN)
    assert [line.km_annuels for line in table.lignes] == [line.km_annuels for line in plain.lignes]
    assert any("OSRM" in r and "vol d'oiseau" in r for r in table.remarques)


def test_estimate_fills_unroutable_pairs() -> None:
    client = fake_osrm([], lambda a, b: None if b[1] > 51.05 else 20_000.0)  # site B unroutable
    table = estimate_deliveries_by_road(
        FIRMS, SITES, VAN, osrm_url="http://osrm.test", client=client
    )
    for line, row in zip(table.lignes, table.distances_km, strict=True):
        to_b = distance_matrix_km(
            [line.latitude], [line.longitude], [51.1], [2.4], detour_factor=1.3
        )
        assert row == pytest.approx([20.0, float(to_b[0, 0])], abs=1e-3)
    assert any("sans itinéraire" in r for r in table.remarques)
