"""The firms register over the API: search, one firm, declarations, verification."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Response, status
from pydantic import BaseModel, Field

from api.deps import DbDep
from api.schemas import Erreur
from api.security import AgentDep, OptionalUserDep, UserDep, ensure_firm_owner
from suppliers.declarations import (
    Declaration,
    RegisterCheck,
    Verification,
    declare,
    register_checks,
    verification_history,
    verify,
)
from suppliers.export import firms_to_csv, firms_to_geojson
from suppliers.firm import Firm
from suppliers.revisions import Revision, pending_revision, revision_history
from suppliers.search import FirmQuery, FirmResults, search_firms
from suppliers.store import get_firm

router = APIRouter(prefix="/api/fournisseurs", tags=["fournisseurs"])


class FicheEntreprise(BaseModel):
    """Un établissement ; pour les agents, les contrôles du registre et l'historique."""

    entreprise: Firm
    controles: list[RegisterCheck] | None = Field(
        None, description="Contrôles automatiques (agents seulement)."
    )
    historique: list[Verification] | None = Field(
        None, description="Décisions des agents (agents seulement)."
    )
    modifications: list[Revision] | None = Field(
        None,
        description="Modifications proposées par l'entreprise à sa fiche vérifiée, avec les "
        "valeurs vérifiées qu'elles remplaçaient et la décision (agents seulement).",
    )


class Decision(BaseModel):
    """La décision d'un agent sur la déclaration d'une entreprise."""

    statut: Literal["vérifié", "rejeté"]
    motif: str | None = Field(None, max_length=500, description="Obligatoire pour un rejet.")


NOT_FOUND = {404: {"model": Erreur, "description": "Aucun établissement avec ce SIRET."}}
BAD = {400: {"model": Erreur, "description": "Commune, code NAF ou CPV inconnu."}}


@router.get("", responses=BAD)
def chercher(query: Annotated[FirmQuery, Query()], db: DbDep) -> FirmResults:
    """Chercher des entreprises : mots, codes NAF, code CPV d'un marché, autour d'une commune
    ou d'un point dans un rayon (km). Classées par pertinence puis par distance."""
    return search_firms(db, query)


@router.get(
    "/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **BAD},
)
def exporter_csv(query: Annotated[FirmQuery, Query()], db: DbDep) -> Response:
    """Les résultats d'une recherche en CSV (séparateur « ; »), une page à la fois."""
    results = search_firms(db, query)
    return Response(
        firms_to_csv(results.items),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="fournisseurs.csv"'},
    )


@router.get(
    "/export.geojson",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}, **BAD},
)
def exporter_geojson(query: Annotated[FirmQuery, Query()], db: DbDep) -> Response:
    """Les résultats d'une recherche en GeoJSON (pour une carte), une page à la fois."""
    import json

    results = search_firms(db, query)
    return Response(
        json.dumps(firms_to_geojson(results.items), ensure_ascii=False),
        media_type="application/geo+json",
    )


@router.get("/{siret}", responses=NOT_FOUND)
def fiche(siret: str, db: DbDep, user: OptionalUserDep) -> FicheEntreprise:
    """Un établissement et ce qu'il a déclaré."""
    firm = get_firm(db, siret)
    if firm is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Aucun établissement de SIRET {siret}.")
    if user is not None and user.role == "agent":
        return FicheEntreprise(
            entreprise=firm,
            controles=register_checks(db, firm.siret),
            historique=verification_history(db, firm.siret),
            modifications=revision_history(db, firm.siret),
        )
    return FicheEntreprise(entreprise=firm)


@router.post(
    "/declarations",
    responses={
        202: {"model": Firm, "description": "Fiche vérifiée : la modification attend un agent."},
        400: {"model": Erreur, "description": "Déclaration incomplète ou commune inconnue."},
        403: {"model": Erreur, "description": "Ce n'est pas votre entreprise, ou le lien de "
              "votre compte avec elle n'est pas encore approuvé."},
    },
)
def declarer(declaration: Declaration, db: DbDep, user: UserDep, response: Response) -> Firm:
    """Déclarer ce que fait un établissement (mots-clés, zone de livraison, contact).

    Une entreprise ne déclare que pour son propre SIREN, et seulement quand un agent a
    approuvé le lien de son compte avec ce SIREN ; un agent peut déclarer pour elle.
    La déclaration repasse à « déclaré » si son contenu change. Sur une fiche vérifiée, la
    modification d'une entreprise attend l'accord d'un agent : la réponse (code 202) est la
    fiche publique, qui garde les informations vérifiées.
    """
    officer = user.role == "agent"
    if not officer:
        ensure_firm_owner(user, declaration.siret)
    firm = declare(db, declaration, par=user.email, by_officer=officer)
    if pending_revision(db, firm.siret) is not None and not officer:
        response.status_code = status.HTTP_202_ACCEPTED
    return firm


@router.post("/{siret}/verification", responses={**NOT_FOUND, 400: {"model": Erreur}})
def verifier(siret: str, decision: Decision, db: DbDep, agent: AgentDep) -> FicheEntreprise:
    """Marquer la déclaration comme vérifiée ou rejetée (agents seulement ; motif obligatoire
    pour un rejet). Renvoie la fiche avec les contrôles du registre."""
    if get_firm(db, siret) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Aucun établissement de SIRET {siret}.")
    firm = verify(db, siret, statut=decision.statut, par=agent.email, motif=decision.motif)
    return FicheEntreprise(
        entreprise=firm,
        controles=register_checks(db, firm.siret),
        historique=verification_history(db, firm.siret),
    )
