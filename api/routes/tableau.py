"""The local-economy dashboard over the API: who wins the buyers' contracts, how far away, how
big, with how much competition, and where local firms could answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import DbDep
from tenders.dashboard import Dashboard, DashboardQuery, build_dashboard

router = APIRouter(prefix="/api", tags=["tableau de bord"])


@router.get("/tableau-de-bord")
def tableau_de_bord(query: Annotated[DashboardQuery, Query()], db: DbDep) -> Dashboard:
    """Le tableau de bord des marchés attribués d'un ou plusieurs acheteurs (SIRET).

    Répétez `acheteurs` pour un groupe (`?acheteurs=...&acheteurs=...`), de même `divisions`
    et `procedures`. Les parts vont de 0 à 1 ; `null` quand elles ne peuvent pas être
    calculées. Pour préparer les achats, jamais pour noter les offres. Ouvert à tous : les
    données d'attribution (DECP) et le registre (SIRENE) sont des données publiques ; la page
    web est réservée aux agents.
    """
    return build_dashboard(db, query)
