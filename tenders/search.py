"""Searching stored tenders: keywords, CPV prefix, département, distance, type, open only.

Keywords go through :func:`suppliers.textsearch.fts_query` (accents, case and plurals do not
matter: "Nettoyages" finds "nettoyage"); every word is required. A CPV code matches at any
level: ``9091`` finds 90910000 and 90911200 (a range on an index, no scan). Distance is the
great-circle distance from a commune (its representative point) or a point to the place of
performance; notices without a point are left out when a radius is asked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from places.centre import check_radius_has_centre, resolve_centre
from places.distance import bounding_box, great_circle_km, planar_distance2
from storage import tune_for_reads, utc_stamp
from suppliers.cpv import normalise_cpv
from suppliers.textsearch import fts_query
from tenders.store import tenders_by_rowid
from tenders.tender import Tender

Sort = Literal["pertinence", "date_limite", "distance", "date_publication"]


class TenderQuery(BaseModel):
    """What a firm looks for. Every filter is optional; none lists every stored notice."""

    q: str | None = Field(
        None, max_length=300, description="Mots-clés (accents, pluriels et majuscules ignorés)."
    )
    cpv: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Codes CPV ou débuts de code (45, 4521, 45210000-2) : l'un d'eux suffit.",
    )
    departement: str | None = Field(None, description="Code du département du lieu d'exécution.")
    autour: str | None = Field(
        None, description="Commune de référence (nom, code postal ou INSEE)."
    )
    latitude: float | None = Field(None, ge=-90, le=90, description="Point de référence (WGS 84).")
    longitude: float | None = Field(None, ge=-180, le=180)
    rayon_km: float | None = Field(None, gt=0, le=2000, description="Distance maximale en km.")
    type_marche: Literal["travaux", "fournitures", "services"] | None = None
    nature: Literal["appel_offres", "attribution", "autre"] | None = None
    ouverts: bool = Field(
        False, description="Seulement les avis dont la date limite n'est pas passée."
    )
    tri: Sort = Field(
        "pertinence", description="pertinence, date_limite, distance ou date_publication."
    )
    limite: int = Field(20, ge=1, le=200)
    page: int = Field(1, ge=1)
    publies_depuis: datetime | None = Field(
        None, description="Seulement les avis enregistrés depuis cet instant (flux Atom)."
    )

    @field_validator("cpv", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [v for v in value.replace(",", " ").split() if v]
        return value

    @field_validator("cpv")
    @classmethod
    def _normalise(cls, value: list[str]) -> list[str]:
        return [normalise_cpv(v) for v in value]

    @model_validator(mode="after")
    def _radius_has_centre(self) -> TenderQuery:
        check_radius_has_centre(self.rayon_km, self.autour, self.latitude)
        return self


class TenderHit(BaseModel):
    tender: Tender
    distance_km: float | None = None
    score: float | None = Field(None, description="Pertinence (plus grand = plus pertinent).")


class TenderResults(BaseModel):
    total: int
    page: int
    limite: int
    items: list[TenderHit]


def _cpv_range(prefix: str) -> tuple[str, str]:
    upper = str(int(prefix) + 1).zfill(len(prefix))
    return prefix, upper


def search_tenders(
    conn: sqlite3.Connection, query: TenderQuery, *, now: datetime | None = None
) -> TenderResults:
    """The stored notices that match ``query``, one page of them, best first."""
    now = now or datetime.now(UTC)
    tune_for_reads(conn)
    joins = ""
    where: list[str] = []
    params: list[object] = []
    match = fts_query(query.q) if query.q else None
    if match:
        joins = " JOIN tenders_fts ON tenders_fts.rowid = t.rowid"
        where.append("tenders_fts MATCH ?")
        params.append(match)
    cpv_sql = ""
    if query.cpv:
        ranges = []
        for prefix in query.cpv:
            ranges.append("(code >= ? AND code < ?)")
            params.extend(_cpv_range(prefix))
        cpv_sql = f"SELECT tender_rowid FROM tender_cpv WHERE {' OR '.join(ranges)}"
        where.append(f"t.rowid IN ({cpv_sql})")
    if query.departement:
        where.append("t.departement = ?")
        params.append(query.departement.strip().upper())
    if query.type_marche:
        where.append("t.type_marche = ?")
        params.append(query.type_marche)
    if query.nature:
        where.append("t.nature = ?")
        params.append(query.nature)
    if query.ouverts:
        where.append(
            "t.nature = 'appel_offres' AND t.date_limite_utc >= ? AND t.etat IS NOT 'annulation'"
        )
        params.append(utc_stamp(now))
    if query.publies_depuis:
        where.append("t.imported_at >= ?")
        params.append(utc_stamp(query.publies_depuis))
    centre = resolve_centre(query.autour, query.latitude, query.longitude)
    center = centre.point if centre else None
    distance_sql, distance_params = "", []
    if center is not None:
        distance_sql, distance_params = planar_distance2(center, "t.latitude", "t.longitude")
        if query.rayon_km:
            south, north, west, east = bounding_box(center[0], center[1], query.rayon_km)
            where.append(
                "t.rowid IN (SELECT id FROM tenders_geo WHERE max_lat >= ? AND min_lat <= ? "
                "AND max_lon >= ? AND min_lon <= ?)"
            )
            params.extend([south, north, west, east])
            where.append(f"{distance_sql} <= ?")
            params.extend([*distance_params, query.rayon_km**2])
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    rank = "tenders_fts.rank" if match else "0.0"

    # Orders an index can serve where possible: newest first when there is no keyword.
    order_params: list[object] = []
    if query.tri == "distance" and center is not None:
        order = f"t.latitude IS NULL, {distance_sql}, {rank}, t.rowid DESC"
        order_params = distance_params
    elif query.tri == "date_limite":
        order = (
            "t.date_limite_utc, t.rowid"
            if query.ouverts
            else ("t.date_limite_utc IS NULL, t.date_limite_utc, t.rowid")
        )
    elif query.tri in ("pertinence", "distance") and match:
        order = f"{rank}, t.rowid DESC"
    else:
        order = "t.date_publication DESC, t.rowid DESC"
    offset = (query.page - 1) * query.limite

    # With a single filter the count reads one index only; otherwise it comes with the page.
    total: int | None = None
    if not where:
        total = int(conn.execute("SELECT COUNT(*) FROM tenders").fetchone()[0])
    elif match and len(where) == 1:
        total = int(
            conn.execute(
                "SELECT COUNT(*) FROM tenders_fts WHERE tenders_fts MATCH ?", params
            ).fetchone()[0]
        )
    elif cpv_sql and len(where) == 1:
        total = int(
            conn.execute(
                f"SELECT COUNT(DISTINCT tender_rowid) FROM ({cpv_sql})", params
            ).fetchone()[0]
        )
        size = int(conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM tenders").fetchone()[0])
        if order.startswith("t.date_publication") and total >= DRIVE_SHARE * size:
            # A broad CPV prefix: walk the date index and test membership (stops after one
            # page) rather than sort every matching notice.
            sql_where = sql_where.replace("t.rowid IN (", "+t.rowid IN (", 1)

    rows = None
    if match and len(where) == 1 and center is None and query.tri in ("pertinence", "distance"):
        # Keywords only: FTS5 ranks and pages by itself, no join needed.
        rows = conn.execute(
            "SELECT rowid, rank, NULL, NULL FROM tenders_fts WHERE tenders_fts MATCH ? "
            "ORDER BY rank, rowid DESC LIMIT ? OFFSET ?",
            [*params, query.limite, offset],
        ).fetchall()
    if rows is None:
        counted = ", COUNT(*) OVER ()" if total is None else ""
        rows = conn.execute(
            f"SELECT t.rowid, {rank}, t.latitude, t.longitude{counted} FROM tenders t{joins}"
            f"{sql_where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, *order_params, query.limite, offset],
        ).fetchall()
    if total is None:
        if rows:
            total = int(rows[0][4])
        else:
            total = int(
                conn.execute(
                    f"SELECT COUNT(*) FROM tenders t{joins}{sql_where}", params
                ).fetchone()[0]
            )
        rows = [row[:4] for row in rows]
    tenders = tenders_by_rowid(conn, [int(r[0]) for r in rows])
    items = []
    for rowid, score, lat, lon in rows:
        distance = None
        if center and lat is not None and lon is not None:
            distance = float(great_circle_km(center[0], center[1], lat, lon))
        items.append(
            TenderHit(
                tender=tenders[int(rowid)],
                distance_km=None if distance is None else round(distance, 1),
                score=round(-float(score), 3) if match else None,
            )
        )
    return TenderResults(total=total, page=query.page, limite=query.limite, items=items)


DRIVE_SHARE = 0.02  # a CPV filter keeping ≥ 2 % of notices lets the date index drive

PAGE_MAX = 200
"""The largest page :class:`TenderQuery` accepts; :func:`iter_tenders` reads pages of this size."""


def iter_tenders(
    conn: sqlite3.Connection, query: TenderQuery, *, now: datetime | None = None
) -> Iterator[TenderHit]:
    """Every notice matching ``query``, in the order of :func:`search_tenders`, read a page at
    a time: memory holds one page whatever the number of results (what ``clair marches chercher
    --tout`` streams). ``now`` is fixed once, so « ouverts » means the same on every page."""
    now = now or datetime.now(UTC)
    page = 1
    while True:
        paged = query.model_copy(update={"limite": PAGE_MAX, "page": page})
        results = search_tenders(conn, paged, now=now)
        yield from results.items
        if len(results.items) < PAGE_MAX or page * PAGE_MAX >= results.total:
            return
        page += 1


CSV_COLUMNS = (
    "id",
    "titre",
    "objet",
    "acheteur",
    "siret_acheteur",
    "nature",
    "type_marche",
    "codes_cpv",
    "commune",
    "departement",
    "date_publication",
    "date_limite",
    "montant_eur",
    "url",
    "distance_km",
)


def hit_row(hit: TenderHit) -> list[object]:
    """One result as the values of :data:`CSV_COLUMNS`."""
    t = hit.tender
    return [
        t.id,
        t.titre,
        t.objet,
        t.acheteur.nom,
        t.acheteur.siret,
        t.nature,
        t.type_marche,
        t.codes_cpv,
        t.lieu.commune,
        t.lieu.departement,
        t.date_publication.isoformat() if t.date_publication else None,
        t.date_limite.isoformat() if t.date_limite else None,
        t.montant_eur,
        t.url,
        hit.distance_km,
    ]
