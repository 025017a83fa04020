"""CPV, the EU's Common Procurement Vocabulary (regulation (EC) 213/2008), and which firms,
by NAF code, a CPV division or group concerns.

Only the 45 divisions are shipped with their labels (``data/cpv_divisions.csv``). The
correspondence CPV → NAF (``data/cpv_naf.csv``) is hand-made and editable: one line per CPV
division (two digits) or group (three digits), the NAF prefixes it concerns, and a comment
saying why. The most precise line wins: a group line replaces its division's line.
"""

from __future__ import annotations

import re
from functools import cache

from core.package_data import read_package_csv
from suppliers.errors import CodeError

_CPV = re.compile(r"^(\d{2,8})(?:-?\d)?$")


@cache
def cpv_divisions() -> dict[str, str]:
    """The 45 CPV divisions: two-digit code → French label."""
    table = read_package_csv("suppliers", "cpv_divisions.csv")
    return dict(zip(table["division"], table["libelle"], strict=True))


@cache
def cpv_naf_lines() -> dict[str, tuple[list[str], str]]:
    """The correspondence: CPV division or group → (NAF prefixes, comment)."""
    table = read_package_csv("suppliers", "cpv_naf.csv")
    return {
        cpv: (naf.split(), comment)
        for cpv, naf, comment in zip(table["cpv"], table["naf"], table["commentaire"], strict=True)
    }


def normalise_cpv(code: str) -> str:
    """The digits of a CPV code without its check digit: "03000000-1" → "03000000",
    "030000001" → "03000000"; a shorter prefix ("45", "451") stays as typed.

    Raises :class:`CodeError` for anything else.
    """
    text = re.sub(r"\s+", "", code or "")
    match = _CPV.match(text)
    if not match:
        raise CodeError(f"Code CPV invalide : « {code} ». Exemple : 45210000-2.")
    digits = match.group(1)
    if len(text.replace("-", "")) == 9 and "-" not in text:
        digits = text[:8]
    return digits


def cpv_label(code_cpv: str) -> str | None:
    """The label of the code's division (the finest level shipped), or None if unknown."""
    try:
        digits = normalise_cpv(code_cpv)
    except CodeError:
        return None
    return cpv_divisions().get(digits[:2])


def naf_prefixes_for_cpv(code_cpv: str) -> list[str]:
    """The NAF prefixes of the firms a CPV code concerns, from its group line if there is
    one, else its division line; [] for an unknown division.

    Raises :class:`CodeError` for a malformed code.
    """
    digits = normalise_cpv(code_cpv)
    lines = cpv_naf_lines()
    for prefix in (digits[:3], digits[:2]):
        if prefix in lines:
            return list(lines[prefix][0])
    return []
