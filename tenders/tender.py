"""The tender notice as Clair knows it, whatever the source (BOAMP, DECP, TED eForms, demo).

Every reader (``_boamp.py``, ``_decp.py``, ``_eforms.py``, ``demo.py``) builds a :class:`RawTender`
(plain values as found) and hands it to :func:`make_tender`, the one path from raw values to a
:class:`Tender`: CPV codes normalised, dates parsed, amounts checked, accents repaired, contract
type and place of performance derived.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import UTC, date, datetime, time
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from core.errors import ClairError, InvalidInputError
from core.identifiers import siret_or_none
from core.text import without_xml_forbidden
from places.communes import Commune, communes_table, find_commune, get_commune
from suppliers.cpv import normalise_cpv
from suppliers.errors import CodeError
from suppliers.textsearch import searchable_text

Nature = Literal["appel_offres", "attribution", "autre"]
TypeMarche = Literal["travaux", "fournitures", "services"]

PARIS = ZoneInfo("Europe/Paris")


class TenderConfig(BaseModel):
    """Thresholds used while normalising notices."""

    montant_max_eur: float = Field(
        default=5e10,
        description=(
            "Montant au-delà duquel un montant DECP est jugé absurde (non fiable). 50 Md€ dépasse "
            "le plus gros marché public français connu (quelques Md€) : au-delà, c'est une "
            "erreur de saisie (les échantillons DECP contiennent 1e17)."
        ),
    )
    cle_objet_mots: int = Field(
        default=12,
        description=(
            "Nombre de mots normalisés de l'objet gardés dans la clé de fusion « acheteur + "
            "objet + date » : assez pour distinguer deux marchés d'un même acheteur le même jour."
        ),
    )


CONFIG = TenderConfig()


class Acheteur(BaseModel):
    nom: str | None = Field(default=None, description="Nom de l'acheteur public.")
    siret: str | None = Field(default=None, description="SIRET de l'acheteur (14 chiffres).")


class Lieu(BaseModel):
    """Where the work is done or the goods are delivered."""

    libelle: str | None = Field(default=None, description="Le lieu tel que l'avis l'écrit.")
    departement: str | None = Field(default=None, description="Code du département (59, 2A, 974).")
    code_commune: str | None = Field(default=None, description="Code INSEE de la commune.")
    commune: str | None = None
    code_postal: str | None = None
    nuts: str | None = Field(default=None, description="Code NUTS (FRE11 = Nord).")
    latitude: float | None = Field(default=None, description="Point représentatif (WGS 84).")
    longitude: float | None = None


class Lot(BaseModel):
    numero: str | None = None
    titre: str | None = None
    description: str | None = None
    codes_cpv: list[str] = Field(default_factory=list)
    valeur_estimee_eur: float | None = None


class Titulaire(BaseModel):
    """A firm awarded the contract (award notices and DECP)."""

    nom: str | None = None
    siret: str | None = None


class Tender(BaseModel):
    """A tender or award notice, normalised."""

    id: str = Field(description="Identifiant Clair : « source:identifiant » (boamp:16-186394).")
    source: str = Field(description="Source d'origine : boamp, decp, ted ou demo.")
    sources: list[str] = Field(default_factory=list, description="Toutes les sources fusionnées.")
    idweb: str | None = Field(default=None, description="Identifiant BOAMP de l'avis.")
    dossier: str | None = Field(
        default=None, description="Identifiant de la procédure (eForms ContractFolderID, BT-04)."
    )
    reference: str | None = Field(default=None, description="Référence propre à l'acheteur.")
    titre: str | None = None
    objet: str = Field(description="Ce qui est acheté, tel que l'avis le décrit.")
    acheteur: Acheteur = Field(default_factory=Acheteur)
    nature: Nature = "autre"
    etat: str | None = Field(default=None, description="initial, rectificatif ou annulation.")
    procedure: str | None = None
    type_marche: TypeMarche | None = None
    codes_cpv: list[str] = Field(default_factory=list, description="Codes CPV à 8 chiffres.")
    lieu: Lieu = Field(default_factory=Lieu)
    date_publication: date | None = None
    date_limite: datetime | None = Field(default=None, description="Date limite de réponse.")
    lots: list[Lot] = Field(default_factory=list)
    url: str | None = None
    titulaires: list[Titulaire] = Field(default_factory=list)
    montant_eur: float | None = Field(default=None, description="Montant attribué (HT).")
    montant_fiable: bool | None = Field(
        default=None, description="False si le montant est nul ou absurde (gardé, mais signalé)."
    )
    valeur_estimee_eur: float | None = Field(default=None, description="Valeur estimée (BT-27).")
    duree_mois: int | None = None
    demo: bool = Field(default=False, description="Avis fictif de démonstration.")
    alertes: list[str] = Field(
        default_factory=list, description="Ce que la normalisation a corrigé ou mis en doute."
    )

    def is_open(self, now: datetime | None = None) -> bool:
        """True while answers are accepted: a call for tenders whose deadline has not passed."""
        if self.nature != "appel_offres" or self.date_limite is None or self.etat == "annulation":
            return False
        return self.date_limite >= (now or datetime.now(UTC))

    def merge_keys(self) -> list[str]:
        """The keys under which the same notice is recognised in another source.

        - ``idweb:`` the BOAMP notice number (BOAMP JSON, BOAMP XML, BOAMP eForms);
        - ``dossier:`` the eForms procedure identifier (BOAMP eForms and TED eForms);
        - ``decp:`` buyer SIRET + the buyer's own contract id (the DECP unique key: the same
          contract republished by two DECP aggregators);
        - ``objet:`` buyer SIRET + the first words of the normalised object + publication date
          (same buyer, same object, same day: the same notice).
        """
        keys: list[str] = []
        if self.idweb:
            keys.append(f"idweb:{self.idweb}")
        if self.dossier:
            keys.append(f"dossier:{self.dossier.lower()}")
        siret = self.acheteur.siret
        if siret and self.reference and self.source == "decp":
            keys.append(f"decp:{siret}:{self.reference}")
        if siret and self.date_publication:
            words = searchable_text(self.titre or self.objet).split()[: CONFIG.cle_objet_mots]
            digest = hashlib.sha1(" ".join(words).encode()).hexdigest()[:16]
            keys.append(f"objet:{siret}:{self.date_publication.isoformat()}:{digest}")
        return keys


class RawTender(BaseModel):
    """Values as a reader found them, before normalisation. Only ``id`` and ``objet`` are needed."""

    model_config = {"arbitrary_types_allowed": True}

    source: str
    local_id: str | None = None
    idweb: str | None = None
    dossier: str | None = None
    reference: str | None = None
    titre: str | None = None
    objet: str | None = None
    acheteur_nom: str | None = None
    acheteur_siret: str | None = None
    nature: str | None = None
    etat: str | None = None
    procedure: str | None = None
    type_marche: str | None = None
    codes_cpv: list[str] = Field(default_factory=list)
    lieu_libelle: str | None = None
    lieu_code: str | None = None
    lieu_type: str | None = None
    lieu_nuts: str | None = None
    departements: list[str] = Field(default_factory=list)
    date_publication: Any = None
    date_limite: Any = None
    lots: list[Lot] = Field(default_factory=list)
    url: str | None = None
    titulaires: list[Titulaire] = Field(default_factory=list)
    montant: Any = None
    valeur_estimee: Any = None
    duree_mois: Any = None
    demo: bool = False


class TenderError(InvalidInputError):
    """A record cannot become a tender; the message is French and names the problem."""


# --- text -----------------------------------------------------------------------------------

_MOJIBAKE = re.compile("[ÃÂÅÄ][^\x00-\x7f]|â€")
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)


def repair_text(text: str | None) -> tuple[str | None, bool]:
    """Clean a text and repair UTF-8 read as Latin-1 ("Ã©" → "é"); return (text, repaired).

    The repair is applied only when re-decoding succeeds, so a real "Ã" stays as it is.
    """
    if text is None:
        return None, False
    repaired = False
    if _MOJIBAKE.search(text):
        for codec in ("cp1252", "latin-1"):
            try:
                fixed = text.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            text, repaired = fixed, True
            break
    text = _TAGS.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return (text or None), repaired


# --- codes ----------------------------------------------------------------------------------


def cpv8(code: Any) -> str | None:
    """The 8-digit CPV code of ``03000000-1``, ``030000001``, ``03000000`` or ``3000000`` (a
    leading zero lost in a spreadsheet); None if it is not a full CPV code."""
    if code is None:
        return None
    text = str(code).strip().rstrip(".")
    if re.fullmatch(r"\d{7}", text):
        text = "0" + text
    try:
        digits = normalise_cpv(text)
    except CodeError:
        return None
    return digits if len(digits) == 8 else None


def type_from_cpv(codes: list[str]) -> TypeMarche | None:
    """Works for division 45, services for 50–98, supplies for 03–44 and 48 (CPV 2008)."""
    if not codes:
        return None
    division = int(codes[0][:2])
    if division == 45:
        return "travaux"
    if division >= 50:
        return "services"
    return "fournitures"


_TYPES: dict[str, TypeMarche] = {
    "travaux": "travaux",
    "works": "travaux",
    "fournitures": "fournitures",
    "fourniture": "fournitures",
    "supplies": "fournitures",
    "services": "services",
    "service": "services",
}


def type_marche(value: str | None, codes: list[str]) -> TypeMarche | None:
    if value:
        found = _TYPES.get(value.strip().lower())
        if found:
            return found
    return type_from_cpv(codes)


_NATURES: dict[str, Nature] = {
    "appel_offre": "appel_offres",
    "appel_offres": "appel_offres",
    "cn": "appel_offres",
    "cn-standard": "appel_offres",
    "cn-social": "appel_offres",
    "cn-desg": "appel_offres",
    "pin-cfc-standard": "appel_offres",
    "attribution": "attribution",
    "can": "attribution",
    "can-standard": "attribution",
    "can-social": "attribution",
    "decp": "attribution",
}


def nature(value: str | None) -> Nature:
    if not value:
        return "autre"
    return _NATURES.get(value.strip().lower(), "autre")


# --- dates and amounts ----------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(value: Any) -> date | None:
    """A date from ``2019-03-19``, ``2019-03-19+01:00``, ``2006-07-4``, ``2019-03-19T10:00:00Z``
    or ``19/03/2019``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = _DATE.match(text)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = _DATE_FR.match(text)
        if not match:
            return None
        d, m, y = (int(g) for g in match.groups())
    try:
        return date(y, m, d)
    except ValueError:
        return None


