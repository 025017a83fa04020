"""Searching the register: words, NAF codes or a CPV code, around a commune or a point.

How it stays fast on a national register: every filter is a word of the full-text index
(NAF prefixes, verification, grid square, see :func:`suppliers.store.filter_words`) and
active and closed firms have their own columns, so one FTS5 query returns the matching
SIRETs without reading the firms; only the candidates near a centre are read for their exact
distance, and only the page shown is read in full.

Ranking: relevance, then distance. Relevance has three levels (:class:`SearchConfig`): every
word found in the name or shop sign; in the name, sign or the firm's declared keywords; or
only with the help of the NAF label. NAF labels are not in the index: a word also matches the
firms whose NAF sub-class has it in its label (:func:`suppliers.index_words.subclasses_labelled`).
Within a level, the nearest first (around a centre) or by SIRET. Without words: by distance,
or by SIRET.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterator
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from places.centre import Centre, check_radius_has_centre, resolve_centre
from places.distance import bounding_box, great_circle_km, planar_distance2
from suppliers.cpv import naf_prefixes_for_cpv
from suppliers.errors import CodeError
from suppliers.firm import Firm
from suppliers.index_words import (
    CELL_DEG,
    CELLS_PER_ROW,
    cell_token,
    naf_token,
    subclasses_labelled,
    subclasses_under,
    verified_token,
)
from suppliers.naf import naf_prefixes
from suppliers.store import get_firms
from suppliers.textsearch import tokens


class _Columns(BaseModel):
    """FTS5 column filters: the name columns (first level of relevance), the name and keyword
    columns (second level), and the filter column(s)."""

    names: str
    declared: str
    filters: str


# Active firms have their own columns: "active only" is a free column filter.
ACTIVE = _Columns(names="{noms}", declared="{noms mots_cles}", filters="{filtres}")
ALL = _Columns(
    names="{noms noms_ferme}",
    declared="{noms mots_cles noms_ferme mots_cles_ferme}",
    filters="{filtres filtres_ferme}",
)


class _Words(BaseModel):
    """The FTS5 expressions of a query's words, one per level of relevance: every word in the
    names; in the names or keywords; in the names, keywords or NAF label."""

    stems: list[str]
    names: str
    declared: str
    every: str


def _words(stems: list[str], columns: _Columns) -> _Words:
    """Each stem is quoted, so quotes, operators or column filters typed by a user are inert;
    each also matches longer words ("boulang" matches "boulanger"), as it does in labels."""
    quoted = [f'"{s}"*' for s in stems]
    every = []
    for stem, word in zip(stems, quoted, strict=True):
        labelled = " OR ".join(naf_token(code) for code in subclasses_labelled(stem))
        by_label = f" OR ({columns.filters} : ({labelled}))" if labelled else ""
        every.append(f"(({columns.declared} : {word}){by_label})")
    return _Words(
        stems=stems,
        names=f"{columns.names} : ({' AND '.join(quoted)})",
        declared=f"{columns.declared} : ({' AND '.join(quoted)})",
        every=" AND ".join(every),
    )


class SearchConfig(BaseModel):
    """Relevance levels and limits of the search."""

    score_nom: float = Field(
        1.0, description="Every word is in the name or shop sign: the firm says it does this."
    )
    score_declare: float = Field(
        0.7, description="Some word is only in the keywords the firm declared about itself."
    )
    score_activite: float = Field(
        0.4, description="Some word is only in the NAF label: the register says so, in general."
    )
    max_checked_here: int = Field(
        3000,
        description=(
            "Up to this many candidates, relevance levels are checked on their indexed words "
            "(one read) rather than with two more full-text queries (measured faster below)."
        ),
    )
    max_cells: int = Field(
        600,
        description=(
            "Above this many grid squares (a radius of about 120 km), the radius is checked on "
            "the candidates' positions instead of with index words."
        ),
    )


class FirmQuery(BaseModel):
    """A search of the register (every filter optional)."""

    q: str | None = Field(None, max_length=200, description="Mots cherchés (nom, activité...).")
    naf: list[str] = Field(
        default_factory=list, description="Codes NAF, préfixes (43.2) ou sections (F)."
    )
    cpv: str | None = Field(None, description="Code CPV d'un marché : les activités concernées.")
    autour: str | None = Field(None, description="Commune : nom, code postal ou code INSEE.")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180, validate_default=True)
    rayon_km: float | None = Field(None, gt=0, le=1000, description="Rayon autour du centre.")
    verifies_seulement: bool = Field(False, description="Déclarations vérifiées seulement.")
    actives_seulement: bool = Field(True, description="Établissements en activité seulement.")
    limite: Annotated[int, Field(ge=1, le=500)] = 20
    page: Annotated[int, Field(ge=1, le=10_000)] = 1

    @field_validator("q", "cpv", "autour")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value else None

    @field_validator("naf")
    @classmethod
    def _split(cls, values: list[str]) -> list[str]:
        return [v.strip() for value in values for v in value.split(",") if v.strip()]

    @field_validator("longitude")
    @classmethod
    def _point_is_whole(cls, value: float | None, info: ValidationInfo) -> float | None:
        if (info.data.get("latitude") is None) != (value is None):
            raise ValueError("Donnez la latitude et la longitude ensemble.")
        return value

    @model_validator(mode="after")
    def _radius_has_centre(self) -> FirmQuery:
        check_radius_has_centre(self.rayon_km, self.autour, self.latitude)
        return self


class FirmHit(BaseModel):
    firm: Firm
    distance_km: float | None = Field(None, description="Distance à vol d'oiseau au centre.")
    score: float | None = Field(None, description="Pertinence, de 0 à 1 (1 = la meilleure).")


class FirmResults(BaseModel):
    total: int
    page: int
    limite: int
    centre: Centre | None = None
    items: list[FirmHit]


def _naf_prefixes(query: FirmQuery) -> list[str]:
    prefixes = [p for code in query.naf for p in naf_prefixes(code)]
    if query.cpv:
        from_cpv = naf_prefixes_for_cpv(query.cpv)
        if not from_cpv:
            raise CodeError(
                f"Le code CPV « {query.cpv} » n'a pas de correspondance avec des activités NAF."
            )
        prefixes += from_cpv
    return list(dict.fromkeys(prefixes))


def _cells(centre: Centre, radius_km: float) -> list[int]:
    """The grid squares that cover the bounding box of the circle."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(centre.latitude, centre.longitude, radius_km)
    first_row = math.floor((max(min_lat, -90) + 90) / CELL_DEG)
    last_row = math.floor((min(max_lat, 89.999) + 90) / CELL_DEG)
    first_col = math.floor((max(min_lon, -180) + 180) / CELL_DEG)
    last_col = math.floor((min(max_lon, 179.999) + 180) / CELL_DEG)
    return [
        row * CELLS_PER_ROW + col
        for row in range(first_row, last_row + 1)
        for col in range(first_col, last_col + 1)
    ]


