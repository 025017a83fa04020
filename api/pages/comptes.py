"""Connexion, déconnexion and a firm's own sign-up."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbDep
from api.pages._render import render
from api.security import LoginRefused, OptionalUserDep, login, logout, require_csrf
from api.users import AccountError, create_user

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
