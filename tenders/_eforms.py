"""TED eForms UBL notices (XML files, or the JSON BOAMP puts in ``donnees``) to :class:`RawTender`.

Business terms read (eForms SDK 1.x):

- BT-04 procedure identifier: ``cbc:ContractFolderID`` (the merge key with BOAMP);
- BT-21 title, BT-24 description: ``cac:ProcurementProject/cbc:Name`` and ``cbc:Description``;
- BT-23 main nature: ``cac:ProcurementProject/cbc:ProcurementTypeCode`` (works, supplies, services);
- BT-262 main CPV: ``cac:MainCommodityClassification/cbc:ItemClassificationCode``;
- BT-263 additional CPV: ``cac:AdditionalCommodityClassification/cbc:ItemClassificationCode``;
- BT-5071 place of performance (NUTS 3): ``cac:RealizedLocation/cac:Address/cbc:CountrySubentityCode``;
- BT-131 deadline for tenders: ``cac:TenderSubmissionDeadlinePeriod/cbc:EndDate`` + ``cbc:EndTime``;
- BT-27 estimated value: ``cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount``;
- lots: ``cac:ProcurementProjectLot`` (each with its own ``cac:ProcurementProject``);
- buyer (BT-500 name, BT-501 identifier) and winners through ``efac:Organizations``;
- award value (BT-161): ``efac:NoticeResult/cbc:TotalAmount``.
"""

from __future__ import annotations

from typing import Any

from tenders._xmldict import as_list, element_to_dict, get, parse_xml, strip_prefixes, text
from tenders.tender import Lot, RawTender, Titulaire

NOTICE_ROOTS = ("ContractNotice", "ContractAwardNotice", "PriorInformationNotice")
_TYPES = {"works": "travaux", "supplies": "fournitures", "services": "services"}


def _extension(notice: dict[str, Any]) -> dict[str, Any]:
    ext = get(notice, "UBLExtensions", "UBLExtension", "ExtensionContent", "EformsExtension")
    return ext if isinstance(ext, dict) else {}


