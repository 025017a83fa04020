"""Searching the register: words, NAF codes or a CPV code, around a commune or a point.

Results are ranked by relevance, then by distance. Relevance is FTS5's BM25 (weights in
:class:`SearchConfig`), divided by the best score of the search; around a centre it is rounded
to tenths, so that firms matching about as well are ordered by distance (nearest first).
Without words, by distance only; without a centre, by relevance only; with neither, by SIRET.
"""

from __future__ import annotations

import math
import sqlite3
from typing import Annotated

import numpy as np
from pydantic import BaseModel, Field, ValidationInfo, field_validator

from suppliers.communes import find_commune
from suppliers.cpv import naf_prefixes_for_cpv
from suppliers.distance import bounding_box, great_circle_km
from suppliers.errors import CodeError
from suppliers.firm import Firm
from suppliers.naf import naf_prefixes
from suppliers.store import CELL_DEG, CELLS_PER_ROW, get_firms
from suppliers.textsearch import fts_query


class SearchConfig(BaseModel):
    """Weights of the full-text columns in BM25 (SQLite FTS5 ``bm25()``)."""

    poids_nom: float = Field(10.0, description="A word of the name says most about a firm.")
    poids_enseigne: float = Field(8.0, description="The shop sign, nearly as telling.")
    poids_activite: float = Field(3.0, description="NAF label: shared by many firms.")
    poids_mots_cles: float = Field(6.0, description="Keywords the firm declared itself.")
    paliers: int = Field(
        10, description="Relevance is rounded to 1/paliers of the best score before distance."
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


class Centre(BaseModel):
    nom: str
    latitude: float
    longitude: float


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


def _centre(query: FirmQuery) -> Centre | None:
    if query.autour:
        commune = find_commune(query.autour)
        if commune.latitude is None or commune.longitude is None:
            raise CodeError(f"La position de {commune.libelle} est inconnue.")
        return Centre(nom=commune.libelle, latitude=commune.latitude, longitude=commune.longitude)
    if query.latitude is not None and query.longitude is not None:
        return Centre(
            nom=f"{query.latitude:.5f}, {query.longitude:.5f}",
            latitude=query.latitude,
            longitude=query.longitude,
        )
    return None


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


def _cell_ranges(centre: Centre, radius_km: float) -> list[tuple[int, int]]:
    min_lat, max_lat, min_lon, max_lon = bounding_box(centre.latitude, centre.longitude, radius_km)
    first_row = math.floor((max(min_lat, -90) + 90) / CELL_DEG)
    last_row = math.floor((min(max_lat, 89.999) + 90) / CELL_DEG)
    first_col = math.floor((max(min_lon, -180) + 180) / CELL_DEG)
    last_col = math.floor((min(max_lon, 179.999) + 180) / CELL_DEG)
    return [
        (row * CELLS_PER_ROW + first_col, row * CELLS_PER_ROW + last_col)
        for row in range(first_row, last_row + 1)
    ]


def _candidates(
    conn: sqlite3.Connection,
    query: FirmQuery,
    match: str | None,
    prefixes: list[str],
    centre: Centre | None,
    config: SearchConfig,
) -> list[tuple[int, float | None, float | None, float | None]]:
    """(id, bm25 rank, latitude, longitude) of every firm passing the filters."""
    params: list[object] = []
    if match:
        weights = _weights(config)
        sql = (
            "SELECT f.id, s.rank, f.latitude, f.longitude FROM "
            "(SELECT rowid AS id, bm25(firms_fts, ?, ?, ?, ?) AS rank FROM firms_fts "
            "WHERE firms_fts MATCH ?) s JOIN firms f ON f.id = s.id"
        )
        params += [*weights, match]
    else:
        sql = "SELECT f.id, NULL, f.latitude, f.longitude FROM firms f"
    where: list[str] = []
    if query.verifies_seulement:
        sql += " JOIN declarations d ON d.id = f.id"
        where.append("d.statut = 'vérifié'")
    if query.actives_seulement:
        where.append("f.etat = 'actif'")
    if prefixes:
        where.append(
            "(" + " OR ".join("(f.code_naf >= ? AND f.code_naf < ?)" for _ in prefixes) + ")"
        )
        for prefix in prefixes:
            params += [prefix, prefix + "~"]  # "~" sorts after every digit and letter
    if centre and query.rayon_km:
        ranges = _cell_ranges(centre, query.rayon_km)
        where.append("(" + " OR ".join("f.cell BETWEEN ? AND ?" for _ in ranges) + ")")
        params += [bound for pair in ranges for bound in pair]
    if where:
        sql += " WHERE " + " AND ".join(where)
    return conn.execute(sql, params).fetchall()


def _listing(
    conn: sqlite3.Connection,
    query: FirmQuery,
    prefixes: list[str],
    config: SearchConfig,
    match: str | None,
) -> FirmResults:
    """Without a centre there is no distance to break ties: firms by BM25 relevance (or by
    SIRET without words), ranked and paginated in SQL, so that a word shared by many firms
    or a listing of a national register never loads every match into Python."""
    # One pass: the window functions count and find the best score before LIMIT applies.
    columns = (
        "f.id, s.rank, COUNT(*) OVER (), MIN(s.rank) OVER ()"
        if match
        else "f.id, NULL, COUNT(*) OVER (), NULL"
    )
    sql, params = _filtered_sql(query, prefixes, match, config, columns)
    start = (query.page - 1) * query.limite
    order = "s.rank, f.id" if match else "f.id"
    rows = conn.execute(
        f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", [*params, query.limite, start]
    ).fetchall()
    if rows:
        total, best = rows[0][2], rows[0][3]
    else:  # past the last page: count without ranking
        sql, params = _filtered_sql(query, prefixes, match, config, "f.id")
        total, best = conn.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0], None
    sirets = [str(row[0]).zfill(14) for row in rows]
    firms = get_firms(conn, sirets)
    items = []
    for siret, row in zip(sirets, rows, strict=True):
        if siret not in firms:
            continue
        score = round(row[1] / best, 3) if best else None
        items.append(FirmHit(firm=firms[siret], score=score))
    return FirmResults(total=total, page=query.page, limite=query.limite, items=items)