_TIME = re.compile(r"[T ](\d{1,2}):(\d{2})(?::(\d{2}))?")
_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


def parse_datetime(value: Any, default_time: time = time(23, 59)) -> datetime | None:
    """An aware deadline; without a zone, the time is Paris time; without a time, 23:59."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=PARIS)
    day = parse_date(value)
    if day is None:
        return None
    text = str(value).strip()
    hour = _TIME.search(text)
    at = (
        time(int(hour.group(1)) % 24, int(hour.group(2)), int(hour.group(3) or 0))
        if hour
        else default_time
    )
    if at == time(0, 0):
        # BOAMP's index gives "2006-07-21T00:00:00+00:00" for a deadline without a time.
        return datetime.combine(day, default_time, tzinfo=PARIS)
    zone = _ZONE.search(text[10:]) if len(text) > 10 else None
    tz: Any = PARIS
    if zone:
        z = zone.group(1)
        if z == "Z":
            tz = UTC
        else:
            sign = 1 if z[0] == "+" else -1
            digits = z[1:].replace(":", "")
            from datetime import timedelta, timezone

            tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return datetime.combine(day, at, tzinfo=tz)


def parse_amount(value: Any) -> float | None:
    """An amount in euros from a number or a French text ("38 820,50"); None if none."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = re.sub(r"[\s\u00a0€]|EUR|HT", "", str(value))
    text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


