"""BOAMP notices (DILA open data): API records and v230 XML files, to :class:`RawTender`.

An API record has flat index fields (idweb, objet, nomacheteur, dateparution,
datelimitereponse, nature, type_marche, code_departement...) and the full notice as a JSON
string in ``donnees``, in one of three generations:

- 2006–2015 (``Boamp_v110``): ``IDENT{NOM, CP, VILLE}``, ``OBJET{OBJET_COMPLET, CPV_OBJ,
  LIEU_EXEC}``, ``LOTS{NUM_LOT[], DESC_LOT[], NOMENC_LOT[]}``;
- 2015–2023 (``Boamp_v230``, also published as XML): ``IDENTITE``, ``OBJET{TITRE_MARCHE,
  TYPE_MARCHE, CPV/PRINCIPAL, LIEU_EXEC_LIVR, LOTS/LOT}``, ``CONDITION_DELAI/RECEPT_OFFRES``,
  ``ATTRIBUTION/DECISION``;
- eForms UBL since 2023: ``{"EFORMS": {"ContractNotice": ...}}``, read by ``_eforms``.

The CPV codes are only in ``donnees``; the index fields fill what the notice leaves out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from core import json_input
from tenders import _eforms
from tenders._xmldict import as_list, element_to_dict, first_key, get, parse_xml, text
from tenders.tender import Lot, RawTender, Titulaire

_CPV_IN_TEXT = re.compile(r"\b(\d{8})(?:-\d)?\b")
BOAMP_URL = "https://www.boamp.fr/pages/avis/?q=idweb:{idweb}"


def api_records(payload: Any) -> Iterator[dict[str, Any]]:
    """The records of an API response (v2.1 ``results``, v1 ``records[].fields``, or a list)."""
    if isinstance(payload, list):
        items = payload
    elif isinstance(payload, dict):
        items = payload.get("results")
        if items is None:
            items = [
                r.get("fields", r) if isinstance(r, dict) else r for r in payload.get("records", [])
            ]
    else:
        items = []
    for item in items:
        if isinstance(item, dict):
            yield item


def looks_like_api(payload: Any) -> bool:
    first = next(api_records(payload), None)
    return first is not None and "idweb" in first and ("donnees" in first or "objet" in first)


def _cpvs_in(value: Any) -> list[str]:
    found: list[str] = []
    for item in as_list(value):
        found.extend(_CPV_IN_TEXT.findall(text(item) or ""))
    return found


def _strip(value: str | None) -> str | None:
    """Drop the trailing punctuation of 2006-era fields ("Laval," → "Laval")."""
    if value is None:
        return None
    return value.strip().rstrip(",.;").strip() or None


# --- generation 2006–2015 ---------------------------------------------------------------------


def _from_v110(donnees: dict[str, Any], raw: RawTender) -> None:
    ident = donnees.get("IDENT") or {}
    objet = donnees.get("OBJET") or {}
    raw.acheteur_nom = raw.acheteur_nom or _strip(text(ident.get("NOM")))
    raw.objet = text(objet.get("OBJET_COMPLET")) or raw.objet
    raw.codes_cpv += _cpvs_in(objet.get("CPV_OBJ"))
    lieu = _strip(text(objet.get("LIEU_EXEC")))
    if lieu:
        raw.lieu_libelle, raw.lieu_type = lieu, "nom"
    elif ident.get("CP"):
        raw.lieu_libelle = _strip(text(ident.get("VILLE")))
        raw.lieu_code, raw.lieu_type = text(ident.get("CP")), "acheteur code postal"
    lots = donnees.get("LOTS") or {}
    numbers = as_list(lots.get("NUM_LOT"))
    descriptions = as_list(lots.get("DESC_LOT"))
    codes = as_list(lots.get("NOMENC_LOT"))
    for i, number in enumerate(numbers):
        raw.lots.append(
            Lot(
                numero=text(number),
                titre=_strip(text(descriptions[i])) if i < len(descriptions) else None,
                codes_cpv=_cpvs_in(codes[i]) if i < len(codes) else [],
            )
        )


# --- generation 2015–2023 (v230, JSON or XML) -------------------------------------------------


def _from_v230(donnees: dict[str, Any], raw: RawTender) -> None:
    identite = donnees.get("IDENTITE") or {}
    objet = donnees.get("OBJET") or {}
    raw.acheteur_nom = text(identite.get("DENOMINATION")) or raw.acheteur_nom
    raw.acheteur_siret = raw.acheteur_siret or text(identite.get("CODE_IDENT_NATIONAL"))
    raw.titre = text(objet.get("TITRE_MARCHE")) or raw.titre
    raw.objet = text(objet.get("OBJET_COMPLET")) or raw.objet
    raw.reference = text(objet.get("REF_MARCHE")) or raw.reference
    kind = first_key(objet.get("TYPE_MARCHE"))
    if kind:
        raw.type_marche = {"SERVICE": "services", "SERVICES": "services"}.get(kind, kind.lower())
    raw.codes_cpv += _cpvs_in(get(objet, "CPV", "PRINCIPAL"))
    raw.codes_cpv += _cpvs_in(get(objet, "CPV", "SUPPLEMENTAIRE"))
    place = objet.get("LIEU_EXEC_LIVR") or {}
    if isinstance(place, dict) and (place.get("CP") or place.get("VILLE")):
        raw.lieu_code, raw.lieu_type = text(place.get("CP")), "code postal"
        raw.lieu_libelle = text(place.get("VILLE"))
        raw.lieu_nuts = text(place.get("CODE_NUTS"))
    elif isinstance(place, dict) and place.get("CODE_NUTS"):
        raw.lieu_nuts = text(place.get("CODE_NUTS"))
    elif isinstance(place, str) and place:
        raw.lieu_libelle, raw.lieu_type = place, "nom"
    if raw.lieu_code is None and raw.lieu_libelle is None and identite.get("CP"):
        raw.lieu_code, raw.lieu_type = text(identite.get("CP")), "acheteur code postal"
        raw.lieu_libelle = text(identite.get("VILLE"))
    raw.lieu_nuts = raw.lieu_nuts or text(identite.get("ADJUDICATEUR_NUTS"))
    for lot in as_list(get(objet, "LOTS", "LOT")):
        if not isinstance(lot, dict):
            continue
        raw.lots.append(
            Lot(
                numero=text(lot.get("NUM")),
                titre=text(lot.get("INTITULE")),
                description=text(lot.get("DESCRIPTION")),
                codes_cpv=_cpvs_in(get(lot, "CPV", "PRINCIPAL")),
            )
        )
        raw.lieu_nuts = raw.lieu_nuts or text(lot.get("CODE_NUTS"))
    raw.date_limite = text(get(donnees, "CONDITION_DELAI", "RECEPT_OFFRES")) or raw.date_limite
    raw.procedure = raw.procedure or _procedure(
        first_key(get(donnees, "PROCEDURE", "TYPE_PROCEDURE"))
    )
    attribution = donnees.get("ATTRIBUTION")
    if isinstance(attribution, dict):
        total = get(attribution, "VALEUR_TOTALE")
        amount = text(total)
        amounts: list[str] = []
        for decision in as_list(attribution.get("DECISION")):
            if not isinstance(decision, dict):
                continue
            for titulaire in as_list(decision.get("TITULAIRE")):
                if isinstance(titulaire, dict):
                    raw.titulaires.append(
                        Titulaire(
                            nom=text(titulaire.get("DENOMINATION")),
                            siret=text(titulaire.get("CODE_IDENT_NATIONAL")),
                        )
                    )
            found = text(get(decision, "RENSEIGNEMENT", "MONTANT"))
            if found:
                amounts.append(found)
        if amount is None and amounts:
            from tenders.tender import parse_amount

            parsed = [parse_amount(a) for a in amounts]
            if all(p is not None for p in parsed):
                amount = str(sum(p for p in parsed if p is not None))
        raw.montant = amount


_PROCEDURES = {
    "OUVERT": "Appel d'offres ouvert",
    "RESTREINT": "Appel d'offres restreint",
    "PROCEDURE_ADAPTE": "Procédure adaptée",
    "NEGOCIEE": "Procédure négociée",
    "DIALOGUE_COMPETITIF": "Dialogue compétitif",
    "CONCURRENTIELLE_AVEC_NEGOCIATION": "Procédure concurrentielle avec négociation",
}


def _procedure(key: str | None) -> str | None:
    if key is None:
        return None
    return _PROCEDURES.get(key, key.replace("_", " ").capitalize())


# --- entry points -----------------------------------------------------------------------------


def raw_from_api_record(record: dict[str, Any]) -> RawTender:
    """One BOAMP API record (any generation) as a raw tender."""
    idweb = text(record.get("idweb")) or text(record.get("id"))
    raw = RawTender(
        source="boamp",
        local_id=idweb,
        idweb=idweb,
        dossier=text(record.get("contractfolderid")),
        objet=text(record.get("objet")),
        acheteur_nom=text(record.get("nomacheteur")),
        nature=text(record.get("nature")),
        etat=text(record.get("etat")),
        procedure=text(record.get("procedure_libelle")),
        type_marche=text(record.get("type_marche")),
        departements=[d for d in as_list(record.get("code_departement")) if isinstance(d, str)],
        date_publication=text(record.get("dateparution")),
        date_limite=text(record.get("datelimitereponse")),
        url=text(record.get("url_avis")) or (BOAMP_URL.format(idweb=idweb) if idweb else None),
    )
    if raw.procedure in ("Procédure NC", ""):
        raw.procedure = None
    if record.get("titulaire"):
        raw.titulaires = [Titulaire(nom=t) for t in as_list(record["titulaire"]) if t]
    donnees = record.get("donnees")
    if isinstance(donnees, str) and donnees.strip():
        try:
            donnees = json_input.loads(donnees, "Le champ « donnees »")
        except json.JSONDecodeError as error:
            raise ValueError(f"champ « donnees » illisible ({error.msg})") from None
        except json_input.JsonTooDeepError as error:
            raise ValueError(str(error)) from None
    if isinstance(donnees, dict):
        if "EFORMS" in donnees:
            _eforms.fill_raw(donnees["EFORMS"], raw)
        elif "IDENTITE" in donnees or "CONDITION_DELAI" in donnees:
            _from_v230(donnees, raw)
        elif "IDENT" in donnees:
            _from_v110(donnees, raw)
    return raw


def raw_from_v230_xml(data: bytes) -> RawTender:
    """One BOAMP v230 XML notice (``<ANNONCE>``) as a raw tender."""
    root = parse_xml(data)
    annonce = element_to_dict(root)
    if not isinstance(annonce, dict):
        raise ValueError("avis BOAMP vide")
    gestion = annonce.get("GESTION") or {}
    idweb = text(get(gestion, "REFERENCE", "IDWEB"))
    type_avis = get(gestion, "REFERENCE", "TYPE_AVIS") or {}
    indexation = gestion.get("INDEXATION") or {}
    raw = RawTender(
        source="boamp",
        local_id=idweb,
        idweb=idweb,
        objet=text(indexation.get("RESUME_OBJET")),
        nature=first_key(get(type_avis, "NATURE")),
        etat=first_key(get(type_avis, "STATUT")),
        departements=[text(d) or "" for d in as_list(indexation.get("DEP_PUBLICATION"))],
        date_publication=text(indexation.get("DATE_PUBLICATION")),
        url=BOAMP_URL.format(idweb=idweb) if idweb else None,
    )
    _from_v230(annonce.get("DONNEES") or {}, raw)
    return raw
