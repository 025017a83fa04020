"""Tender notices over the API: search, one notice, its fiche, the firms it concerns, the
tenders for a firm, saved searches and their Atom feeds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from pydantic import BaseModel, Field

from api.deps import DbDep, NlpDep
from api.security import UserDep
from suppliers.search import FirmResults
from tenders.fiche import Fiche, fiche_simple
from tenders.matching import TenderMatch, firms_for_tender, profile_from_firm, tenders_for_firm
from tenders.saved_searches import (
    SavedSearch,
    create_saved_search,
    get_saved_search,
    saved_searches_of,
    search_feed,
)
from tenders.search import TenderQuery, TenderResults, search_tenders
from tenders.store import get_tender
from tenders.tender import Tender

router = APIRouter(prefix="/api", tags=["marchés"])

NOT_FOUND = {404: {"description": "Aucun avis avec cet identifiant."}}


def _tender_or_404(db, tender_id: str) -> Tender:
    tender = get_tender(db, tender_id)
    if tender is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Aucun avis « {tender_id} ».")
    return tender


@router.get("/marches")
def chercher_marches(query: Annotated[TenderQuery, Query()], db: DbDep) -> TenderResults:
    """Chercher des avis : mots-clés, CPV (début de code), département, distance, type, ouverts.

    Sans aucun filtre : tous les avis enregistrés, ouverts ou non.
    """
    return search_tenders(db, query)


@router.get("/marches/{tender_id}", responses=NOT_FOUND)
def marche(tender_id: str, db: DbDep) -> Tender:
    """Un avis, avec tous ses champs normalisés."""
    return _tender_or_404(db, tender_id)


@router.get("/marches/{tender_id}/fiche", responses=NOT_FOUND)
def fiche(tender_id: str, db: DbDep, nlp: NlpDep) -> Fiche:
    """La fiche simple de l'avis, en langage facile, avec son score de lisibilité."""
    return fiche_simple(_tender_or_404(db, tender_id), nlp)


@router.get("/marches/{tender_id}/fournisseurs", responses=NOT_FOUND)
def fournisseurs(
    tender_id: str,
    db: DbDep,
    rayon_km: Annotated[float, Query(gt=0, le=500, description="Rayon autour du lieu.")] = 50,
    limite: Annotated[int, Query(ge=1, le=200)] = 20,
) -> FirmResults:
    """Les entreprises du registre que l'avis concerne (CPV → NAF), les plus proches d'abord."""
    return firms_for_tender(db, _tender_or_404(db, tender_id), rayon_km=rayon_km, limite=limite)


@router.get(
    "/entreprises/{siret}/marches",
    responses={404: {"description": "Aucune entreprise avec ce SIRET dans le registre."}},
)
def marches_pour_entreprise(
    siret: str,
    db: DbDep,
    rayon_km: Annotated[float | None, Query(gt=0, le=2000)] = None,
    limite: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[TenderMatch]:
    """Ces marchés sont pour vous : les avis ouverts qui correspondent à l'entreprise, et pourquoi."""
    from suppliers.store import get_firm

    firm = get_firm(db, siret)
    if firm is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Aucune entreprise de SIRET {siret}.")
    profile = profile_from_firm(firm)
    if rayon_km:
        profile = profile.model_copy(update={"rayon_km": rayon_km})
    return tenders_for_firm(db, profile, limite=limite)


class NouvelleRecherche(BaseModel):
    nom: str = Field(min_length=1, max_length=200, description="Nom de la recherche.")
    recherche: TenderQuery


class RechercheEnregistree(BaseModel):
    id: str
    nom: str
    recherche: TenderQuery
    flux: str = Field(
        description="Adresse du flux Atom : gardez-la secrète, elle suffit à le lire."
    )


def _public(search: SavedSearch, request: Request) -> RechercheEnregistree:
    flux = str(request.url_for("flux_atom", search_id=search.id))
    return RechercheEnregistree(id=search.id, nom=search.nom, recherche=search.query, flux=flux)


@router.post("/recherches", status_code=status.HTTP_201_CREATED)
def enregistrer_recherche(
    body: NouvelleRecherche, user: UserDep, db: DbDep, request: Request
) -> RechercheEnregistree:
    """Enregistrer une recherche ; elle reçoit un flux Atom des nouveaux avis."""
    return _public(create_saved_search(db, body.nom, body.recherche, user.id), request)


@router.get("/recherches")
def mes_recherches(user: UserDep, db: DbDep, request: Request) -> list[RechercheEnregistree]:
    """Mes recherches enregistrées."""
    return [_public(s, request) for s in saved_searches_of(db, user.id)]


@router.get(
    "/recherches/{search_id}/flux.atom",
    name="flux_atom",
    response_class=Response,
    responses={
        200: {"content": {"application/atom+xml": {}}, "description": "Flux Atom (RFC 4287)."},
        404: {"description": "Aucune recherche avec cet identifiant."},
    },
)
def flux_atom(search_id: str, db: DbDep, request: Request) -> Response:
    """Le flux Atom d'une recherche enregistrée (public : son adresse secrète suffit)."""
    search = get_saved_search(db, search_id)
    if search is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Aucune recherche avec cet identifiant.")
    xml = search_feed(db, search, self_url=str(request.url), site_url=str(request.base_url))
    return Response(content=xml, media_type="application/atom+xml; charset=utf-8")