def _filtered_sql(
    query: FirmQuery,
    prefixes: list[str],
    match: str | None,
    config: SearchConfig,
    columns: str,
) -> tuple[str, list[object]]:
    """The firms passing the filters (``f`` the firm, ``s`` its FTS match when words)."""
    params: list[object] = []
    if match:
        # MATERIALIZED: bm25() only works where FTS5 runs the MATCH, not in a flattened query.
        sql = (
            "WITH s AS MATERIALIZED (SELECT rowid AS id, bm25(firms_fts, ?, ?, ?, ?) AS rank "
            "FROM firms_fts WHERE firms_fts MATCH ?) "
            f"SELECT {columns} FROM s JOIN firms f ON f.id = s.id"
        )
        params += [*_weights(config), match]
    else:
        sql = f"SELECT {columns} FROM firms f"
    where: list[str] = []
    if query.verifies_seulement:
        sql += " JOIN declarations d ON d.id = f.id"
        where.append("d.statut = 'vérifié'")
    if query.actives_seulement:
        where.append("f.etat = 'actif'")
    if prefixes:
        where.append(
            "(" + " OR ".join("(f.code_naf >= ? AND f.code_naf < ?)" for _ in prefixes) + ")"
        )
        for prefix in prefixes:
            params += [prefix, prefix + "~"]
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params


def _weights(config: SearchConfig) -> tuple[float, float, float, float]:
    return (config.poids_nom, config.poids_enseigne, config.poids_activite, config.poids_mots_cles)


def search_firms(
    conn: sqlite3.Connection, query: FirmQuery, config: SearchConfig | None = None
) -> FirmResults:
    """The firms matching ``query``, ranked and paginated.

    Raises :class:`~suppliers.errors.CommuneNotFoundError` for an unknown commune and
    :class:`~suppliers.errors.CodeError` for a bad NAF or CPV code (French messages).
    """
    config = config or SearchConfig()
    centre = _centre(query)
    prefixes = _naf_prefixes(query)
    match = fts_query(query.q) if query.q else None
    if query.q and match is None:
        # Only stop words ("le", "des"): nothing to look for, rather than everything.
        return FirmResults(total=0, page=query.page, limite=query.limite, centre=centre, items=[])
    if centre is None:
        return _listing(conn, query, prefixes, config, match)
    rows = _candidates(conn, query, match, prefixes, centre, config)
    if not rows:
        return FirmResults(total=0, page=query.page, limite=query.limite, centre=centre, items=[])
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    lat = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=float)
    lon = np.array([np.nan if r[3] is None else r[3] for r in rows], dtype=float)
    distance = (
        great_circle_km(centre.latitude, centre.longitude, lat, lon)
        if centre
        else np.full(len(rows), np.nan)
    )
    keep = np.ones(len(rows), dtype=bool)
    if centre and query.rayon_km:
        keep = distance <= query.rayon_km  # NaN (no position) compares False
    if match:
        relevance = -np.array([r[1] for r in rows], dtype=float)  # bm25: lower is better
        best = relevance[keep].max() if keep.any() else 1.0
        score = relevance / best if best > 0 else np.ones(len(rows))
        tier = np.round(score * config.paliers)
    else:
        score = np.full(len(rows), np.nan)
        tier = np.zeros(len(rows))
    ids, distance, score, tier = ids[keep], distance[keep], score[keep], tier[keep]
    sortable_distance = np.where(np.isnan(distance), np.inf, distance)
    order = np.lexsort((ids, sortable_distance, -tier))  # last key sorts first
    start = (query.page - 1) * query.limite
    page = order[start : start + query.limite]
    firms = get_firms(conn, [str(i).zfill(14) for i in ids[page]])
    items = []
    for index in page:
        siret = str(ids[index]).zfill(14)
        if siret not in firms:
            continue
        items.append(
            FirmHit(
                firm=firms[siret],
                distance_km=None if np.isnan(distance[index]) else round(float(distance[index]), 3),
                score=None if np.isnan(score[index]) else round(float(score[index]), 3),
            )
        )
    return FirmResults(
        total=len(ids), page=query.page, limite=query.limite, centre=centre, items=items
    )
