"""The legal-invariants guard: what a rewrite must never change.

A contract is made of amounts, dates, deadlines and legal references. Before a rewritten
sentence is kept, :func:`compare` extracts them from the original and from the rewrite,
normalised so that "quinze jours" equals "15 jours", "15/03/2025" equals "15 mars 2025" and
"25 000 € HT" equals "25000 euros hors taxes". Anything missing, changed or added makes the
rewrite of that sentence refused (see :mod:`falc.simplify`).

Extraction runs on a normalised copy of the text (numbers in letters turned into digits with
text2num, Roman numerals after "titre", "chapitre"... turned into digits, ordinals "1er" → 1),
then applies the patterns from the most specific (e-mail, URL, phone number, SIRET) to the least
specific (a bare number); each character belongs to at most one invariant.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field
from text_to_num import alpha2digit

InvariantKind = Literal[
    "email",
    "url",
    "telephone",
    "siret",
    "siren",
    "reference",
    "date",
    "heure",
    "montant",
    "pourcentage",
    "duree",
    "nombre",
]

KIND_LABELS: dict[str, str] = {
    "email": "l'adresse e-mail",
    "url": "l'adresse web",
    "telephone": "le numéro de téléphone",
    "siret": "le numéro SIRET",
    "siren": "le numéro SIREN",
    "reference": "la référence juridique",
    "date": "la date",
    "heure": "l'heure",
    "montant": "le montant",
    "pourcentage": "le pourcentage",
    "duree": "la durée ou le délai",
    "nombre": "le nombre",
}

ChangeKind = Literal["perdu", "modifié", "ajouté"]


class Invariant(BaseModel):
    """One fact of the text that a rewrite must keep exactly."""

    kind: InvariantKind
    text: str = Field(description="The fact as written in the normalised text.")
    value: str = Field(description="Canonical value: two equal values mean the same fact.")


class InvariantChange(BaseModel):
    """A difference between the invariants of an original sentence and of its rewrite."""

    kind: InvariantKind
    change: ChangeKind
    original: str | None = Field(description="Canonical value in the original, if any.")
    rewrite: str | None = Field(description="Canonical value in the rewrite, if any.")
    message: str = Field(description="Explanation in French, for the report.")


# --- normalisation -----------------------------------------------------------------------------

MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

# Words after which a Roman numeral is a number ("titre II", "lot IV"), never "article L."
STRUCTURE_WORDS = r"(?:titre|chapitre|section|partie|annexe|lot|livre|tome|phase|tranche)"
_ROMAN_AFTER_STRUCTURE = re.compile(
    rf"\b({STRUCTURE_WORDS})\s+([IVXLC]+)\b(?![.\-]?\s*\d)", re.IGNORECASE
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# "un"/"une" is a number only before a unit ("un mois", "une semaine", "un million").
UNITS = (
    r"(?:jours?|mois|ans?|années?|semaines?|heures?|minutes?|trimestres?|semestres?"
    r")"
)
_UN_BEFORE_UNIT = re.compile(rf"\b(?:un|une)\s+(?={UNITS}\b)", re.IGNORECASE)
_ARTICLE_UN = re.compile(r"\b(un|une|Un|Une|UN|UNE)\b")
_PROTECT = {"un": "\ue000", "une": "\ue001", "Un": "\ue002", "Une": "\ue003"}
_UNPROTECT = {v: k for k, v in _PROTECT.items()}
# "1,5 million": text2num would read "million" alone as another number.
_SCALE_AFTER_DIGIT = re.compile(r"(?<=\d)(\s+)(millions?|milliards?)\b", re.IGNORECASE)
_SCALE_MARKS = {
    "million": "\ue010",
    "millions": "\ue011",
    "milliard": "\ue012",
    "milliards": "\ue013",
}


# "trente et un", "soixante-et-onze": "un" here is part of the number, never an article.
_TENS_AND_ONE = re.compile(
    r"\b(?:vingt|trente|quarante|cinquante|soixante)(?:[- ]et[- ])(?:un|une|onze)\b", re.IGNORECASE
)


def tens_and_one_to_digits(text: str) -> str:
    """ "trente et un" → "31" before "un" is protected as an article."""
    return _TENS_AND_ONE.sub(lambda m: alpha2digit(m.group(0), "fr", threshold=0), text)


def roman_to_int(numeral: str) -> int | None:
    """Value of a Roman numeral written in capitals (I to CCCXCIX), None if it is not one."""
    numeral = numeral.upper()
    if not numeral or not re.fullmatch(r"C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", numeral):
        return None
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total or None


def _roman_sub(match: re.Match[str]) -> str:
    value = roman_to_int(match.group(2))
    return f"{match.group(1)} {value}" if value else match.group(0)


def normalise(text: str) -> str:
    """The text with spaces unified, numbers in letters and Roman numerals turned into digits."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    text = text.replace("’", "'").replace("‑", "-").replace("–", "-")
    text = _ROMAN_AFTER_STRUCTURE.sub(_roman_sub, text)
    text = re.sub(r"\b(?:un|une)\s*\(\s*1\s*\)", "1", text, flags=re.IGNORECASE)
    text = tens_and_one_to_digits(text)
    text = _UN_BEFORE_UNIT.sub("1 ", text)
    text = _ARTICLE_UN.sub(lambda m: _PROTECT.get(m.group(1), m.group(1)), text)
    text = _SCALE_AFTER_DIGIT.sub(
        lambda m: m.group(1) + _SCALE_MARKS.get(m.group(2).lower(), m.group(2)), text
    )
    text = alpha2digit(text, "fr", threshold=0)
    text = "".join(_UNPROTECT.get(c, c) for c in text)
    for word, mark in _SCALE_MARKS.items():
        text = text.replace(mark, word)
    text = re.sub(r"\b(\d+)\s?(?:er|re|ère|e|è|ème|eme)\b", r"\1", text)
    # "vingt-quatre (24) heures": the number in parentheses repeats the one in letters.
    text = re.sub(r"\b(\d+)\s*\(\s*\1\s*\)", r"\1", text)
    return text


