"""Importing tender files: the format is detected, each record goes through
:func:`tenders.tender.make_tender`, malformed records are skipped and reported.

Formats recognised from the content, never from the file name:

- ``boamp-json``: BOAMP API responses (``{"results": [...]}``, ``{"records": [...]}`` or a list
  of records with ``idweb``), any generation of ``donnees``;
- ``boamp-xml``: a BOAMP v230 ``<ANNONCE>`` XML notice;
- ``decp-2017`` / ``decp-2022``: DECP JSON files (``{"marches": ...}``), read as a stream
  (any size, flat memory); each contract also goes to the award tables of the dashboard
  (:mod:`tenders.awards`), and with ``avis=False`` only there (the fast path for the national
  file);
- ``eforms``: a TED eForms UBL XML notice (``ContractNotice``, ``ContractAwardNotice``...).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import BaseModel, Field, ValidationError

from core import json_input
from core.errors import ClairError
from storage import page_cache
from tenders import _boamp, _decp, _eforms, awards
from tenders.award import Award
from tenders.store import SaveReport, save_tenders
from tenders.tender import (
    RawTender,
    Tender,
    TenderError,
    make_tender,
    without_forbidden_characters,
)

MAX_FILE_BYTES = 512 * 1024 * 1024
BATCH = 5_000


class ImportFileError(ClairError):
    """A file that is not a tender file Clair can read."""


class Skipped(BaseModel):
    position: int = Field(description="Rang de l'enregistrement dans le fichier (à partir de 1).")
    identifiant: str | None = None
    raison: str


class ImportReport(BaseModel):
    fichier: str
    format: str
    lus: int = 0
    ajoutes: int = 0
    fusionnes: int = 0
    mis_a_jour: int = 0
    caracteres_retires: int = Field(
        default=0,
        description="Caractères interdits en XML (caractères de contrôle) retirés des textes lus.",
    )
    ignores: list[Skipped] = Field(default_factory=list)
    attributions: int = Field(
        0, description="Marchés DECP enregistrés pour le tableau de bord (nouveaux ou remplacés)."
    )
    attributions_ignorees: int = Field(
        0, description="Marchés DECP sans identifiant ou sans SIRET d'acheteur."
    )

    def add(self, saved: SaveReport) -> None:
        self.ajoutes += saved.ajoutes
        self.fusionnes += saved.fusionnes
        self.mis_a_jour += saved.mis_a_jour


Reader = Callable[[Any], RawTender]


def detect(data: bytes) -> tuple[str, Iterator[tuple[Any, Reader]]]:
    """The format of a file's content and its records, each with the function that reads it.

    Raises :class:`ImportFileError` with a French message for anything else.
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        try:
            root = _parse_root(data)
        except etree.XMLSyntaxError as error:
            raise ImportFileError(f"Fichier XML illisible : {error.msg}.") from None
        name = etree.QName(root.tag).localname
        if name == "ANNONCE":
            return "boamp-xml", iter([(data, _boamp.raw_from_v230_xml)])
        if _eforms.is_eforms(name):
            return "eforms", iter([(data, _eforms.raw_from_xml)])
        raise ImportFileError(
            f"XML non reconnu (élément racine « {name} ») : Clair lit les avis BOAMP (ANNONCE) "
            "et les avis eForms (ContractNotice, ContractAwardNotice)."
        )
    if head in (b"{", b"["):
        try:
            payload = json_input.loads(data, "Le fichier")
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ImportFileError(
                f"Format de fichier non reconnu : ce n'est ni du XML ni du JSON valide ({error})."
            ) from None
        decp = _decp.decp_records(payload)
        if decp is not None:
            version, records = decp
            return f"decp-{version}", ((r, _decp.raw_from_record) for r in records)
        if _boamp.looks_like_api(payload):
            return "boamp-json", (
                (r, _boamp.raw_from_api_record) for r in _boamp.api_records(payload)
            )
        if isinstance(payload, dict) and any(k in payload for k in _eforms.NOTICE_ROOTS):
            return "eforms", iter([(payload, _eforms_json)])
    raise ImportFileError(
        "Format de fichier non reconnu. Clair lit : les réponses de l'API BOAMP (JSON), les avis "
        "BOAMP v230 (XML), les données essentielles DECP 2017 et 2022 (JSON) et les avis "
        "eForms (XML)."
    )


def _eforms_json(payload: Any) -> RawTender:
    raw = RawTender(source="ted")
    _eforms.fill_raw(payload, raw)
    return raw


def _parse_root(data: bytes) -> etree._Element:
    from tenders._xmldict import parse_xml

    return parse_xml(data)