def _filter_expression(
    query: FirmQuery, prefixes: list[str], cells: list[int] | None, columns: _Columns
) -> str | None:
    """The FTS5 expression of the filters, or None when there is none."""
    parts = []
    if query.verifies_seulement:
        parts.append(verified_token())
    if prefixes:
        codes = dict.fromkeys(code for prefix in prefixes for code in subclasses_under(prefix))
        parts.append("(" + " OR ".join(naf_token(code) for code in codes) + ")")
    if cells:
        parts.append("(" + " OR ".join(cell_token(c) for c in cells) + ")")
    return f"{columns.filters} : (" + " AND ".join(parts) + ")" if parts else None


def _match(words: str | None, filters: str | None) -> str | None:
    return " AND ".join(f"({part})" for part in (words, filters) if part) or None


def _rowids(conn: sqlite3.Connection, match: str) -> np.ndarray:
    """The SIRETs (as integers) matching an FTS5 expression, in increasing order."""
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: sqlite3.Row objects cost more than the query
    cursor.execute("SELECT rowid FROM firms_fts WHERE firms_fts MATCH ? ORDER BY rowid", (match,))
    return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1)


def _positions(conn: sqlite3.Connection, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude of these firms (NaN when unknown), in the order of ``ids``."""
    lat = np.full(len(ids), np.nan)
    lon = np.full(len(ids), np.nan)
    if len(ids) == 0:
        return lat, lon
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        "SELECT id, latitude, longitude FROM firms WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids.tolist()),),
    ).fetchall()
    where = {row[0]: (row[1], row[2]) for row in rows}
    for i, firm_id in enumerate(ids.tolist()):
        point = where.get(firm_id)
        if point and point[0] is not None:
            lat[i], lon[i] = point
    return lat, lon


def _levels(
    conn: sqlite3.Connection,
    ids: np.ndarray,
    words: _Words,
    filters: str | None,
    config: SearchConfig,
) -> np.ndarray:
    """The relevance level of each candidate. Few candidates (after the radius): their
    indexed words are read and checked here, as FTS5 checks a prefix query (every query stem
    starts an indexed word); many: two more FTS5 queries."""
    if len(ids) <= config.max_checked_here:
        cursor = conn.cursor()
        cursor.row_factory = None
        rows = cursor.execute(
            "SELECT rowid, noms, noms_ferme, mots_cles, mots_cles_ferme FROM firms_fts "
            "WHERE rowid IN (SELECT value FROM json_each(?))",
            (json.dumps(ids.tolist()),),
        ).fetchall()
        stems = words.stems
        levels = {}
        for rowid, noms, noms_ferme, mots_cles, mots_cles_ferme in rows:
            names = f"{noms} {noms_ferme}".split()
            declared = names + f"{mots_cles} {mots_cles_ferme}".split()
            if all(any(w.startswith(s) for w in names) for s in stems):
                levels[rowid] = config.score_nom
            elif all(any(w.startswith(s) for w in declared) for s in stems):
                levels[rowid] = config.score_declare
        return np.array([levels.get(i, config.score_activite) for i in ids.tolist()], dtype=float)
    by_name = _rowids(conn, _match(words.names, filters) or "")
    by_declared = _rowids(conn, _match(words.declared, filters) or "")
    return np.where(
        np.isin(ids, by_name, assume_unique=True),
        config.score_nom,
        np.where(
            np.isin(ids, by_declared, assume_unique=True),
            config.score_declare,
            config.score_activite,
        ),
    )


def _empty(query: FirmQuery, centre: Centre | None) -> FirmResults:
    return FirmResults(total=0, page=query.page, limite=query.limite, centre=centre, items=[])


def search_firms(
    conn: sqlite3.Connection, query: FirmQuery, config: SearchConfig | None = None
) -> FirmResults:
    """The firms matching ``query``, ranked and paginated.

    Raises :class:`~places.communes.CommuneNotFoundError` for an unknown commune and
    :class:`~suppliers.errors.CodeError` for a bad NAF or CPV code (French messages).
    """
    config = config or SearchConfig()
    centre = resolve_centre(query.autour, query.latitude, query.longitude)
    prefixes = _naf_prefixes(query)
    stems = list(dict.fromkeys(tokens(query.q))) if query.q else []
    if query.q and not stems:
        # Only stop words ("le", "des"): nothing to look for, rather than everything.
        return _empty(query, centre)
    radius = query.rayon_km if centre else None
    cells = _cells(centre, radius) if centre and radius else None
    if cells is not None and len(cells) > config.max_cells:
        cells = None  # too many squares: the exact distance below does the work
    columns = ACTIVE if query.actives_seulement else ALL
    words = _words(stems, columns) if stems else None
    filters = _filter_expression(query, prefixes, cells, columns)
    start = (query.page - 1) * query.limite

    if not centre:
        return _listing(conn, query, words, filters, config, start)

    match = _match(words.every if words else None, filters)
    if match:
        ids = _rowids(conn, match)
    else:  # a centre with no word and no filter: every firm
        sql = "SELECT id FROM firms" + (" WHERE etat = 'actif'" if query.actives_seulement else "")
        ids = np.array([r[0] for r in conn.execute(sql)], dtype=np.int64)
    distance = np.full(len(ids), np.nan)
    if centre:
        lat, lon = _positions(conn, ids)
        distance = great_circle_km(centre.latitude, centre.longitude, lat, lon)
        if radius:
            keep = distance <= radius  # NaN (no position) compares False
            ids, distance = ids[keep], distance[keep]
    score = _levels(conn, ids, words, filters, config) if words else np.full(len(ids), np.nan)
    ranked_distance = np.where(np.isnan(distance), np.inf, distance)
    ranked_score = np.nan_to_num(score, nan=0.0)
    order = np.lexsort((ids, ranked_distance, -ranked_score))  # the last key sorts first
    page = order[start : start + query.limite]
    firms = get_firms(conn, [str(i).zfill(14) for i in ids[page]])
    items = []
    for index in page:
        siret = str(ids[index]).zfill(14)
        if siret in firms:
            items.append(
                FirmHit(
                    firm=firms[siret],
                    distance_km=None
                    if np.isnan(distance[index])
                    else round(float(distance[index]), 3),
                    score=None if np.isnan(score[index]) else float(score[index]),
                )
            )
    return FirmResults(
        total=len(ids), page=query.page, limite=query.limite, centre=centre, items=items
    )


def _listing(
    conn: sqlite3.Connection,
    query: FirmQuery,
    words: _Words | None,
    filters: str | None,
    config: SearchConfig,
    start: int,
) -> FirmResults:
    """Without a centre, no distance to compute: the relevance levels are three disjoint
    FTS5 queries (name; keywords but not name; the rest), each counted and paginated by
    FTS5 in SIRET order, so that a common word or a national listing reads one page only."""
    if words:
        names = _match(words.names, filters)
        declared = _match(words.declared, filters)
        every = _match(words.every, filters)
        segments = [
            (names, config.score_nom),
            (f"({declared}) NOT ({names})", config.score_declare),
            (f"({every}) NOT ({declared})", config.score_activite),
        ]
    elif filters:
        segments = [(filters, None)]
    else:
        segments = []
    if segments:
        counts = [
            conn.execute("SELECT COUNT(*) FROM firms_fts WHERE firms_fts MATCH ?", (m,)).fetchone()[
                0
            ]
            for m, _ in segments
        ]
        picked: list[tuple[int, float | None]] = []
        offset = start
        for (match, score), count in zip(segments, counts, strict=True):
            wanted = query.limite - len(picked)
            if wanted <= 0:
                break
            if offset >= count:
                offset -= count
                continue
            rows = conn.execute(
                "SELECT rowid FROM firms_fts WHERE firms_fts MATCH ? "
                "ORDER BY rowid LIMIT ? OFFSET ?",
                (match, wanted, offset),
            ).fetchall()
            picked += [(row[0], score) for row in rows]
            offset = 0
        total = sum(counts)
    else:
        where = " WHERE etat = 'actif'" if query.actives_seulement else ""
        total = conn.execute(f"SELECT COUNT(*) FROM firms{where}").fetchone()[0]
        rows = conn.execute(
            f"SELECT id FROM firms{where} ORDER BY id LIMIT ? OFFSET ?", (query.limite, start)
        ).fetchall()
        picked = [(row[0], None) for row in rows]
    firms = get_firms(conn, [str(firm_id).zfill(14) for firm_id, _ in picked])
    items = [
        FirmHit(firm=firms[siret], score=score)
        for siret, score in ((str(i).zfill(14), sc) for i, sc in picked)
        if siret in firms
    ]
    return FirmResults(total=total, page=query.page, limite=query.limite, items=items)


PAGE_MAX = 500
"""The largest page :class:`FirmQuery` accepts; :func:`iter_firms` reads pages of this size."""


def iter_firms(
    conn: sqlite3.Connection, query: FirmQuery, config: SearchConfig | None = None
) -> Iterator[FirmHit]:
    """Every firm matching ``query``, in the order of :func:`search_firms`, read a page at a
    time: memory holds one page whatever the number of results, and the page cap of
    :class:`FirmQuery` does not apply (what ``clair fournisseurs chercher --tout`` streams)."""
    page = 1
    while True:
        results = search_firms(
            conn, query.model_copy(update={"limite": PAGE_MAX, "page": page}), config
        )
        yield from results.items
        if len(results.items) < PAGE_MAX or page * PAGE_MAX >= results.total:
            return
        page += 1


_COUNT_AROUND = """
SELECT f.code_naf, f.tranche_effectif,
       COALESCE(f.categorie_entreprise, l.categorie_entreprise) AS categorie_entreprise,
       COUNT(*) AS etablissements
FROM firms f LEFT JOIN legal_units l ON l.siren = f.siren
WHERE f.id IN ({candidates}) AND f.etat = 'actif' AND f.latitude IS NOT NULL AND ({near})
GROUP BY 1, 2, 3
"""


def count_firms_around(
    conn: sqlite3.Connection,
    points: list[tuple[float, float]],
    radius_km: float,
    config: SearchConfig | None = None,
) -> pd.DataFrame:
    """How many active firms of the register lie within ``radius_km`` of any of the points
    (latitude, longitude), by NAF code, headcount band and INSEE category: columns
    ``code_naf``, ``tranche_effectif``, ``categorie_entreprise``, ``etablissements``.

    Counted inside SQLite without reading the firms into Python (a 30 km circle around a
    large city holds hundreds of thousands of establishments): the grid squares of the
    full-text index pick the candidates (the whole register past
    :attr:`SearchConfig.max_cells` squares), and each candidate is kept when it is within the
    radius of a point on the local plane (:func:`places.distance.planar_distance2`, within
    well under 1 % of the great-circle distance at these ranges). A firm near two points is
    counted once.
    """
    config = config or SearchConfig()
    points = list(dict.fromkeys((round(lat, 4), round(lon, 4)) for lat, lon in points))
    if not points:
        return pd.DataFrame(
            columns=["code_naf", "tranche_effectif", "categorie_entreprise", "etablissements"]
        )
    cells = sorted(
        {
            c
            for lat, lon in points
            for c in _cells(Centre(nom="", latitude=lat, longitude=lon), radius_km)
        }
    )
    params: list[object] = []
    if len(cells) <= config.max_cells:
        candidates = "SELECT rowid FROM firms_fts WHERE firms_fts MATCH ?"
        params.append(f"{ACTIVE.filters} : (" + " OR ".join(cell_token(c) for c in cells) + ")")
    else:
        candidates = "SELECT id FROM firms"
    near = []
    for point in points:
        sql, values = planar_distance2(point, "f.latitude", "f.longitude")
        near.append(f"{sql} <= ?")
        params += [*values, radius_km**2]
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        _COUNT_AROUND.format(candidates=candidates, near=" OR ".join(near)), params
    ).fetchall()
    return pd.DataFrame(
        rows, columns=["code_naf", "tranche_effectif", "categorie_entreprise", "etablissements"]
    )