def _organizations(notice: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for org in as_list(get(_extension(notice), "Organizations", "Organization")):
        company = get(org, "Company") if isinstance(org, dict) else None
        if not isinstance(company, dict):
            continue
        org_id = text(get(company, "PartyIdentification", "ID"))
        if org_id:
            found[org_id] = company
    return found


def _cpvs(project: dict[str, Any]) -> list[str]:
    codes = [text(get(project, "MainCommodityClassification", "ItemClassificationCode"))]
    for extra in as_list(project.get("AdditionalCommodityClassification")):
        codes.append(text(get(extra, "ItemClassificationCode")))
    return [c for c in codes if c]


def _deadline(process: Any) -> str | None:
    period = get(process, "TenderSubmissionDeadlinePeriod")
    day = text(get(period, "EndDate"))
    if not day:
        return None
    hour = text(get(period, "EndTime"))
    if hour:
        # "2024-02-15+01:00" and "12:00:00+01:00" → "2024-02-15T12:00:00+01:00"
        return f"{day[:10]}T{hour}"
    return day


def fill_raw(eforms: dict[str, Any], raw: RawTender) -> None:
    """Fill ``raw`` from ``{"ContractNotice": {...}}`` (keys with or without ``cbc:``)."""
    eforms = strip_prefixes(eforms)
    root_name = next((name for name in NOTICE_ROOTS if name in eforms), None)
    notice = eforms[root_name] if root_name else eforms
    if not isinstance(notice, dict):
        raise ValueError("avis eForms vide")
    project = notice.get("ProcurementProject") or {}
    if isinstance(project, list):
        project = project[0]
    raw.dossier = raw.dossier or text(notice.get("ContractFolderID"))
    raw.local_id = raw.local_id or text(notice.get("ID"))
    raw.titre = text(project.get("Name")) or raw.titre
    raw.objet = text(project.get("Description")) or raw.objet or raw.titre
    raw.reference = raw.reference or text(project.get("ID"))
    kind = text(project.get("ProcurementTypeCode"))
    if kind:
        raw.type_marche = _TYPES.get(kind.lower(), raw.type_marche)
    raw.codes_cpv += _cpvs(project)
    raw.date_publication = raw.date_publication or text(notice.get("IssueDate"))
    notice_type = text(notice.get("NoticeTypeCode"))
    if root_name == "ContractAwardNotice":
        raw.nature = "attribution"
    elif root_name == "ContractNotice":
        raw.nature = raw.nature or "appel_offre"
    elif notice_type:
        raw.nature = raw.nature or notice_type
    procedure = text(get(notice, "TenderingProcess", "ProcedureCode"))
    raw.procedure = raw.procedure or _PROCEDURES.get(procedure or "", procedure)
    raw.valeur_estimee = text(
        get(project, "RequestedTenderTotal", "EstimatedOverallContractAmount")
    )

    address = get(project, "RealizedLocation", "Address")
    deadlines: list[str] = []
    for lot in as_list(notice.get("ProcurementProjectLot")):
        if not isinstance(lot, dict):
            continue
        lot_project = lot.get("ProcurementProject") or {}
        raw.lots.append(
            Lot(
                numero=text(lot.get("ID")),
                titre=text(get(lot_project, "Name")),
                description=text(get(lot_project, "Description")),
                codes_cpv=_cpvs(lot_project) if isinstance(lot_project, dict) else [],
                valeur_estimee_eur=None,
            )
        )
        if address is None:
            address = get(lot_project, "RealizedLocation", "Address")
        deadline = _deadline(lot.get("TenderingProcess"))
        if deadline:
            deadlines.append(deadline)
    deadline = _deadline(notice.get("TenderingProcess"))
    if deadline:
        deadlines.append(deadline)
    if deadlines:
        raw.date_limite = min(deadlines)  # the notice itself is more precise than the index
    if not raw.codes_cpv:
        for lot in raw.lots:
            raw.codes_cpv += lot.codes_cpv
    if isinstance(address, dict):
        raw.lieu_nuts = text(address.get("CountrySubentityCode"))
        postal = text(address.get("PostalZone"))
        city = text(address.get("CityName"))
        if postal or city:
            raw.lieu_code, raw.lieu_type, raw.lieu_libelle = postal, "code postal", city

    organizations = _organizations(notice)
    buyer_id = text(get(notice, "ContractingParty", "Party", "PartyIdentification", "ID"))
    buyer = organizations.get(buyer_id or "")
    if buyer:
        raw.acheteur_nom = text(get(buyer, "PartyName", "Name")) or raw.acheteur_nom
        raw.acheteur_siret = text(get(buyer, "PartyLegalEntity", "CompanyID"))
        if raw.lieu_code is None and raw.lieu_nuts is None:
            raw.lieu_nuts = text(get(buyer, "PostalAddress", "CountrySubentityCode"))

    result = get(_extension(notice), "NoticeResult")
    if isinstance(result, dict):
        raw.montant = text(result.get("TotalAmount"))
        winners: list[str] = []
        for party in as_list(result.get("TenderingParty")):
            for tenderer in as_list(get(party, "Tenderer")) if isinstance(party, dict) else []:
                winner = text(get(tenderer, "ID"))
                if winner and winner not in winners:
                    winners.append(winner)
        for winner in winners:
            company = organizations.get(winner)
            if company:
                raw.titulaires.append(
                    Titulaire(
                        nom=text(get(company, "PartyName", "Name")),
                        siret=text(get(company, "PartyLegalEntity", "CompanyID")),
                    )
                )


_PROCEDURES = {
    "open": "Procédure ouverte",
    "restricted": "Procédure restreinte",
    "neg-w-call": "Procédure négociée avec mise en concurrence",
    "neg-wo-call": "Procédure négociée sans mise en concurrence",
    "comp-dial": "Dialogue compétitif",
    "innovation": "Partenariat d'innovation",
    "oth-single": "Autre procédure à une étape",
    "oth-mult": "Autre procédure à plusieurs étapes",
}


def is_eforms(root_tag: str) -> bool:
    return any(root_tag.endswith(name) for name in NOTICE_ROOTS)


def raw_from_xml(data: bytes) -> RawTender:
    """One TED eForms XML notice as a raw tender (source ``ted``)."""
    root = parse_xml(data)
    notice = element_to_dict(root)
    from lxml import etree

    name = etree.QName(root.tag).localname
    raw = RawTender(source="ted")
    fill_raw({name: notice}, raw)
    return raw
