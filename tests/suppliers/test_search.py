"""Search: French matching, filters, radius checked against an independent distance, order."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from core.text import fold
from places.communes import CommuneNotFoundError, find_commune
from storage import connect
from suppliers import store
from suppliers.errors import CodeError
from suppliers.export import firms_to_csv, firms_to_geojson
from suppliers.importer import import_file
from suppliers.search import FirmQuery, search_firms
from tests.suppliers.conftest import FIXTURES

SIRENE_2021 = "suppliers/sirene_stock_etablissement_cud_extract_2021.csv"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Written again here with math, so the test does not trust places.distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    """One register for the module (the searches only read it): a committed slice of a real
    SIRENE file of the Dunkerque area (fixtures/make_sirene_extract.py) and two small files."""
    conn = connect(tmp_path_factory.mktemp("search") / "clair.sqlite")
    store.migrate(conn)
    import_file(conn, FIXTURES / "sirene_cud_2021_extrait.csv")
    import_file(conn, FIXTURES / "stock_etablissement_53.csv")
    import_file(conn, FIXTURES / "geo_siret_59.csv")
    yield conn
    conn.close()


@pytest.mark.parametrize(
    "words",
    ["boulangerie", "Boulangeries", "BOULANGERIE", "boulangère", "boulang", "pâtisseries"],
)
def test_french_matching(register, words: str) -> None:
    names = {h.firm.enseigne for h in search_firms(register, FirmQuery(q=words)).items}
    assert "BOULANGERIE DU PORT" in names


@pytest.mark.parametrize(
    ("words", "expected", "every_result_mentions"),
    [
        ("ecole", "ECOLE ELEMENTAIRE TRYSTRAM", "ecol"),
        ("École élémentaire", "ECOLE ELEMENTAIRE TRYSTRAM", "elementaire"),
        ("plombier", None, None),  # "plombier" and "plomberie" have different stems
        ("plomberie", "PLOMBERIE LEFEBVRE", "plomberie"),
        # One word in the name, one in the NAF label ("Nettoyage courant des bâtiments").
        ("nettoyage bâtiments", "NETTOYAGE FLANDRE PROPRETE", "nettoyage"),
    ],
)
def test_words_in_names_and_activities(
    register, words: str, expected: str | None, every_result_mentions: str | None
) -> None:
    results = search_firms(register, FirmQuery(q=words, limite=500))
    if expected is None:
        assert results.total == 0
        return
    assert expected in {h.firm.nom for h in results.items}
    for hit in results.items:
        text = fold(f"{hit.firm.nom} {hit.firm.enseigne} {hit.firm.libelle_naf}")
        assert every_result_mentions in text


@pytest.mark.parametrize(
    ("centre", "radius"), [("Dunkerque", 3.0), ("Gravelines", 8.0), ("59107", 15.0)]
)
def test_radius_matches_independent_distances(register, centre: str, radius: float) -> None:
    commune = find_commune(centre)
    query = FirmQuery(autour=centre, rayon_km=radius, actives_seulement=False, limite=500)
    results = search_firms(register, query)
    rows = register.execute("SELECT siret, latitude, longitude FROM firms").fetchall()
    expected = {
        siret
        for siret, lat, lon in rows
        if lat is not None and haversine_km(commune.latitude, commune.longitude, lat, lon) <= radius
    }
    assert results.total == len(expected) > 0
    pages = []
    for page in range(1, math.ceil(results.total / 500) + 1):
        query = query.model_copy(update={"page": page})
        pages += search_firms(register, query).items
    assert {h.firm.siret for h in pages} == expected
    for hit in pages:
        independent = haversine_km(
            commune.latitude, commune.longitude, hit.firm.latitude, hit.firm.longitude
        )
        assert hit.distance_km == pytest.approx(independent, abs=1e-3)
    distances = [h.distance_km for h in pages]
    assert distances == sorted(distances)


def test_relevance_then_distance(register) -> None:
    results = search_firms(register, FirmQuery(q="ecole", autour="Dunkerque", limite=100))
    keys = [(-round(h.score * 10), h.distance_km) for h in results.items]
    assert keys == sorted(keys)
    assert results.items[0].score == pytest.approx(1.0) or results.items[0].score < 1.0


@pytest.mark.parametrize(
    ("query", "prefixes"),
    [
        (FirmQuery(naf=["10.71C"]), ("10.71C",)),
        (FirmQuery(naf=["43"]), ("43",)),
        (FirmQuery(naf=["F"]), ("41", "42", "43")),
        (FirmQuery(naf=["43.2,81"]), ("43.2", "81")),
        (FirmQuery(cpv="90911200-8"), ("81.2",)),  # cleaning services
        (FirmQuery(cpv="45330000-9"), ("43.2",)),  # plumbing works
    ],
)
def test_naf_and_cpv_filters(register, query: FirmQuery, prefixes: tuple[str, ...]) -> None:
    results = search_firms(register, query.model_copy(update={"limite": 500}))
    assert results.total > 0
    assert all(h.firm.code_naf.startswith(prefixes) for h in results.items)


def test_active_only_by_default(register) -> None:
    everything = search_firms(register, FirmQuery(actives_seulement=False))
    active = search_firms(register, FirmQuery())
    assert active.total < everything.total
    assert all(h.firm.etat == "actif" for h in search_firms(register, FirmQuery(limite=500)).items)


def test_pagination_is_stable(register) -> None:
    first = search_firms(register, FirmQuery(limite=7))
    second = search_firms(register, FirmQuery(limite=7, page=2))
    both = search_firms(register, FirmQuery(limite=14))
    assert [h.firm.siret for h in first.items + second.items] == [h.firm.siret for h in both.items]
    assert search_firms(register, FirmQuery(page=10_000)).items == []


@pytest.mark.parametrize(
    ("query", "error"),
    [
        (FirmQuery(autour="Atlantide"), CommuneNotFoundError),
        (FirmQuery(naf=["ZZ"]), CodeError),
        (FirmQuery(cpv="abc"), CodeError),
        (FirmQuery(cpv="99000000"), CodeError),
    ],
)
def test_bad_filters_raise_french_errors(register, query: FirmQuery, error: type) -> None:
    with pytest.raises(error):
        search_firms(register, query)


@pytest.mark.parametrize("words", ['"', "le de la", "NEAR(x y)", "a* OR b", "col:val"])
def test_odd_queries_do_not_break(register, words: str) -> None:
    """Quotes, operators and column filters are inert words: a valid page, never an error."""
    results = search_firms(register, FirmQuery(q=words))
    assert results.total == len(results.items) or results.total > results.limite
    assert all(hit.firm.siret for hit in results.items)


def test_point_centre(register) -> None:
    results = search_firms(
        register, FirmQuery(latitude=51.0354, longitude=2.3765, rayon_km=0.5, q="plomberie")
    )
    assert [h.firm.enseigne for h in results.items] == ["PLOMBERIE LEFEBVRE"]
    assert results.items[0].distance_km < 0.05


def test_exports(register) -> None:
    results = search_firms(register, FirmQuery(q="plomberie", autour="Dunkerque"))
    text = firms_to_csv(results.items)
    header, first = text.splitlines()[:2]
    assert header.startswith("siret;nom;enseigne;code_naf")
    assert "PLOMBERIE LEFEBVRE" in first
    geojson = firms_to_geojson(results.items)
    feature = geojson["features"][0]
    assert geojson["type"] == "FeatureCollection"
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [results.items[0].firm.longitude, results.items[0].firm.latitude],
    }
    assert feature["properties"]["distance_km"] == results.items[0].distance_km


@pytest.mark.parametrize("centre", [{}, {"autour": "Dunkerque", "rayon_km": 30}])
def test_closed_firms_only_when_asked(register, centre: dict) -> None:
    active = search_firms(register, FirmQuery(q="boulangerie", limite=500, **centre))
    everything = search_firms(
        register, FirmQuery(q="boulangerie", actives_seulement=False, limite=500, **centre)
    )
    assert {h.firm.etat for h in active.items} == {"actif"}
    assert {h.firm.etat for h in everything.items} == {"actif", "fermé"}
    closed = [h for h in everything.items if h.firm.etat == "fermé"]
    # A closed bakery found by its NAF label only ranks below the active one named so.
    assert everything.items[0].firm.enseigne == "BOULANGERIE DU PORT"
    assert all(h.score <= everything.items[0].score for h in closed)


@pytest.mark.parametrize("words", ["ecole", "nettoyage", "boulangerie"])
def test_pages_of_a_word_search_follow_the_levels(register, words: str) -> None:
    everything = search_firms(register, FirmQuery(q=words, actives_seulement=False, limite=500))
    assert everything.total == len(everything.items) > 0
    scores = [h.score for h in everything.items]
    assert scores == sorted(scores, reverse=True)
    paged = []
    for page in range(1, everything.total // 3 + 2):
        query = FirmQuery(q=words, actives_seulement=False, limite=3, page=page)
        result = search_firms(register, query)
        assert result.total == everything.total
        paged += result.items
    assert [h.firm.siret for h in paged] == [h.firm.siret for h in everything.items]


@pytest.mark.parametrize(
    "words", ["ecole elementaire", "boulangerie", "plomberie lefebvre", "levain"]
)
def test_levels_checked_here_agree_with_fts(register, words: str) -> None:
    from suppliers.search import SearchConfig

    query = FirmQuery(q=words, autour="Dunkerque", rayon_km=30, limite=500)
    here = search_firms(register, query)
    by_fts = search_firms(register, query, SearchConfig(max_checked_here=0))
    assert [(h.firm.siret, h.score) for h in here.items] == [
        (h.firm.siret, h.score) for h in by_fts.items
    ]


def test_real_register_radius_matches_independent_distances(tmp_path, shared_data: Path) -> None:
    """Extra real-data check: the whole SIRENE extract of the Dunkerque area, not its slice."""
    conn = connect(tmp_path / "clair.sqlite")
    store.migrate(conn)
    import_file(conn, shared_data / SIRENE_2021)
    commune = find_commune("Dunkerque")
    query = FirmQuery(autour="Dunkerque", rayon_km=1.0, actives_seulement=False, limite=500)
    results = search_firms(conn, query)
    found = {h.firm.siret for h in results.items}
    rows = conn.execute("SELECT siret, latitude, longitude FROM firms").fetchall()
    expected = {
        siret
        for siret, lat, lon in rows
        if lat is not None and haversine_km(commune.latitude, commune.longitude, lat, lon) <= 1.0
    }
    conn.close()
    assert results.total == len(expected) > 100
    assert found == expected or (len(found) == 500 and found < expected)