# --- place ----------------------------------------------------------------------------------

_DEP = re.compile(r"^(\d{2}|2[AB]|97\d)$", re.IGNORECASE)


def departement_of(code: str | None) -> str | None:
    """The département of a postal code, an INSEE code or a département code; None if unknown."""
    if not code:
        return None
    code = code.strip().upper()
    if _DEP.match(code):
        return code if code not in ("00", "96", "99") else None
    if re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
        if code.startswith("97"):
            return code[:3]
        if code.startswith("20"):
            # Corsica postal codes: 200xx–201xx Corse-du-Sud, 202xx–206xx Haute-Corse.
            return "2A" if code[2] in "01" else "2B"
        return code[:2]
    return None


@cache
def nuts3_departements() -> dict[str, str]:
    """NUTS 3 code (2021) → département code, from ``tenders/data/nuts3_departements.csv``."""
    text = (files("tenders") / "data" / "nuts3_departements.csv").read_text(encoding="utf-8")
    return {row["nuts3"]: row["departement"] for row in csv.DictReader(io.StringIO(text))}


@lru_cache(maxsize=50_000)
def _commune(query: str) -> Commune | None:
    try:
        return find_commune(query)
    except ClairError:
        return None


@lru_cache(maxsize=1)
def _postal_index() -> dict[str, str]:
    """Postal code → INSEE code of the most populous commune that uses it."""
    table = communes_table().sort_values("population", ascending=False, na_position="last")
    index: dict[str, str] = {}
    for code_insee, postaux in zip(table["code_insee"], table["codes_postaux"], strict=True):
        for postal in str(postaux or "").split():
            index.setdefault(postal, code_insee)
    return index