def _identify(record: Any) -> str | None:
    if isinstance(record, dict):
        for key in ("idweb", "uid", "id"):
            if record.get(key):
                return str(record[key])
    return None


def read_tenders(records: Iterable[tuple[Any, Reader]], report: ImportReport) -> Iterator[Tender]:
    """Normalise records one by one; a malformed one is recorded in ``report`` and skipped."""
    for position, (record, reader) in enumerate(records, start=1):
        report.lus += 1
        try:
            raw, removed = without_forbidden_characters(reader(record))
            tender = make_tender(raw, removed=removed)
        except (TenderError, ValueError, ValidationError, etree.XMLSyntaxError) as error:
            reason = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
        except RecursionError:  # a record nested deeper than the readers walk
            reason = "enregistrement imbriqué trop profondément pour être lu"
        else:
            report.caracteres_retires += removed
            yield tender
            continue
        report.ignores.append(
            Skipped(position=position, identifiant=_identify(record), raison=reason)
        )


def import_tenders(
    conn: sqlite3.Connection, tenders: Iterable[Tender], report: ImportReport
) -> ImportReport:
    """Save normalised notices in batches of :data:`BATCH`, adding the counts to ``report``."""
    batch: list[Tender] = []
    for tender in tenders:
        batch.append(tender)
        if len(batch) >= BATCH:
            report.add(save_tenders(conn, batch))
            batch = []
    if batch:
        report.add(save_tenders(conn, batch))
    return report


def with_awards(
    conn: sqlite3.Connection,
    records: Iterable[tuple[Any, Reader]],
    version: str,
    report: ImportReport,
) -> Iterator[tuple[Any, Reader]]:
    """Pass DECP records through unchanged, saving each contract to the award tables on the
    way (in batches of :data:`tenders.awards.BATCH`)."""
    batch: list[Award] = []
    for record, reader in records:
        try:
            batch.append(_decp.award_from_record(record, version))
        except ValueError:
            report.attributions_ignorees += 1
        if len(batch) >= awards.BATCH:
            _save_awards(conn, batch, report)
            batch = []
        yield record, reader
    _save_awards(conn, batch, report)


def _save_awards(conn: sqlite3.Connection, batch: list[Award], report: ImportReport) -> None:
    if batch:
        counts = awards.save_awards(conn, batch)
        report.attributions += counts.ajoutes + counts.remplaces


def _import_records(
    conn: sqlite3.Connection,
    kind: str,
    records: Iterator[tuple[Any, Reader]],
    report: ImportReport,
    *,
    avis: bool,
) -> ImportReport:
    if kind.startswith("decp-"):
        records = with_awards(conn, records, kind.removeprefix("decp-"), report)
        if not avis:
            read = 0
            for _ in records:
                read += 1  # a local count: the report is a pydantic model, slower to update
            report.lus += read
            return report
    return import_tenders(conn, read_tenders(records, report), report)


def import_bytes(
    conn: sqlite3.Connection, data: bytes, name: str = "fichier", *, avis: bool = True
) -> ImportReport:
    """Import the content of one file; raise :class:`ImportFileError` if it is not readable.
    ``avis=False``: DECP contracts go to the award tables only (other formats ignore it)."""
    kind, records = detect(data)
    report = ImportReport(fichier=name, format=kind)
    return _import_records(conn, kind, records, report, avis=avis)


def import_file(conn: sqlite3.Connection, path: Path, *, avis: bool = True) -> ImportReport:
    """Import one file (format detected from its content) into the base.

    A DECP file is read as a stream, whatever its size; ``avis=False`` stores its contracts
    in the award tables only (not as searchable notices), at several times the speed.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"Fichier introuvable : {path}.")
    if path.stat().st_size == 0:
        raise ImportFileError(f"Fichier vide : {path.name}.")
    with path.open("rb") as stream:
        found = _decp.stream_records(stream)
        if found is not None:
            version, records = found
            report = ImportReport(fichier=path.name, format=f"decp-{version}")
            pairs = ((record, _decp.raw_from_record) for record in records)
            try:
                with page_cache(conn, awards.IMPORT_CACHE_MIB):
                    return _import_records(conn, report.format, pairs, report, avis=avis)
            except _decp.StreamError as error:
                raise ImportFileError(
                    f"Fichier DECP illisible après {report.lus} marchés : {error}."
                ) from None
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"Fichier trop gros : {path.name} dépasse {MAX_FILE_BYTES // 2**20} Mo. "
            "Découpez-le en plusieurs fichiers."
        )
    return import_bytes(conn, path.read_bytes(), path.name, avis=avis)
