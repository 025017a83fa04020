"""Accounts over the API: log in and out, who am I, API tokens."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

from api.deps import DbDep
from api.schemas import Erreur
from api.security import LoginRefused, OptionalUserDep, UserDep, login, logout
from api.users import PASSWORD_MAX_CHARS, User, create_token

router = APIRouter(prefix="/api", tags=["comptes"])


class Connexion(BaseModel):
    """Identifiants d'un compte."""

    email: str = Field(max_length=254, description="Adresse électronique du compte.")
    mot_de_passe: str = Field(max_length=PASSWORD_MAX_CHARS, description="Mot de passe.")


class NouveauJeton(BaseModel):
    nom: str = Field(default="", max_length=200, description="À quoi servira ce jeton.")


class Jeton(BaseModel):
    jeton: str = Field(
        description="Jeton à envoyer dans `Authorization: Bearer …`. Montré une seule fois."
    )
    nom: str


@router.post(
    "/connexion",
    responses={
        401: {"model": Erreur, "description": "Adresse ou mot de passe incorrect."},
        429: {"model": Erreur, "description": "Trop d'essais : réessayer plus tard."},
    },
)
def connexion(identifiants: Connexion, request: Request, db: DbDep) -> User:
    """Se connecter : pose le cookie de session `clair_session` et renvoie le compte.

    Les échecs sont limités par adresse IP et adresse électronique (voir `LoginLimits`).
    """
    try:
        return login(request, db, identifiants.email, identifiants.mot_de_passe)
    except LoginRefused as refused:
        if refused.retry_after_s:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                str(refused),
                headers={"Retry-After": str(refused.retry_after_s)},
            ) from None
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(refused)) from None


@router.post("/deconnexion", status_code=status.HTTP_204_NO_CONTENT)
def deconnexion(request: Request, db: DbDep, _user: OptionalUserDep) -> Response:
    """Se déconnecter : la session est fermée sur le serveur (sans effet pour un jeton d'API)."""
    logout(request, db)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/moi")
def moi(user: UserDep) -> User:
    """Le compte connecté."""
    return user


@router.post("/jetons", status_code=status.HTTP_201_CREATED)
def nouveau_jeton(demande: NouveauJeton, user: UserDep, db: DbDep) -> Jeton:
    """Créer un jeton d'API pour le compte connecté (il n'est montré qu'une fois)."""
    return Jeton(jeton=create_token(db, user.id, demande.nom), nom=demande.nom.strip())