_CEDEX = re.compile(r"\s+c[eé]dex\b.*$|\s+\d+$", re.IGNORECASE)
_POSTAL_IN_TEXT = re.compile(r"\b(\d{5})\s+([^\d,;]+)$")


def _clean_place(name: str | None) -> str | None:
    """ "Clermont Ferrand Cedex 2" → "Clermont Ferrand"; "Laval," → "Laval"."""
    if not name:
        return None
    name = _CEDEX.sub("", name.strip().rstrip(".,;").strip())
    return name or None


def _find_place(code: str, kind: str, name: str | None) -> Commune | None:
    departement = departement_of(code)
    if name and departement:
        commune = _commune(f"{name} ({departement})")
        if commune:
            return commune
    if len(code) == 5:
        if "commune" in kind or "insee" in kind:
            return get_commune(code) or None
        insee = _postal_index().get(code)
        if insee:
            return get_commune(insee)
        if "postal" not in kind:
            return get_commune(code)
    return None


def _locate(raw: RawTender, alertes: list[str]) -> Lieu:
    """Département, commune and point of the place of performance, when they can be derived.

    A name is matched within the département of the code first ("Troyes cedex" + 10026 →
    Troyes), then the code: as a postal code (the most populous commune using it), or as an
    INSEE code when the source says so. Region, country and junk codes give no commune.
    """
    lieu = Lieu(libelle=raw.lieu_libelle, nuts=raw.lieu_nuts)
    code = (raw.lieu_code or "").strip()
    kind = (raw.lieu_type or "").lower()
    name = _clean_place(raw.lieu_libelle)
    if not code and raw.lieu_libelle:
        inline = _POSTAL_IN_TEXT.search(raw.lieu_libelle.strip().rstrip("."))
        if inline:
            code, kind, name = inline.group(1), "code postal", _clean_place(inline.group(2))
    commune = None
    if code and not any(word in kind for word in ("pays", "région", "region", "arrondissement")):
        lieu.departement = departement_of(code)
        if "département" not in kind and "departement" not in kind:
            commune = _find_place(code, kind, name)
        if "postal" in kind and len(code) == 5:
            lieu.code_postal = code
    if commune is None and name and not code:
        commune = _commune(name)
    if commune is not None:
        lieu.code_commune = commune.code_insee
        lieu.commune = commune.nom
        lieu.departement = commune.departement
        lieu.latitude = commune.latitude
        lieu.longitude = commune.longitude
    if lieu.departement is None and raw.lieu_nuts:
        lieu.departement = nuts3_departements().get(raw.lieu_nuts.upper())
    if lieu.departement is None and len(set(raw.departements)) == 1:
        lieu.departement = departement_of(raw.departements[0])
    if code and lieu.departement is None and commune is None:
        alertes.append(f"Lieu d'exécution non reconnu : « {code} ».")
    return lieu


# --- the one path ---------------------------------------------------------------------------


def without_forbidden_characters(raw: RawTender) -> tuple[RawTender, int]:
    """``raw`` without the characters XML forbids (control characters...) in any of its texts,
    and how many were removed: they could not be written to an Atom feed or a document."""
    update: dict[str, Any] = {}
    removed = 0
    for name, value in raw:
        if isinstance(value, list) and value and isinstance(value[0], BaseModel):
            items, changed = [], 0
            for item in value:
                data, count = without_xml_forbidden(item.model_dump())
                items.append(type(item).model_validate(data) if count else item)
                changed += count
            if changed:
                update[name], removed = items, removed + changed
        elif isinstance(value, str | list | dict):
            cleaned, count = without_xml_forbidden(value)
            if count:
                update[name], removed = cleaned, removed + count
    return (raw.model_copy(update=update) if update else raw), removed


