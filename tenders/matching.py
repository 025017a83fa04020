"""« Ces marchés sont pour vous » : the open tenders that fit a firm, each with its reasons;
and, the other way round, the firms a tender concerns.

A tender fits a firm when at least one of these holds (distance alone is never enough):

- **activité** : one of its CPV codes concerns the firm's NAF code, through the editable
  correspondence :func:`suppliers.cpv.naf_prefixes_for_cpv`;
- **mot-clé** : one of the firm's keywords appears in the notice (same French normalisation
  as the search: accents, case and plurals do not matter).

When the firm has a location, tenders placed farther than the radius are left out and the
nearer ones rank higher; a tender without a known place is kept, without the distance bonus.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np
from pydantic import BaseModel, Field

from core.errors import ClairError
from places.centre import resolve_centre
from places.distance import bounding_box, great_circle_km, planar_distance2
from storage import utc_stamp
from suppliers.cpv import cpv_label, cpv_naf_lines, naf_prefixes_for_cpv
from suppliers.errors import CodeError
from suppliers.naf import naf_label, normalise_naf
from suppliers.search import FirmQuery, FirmResults, search_firms
from suppliers.textsearch import fts_query, tokens
from tenders.store import search_text, tenders_by_rowid
from tenders.tender import Tender


class NoCpvError(ClairError):
    """A tender without CPV code: the firms it concerns cannot be derived."""


class MatchingConfig(BaseModel):
    """Weights of the reasons. Hand-set so that an activity match counts more than one
    keyword, and a keyword match near the firm beats the same match far away; tuned on the
    judged set in ``benchmarks/data/pertinence_marches.json``."""

    poids_activite: float = Field(3.0, description="Un code CPV de l'avis concerne le code NAF.")
    poids_mot_cle: float = Field(2.0, description="Par mot-clé de l'entreprise trouvé dans l'avis.")
    poids_proximite: float = Field(
        1.5, description="Bonus maximal de proximité, décroissant linéairement jusqu'au rayon."
    )
    rayon_km_defaut: float = Field(
        50.0,
        description=(
            "Rayon par défaut autour de l'entreprise : 50 km, la zone d'action habituelle d'une "
            "TPE du BTP ou des services (ordre de grandeur des études régionales de la CCI)."
        ),
    )


CONFIG = MatchingConfig()


class FirmProfile(BaseModel):
    """What a firm does and where: from the register (SIRET) or typed in."""

    siret: str | None = None
    nom: str | None = None
    code_naf: str | None = Field(None, description="Activité principale (NAF rév. 2).")
    mots_cles: list[str] = Field(default_factory=list)
    autour: str | None = Field(None, description="Commune de l'entreprise.")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    rayon_km: float | None = Field(None, gt=0, le=2000)


class Reason(BaseModel):
    kind: str = Field(description="activite, mot_cle ou distance.")
    message: str


class TenderMatch(BaseModel):
    tender: Tender
    score: float
    distance_km: float | None = None
    raisons: list[Reason]


def km_text(distance_km: float) -> str:
    """ "3,5 km", "12 km": a distance written the French way."""
    return f"{distance_km:g}".replace(".", ",") + " km"


def profile_from_firm(firm: object) -> FirmProfile:
    """The profile of a firm of the register (:class:`suppliers.firm.Firm`)."""
    keywords = list(getattr(firm, "mots_cles", None) or [])
    return FirmProfile(
        siret=getattr(firm, "siret", None),
        nom=getattr(firm, "nom", None),
        code_naf=getattr(firm, "code_naf", None),
        mots_cles=keywords,
        latitude=getattr(firm, "latitude", None),
        longitude=getattr(firm, "longitude", None),
        rayon_km=getattr(firm, "rayon_livraison_km", None),
    )


@lru_cache(maxsize=4096)
def _cpv_nafs(code: str) -> tuple[str, ...]:
    try:
        return tuple(naf_prefixes_for_cpv(code))
    except CodeError:
        return ()


def cpv_prefixes_for_naf(code_naf: str) -> list[str]:
    """The CPV divisions and groups whose correspondence line names a prefix of ``code_naf``."""
    naf = normalise_naf(code_naf)
    return sorted(
        cpv
        for cpv, (prefixes, _comment) in cpv_naf_lines().items()
        if any(naf.startswith(p) for p in prefixes)
    )


def _naf_fits(code_cpv: str, naf: str) -> bool:
    return any(naf.startswith(p) for p in _cpv_nafs(code_cpv))


def _keyword_hits(keywords: list[str], words: set[str]) -> list[str]:
    """The keywords whose every stem starts a word of the notice."""
    hits = []
    for keyword in keywords:
        stems = tokens(keyword)
        if stems and all(any(w.startswith(s) for w in words) for s in stems):
            hits.append(keyword)
    return hits


def _range(prefix: str) -> tuple[str, str]:
    return prefix, str(int(prefix) + 1).zfill(len(prefix))


def tenders_for_firm(
    conn: sqlite3.Connection,
    profile: FirmProfile,
    *,
    limite: int = 20,
    now: datetime | None = None,
    config: MatchingConfig = CONFIG,
) -> list[TenderMatch]:
    """The open tenders that fit ``profile``, best first, each with its reasons in French."""
    now = now or datetime.now(UTC)
    naf = normalise_naf(profile.code_naf) if profile.code_naf else None
    keywords = [k.strip() for k in profile.mots_cles if k and k.strip()]
    alternatives: list[str] = []
    params: list[object] = [utc_stamp(now)]
    if naf:
        prefixes = cpv_prefixes_for_naf(naf)
        if prefixes:
            ranges = " OR ".join("(code >= ? AND code < ?)" for _ in prefixes)
            alternatives.append(
                f"EXISTS (SELECT 1 FROM tender_cpv c WHERE c.tender_rowid = t.rowid AND ({ranges}))"
            )
            for prefix in prefixes:
                params.extend(_range(prefix))
    matches = [m for m in (fts_query(k) for k in keywords) if m]
    if matches:
        alternatives.append(
            "EXISTS (SELECT 1 FROM tenders_fts f WHERE f.rowid = t.rowid AND tenders_fts MATCH ?)"
        )
        params.append(" OR ".join(f"({m})" for m in matches))
    if not alternatives:
        return []
    centre = resolve_centre(profile.autour, profile.latitude, profile.longitude)
    center = centre.point if centre else None
    radius = profile.rayon_km or config.rayon_km_defaut
    # The activity and keyword tests are checked per candidate (EXISTS): the deadline, or the
    # R*Tree box around the firm, selects far fewer notices than a broad CPV division.
    fits = " OR ".join(alternatives)
    where = (
        "t.nature = 'appel_offres' AND t.date_limite_utc >= ? AND t.etat IS NOT 'annulation' "
        f"AND ({fits})"
    )
    if center:
        south, north, west, east = bounding_box(center[0], center[1], radius)
        distance_sql, distance_params = planar_distance2(center, "t.latitude", "t.longitude")
        located = (
            f"SELECT t.rowid, t.latitude, t.longitude FROM tenders t WHERE {where} "
            "AND t.rowid IN (SELECT id FROM tenders_geo WHERE max_lat >= ? AND min_lat <= ? "
            f"AND max_lon >= ? AND min_lon <= ?) AND {distance_sql} <= ?"
        )
        unlocated = (
            f"SELECT t.rowid, NULL, NULL FROM tenders t WHERE {where} AND t.latitude IS NULL"
        )
        rows = conn.execute(
            f"{located} UNION ALL {unlocated}",
            [*params, south, north, west, east, *distance_params, radius**2, *params],
        ).fetchall()
    else:
        rows = conn.execute(
            f"SELECT t.rowid, t.latitude, t.longitude FROM tenders t WHERE {where}", params
        ).fetchall()
    if not rows:
        return []
    tenders = tenders_by_rowid(conn, [int(r[0]) for r in rows])
    distances = np.full(len(rows), np.nan)
    if center:
        lat = np.array([np.nan if r[1] is None else r[1] for r in rows], dtype=float)
        lon = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=float)
        distances = great_circle_km(center[0], center[1], lat, lon)

    results: list[TenderMatch] = []
    for (rowid, _lat, _lon), distance in zip(rows, distances, strict=True):
        tender = tenders[int(rowid)]
        if center and not np.isnan(distance) and distance > radius:
            continue
        reasons: list[Reason] = []
        score = 0.0
        if naf:
            fitting = [c for c in tender.codes_cpv if _naf_fits(c, naf)]
            if fitting:
                score += config.poids_activite
                code = fitting[0]
                label = cpv_label(code)
                family = f" (famille « {label} »)" if label else ""
                activity = naf_label(naf) or naf
                reasons.append(
                    Reason(
                        kind="activite",
                        message=(
                            f"Son code CPV {code}{family} correspond à votre activité : {activity}."
                        ),
                    )
                )
        hits = _keyword_hits(keywords, set(search_text(tender).split())) if keywords else []
        for keyword in hits:
            score += config.poids_mot_cle
            reasons.append(Reason(kind="mot_cle", message=f"L'avis parle de « {keyword} »."))
        if not reasons:
            continue
        distance_km = None if np.isnan(distance) else round(float(distance), 1)
        if distance_km is not None:
            score += config.poids_proximite * max(0.0, 1 - distance_km / radius)
            where_text = tender.lieu.commune or tender.lieu.libelle or "le lieu d'exécution"
            reasons.append(
                Reason(
                    kind="distance",
                    message=f"{where_text} est à {km_text(distance_km)} de chez vous.",
                )
            )
        results.append(
            TenderMatch(
                tender=tender, score=round(score, 3), distance_km=distance_km, raisons=reasons
            )
        )
    results.sort(key=lambda m: (-m.score, m.tender.date_limite or datetime.max.replace(tzinfo=UTC)))
    return results[:limite]


def firms_for_tender(
    conn: sqlite3.Connection, tender: Tender, *, rayon_km: float = 50.0, limite: int = 20
) -> FirmResults:
    """The firms of the register a tender concerns (CPV → NAF, within ``rayon_km`` of the
    place when it is known): the sourcing list buyers ask for."""
    if not tender.codes_cpv:
        raise NoCpvError(
            "Cet avis n'a pas de code CPV : Clair ne peut pas dire quelles entreprises il concerne."
        )
    point = tender.lieu.latitude is not None and tender.lieu.longitude is not None
    query = FirmQuery(
        cpv=tender.codes_cpv[0],
        latitude=tender.lieu.latitude if point else None,
        longitude=tender.lieu.longitude if point else None,
        rayon_km=rayon_km if point else None,
        actives_seulement=True,
        limite=limite,
    )
    return search_firms(conn, query)
