"""Which firm an account speaks for: the link between a firm account and its SIREN.

Anyone can type a SIREN at sign-up, so a new firm account is « en attente »: it edits nothing
until an officer has compared the request with the register (:func:`pending_links`) and
approved it (:func:`decide_link`). A ProConnect sign-in proves the link by itself when the
SIRET the identity provider checked belongs to the account's SIREN (:func:`sign_in_with_proconnect`).
Every decision is kept, with who took it and why.
"""

from __future__ import annotations

import sqlite3
from typing import Literal

from pydantic import BaseModel, Field

from api.users import (
    AccountError,
    User,
    create_user,
    get_user,
    get_user_by_email,
    record_link_decision,
)
from core.identifiers import siret_is_valid
from core.text import fold
from storage import transaction
from suppliers import store
from suppliers.firm import Firm

ESTABLISHMENTS_SHOWN = 5
"""Establishments of the SIREN shown to the officer (a SIREN may have thousands)."""

PROCONNECT = "proconnect"


class RegisterExtract(BaseModel):
    """What the register says about a SIREN, for the officer who checks a request."""

    siren: str
    nom: str | None = Field(None, description="Nom de l'entreprise dans le registre.")
    etablissements: list[Firm] = Field(
        default_factory=list, description="Les premiers établissements (adresse, NAF)."
    )
    nombre_etablissements: int = 0


class LinkRequest(BaseModel):
    """A firm account waiting for an officer, with what helps decide."""

    compte: User
    domaine: str = Field(description="Domaine de l'adresse électronique du demandeur.")
    demande_le: str
    registre: RegisterExtract


class LinkDecision(BaseModel):
    siren: str
    statut: Literal["approuvé", "refusé"]
    par: str
    le: str
    motif: str | None = None


class LinkError(AccountError):
    """A link decision cannot be taken; the message says why, in French."""


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def register_extract(conn: sqlite3.Connection, siren: str) -> RegisterExtract:
    """The register's name and first establishments for this SIREN (empty if unknown)."""
    firms = store.firms_of_siren(conn, siren)
    name = store.legal_names(conn, [siren]).get(siren)
    if name is None and firms:
        name = firms[0].nom
    return RegisterExtract(
        siren=siren,
        nom=name,
        etablissements=firms[:ESTABLISHMENTS_SHOWN],
        nombre_etablissements=len(firms),
    )


def pending_links(conn: sqlite3.Connection, *, limit: int = 50) -> tuple[int, list[LinkRequest]]:
    """How many firm accounts wait for an officer, and the oldest ``limit`` of them."""
    total = int(
        conn.execute(
            "SELECT COUNT(*) FROM users WHERE role = 'entreprise' AND lien_statut = 'en attente'"
        ).fetchone()[0]
    )
    rows = conn.execute(
        "SELECT id, created_at FROM users WHERE role = 'entreprise' AND lien_statut = 'en attente' "
        "ORDER BY created_at, id LIMIT ?",
        (limit,),
    ).fetchall()
    requests = []
    for row in rows:
        user = get_user(conn, int(row["id"]))
        if user is None or user.siren is None:
            continue
        requests.append(
            LinkRequest(
                compte=user,
                domaine=email_domain(user.email),
                demande_le=row["created_at"],
                registre=register_extract(conn, user.siren),
            )
        )
    return total, requests


DECISIONS = {"approuve": "approuvé", "refuse": "refusé"}


def decide_link(
    conn: sqlite3.Connection, user_id: int, *, decision: str, par: str, motif: str | None = None
) -> User:
    """An officer approves or refuses a firm account's link to its SIREN (a reason is needed
    to refuse: the firm reads it)."""
    statut = DECISIONS.get(fold(decision or "").strip())
    if statut is None:
        raise LinkError("Décision inconnue : choisissez « approuver » ou « refuser ».")
    par = (par or "").strip()
    if not par:
        raise LinkError("Indiquez qui décide (l'agent).")
    motif = (motif or "").strip() or None
    if statut == "refusé" and not motif:
        raise LinkError("Indiquez le motif du refus : l'entreprise doit savoir pourquoi.")
    user = get_user(conn, user_id)
    if user is None or user.role != "entreprise" or user.siren is None:
        raise LinkError("Ce compte entreprise n'existe pas.")
    with transaction(conn):
        record_link_decision(conn, user.id, user.siren, statut, par, motif)
    updated = get_user(conn, user.id)
    assert updated is not None
    return updated


def link_history(conn: sqlite3.Connection, user_id: int) -> list[LinkDecision]:
    """Every decision on this account's link, oldest first."""
    rows = conn.execute(
        "SELECT siren, statut, par, le, motif FROM link_decisions WHERE user_id = ? ORDER BY id",
        (user_id,),
    )
    return [LinkDecision.model_validate(dict(row)) for row in rows]


def refusal_reason(conn: sqlite3.Connection, user_id: int) -> str | None:
    """Why the last decision refused this account's link, if it did."""
    history = link_history(conn, user_id)
    if history and history[-1].statut == "refusé":
        return history[-1].motif
    return None


# --- ProConnect --------------------------------------------------------------------------


class ProConnectIdentity(BaseModel):
    """What ProConnect tells about the person (OpenID Connect claims, checked by the provider)."""

    sub: str = Field(min_length=1, max_length=255, description="Identifiant chez ProConnect.")
    email: str = Field(max_length=254)
    siret: str | None = Field(None, description="SIRET vérifié par le fournisseur d'identité.")


def sign_in_with_proconnect(conn: sqlite3.Connection, identity: ProConnectIdentity) -> User:
    """The account for a ProConnect identity, created or linked as needed.

    - Known subject: its account. Else an account with the same e-mail (ProConnect checked the
      e-mail), remembered under this subject. Else a new firm account for the SIRET's SIREN.
    - A firm account whose SIREN is the SIRET's gets an approved link: the provider checked
      that the person belongs to that establishment.
    Raise :class:`AccountError` when nothing can be opened (no account and no SIRET).
    """
    siret = "".join((identity.siret or "").split())
    siren = siret[:9] if siret_is_valid(siret) else None
    witness = f"ProConnect (SIRET {siret})"
    row = conn.execute(
        "SELECT user_id FROM identities WHERE provider = ? AND subject = ?",
        (PROCONNECT, identity.sub),
    ).fetchone()
    user = get_user(conn, int(row["user_id"])) if row else get_user_by_email(conn, identity.email)
    if user is None:
        if siren is None:
            raise AccountError(
                "ProConnect n'a pas donné de SIRET valide : Clair ne peut pas savoir pour "
                "quelle entreprise ouvrir le compte."
            )
        user = create_user(conn, identity.email, None, "entreprise", siren, approved_by=witness)
    elif user.role == "entreprise" and user.siren == siren and user.lien != "approuvé":
        with transaction(conn):
            record_link_decision(conn, user.id, siren, "approuvé", witness, None)
        user = get_user(conn, user.id) or user
    conn.execute(
        "INSERT INTO identities (provider, subject, user_id) VALUES (?, ?, ?) "
        "ON CONFLICT (provider, subject) DO NOTHING",
        (PROCONNECT, identity.sub, user.id),
    )
    return user
