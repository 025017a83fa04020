"""Marchés: search open tenders, read a tender's fiche simple, tenders for my firm, saved searches."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbDep, NlpDep
from api.pages._forms import FormError, build, given, safe_link
from api.pages._render import render
from api.security import OptionalUserDep, UserDep, require_csrf
from core.errors import ClairError
from core.identifiers import compact_identifier, siret_is_valid
from suppliers.store import firms_of_siren, get_firm
from tenders.fiche import fiche_simple, french_date
from tenders.matching import profile_from_firm, tenders_for_firm
from tenders.saved_searches import create_saved_search, get_saved_search, saved_searches_of
from tenders.search import TenderQuery, search_tenders
from tenders.store import get_tender

router = APIRouter(include_in_schema=False)

LABELS = {
    "q": "Mots-clés",
    "autour": "Autour de la commune",
    "rayon_km": "Distance maximale",
    "cpv": "Codes CPV",
    "type_marche": "Type de marché",
    "ouverts": "Seulement les marchés ouverts",
    "page": "Page",
}


def _query(
    q: str | None,
    autour: str | None,
    rayon_km: str | None,
    cpv: str | None,
    type_marche: str | None,
    ouverts: bool,
    page: int,
) -> TenderQuery:
    data: dict[str, object] = given(
        {"q": q, "autour": autour, "rayon_km": rayon_km, "cpv": cpv, "type_marche": type_marche}
    )
    if "rayon_km" in data:
        data["rayon_km"] = str(data["rayon_km"]).replace(",", ".")
    data.update(ouverts=ouverts, page=page, limite=20)
    return build(TenderQuery, data, LABELS)


def _fields(query: TenderQuery | None, raw: dict[str, str | None]) -> dict[str, str]:
    """The values to show again in the form."""
    return {key: (value or "") for key, value in raw.items()}


@router.get("/marches", response_class=HTMLResponse)
def marches(
    request: Request,
    db: DbDep,
    user: OptionalUserDep,
    q: Annotated[str | None, Query(max_length=500)] = None,
    autour: Annotated[str | None, Query(max_length=200)] = None,
    rayon_km: Annotated[str | None, Query(max_length=20)] = None,
    cpv: Annotated[str | None, Query(max_length=200)] = None,
    type_marche: Annotated[str | None, Query(max_length=20)] = None,
    ouverts: Annotated[str | None, Query(max_length=5)] = None,
    envoye: Annotated[str | None, Query(max_length=5)] = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> HTMLResponse:
    raw = {
        "q": q,
        "autour": autour,
        "rayon_km": rayon_km,
        "cpv": cpv,
        "type_marche": type_marche,
    }
    only_open = ouverts is not None or envoye is None  # ticked, or first visit
    error = None
    results = None
    query = None
    try:
        query = _query(q, autour, rayon_km, cpv, type_marche, only_open, page)
        results = search_tenders(db, query)
    except (FormError, ClairError) as refused:
        error = str(refused)
    saved = saved_searches_of(db, user.id) if user else []
    return render(
        request,
        "marches.html",
        user=user,
        title="Chercher des marchés publics",
        erreur=error,
        form=_fields(query, raw),
        ouverts=only_open,
        results=results,
        previous_url=str(request.url.include_query_params(page=page - 1)) if page > 1 else None,
        next_url=(
            str(request.url.include_query_params(page=page + 1))
            if results and page * results.limite < results.total
            else None
        ),
        french_date=french_date,
        saved=saved,
    )


@router.get("/marches/avis/{tender_id:path}", response_class=HTMLResponse)
def fiche(
    request: Request, tender_id: str, db: DbDep, nlp: NlpDep, user: OptionalUserDep
) -> HTMLResponse:
    tender = get_tender(db, tender_id)
    if tender is None:
        raise HTTPException(404, "Ce marché n'existe pas ou n'est plus dans Clair.")
    simple = fiche_simple(tender, nlp)
    return render(
        request,
        "marche.html",
        user=user,
        title=simple.titre,
        tender=tender,
        fiche=simple,
        lien=safe_link(tender.url),
        french_date=french_date,
    )


@router.get("/marches/pour-mon-entreprise", response_class=HTMLResponse)
def pour_mon_entreprise(
    request: Request,
    db: DbDep,
    user: OptionalUserDep,
    siret: Annotated[str | None, Query(max_length=30)] = None,
) -> HTMLResponse:
    error = None
    matches = None
    firm = None
    own_firms = firms_of_siren(db, user.siren) if user and user.siren else []
    siret = compact_identifier(siret) or None
    if siret is None and len(own_firms) == 1:
        siret = own_firms[0].siret
    if siret is not None:
        if not siret_is_valid(siret):
            error = "Ce SIRET n'est pas valide : il faut 14 chiffres, sans erreur de frappe."
        else:
            firm = get_firm(db, siret)
            if firm is None:
                error = "Aucune entreprise de ce SIRET dans Clair. Vérifiez le numéro."
            else:
                try:
                    matches = tenders_for_firm(db, profile_from_firm(firm), limite=20)
                except ClairError as refused:
                    error = str(refused)
    return render(
        request,
        "marches_entreprise.html",
        user=user,
        title="Les marchés pour mon entreprise",
        erreur=error,
        siret=siret or "",
        firm=firm,
        own_firms=own_firms,
        matches=matches,
        french_date=french_date,
    )


@router.post("/marches/recherches", dependencies=[Depends(require_csrf)])
def enregistrer(
    db: DbDep,
    user: UserDep,
    nom: Annotated[str, Form(max_length=200)] = "",
    q: Annotated[str | None, Form(max_length=500)] = None,
    autour: Annotated[str | None, Form(max_length=200)] = None,
    rayon_km: Annotated[str | None, Form(max_length=20)] = None,
    cpv: Annotated[str | None, Form(max_length=200)] = None,
    type_marche: Annotated[str | None, Form(max_length=20)] = None,
    ouverts: Annotated[str | None, Form(max_length=5)] = None,
) -> Response:
    """Keep a search; its page gives the address of its Atom feed."""
    try:
        query = _query(q, autour, rayon_km, cpv, type_marche, ouverts is not None, 1)
    except FormError as refused:
        raise HTTPException(400, str(refused)) from None
    saved = create_saved_search(db, nom, query, user.id)
    return RedirectResponse(f"/marches/recherches/{saved.id}", status_code=303)


@router.get("/marches/recherches/{search_id}", response_class=HTMLResponse)
def recherche(request: Request, search_id: str, db: DbDep, user: OptionalUserDep) -> HTMLResponse:
    saved = get_saved_search(db, search_id)
    if saved is None:
        raise HTTPException(404, "Cette recherche enregistrée n'existe pas.")
    feed_url = str(request.url_for("flux_atom", search_id=saved.id))
    kept = saved.query.model_dump(exclude_defaults=True, include=set(LABELS) - {"ouverts", "page"})
    params = {key: " ".join(v) if isinstance(v, list) else str(v) for key, v in kept.items()}
    params["envoye"] = "1"
    if saved.query.ouverts:
        params["ouverts"] = "1"
    return render(
        request,
        "marches_recherche.html",
        user=user,
        title=f"Recherche enregistrée : {saved.nom}",
        saved=saved,
        feed_url=feed_url,
        relancer="/marches?" + urlencode(params),
    )
