"""The officers' decisions on the rewrite proposals, rule by rule (for the lab)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import DbDep
from falc.decisions import RuleStatistics, rule_statistics

router = APIRouter(prefix="/api/falc", tags=["falc"])


@router.get("/statistiques")
def statistiques(db: DbDep) -> list[RuleStatistics]:
    """Pour chaque règle de réécriture : propositions relues par les agents, acceptées,
    modifiées, refusées, laissées sans décision, et taux d'acceptation. Les règles les plus
    proposées d'abord."""
    return rule_statistics(db)
