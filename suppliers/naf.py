"""NAF rév. 2, the French classification of activities (INSEE): 21 sections, 88 divisions,
272 groups, 615 classes and 732 sub-classes, with their French labels.

Codes are written as INSEE writes them: section "I", division "56", group "56.1", class
"56.10", sub-class "56.10A". :func:`normalise_naf` also accepts "5610a" or " 56.10 A ".
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from core.package_data import read_package_csv
from suppliers.errors import CodeError

_SECTION = re.compile(r"^[A-U]$")
_NAF = re.compile(r"^(\d{2})(?:\.?(\d)(?:(\d)([A-Z])?)?)?$")


@cache
def _table() -> pd.DataFrame:
    return read_package_csv("suppliers", "naf.csv")


@cache
def _labels() -> dict[str, tuple[str, str]]:
    table = _table()
    return dict(
        zip(table["code"], zip(table["libelle"], table["section"], strict=True), strict=True)
    )


def normalise_naf(code: str) -> str:
    """The INSEE spelling of a NAF code or prefix ("5610a" → "56.10A", "i" → "I").

    Raises :class:`CodeError` when the text cannot be a NAF code.
    """
    text = re.sub(r"\s+", "", (code or "")).upper()
    if _SECTION.match(text):
        return text
    match = _NAF.match(text)
    if not match:
        raise CodeError(f"Code NAF invalide : « {code} ». Exemples : 56.10A, 43.2 ou la section F.")
    division, group, klass, letter = match.groups()
    if group is None:
        return division
    return f"{division}.{group}{klass or ''}{letter or ''}"


def naf_label(code: str) -> str | None:
    """The French label of a NAF code of any level, or None if unknown."""
    try:
        entry = _labels().get(normalise_naf(code))
    except CodeError:
        return None
    return entry[0] if entry else None


def naf_section(code: str) -> str | None:
    """The section letter of a NAF code of any level ("56.10A" → "I"), or None if unknown."""
    try:
        entry = _labels().get(normalise_naf(code))
    except CodeError:
        return None
    return entry[1] if entry else None


def naf_table() -> pd.DataFrame:
    """Every NAF code: columns ``code``, ``niveau`` (section, division, groupe, classe,
    sous-classe), ``libelle``, ``section``. A copy: change it freely."""
    return _table().copy()


def naf_prefixes(code: str) -> list[str]:
    """The code prefixes a NAF filter stands for: a section becomes its divisions
    ("F" → ["41", "42", "43"]), any other code stands for itself.

    Raises :class:`CodeError` for a malformed or unknown code.
    """
    normal = normalise_naf(code)
    if normal not in _labels():
        raise CodeError(f"Code NAF inconnu : « {code} ».")
    if _SECTION.match(normal):
        table = _table()
        divisions = table[(table["niveau"] == "division") & (table["section"] == normal)]
        return divisions["code"].tolist()
    return [normal]


@cache
def naf_sections_with_divisions() -> list[tuple[str, list[tuple[str, str]]]]:
    """The NAF tree down to divisions, for a picker: each section's heading with its choices as
    (code, label) pairs — the whole section first, then each of its divisions."""
    table = naf_table()
    sections = table[table["niveau"] == "section"]
    divisions = table[table["niveau"] == "division"]
    return [
        (
            f"{section.code} — {section.libelle}",
            [(section.code, f"Toute la section {section.code} : {section.libelle}")]
            + [
                (d.code, f"{d.code} — {d.libelle}")
                for d in divisions[divisions["section"] == section.code].itertuples()
            ],
        )
        for section in sections.itertuples()
    ]
