"""Mon entreprise: a firm account declares or updates what it does (keywords, description,
delivery area, contact) for its own establishments, and sees whether an officer verified it.

An account whose link to its SIREN is not approved sees why and edits nothing; a change to a
verified record waits for an officer (the page shows what waits)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.deps import DbDep
from api.firm_links import refusal_reason
from api.pages._render import render
from api.security import FirmUserDep, ensure_firm_owner, require_csrf
from core.errors import ClairError
from suppliers.declarations import Declaration, declare, french_errors, verification_history
from suppliers.firm import Firm
from suppliers.revisions import Revision, pending_revision
from suppliers.store import firms_of_siren, get_firm

router = APIRouter(include_in_schema=False)


def _form_values(firm: Firm | None, siret: str) -> dict[str, str]:
    if firm is None:
        return {"siret": siret, "nom": "", "commune": "", "code_naf": "", "mots_cles": "",
                "description": "", "zone_livraison": "", "rayon_livraison_km": "", "contact": ""}  # fmt: skip
    return {
        "siret": firm.siret,
        "nom": firm.nom or "",
        "commune": firm.commune or "",
        "code_naf": firm.code_naf or "",
        "mots_cles": ", ".join(firm.mots_cles),
        "description": firm.description or "",
        "zone_livraison": firm.zone_livraison or "",
        "rayon_livraison_km": ""
        if firm.rayon_livraison_km is None
        else f"{firm.rayon_livraison_km:g}",
        "contact": firm.contact or "",
    }


def _revision_values(firm: Firm, revision: Revision) -> dict[str, str]:
    """The form filled with what the firm proposed, not with the verified values."""
    values = _form_values(firm, firm.siret)
    content = revision.contenu
    words = json.loads(content.get("mots_cles") or "[]")
    radius = content.get("rayon_livraison_km")
    values.update(
        mots_cles=", ".join(words),
        description=content.get("description") or "",
        zone_livraison=content.get("zone_livraison") or "",
        rayon_livraison_km="" if radius is None else f"{radius:g}",
        contact=content.get("contact") or "",
    )
    return values


def _page(request, db, user, siret: str | None, *, erreur=None, values=None, status_code=200):
    firms = firms_of_siren(db, user.siren)
    if siret is None and firms:
        siret = firms[0].siret
    firm = get_firm(db, siret) if siret else None
    if firm is not None and firm.siren != user.siren:
        firm = None
    revision = pending_revision(db, firm.siret) if firm else None
    if values is None and firm is not None and revision is not None:
        values = _revision_values(firm, revision)
    return render(
        request,
        "entreprise.html",
        user=user,
        title="Mon entreprise",
        status_code=status_code,
        erreur=erreur,
        firms=firms,
        firm=firm,
        values=values or _form_values(firm, siret or user.siren),
        history=verification_history(db, firm.siret) if firm else [],
        in_register=firm is not None,
        revision=revision,
        may_edit=user.speaks_for_its_firm,
        link_refusal=refusal_reason(db, user.id) if user.lien == "refusé" else None,
    )


@router.get("/mon-entreprise", response_class=HTMLResponse)
def mon_entreprise(
    request: Request,
    db: DbDep,
    user: FirmUserDep,
    siret: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    return _page(request, db, user, siret)


@router.post("/mon-entreprise", dependencies=[Depends(require_csrf)])
def declarer(
    request: Request,
    db: DbDep,
    user: FirmUserDep,
    siret: Annotated[str, Form(max_length=20)],
    nom: Annotated[str, Form(max_length=200)] = "",
    commune: Annotated[str, Form(max_length=100)] = "",
    code_naf: Annotated[str, Form(max_length=10)] = "",
    mots_cles: Annotated[str, Form(max_length=3000)] = "",
    description: Annotated[str, Form(max_length=2000)] = "",
    zone_livraison: Annotated[str, Form(max_length=300)] = "",
    rayon_livraison_km: Annotated[str, Form(max_length=10)] = "",
    contact: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Record the declaration; only for an establishment of the account's own SIREN."""
    siret = "".join(siret.split())
    ensure_firm_owner(user, siret)
    values = {
        "siret": siret,
        "nom": nom,
        "commune": commune,
        "code_naf": code_naf,
        "mots_cles": mots_cles,
        "description": description,
        "zone_livraison": zone_livraison,
        "rayon_livraison_km": rayon_livraison_km,
        "contact": contact,
    }
    try:
        declaration = Declaration.model_validate(
            {**values, "rayon_livraison_km": rayon_livraison_km.replace(",", ".") or None}
        )
        firm = declare(db, declaration, source="déclaration", par=user.email)
    except ValidationError as error:
        return _page(
            request, db, user, siret, erreur=french_errors(error), values=values, status_code=422
        )
    except ClairError as refused:
        return _page(request, db, user, siret, erreur=str(refused), values=values, status_code=422)
    if pending_revision(db, firm.siret) is not None:
        request.session["flash"] = (
            "Votre modification est enregistrée. Un agent public doit l'accepter. "
            "En attendant, votre fiche publique garde les informations vérifiées."
        )
    elif firm.statut_verification == "déclaré":
        request.session["flash"] = "Votre fiche est enregistrée. Un agent public va la vérifier."
    else:
        request.session["flash"] = "Votre fiche est enregistrée."
    return RedirectResponse(f"/mon-entreprise?siret={firm.siret}", status_code=303)
