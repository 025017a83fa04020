"""Atom feeds (RFC 4287) of saved searches, so a feed reader or an e-mail tool gets the new
notices that match a search.

The document is built with lxml in the Atom namespace, so every text from a notice is escaped
by the serialiser, never pasted into markup. Entry ids are stable URNs built from the notice
id: a reader shows each notice once, even when it is updated.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from urllib.parse import quote

from lxml import etree

from core.text import xml_safe
from tenders.fiche import french_date
from tenders.tender import PARIS, Tender

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def _el(parent: etree._Element, name: str, text: str | None = None, **attrib: str):
    """An Atom element; characters XML forbids are dropped, whatever a notice or a saved
    search's name was stored with, so the feed is always well-formed."""
    element = etree.SubElement(
        parent, f"{{{ATOM}}}{name}", {k: xml_safe(v) for k, v in attrib.items()}
    )
    if text is not None:
        element.text = xml_safe(text)
    return element


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def entry_id(tender: Tender) -> str:
    return "urn:clair:marche:" + quote(tender.id, safe=":")


def _summary(tender: Tender) -> str:
    parts = [tender.objet]
    if tender.acheteur.nom:
        parts.append(f"Acheteur : {tender.acheteur.nom}.")
    place = tender.lieu.commune or tender.lieu.libelle or tender.lieu.departement
    if place:
        parts.append(f"Lieu : {place}.")
    if tender.date_limite:
        parts.append(f"Date limite : {french_date(tender.date_limite)}.")
    if tender.demo:
        parts.append("Avis fictif de démonstration.")
    return "\n".join(parts)


def _updated(tender: Tender, fallback: datetime) -> datetime:
    if tender.date_publication:
        return datetime.combine(tender.date_publication, time(0), PARIS)
    return fallback


def atom_feed(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    tenders: Sequence[Tender],
    site_url: str,
    updated: datetime | None = None,
) -> str:
    """An Atom feed document of ``tenders`` (newest first), as UTF-8 XML text."""
    updated = updated or datetime.now(UTC)
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "fr")
    _el(feed, "id", feed_id)
    _el(feed, "title", title)
    _el(feed, "subtitle", "Les avis de marchés publics qui correspondent à votre recherche.")
    entries_updated = [_updated(t, updated) for t in tenders]
    _el(feed, "updated", _stamp(max([*entries_updated, updated]) if tenders else updated))
    author = _el(feed, "author")
    _el(author, "name", "Clair")
    _el(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _el(feed, "link", rel="alternate", type="text/html", href=site_url)
    _el(feed, "generator", "Clair")
    for tender, stamp in zip(tenders, entries_updated, strict=True):
        entry = _el(feed, "entry")
        _el(entry, "id", entry_id(tender))
        _el(entry, "title", tender.titre or tender.objet[:200])
        _el(entry, "updated", _stamp(stamp))
        if tender.date_publication:
            _el(entry, "published", _stamp(stamp))
        if tender.url:
            _el(entry, "link", rel="alternate", type="text/html", href=tender.url)
        for code in tender.codes_cpv[:5]:
            _el(entry, "category", term=code, scheme="urn:cpv:2008", label=f"CPV {code}")
        _el(entry, "summary", _summary(tender), type="text")
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()
