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

import codecs
import itertools
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, BinaryIO

from core.identifiers import siret_or_none
from core.text import fold
from tenders._xmldict import as_list
from tenders.award import Award, Winner, equal_parts
from tenders.tender import CONFIG, RawTender, Titulaire, cpv8, parse_amount, repair_text

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


def holders(value: Any) -> list[tuple[str, str | None, str | None]]:
    """The winners of a ``titulaires`` list (2017: ``[{typeIdentifiant, id,
    denominationSociale}]``; 2022: ``[{"titulaire": {...}}]``) as (kind of identifier, the
    identifier as given, name). A missing kind is taken as SIRET."""
    found = []
    for item in as_list(value):
        if not isinstance(item, dict):
            continue
        holder = item.get("titulaire", item)
        if not isinstance(holder, dict):
            continue
        kind = str(holder.get("typeIdentifiant") or "SIRET").upper()
        identifier = holder.get("id")
        found.append(
            (
                kind,
                str(identifier) if identifier not in (None, "") else None,
                holder.get("denominationSociale"),
            )
        )
    return found


def _titulaires(value: Any) -> Iterator[Titulaire]:
    for kind, identifier, name in holders(value):
        yield Titulaire(nom=name, siret=identifier if identifier and kind == "SIRET" else None)


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


# --- award data (the dashboard's tables) ----------------------------------------------------

_NO_CONSIDERATION = "pas de "


@lru_cache(maxsize=65_536)
def _cpv(code: str) -> str | None:
    return cpv8(code)


@lru_cache(maxsize=4096)
def _procedure(text: str) -> str | None:
    return repair_text(text)[0]


def _year(*values: Any) -> int | None:
    for value in values:
        text = str(value or "")[:4]
        if text.isdigit() and 1990 <= int(text) <= 2100:
            return int(text)
    return None


def _bids(value: Any) -> int | None:
    """A number of bids: a positive integer (an awarded contract had at least one bid)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number >= 1 and number == int(number) else None


@lru_cache(maxsize=1024)
def _names_a_consideration(name: str) -> bool:
    return not fold(name).startswith(_NO_CONSIDERATION)


def _consideration(value: Any, key: str) -> bool | None:
    """True when a DECP 2022 considerations field names one (« Clause sociale », « Critère
    social », « Marché réservé »...), False for « Pas de considération … », None if absent."""
    if value is None:
        return None
    items = value.get(key) if isinstance(value, dict) else value
    names = [str(v) for v in as_list(items) if v not in (None, "")]
    if not names:
        return None
    return any(_names_a_consideration(name) for name in names)


def _siret(value: str | None) -> str | None:
    """A SIRET as written (14 digits: the common case, checked first), else as typed."""
    if value is not None and len(value) == 14 and value.isdigit():
        return value
    return siret_or_none(value)


def _modifications(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The contract's modifications in publication order (2017: a list of objects; 2022:
    ``[{"modification": {...}}]``)."""
    found = []
    for item in as_list(record.get("modifications")):
        if isinstance(item, dict):
            inner = item.get("modification", item)
            found.extend(m for m in as_list(inner) if isinstance(m, dict))
    return sorted(
        found,
        key=lambda m: str(
            m.get("datePublicationDonneesModification")
            or m.get("dateNotificationModification")
            or ""
        ),
    )


def _winners(value: Any) -> list[Winner]:
    winners = []
    for kind, identifier, name in holders(value):
        siret = _siret(identifier) if kind == "SIRET" else None
        winners.append(Winner(int(siret) if siret else None, identifier, name, 0.0))
    return equal_parts(winners)


