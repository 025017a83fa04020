"""French text: one way to compare words whatever their case, accents or ligatures
(:func:`fold`), and one way to keep only what XML can hold (:func:`xml_safe`)."""

from __future__ import annotations

import re
import unicodedata
from typing import TypeVar

T = TypeVar("T")

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "’": "'"})


def fold(text: str) -> str:
    """Lower case, without accents, ligatures opened, one kind of apostrophe.

    « Œuvre Électrique » → « oeuvre electrique »; « l’État » → « l'etat ».
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids (its ``Char`` production): C0 controls but tab, line feed and
carriage return; lone surrogates; U+FFFE and U+FFFF. lxml, python-docx, odfpy and openpyxl
refuse them, so a text holding one cannot be written to Atom, DOCX, ODT or XLSX."""


def xml_safe(text: str) -> str:
    """``text`` without the characters XML forbids."""
    return _XML_FORBIDDEN.sub("", text)


def has_xml_forbidden(text: str) -> bool:
    """True when ``text`` holds a character XML forbids."""
    return _XML_FORBIDDEN.search(text) is not None


def without_xml_forbidden(value: T) -> tuple[T, int]:
    """``value`` (a text, or lists, tuples and dicts of them, keys included) without the
    characters XML forbids, and how many were removed. Anything else is returned as is."""
    if isinstance(value, str):
        cleaned, count = _XML_FORBIDDEN.subn("", value)
        return cleaned, count  # type: ignore[return-value]
    if isinstance(value, list | tuple):
        items = [without_xml_forbidden(v) for v in value]
        return type(value)(v for v, _ in items), sum(n for _, n in items)  # type: ignore[return-value]
    if isinstance(value, dict):
        pairs = [(without_xml_forbidden(k), without_xml_forbidden(v)) for k, v in value.items()]
        cleaned_dict = {k: v for (k, _), (v, _) in pairs}
        return cleaned_dict, sum(a + b for (_, a), (_, b) in pairs)  # type: ignore[return-value]
    return value, 0
