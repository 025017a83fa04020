"""Connexion (password or ProConnect), déconnexion and a firm's own sign-up."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbDep
from api.firm_links import sign_in_with_proconnect
from api.pages._render import render
from api.proconnect import ProConnect, ProConnectError
from api.security import (
    LoginRefused,
    OptionalUserDep,
    login,
    logout,
    open_session_for,
    require_csrf,
)
from api.users import AccountError, User, create_user

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a path inside Clair: never another site (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/connexion", response_class=HTMLResponse)
def connexion_page(request: Request, user: OptionalUserDep, suivant: str = "/") -> HTMLResponse:
    return render(
        request,
        "connexion.html",
        user=user,
        title="Se connecter",
        erreur=None,
        email="",
        suivant=safe_next(suivant),
    )


@router.post("/connexion", dependencies=[Depends(require_csrf)])
def connexion(
    request: Request,
    db: DbDep,
    email: Annotated[str, Form(max_length=254)] = "",
    mot_de_passe: Annotated[str, Form(max_length=1024)] = "",
    suivant: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    try:
        login(request, db, email, mot_de_passe)
    except LoginRefused as refused:
        headers = {"Retry-After": str(refused.retry_after_s)} if refused.retry_after_s else None
        return render(
            request,
            "connexion.html",
            user=None,
            title="Se connecter",
            status_code=429 if refused.retry_after_s else 401,
            headers=headers,
            erreur=str(refused),
            email=email,
            suivant=safe_next(suivant),
        )
    return RedirectResponse(safe_next(suivant), status_code=303)


@router.post("/deconnexion", dependencies=[Depends(require_csrf)])
def deconnexion(request: Request, db: DbDep) -> Response:
    logout(request, db)
    return RedirectResponse("/", status_code=303)


@router.get("/inscription", response_class=HTMLResponse)
def inscription_page(request: Request, user: OptionalUserDep) -> HTMLResponse:
    return render(
        request,
        "inscription.html",
        user=user,
        title="Créer le compte de votre entreprise",
        erreur=None,
        email="",
        siren="",
    )


@router.post("/inscription", dependencies=[Depends(require_csrf)])
def inscription(
    request: Request,
    db: DbDep,
    siren: Annotated[str, Form(max_length=20)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    mot_de_passe: Annotated[str, Form(max_length=1024)] = "",
    confirmation: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """A firm creates its own account; it edits nothing until an officer approves its link to
    the SIREN (a SIREN with a wrong check key is refused here)."""
    error = None
    if mot_de_passe != confirmation:
        error = "Les deux mots de passe sont différents."
    else:
        try:
            create_user(db, email, mot_de_passe, "entreprise", siren)
        except AccountError as refused:
            error = str(refused)
    if error:
        return render(
            request,
            "inscription.html",
            user=None,
            title="Créer le compte de votre entreprise",
            status_code=400,
            erreur=error,
            email=email,
            siren=siren,
        )
    user = login(request, db, email, mot_de_passe)
    request.session["flash"] = (
        f"Votre compte est créé. Un agent public va vérifier que vous représentez bien "
        f"l'entreprise de SIREN {user.siren}. Ensuite, vous pourrez modifier sa fiche."
    )
    return RedirectResponse("/mon-entreprise", status_code=303)


# --- ProConnect ---------------------------------------------------------------------------


def _proconnect(request: Request) -> ProConnect:
    client: ProConnect | None = request.app.state.proconnect
    if client is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, "La connexion avec ProConnect n'est pas activée sur ce Clair."
        )
    return client


@router.get("/connexion/proconnect")
async def proconnect_depart(request: Request) -> Response:
    """Go to ProConnect; it comes back to :func:`proconnect_retour`."""
    client = _proconnect(request)
    try:
        return await client.redirect(request, str(request.url_for("proconnect_retour")))
    except ProConnectError as refused:
        return _connexion_error(request, str(refused), status.HTTP_502_BAD_GATEWAY)


@router.get("/connexion/proconnect/retour", name="proconnect_retour")
async def proconnect_retour(request: Request, db: DbDep) -> Response:
    """Back from ProConnect: check the identity, open the account's session."""
    client = _proconnect(request)
    try:
        identity = await client.identity(request)
        user = sign_in_with_proconnect(db, identity)
    except (ProConnectError, AccountError) as refused:
        return _connexion_error(request, str(refused), status.HTTP_400_BAD_REQUEST)
    open_session_for(request, db, user)
    request.session["flash"] = _welcome(user)
    return RedirectResponse(
        "/mon-entreprise" if user.role == "entreprise" else "/", status_code=303
    )


def _welcome(user: User) -> str:
    if user.role != "entreprise":
        return "Vous êtes connecté avec ProConnect."
    if user.speaks_for_its_firm:
        return (
            f"Vous êtes connecté avec ProConnect. ProConnect a vérifié que vous travaillez pour "
            f"l'entreprise de SIREN {user.siren} : vous pouvez modifier sa fiche."
        )
    return (
        "Vous êtes connecté avec ProConnect. Votre compte reste lié au SIREN "
        f"{user.siren}, que ProConnect n'a pas confirmé : un agent public doit l'approuver."
    )


def _connexion_error(request: Request, message: str, status_code: int) -> Response:
    return render(
        request,
        "connexion.html",
        user=None,
        title="Se connecter",
        status_code=status_code,
        erreur=message,
        email="",
        suivant="/",
    )