def award_from_record(record: Any, version: str) -> Award:
    """One DECP record (2017 or 2022) as an :class:`Award`; ``ValueError`` (French) when it
    has no contract id or no buyer SIRET, the key every dashboard query starts from.

    The last modification that gives an amount or winners replaces them (both formats give
    the contract's new amount and, when they change, its new winners).
    """
    if not isinstance(record, dict):
        raise ValueError("enregistrement DECP qui n'est pas un objet JSON")
    contract_id = record.get("id")
    if contract_id in (None, ""):
        raise ValueError("marché DECP sans « id »")
    acheteur = record.get("acheteur") or {}
    if not isinstance(acheteur, dict):
        acheteur = {"id": acheteur}
    buyer_id = acheteur.get("id")
    buyer = _siret(str(buyer_id)) if buyer_id is not None else None
    if buyer is None:
        raise ValueError("marché DECP sans SIRET d'acheteur")
    montant = record.get("montant")
    holders_value = record.get("titulaires")
    modifications = _modifications(record)
    for modification in modifications:
        if modification.get("montant") not in (None, ""):
            montant = modification["montant"]
        if as_list(modification.get("titulaires")):
            holders_value = modification["titulaires"]
    amount = parse_amount(montant)
    if amount is not None and not 0 < amount <= CONFIG.montant_max_eur:
        amount = None
    code = record.get("codeCPV")
    procedure = record.get("procedure")
    return Award(
        acheteur=int(buyer),
        ref=str(contract_id),
        acheteur_nom=acheteur.get("nom"),
        annee=_year(record.get("dateNotification"), record.get("datePublicationDonnees")),
        code_cpv=_cpv(str(code)) if code not in (None, "") else None,
        procedure=_procedure(str(procedure)) if procedure else None,
        montant_eur=amount,
        offres_recues=_bids(record.get("offresRecues")),
        clause_sociale=_consideration(record.get("considerationsSociales"), "considerationSociale"),
        clause_environnementale=_consideration(
            record.get("considerationsEnvironnementales"), "considerationEnvironnementale"
        ),
        modifications=len(modifications),
        format=f"decp-{version}",
        winners=_winners(holders_value),
    )


# --- streaming a large file -----------------------------------------------------------------

_MARCHES = re.compile(rb'"marches"\s*:\s*([\[{])')
_MARCHE_LIST = re.compile(rb'"marche"\s*:\s*\[')
_HEAD_BYTES = 1 << 20
_READ_BYTES = 4 << 20
_MAX_RECORD_CHARS = 64 << 20
_BETWEEN = re.compile(r"[\s,]*")


class StreamError(ValueError):
    """A DECP file that breaks off or is malformed past its head (French message)."""


def stream_records(stream: BinaryIO) -> tuple[str, Iterator[Any]] | None:
    """``(version, records)`` of a DECP JSON file read as a stream (flat memory whatever its
    size), or None when the file's head does not show a ``"marches"`` list or object.

    The records of the ``marches`` (2017) or ``marches.marche`` (2022) list are decoded one by
    one with the standard library's C decoder from a buffer refilled 4 MB at a time; what
    follows the list is not read. ``stream`` must be seekable. A malformed record raises
    :class:`StreamError` while iterating.
    """
    head = stream.read(_HEAD_BYTES)
    match = _MARCHES.search(head)
    if match is None:
        return None
    start = match.end()
    if match.group(1) == b"{":
        inner = _MARCHE_LIST.search(head, start)
        if inner is None:
            return None
        start = inner.end()
    stream.seek(start)
    records = _array_items(stream)
    if match.group(1) == b"{":
        return "2022", records
    first = list(itertools.islice(records, 50))
    version = decp_records({"marches": first})
    return (version[0] if version else "2017"), itertools.chain(first, records)


def _array_items(stream: BinaryIO) -> Iterator[Any]:
    """The items of a JSON list whose opening bracket was just read."""
    decoder = json.JSONDecoder()
    text = codecs.getincrementaldecoder("utf-8")()
    buffer, position, ended = "", 0, False
    while True:
        position = _BETWEEN.match(buffer, position).end()  # type: ignore[union-attr]
        if position < len(buffer):
            if buffer[position] == "]":
                return
            try:
                item, position = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError as error:
                if ended or len(buffer) - position > _MAX_RECORD_CHARS:
                    raise StreamError(f"JSON illisible ({error.msg})") from None
            else:
                yield item
                continue
        if ended:
            raise StreamError("le fichier s'arrête avant la fin de la liste des marchés")
        chunk = stream.read(_READ_BYTES)
        ended = not chunk
        try:
            buffer = buffer[position:] + text.decode(chunk, final=ended)
        except UnicodeDecodeError:
            raise StreamError("le fichier n'est pas en UTF-8") from None
        position = 0