# --- value parsers -----------------------------------------------------------------------------

# A number in French writing: "25 000,50", "25.000", "1,5", "2025".
NUMBER = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"


def number_value(text: str) -> str:
    """Canonical decimal value of a French-written number: "25 000,50" → "25000.5"."""
    raw = text.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "")
    raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return raw
    normalised = value.normalize()
    return format(normalised, "f")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _two_digit_year(year: str) -> int:
    value = int(year)
    return value + 2000 if len(year) == 2 else value


def _date_value(day: int | None, month: int, year: int | None) -> str | None:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    year_part = f"{year:04d}" if year else "----"
    day_part = f"-{day:02d}" if day else ""
    return f"{year_part}-{month:02d}{day_part}"


_UNIT_CANON = {
    "jour": "jour",
    "jours": "jour",
    "mois": "mois",
    "an": "an",
    "ans": "an",
    "année": "an",
    "années": "an",
    "semaine": "semaine",
    "semaines": "semaine",
    "heure": "heure",
    "heures": "heure",
    "minute": "minute",
    "minutes": "minute",
    "trimestre": "trimestre",
    "trimestres": "trimestre",
    "semestre": "semestre",
    "semestres": "semestre",
}
_QUALIFIER_CANON = {
    "ouvré": "ouvré",
    "ouvrés": "ouvré",
    "ouvrables": "ouvrable",
    "ouvrable": "ouvrable",
    "calendaires": "calendaire",
    "calendaire": "calendaire",
    "francs": "franc",
    "franc": "franc",
    "civils": "civil",
    "civil": "civil",
    "pleins": "plein",
}


# --- patterns ----------------------------------------------------------------------------------

Parser = Callable[[re.Match[str]], str | None]


def _email(m: re.Match[str]) -> str:
    return m.group(0).lower()


def _url(m: re.Match[str]) -> str:
    url = m.group(0).rstrip(".,;:)»")
    url = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    return url.lower().rstrip("/")


def _phone(m: re.Match[str]) -> str:
    digits = _digits(m.group(0))
    digits = digits[2:].lstrip("0") if digits.startswith("33") else digits[1:]
    return "+33" + digits


def _digits_value(m: re.Match[str]) -> str:
    return _digits(m.group(0))


