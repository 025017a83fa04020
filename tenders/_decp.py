"""DECP (données essentielles de la commande publique) records to :class:`RawTender`.

Two layouts:

- 2017 (arrêté du 14 avril 2017): ``{"marches": [{id, uid, acheteur{id, nom}, nature, objet,
  codeCPV, procedure, lieuExecution{code, typeCode, nom}, dureeMois, dateNotification,
  datePublicationDonnees, montant, titulaires[{typeIdentifiant, id, denominationSociale}]}]}``;
- 2022 (arrêté du 22 décembre 2022): ``{"marches": {"marche": [...]}}`` or a list, with
  ``titulaires[{"titulaire": {typeIdentifiant, id}}]``, the CPV without its check digit and
  new fields (technique, offresRecues, considerationsSociales...).

A DECP record is an awarded contract: nature ``attribution``; the buyer's SIRET and the
contract id form the DECP unique key used to merge the same contract republished twice.
Quirks (CPV check digit, zone suffix on dates, place codes of any type, zero or absurd amounts,
broken accents) are handled by :func:`tenders.tender.make_tender`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tenders._xmldict import as_list
from tenders.tender import RawTender, Titulaire

_NEW_FIELDS = (
    "offresRecues",
    "considerationsSociales",
    "considerationsEnvironnementales",
    "modaliteExecution",
    "technique",
    "marcheInnovant",
    "ccag",
    "typesPrix",
)


def decp_records(payload: Any) -> tuple[str, list[Any]] | None:
    """``("2017" | "2022", records)`` if ``payload`` is a DECP file, else None."""
    marches = payload.get("marches") if isinstance(payload, dict) else None
    if isinstance(marches, dict):
        records = as_list(marches.get("marche"))
        return "2022", records
    if not isinstance(marches, list):
        return None
    version = "2017"
    for record in marches[:50]:
        if not isinstance(record, dict):
            continue
        if any(isinstance(t, dict) and "titulaire" in t for t in as_list(record.get("titulaires"))):
            version = "2022"
            break
        if any(field in record for field in _NEW_FIELDS):
            version = "2022"
            break
    return version, marches


def _titulaires(value: Any) -> Iterator[Titulaire]:
    for item in as_list(value):
        if not isinstance(item, dict):
            continue
        holder = item.get("titulaire", item)
        if not isinstance(holder, dict):
            continue
        kind = str(holder.get("typeIdentifiant") or "SIRET").upper()
        identifier = holder.get("id")
        yield Titulaire(
            nom=holder.get("denominationSociale"),
            siret=str(identifier) if identifier and kind == "SIRET" else None,
        )


def raw_from_record(record: dict[str, Any]) -> RawTender:
    """One DECP contract record (2017 or 2022) as a raw tender."""
    if not isinstance(record, dict):
        raise ValueError("enregistrement DECP qui n'est pas un objet JSON")
    acheteur = record.get("acheteur") or {}
    if not isinstance(acheteur, dict):
        acheteur = {"id": acheteur}
    contract_id = record.get("id")
    buyer_id = acheteur.get("id")
    if contract_id in (None, ""):
        raise ValueError("marché DECP sans « id »")
    local_id = record.get("uid") or f"{buyer_id or ''}{contract_id}"
    lieu = record.get("lieuExecution") or {}
    if not isinstance(lieu, dict):
        lieu = {"nom": str(lieu)}
    code = str(lieu["code"]).strip() if lieu.get("code") is not None else None
    kind = str(lieu.get("typeCode") or "")
    nuts = code if code and "nuts" in kind.lower() else None
    return RawTender(
        source="decp",
        local_id=str(local_id),
        reference=str(contract_id),
        objet=record.get("objet"),
        acheteur_nom=acheteur.get("nom"),
        acheteur_siret=str(buyer_id) if buyer_id else None,
        nature="decp",
        procedure=record.get("procedure"),
        codes_cpv=[str(record["codeCPV"])] if record.get("codeCPV") else [],
        lieu_code=None if nuts else code,
        lieu_type=kind,
        lieu_nuts=nuts,
        lieu_libelle=lieu.get("nom"),
        date_publication=record.get("datePublicationDonnees") or record.get("dateNotification"),
        titulaires=list(_titulaires(record.get("titulaires"))),
        montant=record.get("montant"),
        duree_mois=record.get("dureeMois"),
    )
