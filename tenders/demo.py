"""Demo tenders: FICTITIOUS notices around the Communauté urbaine de Dunkerque.

They are invented for demonstrations and tests: realistic objects, CPV codes and places, but
no real buyer published them. Each is marked ``demo=True``, its id starts with ``demo:``, its
buyer's name ends with "(démo)" and it has no SIRET. They are data, in
``tenders/data/demo_notices.json`` (one object per notice, named fields).

Dates are relative to the day they are loaded: a call for tenders with ``deadline_days=12`` is
published ``published_days_ago`` days before the load and closes 12 days after it, at noon
Paris time, so a fresh demo base always has open and closed notices (deadlines between 20 days
ago and 60 days ahead). Award notices have no deadline.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, Field

from tenders.store import count_tenders, save_tenders
from tenders.tender import PARIS, Lot, RawTender, Tender, Titulaire, make_tender


class DemoNotice(BaseModel):
    """One fictitious notice as ``demo_notices.json`` holds it."""

    id: str = Field(description="Identifiant local ; l'avis devient « demo:<id> ».")
    titre: str
    objet: str
    cpv: list[str]
    code_commune: str = Field(description="Code INSEE du lieu d'exécution.")
    acheteur: str = Field(description="Nom de l'acheteur, terminé par « (démo) ».")
    publie_il_y_a_jours: int = 10
    jours_avant_cloture: int | None = Field(
        None,
        description="Date limite, en jours après le chargement ; absente pour un avis d'attribution.",
    )
    procedure: str = "Procédure adaptée"
    lots: list[str] = Field(default_factory=list)
    titulaires: list[str] = Field(default_factory=list)
    montant: float | None = None


@cache
def demo_notices() -> tuple[DemoNotice, ...]:
    """The fictitious notices shipped in ``tenders/data/demo_notices.json``."""
    raw = (files("tenders") / "data" / "demo_notices.json").read_text(encoding="utf-8")
    return tuple(DemoNotice.model_validate(item) for item in json.loads(raw)["avis"])


def notice_raw(notice: DemoNotice, today: date) -> RawTender:
    """A demo notice as a raw tender, dated relative to ``today``."""
    award = notice.jours_avant_cloture is None
    deadline = (
        None
        if award
        else datetime.combine(
            today + timedelta(days=notice.jours_avant_cloture or 0), time(12), PARIS
        )
    )
    return RawTender(
        source="demo",
        local_id=notice.id,
        titre=notice.titre,
        objet=notice.objet,
        acheteur_nom=notice.acheteur,
        nature="attribution" if award else "appel_offre",
        etat="initial",
        procedure=notice.procedure,
        codes_cpv=list(notice.cpv),
        lieu_code=notice.code_commune,
        lieu_type="code commune",
        date_publication=today - timedelta(days=notice.publie_il_y_a_jours),
        date_limite=deadline,
        lots=[Lot(numero=str(i), titre=title) for i, title in enumerate(notice.lots, start=1)],
        titulaires=[Titulaire(nom=name) for name in notice.titulaires],
        montant=notice.montant,
        demo=True,
    )


def demo_tenders(today: date | None = None) -> list[Tender]:
    """The demo notices, dated relative to ``today`` (default: the current date)."""
    today = today or datetime.now(PARIS).date()
    return [make_tender(notice_raw(n, today)) for n in demo_notices()]


def load_demo(conn: sqlite3.Connection, today: date | None = None) -> int:
    """Load the demo notices into a base holding no tender; return how many were added."""
    if count_tenders(conn):
        return 0
    return save_tenders(conn, demo_tenders(today)).ajoutes
