"""Measuring search relevance on a judged set: precision@k and recall@k per question.

A judged set (JSON) lists questions — keyword searches (``recherche``, through
:func:`tenders.search.search_tenders`) and firm profiles (``entreprise``, through
:func:`tenders.matching.tenders_for_firm`) — each with the demo notices a firm asking it should
see first, judged by reading the notices. The demo notices are loaded into a private in-memory
base at the judgement date, so the measure is the same whatever day it runs.
"""

from __future__ import annotations

import json
import statistics
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from storage import connect
from tenders import store
from tenders.demo import load_demo
from tenders.matching import FirmProfile, tenders_for_firm
from tenders.search import TenderQuery, search_tenders


class JudgedQuestion(BaseModel):
    type: Literal["recherche", "entreprise"]
    requete: dict[str, Any] = Field(description="TenderQuery or FirmProfile fields.")
    pertinents: list[str] = Field(description="Keys of the demo notices judged relevant.")


class JudgedSet(BaseModel):
    description: str = ""
    date_chargement: date = Field(description="Date the demo notices are loaded at.")
    requetes: list[JudgedQuestion]


class QuestionMeasure(BaseModel):
    type: Literal["recherche", "entreprise"]
    requete: dict[str, Any]
    precision: float = Field(
        description="Share of the notices shown that are judged relevant; 0 if none shown."
    )
    recall: float = Field(description="Share of the judged notices that are shown.")
    shown: list[str]


class RelevanceReport(BaseModel):
    k: int
    questions: list[QuestionMeasure]

    @property
    def mean_precision(self) -> float:
        return statistics.mean(q.precision for q in self.questions)

    @property
    def mean_recall(self) -> float:
        return statistics.mean(q.recall for q in self.questions)


def load_judged(path: Path) -> JudgedSet:
    """Read a judged set from its JSON file."""
    return JudgedSet.model_validate(json.loads(path.read_text(encoding="utf-8")))


def measure_relevance(judged: JudgedSet, k: int = 10) -> RelevanceReport:
    """Precision@k and recall@k of every judged question, on the demo notices."""
    loaded = judged.date_chargement
    now = datetime.combine(loaded, datetime.min.time(), UTC) + timedelta(hours=9)
    conn = connect(":memory:")
    try:
        store.migrate(conn)
        load_demo(conn, today=loaded)
        measures = []
        for question in judged.requetes:
            relevant = {f"demo:{key}" for key in question.pertinents}
            if question.type == "recherche":
                query = TenderQuery(limite=k, **question.requete)
                shown = [h.tender.id for h in search_tenders(conn, query, now=now).items]
            else:
                profile = FirmProfile(**question.requete)
                shown = [m.tender.id for m in tenders_for_firm(conn, profile, limite=k, now=now)]
            found = len(relevant & set(shown))
            measures.append(
                QuestionMeasure(
                    type=question.type,
                    requete=question.requete,
                    precision=found / len(shown) if shown else 0.0,
                    recall=found / len(relevant),
                    shown=shown,
                )
            )
    finally:
        conn.close()
    return RelevanceReport(k=k, questions=measures)