def _reference(m: re.Match[str]) -> str:
    text = re.sub(r"\s+", " ", m.group(0).strip()).lower()
    text = re.sub(r"\b([lrd])\s*\.?\s*\*?\s*(?=\d)", r"\1", text)
    text = re.sub(r"\bart\.", "article", text)
    text = re.sub(r"\barticles\b", "article", text)
    text = re.sub(r"\s*(?:\bn\s*[°o]|numéro)\s*", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return text


def _numeric_date(m: re.Match[str]) -> str | None:
    day, month, year = (m.group(i) for i in (1, 2, 3))
    return _date_value(int(day), int(month), _two_digit_year(year))


def _iso_date(m: re.Match[str]) -> str | None:
    return _date_value(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def _text_date(m: re.Match[str]) -> str | None:
    day = int(m.group("day")) if m.group("day") else None
    year = int(m.group("year")) if m.group("year") else None
    if day is None and year is None:
        return None
    return _date_value(day, MONTHS[m.group("month").lower()], year)


def _time(m: re.Match[str]) -> str | None:
    if m.group(0).lower() == "midi":
        return "12:00"
    if m.group(0).lower() == "minuit":
        return "00:00"
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _amount(m: re.Match[str]) -> str:
    value = Decimal(number_value(m.group("n")))
    scale = (m.group("scale") or "").lower()
    if scale.startswith("million"):
        value *= 1_000_000
    elif scale.startswith("milliard"):
        value *= 1_000_000_000
    tax = (m.group("tax") or "").lower().replace(" ", "")
    tax = {"horstaxes": "HT", "horstaxe": "HT", "toutestaxescomprises": "TTC"}.get(tax, tax.upper())
    number = format(value.normalize(), "f")
    return f"{number} EUR {tax}".strip()


def _percentage(m: re.Match[str]) -> str:
    return number_value(m.group("n")) + " %"


def _duration(m: re.Match[str]) -> str:
    unit = _UNIT_CANON[m.group("unit").lower()]
    qualifier = _QUALIFIER_CANON.get((m.group("q") or "").lower(), "")
    return " ".join(x for x in (number_value(m.group("n")), unit, qualifier) if x)


def _number(m: re.Match[str]) -> str:
    return number_value(m.group(0))


_I = re.IGNORECASE
PATTERNS: tuple[tuple[InvariantKind, re.Pattern[str], Parser], ...] = (
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", _I), _email),
    (
        "url",
        re.compile(
            r"\b(?:https?://|www\.)[^\s<>\"«»]+|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|gouv\.fr|com|org|eu)(?:/[^\s<>\"«»]*)?\b",
            _I,
        ),
        _url,
    ),
    (
        "telephone",
        re.compile(r"(?<![\d\w])(?:\+33\s?(?:\(0\)\s?)?|0033\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"),
        _phone,
    ),
    ("siret", re.compile(r"(?<![\d,.])\d{3}\s?\d{3}\s?\d{3}\s?\d{5}(?!\d|,\d)"), _digits_value),
    (
        "siren",
        re.compile(r"(?<![\d,.])\d{3}\s?\d{3}\s?\d{3}(?!\d|,\d|\s?\d|\s?(?:€|euros?\b|EUR\b|%))"),
        _digits_value,
    ),
    (
        "reference",
        re.compile(
            r"\b(?:articles?|art\.)\s+(?:[LRD]\s*\.?\s*\*?\s*)?\d+(?:\s*-\s*\d+)*(?:\s*[A-Z]\b)?"
            r"(?:\s*(?:,|et|à|ou)\s*(?:[LRD]\s*\.?\s*\*?\s*)?\d+(?:\s*-\s*\d+)*)*"
            r"|\b(?:loi|décret|ordonnance|arrêté|directive|règlement)\s+(?:\(UE\)\s*)?"
            r"(?:n\s*[°o]|numéro)\s*[\d/-]+"
            r"|\bCCAG(?:\s*-\s*|\s+)?(?:FCS|Travaux|TIC|PI|MI|MOE|PIC)?\b"
            r"|\bcode\s+(?:de\s+la\s+commande\s+publique|du\s+travail|général\s+des\s+impôts"
            r"|civil|de\s+commerce|de\s+l'environnement|de\s+la\s+sécurité\s+sociale"
            r"|général\s+des\s+collectivités\s+territoriales|de\s+la\s+construction\s+et\s+de\s+l'habitation)",
            _I,
        ),
        _reference,
    ),
    ("date", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b(?!-)"), _iso_date),
    ("date", re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b"), _numeric_date),
    (
        "date",
        re.compile(
            rf"(?:\b{WEEKDAYS}\s+)?\b(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTH_RE})\b"
            r"(?:\s+(?P<year>\d{4})\b)?",
            _I,
        ),
        _text_date,
    ),
    (
        "heure",
        re.compile(
            r"\b(?P<h>\d{1,2})\s?(?:h|H|:)\s?(?P<m>\d{2})?(?![\w:])|\bmidi\b|\bminuit\b", _I
        ),
        _time,
    ),
    (
        "montant",
        re.compile(
            rf"(?P<n>{NUMBER})\s*(?P<scale>millions?|milliards?)?\s*(?:d'|de\s+)?"
            r"(?:€|euros?\b|EUR\b)"
            r"(?:\s*(?P<tax>HT\b|TTC\b|hors\s+taxes?\b|toutes\s+taxes\s+comprises\b))?",
            _I,
        ),
        _amount,
    ),
    (
        "pourcentage",
        re.compile(rf"(?P<n>{NUMBER})\s*(?:%|pour\s*cent\b|pour\s*100\b|p\.\s*100\b)", _I),
        _percentage,
    ),
    (
        "duree",
        re.compile(
            rf"(?P<n>{NUMBER})\s+(?P<unit>{'|'.join(sorted(_UNIT_CANON, key=len, reverse=True))})\b"
            rf"(?:\s+(?P<q>{'|'.join(sorted(_QUALIFIER_CANON, key=len, reverse=True))})\b)?",
            _I,
        ),
        _duration,
    ),
    ("nombre", re.compile(rf"(?<![\w,.])(?:{NUMBER})(?![\w])"), _number),
)


def extract_invariants(text: str) -> list[Invariant]:
    """Every amount, number, date, deadline, reference... of ``text``, in reading order."""
    normalised = normalise(text)
    taken = [False] * len(normalised)
    found: list[tuple[int, Invariant]] = []
    for kind, pattern, parse in PATTERNS:
        for match in pattern.finditer(normalised):
            start, end = match.span()
            if start == end or any(taken[start:end]):
                continue
            value = parse(match)
            if value is None:
                continue
            taken[start:end] = [True] * (end - start)
            found.append((start, Invariant(kind=kind, text=match.group(0), value=value)))
    return [invariant for _, invariant in sorted(found, key=lambda pair: pair[0])]


def _key(invariant: Invariant) -> tuple[str, str]:
    return invariant.kind, invariant.value


@lru_cache(maxsize=4096)
def _keys(text: str) -> Counter[tuple[str, str]]:
    """The invariants of a text, counted; successive rewrites of one sentence share them."""
    return Counter(_key(i) for i in extract_invariants(text))


def compare(original: str, rewrite: str) -> list[InvariantChange]:
    """What the rewrite lost, changed or added compared with the original (empty: nothing)."""
    before = _keys(original)
    after = _keys(rewrite)
    lost = list((before - after).elements())
    added = list((after - before).elements())
    changes: list[InvariantChange] = []
    for kind, value in lost:
        partner = next((a for a in added if a[0] == kind), None)
        label = KIND_LABELS[kind]
        if partner is not None:
            added.remove(partner)
            changes.append(
                InvariantChange(
                    kind=kind,
                    change="modifié",
                    original=value,
                    rewrite=partner[1],
                    message=f"La réécriture change {label} « {value} » en « {partner[1]} ».",
                )
            )
        else:
            changes.append(
                InvariantChange(
                    kind=kind,
                    change="perdu",
                    original=value,
                    rewrite=None,
                    message=f"La réécriture perd {label} « {value} ».",
                )
            )
    for kind, value in added:
        changes.append(
            InvariantChange(
                kind=kind,
                change="ajouté",
                original=None,
                rewrite=value,
                message=f"La réécriture ajoute {KIND_LABELS[kind]} « {value} ».",
            )
        )
    return changes


def month_name(month: int) -> str:
    """French name of a month, 1 = janvier."""
    return MONTH_NAMES[month - 1]
