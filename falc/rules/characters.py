"""Rule about special characters: ( ) / § ; & # have no place in an easy-to-read text.

Not flagged, because they are not obstacles to reading but layout or names:

- the « / » of a date, an internet address, a standard's name (« ISO/CEI 17025 ») or a
  service's name (« Moselle/Sg/Cg »);
- an HTML entity the source left undecoded (« &amp;#768; »);
- the brackets around a label (« (tr3) »), an item number (« (iii) ») or a citation
  (« (C 87, 1948) », « (Entreprise Trannoy, 2 février 1973) »);
- the brackets that only introduce an acronym (« le cahier des clauses administratives
  générales (CCAG) ») or only hold its expansion (« le DCE (dossier de consultation) »);
- the « ) » of a list marker (« a) », « 2) ») and the « (…) » that marks a cut in a quotation;
- the « ; » that ends a list item, or separates items of a list glued into one paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.text import fold
from falc.glossary import ACRONYMS
from falc.rules.base import Hit, Rule, RuleContext
from falc.rules.numbers import numeric_date_spans

_SPECIAL = re.compile(r"[()/§;&#]")
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)[^\s()<>]+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
_NAME_SLASH = re.compile(r"(?<=[A-Z0-9])/(?=[A-Z0-9])|(?<=[a-zé]\b)/(?=[A-Z][a-z]*\b)(?<![a-z]/)")
"""« ISO/CEI 17025 », « Moselle/Sg/Cg » : a slash inside a reference or a service's name."""
_HTML_ENTITY = re.compile(r"&(?:amp;)*(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
"""« &amp;#768; » : an HTML entity the source did not decode, not punctuation."""
_ENUMERATOR = re.compile(r"\((?:[a-zA-Z]|\d{1,2}|[ivxIVX]{1,4})\)")
"""« (iii) », « (a) », « (2) » : the number of an item in a sentence."""
_LABEL = re.compile(r"^[\w.-]*\d[\w.-]*$")
"""« (tr3) », « (C182, 1999) » is not: one code with a digit, no space."""
_LIST_MARKER = re.compile(r"(?:^|(?<=[;:.]\s)|(?<=\s\s))\s*(?:[a-zA-Z]|\d{1,2}|[ivx]{1,4})\)")
"""« a) », « 2) », « iv) » at the start of a paragraph or of a glued list item."""
_ELLIPSIS = re.compile(r"\((?:\.\.\.|…)\)|\[(?:\.\.\.|…)\]")
_ITEM_AFTER_SEMICOLON = re.compile(r";\s*(?:$|[―–—•-]\s|(?:[a-zA-Z]|\d{1,2})[)°]\s|\d{1,2}\.\s)")
"""A « ; » that ends the paragraph or is followed by the next list item's marker."""
_ACRONYM_ONLY = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý0-9&.\-]{1,14}s?$")
_CITATION = re.compile(r"^[^()]{1,60},\s*(?:\d{1,2}(?:er)?\s+[a-zéû]+\s+)?(?:1[89]|20)\d\d$")
"""« (C 87, 1948) », « (Entreprise Trannoy, 2 février 1973) » : the reference of a convention
or a judgment, its name or number then its year: a citation, not an idea hidden in brackets."""
_ADVICE = {
    "/": "Écrivez « ou », « et » ou « par » à la place de « / ».",
    "§": "Écrivez « paragraphe » à la place de « § ».",
    ";": "Terminez la phrase par un point à la place du point-virgule.",
    "&": "Écrivez « et » à la place de « & ».",
    "#": "Écrivez « numéro » à la place de « # ».",
    "(": "Écrivez le contenu des parenthèses dans une phrase à part.",
    ")": "Écrivez le contenu des parenthèses dans une phrase à part.",
}


def _introduces_acronym(text: str, opened: int, closed: int) -> bool:
    """The brackets hold only an acronym, or only the expansion of the acronym just before."""
    inside = text[opened + 1 : closed].strip()
    if _ACRONYM_ONLY.match(inside) and any(c.isupper() for c in inside[1:]):
        return True
    if _LABEL.match(inside):
        return True  # a label: « (tr3) »
    if _CITATION.match(inside):
        return True  # a citation: « (C 87, 1948) »
    before = text[max(0, opened - 16) : opened].split()
    if before:
        acronym = before[-1].strip(",;:")
        expansion = ACRONYMS.get(acronym) or ACRONYMS.get(acronym.removesuffix("s"))
        if expansion is not None and fold(expansion) in fold(inside):
            return True
        if _ACRONYM_ONLY.match(acronym) and len(inside.split()) >= 2:
            initials = "".join(w[0] for w in inside.split() if len(w) > 3 or w[0].isupper())
            return fold(initials).startswith(fold(acronym)[:2])
    return False


def _special_characters(context: RuleContext) -> Iterator[Hit]:
    text = context.text
    if _SPECIAL.search(text) is None:
        return
    protected = numeric_date_spans(text) + [m.span() for m in _URL_OR_EMAIL.finditer(text)]
    protected += [m.span() for m in _ELLIPSIS.finditer(text)]
    protected += [(m.end() - 1, m.end()) for m in _LIST_MARKER.finditer(text)]
    protected += [m.span() for m in _NAME_SLASH.finditer(text)]
    protected += [m.span() for m in _HTML_ENTITY.finditer(text)]
    protected += [m.span() for m in _ENUMERATOR.finditer(text)]
    protected += [(m.start(), m.start() + 1) for m in _ITEM_AFTER_SEMICOLON.finditer(text)]
    opened: int | None = None
    for match in _SPECIAL.finditer(text):
        position = match.start()
        if any(s <= position < e for s, e in protected):
            continue
        character = match.group()
        if character == "(":
            if opened is not None:
                yield Hit(opened, opened + 1, suggestion=_ADVICE["("])
            opened = position
        elif character == ")" and opened is not None:
            if not _introduces_acronym(text, opened, position):
                yield Hit(
                    opened,
                    position + 1,
                    message="Les parenthèses cachent une idée de plus dans la phrase.",
                    suggestion=_ADVICE["("],
                )
            opened = None
        elif character != ")":
            yield Hit(position, position + 1, suggestion=_ADVICE[character])
    if opened is not None:
        yield Hit(opened, opened + 1, suggestion=_ADVICE["("])


RULES = (
    Rule(
        code="caractere-special",
        title="Caractère spécial",
        message="Ce caractère spécial gêne la lecture.",
        severity="info",
        suggestion="Remplacez-le par des mots.",
        source="Inclusion Europe, « L'information pour tous » : évitez les caractères spéciaux ; "
        "lucid-lint, profil falc",
        check=_special_characters,
    ),
)