def make_tender(raw: RawTender, config: TenderConfig = CONFIG, *, removed: int = 0) -> Tender:
    """Normalise a raw record into a :class:`Tender`; raise :class:`TenderError` if unusable.

    ``removed``: forbidden characters a caller already took out of ``raw`` (to count them),
    told in the alerts with those found here.
    """
    alertes: list[str] = []
    raw, found = without_forbidden_characters(raw)
    removed += found
    if removed:
        alertes.append(f"{removed} caractère(s) de contrôle retiré(s) : XML les interdit.")
    objet, fixed_objet = repair_text(raw.objet)
    titre, fixed_titre = repair_text(raw.titre)
    nom, fixed_nom = repair_text(raw.acheteur_nom)
    if fixed_objet or fixed_titre or fixed_nom:
        alertes.append("Accents abîmés réparés (texte UTF-8 lu comme du Latin-1).")
    objet = objet or titre
    if not objet:
        raise TenderError("avis sans objet ni titre")
    local_id = raw.local_id or raw.idweb
    if not local_id:
        raise TenderError("avis sans identifiant")

    codes: list[str] = []
    for code in raw.codes_cpv:
        normal = cpv8(code)
        if normal is None:
            if code not in (None, ""):
                alertes.append(f"Code CPV illisible ignoré : « {code} ».")
        elif normal not in codes:
            codes.append(normal)

    montant = parse_amount(raw.montant)
    fiable: bool | None = None
    if montant is not None:
        fiable = 0 < montant <= config.montant_max_eur
        if not fiable:
            alertes.append(f"Montant non fiable : {montant:g} €.")

    lots = []
    for lot in raw.lots:
        lot_codes = [c for c in (cpv8(x) for x in lot.codes_cpv) if c]
        lots.append(
            lot.model_copy(
                update={
                    "titre": repair_text(lot.titre)[0],
                    "description": repair_text(lot.description)[0],
                    "codes_cpv": lot_codes,
                }
            )
        )
        for c in lot_codes:
            if c not in codes:
                codes.append(c)

    try:
        duree = int(float(raw.duree_mois)) if raw.duree_mois not in (None, "") else None
    except (TypeError, ValueError):
        duree = None

    date_limite = parse_datetime(raw.date_limite)
    if raw.date_limite not in (None, "") and date_limite is None:
        alertes.append(f"Date limite illisible : « {raw.date_limite} ».")

    return Tender(
        id=f"{raw.source}:{local_id}",
        source=raw.source,
        sources=[raw.source],
        idweb=raw.idweb,
        dossier=raw.dossier,
        reference=raw.reference,
        titre=titre,
        objet=objet,
        acheteur=Acheteur(nom=nom, siret=siret_or_none(raw.acheteur_siret)),
        nature=nature(raw.nature),
        etat=(raw.etat or "").lower() or None,
        procedure=repair_text(raw.procedure)[0],
        type_marche=type_marche(raw.type_marche, codes),
        codes_cpv=codes,
        lieu=_locate(raw, alertes),
        date_publication=parse_date(raw.date_publication),
        date_limite=date_limite,
        lots=lots,
        url=raw.url,
        titulaires=[
            Titulaire(nom=repair_text(t.nom)[0], siret=siret_or_none(t.siret))
            for t in raw.titulaires
        ],
        montant_eur=montant,
        montant_fiable=fiable,
        valeur_estimee_eur=parse_amount(raw.valeur_estimee),
        duree_mois=duree,
        demo=raw.demo,
        alertes=alertes,
    )


def merge(kept: Tender, other: Tender) -> Tender:
    """One notice seen in two sources: keep ``kept``'s values, fill its gaps from ``other``."""
    update: dict[str, Any] = {}
    for name in Tender.model_fields:
        if name in ("id", "source", "sources", "alertes", "demo"):
            continue
        mine, theirs = getattr(kept, name), getattr(other, name)
        if mine in (None, [], "") and theirs not in (None, [], ""):
            update[name] = theirs
    update["codes_cpv"] = list(dict.fromkeys(kept.codes_cpv + other.codes_cpv))
    update["sources"] = list(dict.fromkeys(kept.sources + other.sources))
    update["alertes"] = list(dict.fromkeys(kept.alertes + other.alertes))
    if kept.acheteur.siret is None and other.acheteur.siret:
        update["acheteur"] = kept.acheteur.model_copy(update={"siret": other.acheteur.siret})
    lieu = kept.lieu.model_copy(
        update={
            k: v
            for k, v in other.lieu.model_dump().items()
            if getattr(kept.lieu, k) is None and v is not None
        }
    )
    update["lieu"] = lieu
    if not kept.titulaires and other.titulaires:
        update["titulaires"] = other.titulaires
    if kept.nature == "autre":
        update["nature"] = other.nature
    return kept.model_copy(update=update)
