"""What firms declare about themselves, and its verification by an officer.

A declaration adds keywords, a description, a delivery area and a contact to an establishment
(SIRET). It starts as ``déclaré``; an officer marks it ``vérifié`` or ``rejeté``, saying who,
when and why (every decision is kept in ``verifications``). Automatic checks against the
register (:func:`register_checks`) help the officer decide. A register import never touches
declarations; a new declaration with different content goes back to ``déclaré``.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from core import json_input
from core.identifiers import compact_identifier, siret_is_valid
from core.text import fold, without_xml_forbidden
from places.communes import CommuneNotFoundError, find_commune
from storage import transaction, utc_stamp
from suppliers import store
from suppliers.errors import (
    CodeError,
    DeclarationError,
    FirmNotFoundError,
    ImportFileError,
)
from suppliers.firm import RECORD_COLUMNS, Firm, Reject, firms_from_records
from suppliers.import_report import ImportReport
from suppliers.naf import naf_label, normalise_naf
from suppliers.textsearch import searchable_text

MAX_KEYWORDS = 30

_FIELD_NAMES = {
    "siret": "SIRET",
    "nom": "nom",
    "code_naf": "code NAF",
    "commune": "commune",
    "mots_cles": "mots-clés",
    "description": "description",
    "zone_livraison": "zone de livraison",
    "rayon_livraison_km": "rayon de livraison",
    "contact": "contact",
    "adresse": "adresse",
    "code_postal": "code postal",
}


class Declaration(BaseModel):
    """A firm's own declaration about one of its establishments."""

    siret: str = Field(description="14 chiffres.")
    nom: str | None = Field(None, max_length=200, description="Obligatoire hors registre.")
    code_naf: str | None = Field(None, description="Activité principale, ex. 56.10A.")
    adresse: str | None = Field(None, max_length=300)
    code_postal: str | None = Field(None, max_length=10)
    commune: str | None = Field(
        None,
        max_length=100,
        description="Nom, code postal ou code INSEE ; obligatoire hors registre.",
    )
    mots_cles: list[str] = Field(default_factory=list, description="Ce que l'entreprise fait.")
    description: str | None = Field(None, max_length=2000)
    zone_livraison: str | None = Field(None, max_length=300, description="Où elle livre, en clair.")
    rayon_livraison_km: float | None = Field(None, gt=0, le=1000)
    contact: str | None = Field(None, max_length=200, description="Courriel ou téléphone.")

    @model_validator(mode="before")
    @classmethod
    def _xml_safe(cls, data: object) -> object:
        """Characters XML forbids are dropped from every text, whoever sends the declaration."""
        return without_xml_forbidden(data)[0] if isinstance(data, dict) else data

    @field_validator("siret", mode="before")
    @classmethod
    def _siret(cls, value: object) -> str:
        text = compact_identifier(value)
        if not siret_is_valid(text):
            raise ValueError("SIRET invalide (14 chiffres avec une clé de contrôle juste)")
        return text

    @field_validator(
        "nom",
        "code_naf",
        "adresse",
        "code_postal",
        "commune",
        "description",
        "zone_livraison",
        "contact",
        "rayon_livraison_km",
        mode="before",
    )
    @classmethod
    def _blank(cls, value: object) -> object:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return None
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("code_naf")
    @classmethod
    def _naf(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            code = normalise_naf(value)
        except CodeError as error:
            raise ValueError(str(error)) from error
        if naf_label(code) is None or len(code) != 6:
            raise ValueError(f"code NAF inconnu : {value} (une sous-classe, ex. 56.10A)")
        return code

    @field_validator("mots_cles", mode="before")
    @classmethod
    def _keywords(cls, value: object) -> list[str]:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return []
        if isinstance(value, str):
            for separator in (";", "|"):
                value = value.replace(separator, ",")
            value = value.split(",")
        if not isinstance(value, list):
            raise ValueError("une liste de mots-clés est attendue")
        words = [str(v).strip() for v in value if str(v).strip()]
        if len(words) > MAX_KEYWORDS:
            raise ValueError(f"au plus {MAX_KEYWORDS} mots-clés")
        if any(len(w) > 80 for w in words):
            raise ValueError("un mot-clé fait au plus 80 caractères")
        return list(dict.fromkeys(words))


class RegisterCheck(BaseModel):
    """One automatic check of a declaration against the register, shown to the officer."""

    code: str
    libelle: str
    ok: bool | None = Field(description="None : impossible à vérifier.")
    detail: str


class Verification(BaseModel):
    siret: str
    statut: Literal["vérifié", "rejeté"]
    par: str
    le: str
    motif: str | None = None


def french_errors(error: ValidationError) -> str:
    """A pydantic validation error as one French sentence per field."""
    parts = []
    for item in error.errors():
        field = _FIELD_NAMES.get(str(item["loc"][0]) if item["loc"] else "", "donnée")
        message = item.get("msg", "")
        if item["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        elif item["type"] == "missing":
            message = "manquant"
        elif item["type"].startswith("string_too_long"):
            message = "trop long"
        elif item["type"] in ("greater_than", "less_than_equal"):
            message = "hors des limites"
        else:
            message = "valeur invalide"
        parts.append(f"{field} : {message}")
    return " ; ".join(parts)


def declare(
    conn: sqlite3.Connection,
    declaration: Declaration,
    *,
    source: str = "déclaration",
    par: str | None = None,
) -> Firm:
    """Record one declaration and return the firm as now stored.

    Raises :class:`DeclarationError` (French message) when the SIRET is not in the register
    and the declaration lacks the name or the commune to add it, or the commune is unknown.
    """
    existing = store.get_firm(conn, declaration.siret)
    commune = None
    if declaration.commune:
        try:
            commune = find_commune(declaration.commune)
        except CommuneNotFoundError as error:
            raise DeclarationError(str(error)) from error
    if existing is None:
        if not declaration.nom or commune is None:
            raise DeclarationError(
                f"Le SIRET {declaration.siret} n'est pas dans le registre : indiquez au moins "
                "le nom et la commune de l'établissement."
            )
        record = dict.fromkeys(RECORD_COLUMNS, "")
        record.update(
            siret=declaration.siret,
            nom_repli=declaration.nom,
            code_naf=declaration.code_naf or "",
            adresse=declaration.adresse or "",
            code_postal=declaration.code_postal or "",
            code_commune=commune.code_insee,
            etat="A",
        )
        batch = firms_from_records(pd.DataFrame([record]), source=source)
        store.upsert_firms(conn, batch.firms, overwrite=False)
    content = {
        "mots_cles": json.dumps(declaration.mots_cles, ensure_ascii=False),
        "description": declaration.description,
        "zone_livraison": declaration.zone_livraison,
        "rayon_livraison_km": declaration.rayon_livraison_km,
        "contact": declaration.contact,
        "nom_declare": declaration.nom,
        "code_commune_declare": commune.code_insee if commune else None,
        "code_naf_declare": declaration.code_naf,
    }
    searchable = searchable_text(
        " ".join(declaration.mots_cles) + " " + (declaration.description or "")
    )
    firm_id = int(declaration.siret)
    with transaction(conn):
        previous = conn.execute(
            "SELECT mots_cles, description, zone_livraison, rayon_livraison_km, contact, "
            "nom_declare, code_commune_declare, code_naf_declare FROM declarations WHERE id = ?",
            (firm_id,),
        ).fetchone()
        if previous is None:
            conn.execute(
                "INSERT INTO declarations (id, mots_cles, mots_cles_fts, description, "
                "zone_livraison, rayon_livraison_km, contact, nom_declare, code_commune_declare, "
                "code_naf_declare, source, declare_par, maj) "
                "VALUES (:id, :mots_cles, :fts, :description, :zone_livraison, "
                ":rayon_livraison_km, :contact, :nom_declare, :code_commune_declare, "
                ":code_naf_declare, :source, :par, :maj)",
                {**content, "id": firm_id, "fts": searchable, "source": source, "par": par,
                 "maj": utc_stamp()},
            )  # fmt: skip
        else:
            changed = dict(previous) != content
            conn.execute(
                "UPDATE declarations SET mots_cles = :mots_cles, mots_cles_fts = :fts, "
                "description = :description, zone_livraison = :zone_livraison, "
                "rayon_livraison_km = :rayon_livraison_km, contact = :contact, "
                "nom_declare = :nom_declare, code_commune_declare = :code_commune_declare, "
                "code_naf_declare = :code_naf_declare, source = :source, declare_par = :par, "
                "maj = :maj, "
                "statut = CASE WHEN :changed THEN 'déclaré' ELSE statut END, "
                "verifie_par = CASE WHEN :changed THEN NULL ELSE verifie_par END, "
                "verifie_le = CASE WHEN :changed THEN NULL ELSE verifie_le END, "
                "motif = CASE WHEN :changed THEN NULL ELSE motif END "
                "WHERE id = :id",
                {**content, "id": firm_id, "fts": searchable, "source": source, "par": par,
                 "maj": utc_stamp(), "changed": changed},
            )  # fmt: skip
        store.reindex(conn, [firm_id])
    firm = store.get_firm(conn, declaration.siret)
    assert firm is not None
    return firm


STATUSES = {"verifie": "vérifié", "rejete": "rejeté"}


def verify(
    conn: sqlite3.Connection,
    siret: str,
    *,
    statut: str,
    par: str,
    motif: str | None = None,
) -> Firm:
    """An officer's decision on a firm's declaration: ``vérifié`` or ``rejeté``, by whom and
    why (a reason is required to reject). A firm that declared nothing can still be marked
    verified (its register data were checked). Raises :class:`DeclarationError` or
    :class:`FirmNotFoundError` with a French message."""
    decision = STATUSES.get(fold(statut or "").strip())
    if decision is None:
        raise DeclarationError("Statut inconnu : choisissez « vérifié » ou « rejeté ».")
    par = (par or "").strip()
    if not par:
        raise DeclarationError("Indiquez qui vérifie (nom de l'agent).")
    motif = (motif or "").strip() or None
    if decision == "rejeté" and not motif:
        raise DeclarationError("Indiquez le motif du rejet : l'entreprise doit savoir pourquoi.")
    siret = compact_identifier(siret)
    if store.get_firm(conn, siret) is None:
        raise FirmNotFoundError(f"Aucun établissement de SIRET {siret} dans le registre.")
    stamp = utc_stamp()
    with transaction(conn):
        conn.execute(
            "INSERT INTO declarations (id, source, maj) VALUES (?, 'agent', ?) "
            "ON CONFLICT (id) DO NOTHING",
            (int(siret), stamp),
        )
        conn.execute(
            "UPDATE declarations SET statut = ?, verifie_par = ?, verifie_le = ?, motif = ? "
            "WHERE id = ?",
            (decision, par, stamp, motif, int(siret)),
        )
        conn.execute(
            "INSERT INTO verifications (siret, statut, par, le, motif) VALUES (?, ?, ?, ?, ?)",
            (siret, decision, par, stamp, motif),
        )
        store.reindex(conn, [int(siret)])  # "verified only" is a word of the index
    firm = store.get_firm(conn, siret)
    assert firm is not None
    return firm


def verification_history(conn: sqlite3.Connection, siret: str) -> list[Verification]:
    """Every decision taken on this firm, oldest first."""
    rows = conn.execute(
        "SELECT siret, statut, par, le, motif FROM verifications WHERE siret = ? ORDER BY id",
        (siret,),
    )
    return [Verification.model_validate(dict(row)) for row in rows]


def register_checks(conn: sqlite3.Connection, siret: str) -> list[RegisterCheck]:
    """Automatic checks of a firm's declaration against the register (SIRENE)."""
    siret = compact_identifier(siret)
    firm = store.get_firm(conn, siret)
    checks = [
        RegisterCheck(
            code="cle_siret",
            libelle="Le SIRET est bien formé",
            ok=siret_is_valid(siret),
            detail="Clé de contrôle juste." if siret_is_valid(siret) else "Clé fausse.",
        )
    ]
    if firm is None:
        checks.append(
            RegisterCheck(
                code="registre",
                libelle="L'établissement existe dans le registre",
                ok=False,
                detail="Aucun établissement de ce SIRET.",
            )
        )
        return checks
    from_register = firm.source == "sirene"
    checks.append(
        RegisterCheck(
            code="registre",
            libelle="L'établissement existe dans le registre SIRENE importé",
            ok=from_register,
            detail="Trouvé dans SIRENE."
            if from_register
            else f"Connu seulement par : {firm.source}. Vérifiez sur "
            "annuaire-entreprises.data.gouv.fr.",
        )
    )
    checks.append(
        RegisterCheck(
            code="actif",
            libelle="L'établissement est en activité",
            ok=firm.etat == "actif" if from_register else None,
            detail=f"État : {firm.etat}." if from_register else "Impossible sans SIRENE.",
        )
    )
    declared = conn.execute(
        "SELECT code_commune_declare, code_naf_declare FROM declarations WHERE id = ?",
        (int(siret),),
    ).fetchone()
    commune, naf = (
        (declared["code_commune_declare"], declared["code_naf_declare"])
        if declared
        else (None, None)
    )
    if commune and from_register:
        same = commune == firm.code_commune
        checks.append(
            RegisterCheck(
                code="commune",
                libelle="La commune déclarée est celle du registre",
                ok=same,
                detail="Identique."
                if same
                else f"Déclarée : {commune} ; registre : {firm.code_commune} ({firm.commune}).",
            )
        )
    if naf and from_register:
        same_division = bool(firm.code_naf) and naf[:2] == firm.code_naf[:2]
        checks.append(
            RegisterCheck(
                code="activite",
                libelle="L'activité déclarée correspond à celle du registre",
                ok=same_division,
                detail=f"Déclarée : {naf} ; registre : {firm.code_naf or 'inconnue'}.",
            )
        )
    return checks


def read_declarations(
    path: Path,
) -> tuple[list[tuple[int, Declaration]], list[Reject], int]:
    """Declarations from a CSV (``,`` or ``;``) or JSON file (a list of objects, or
    ``{"declarations": [...]}``), each with its line (CSV) or position (JSON); bad entries
    are returned as rejects, with the number of characters XML forbids removed from the texts."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"Fichier illisible : {path}") from error
    text = raw.decode("utf-8-sig", errors="replace")
    entries: list[tuple[int, dict[str, Any]]]
    if path.suffix.lower() == ".json":
        try:
            data = json_input.loads(text, f"Le fichier {path.name}")
        except json.JSONDecodeError as error:
            raise ImportFileError(
                f"JSON mal formé (ligne {error.lineno}, colonne {error.colno})."
            ) from error
        if isinstance(data, dict):
            data = data.get("declarations", [data])
        if not isinstance(data, list):
            raise ImportFileError("JSON attendu : une liste de déclarations.")
        entries = [(i, item) for i, item in enumerate(data, start=1)]
    else:
        first = text.split("\n", 1)[0]
        delimiter = max([",", ";", "\t"], key=first.count)
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        entries = [(i, row) for i, row in enumerate(reader, start=2)]
    declarations, rejects = [], []
    forbidden_removed = 0
    for position, item in entries:
        if not isinstance(item, dict):
            rejects.append(Reject(position, "", "Entrée ignorée : un objet est attendu."))
            continue
        item = {str(k).strip().lower(): v for k, v in item.items() if k is not None}
        item, removed = without_xml_forbidden(item)
        forbidden_removed += removed
        try:
            declarations.append((position, Declaration.model_validate(item)))
        except ValidationError as error:
            rejects.append(Reject(position, str(item.get("siret") or ""), french_errors(error)))
    return declarations, rejects, forbidden_removed


def import_declarations(
    conn: sqlite3.Connection, path: Path, *, par: str | None = None
) -> ImportReport:
    """Import a file of declarations (CSV or JSON)."""
    declarations, rejects, removed = read_declarations(path)
    report = ImportReport(fichier=path.name, format="déclarations", caracteres_retires=removed)
    report.lignes_lues = len(declarations) + len(rejects)
    report.add_rejects(rejects)
    before = store.count_firms(conn)
    for position, declaration in declarations:
        try:
            declare(conn, declaration, par=par)
        except DeclarationError as error:
            report.add_rejects([Reject(position, declaration.siret, str(error))])
        else:
            report.enregistrees += 1
    report.nouvelles = store.count_firms(conn) - before
    return report


def pending_declarations(
    conn: sqlite3.Connection, *, siret: str | None = None, page: int = 1, limit: int = 50
) -> tuple[int, list[Firm]]:
    """How many declarations wait for an officer, and one page of them, oldest first
    (optionally only the establishments whose SIRET starts with ``siret``)."""
    where, params = "statut = 'déclaré'", []
    if siret:
        low = int(siret.ljust(14, "0"))
        high = int(siret.ljust(14, "9"))
        where += " AND id BETWEEN ? AND ?"
        params += [low, high]
    total = int(
        conn.execute(f"SELECT COUNT(*) FROM declarations WHERE {where}", params).fetchone()[0]
    )
    rows = conn.execute(
        f"SELECT id FROM declarations WHERE {where} ORDER BY maj, id LIMIT ? OFFSET ?",
        [*params, limit, (page - 1) * limit],
    ).fetchall()
    sirets = [str(row[0]).zfill(14) for row in rows]
    found = store.get_firms(conn, sirets)
    return total, [found[s] for s in sirets if s in found]
