"""SIRET and SIREN: how they are written, and their check keys.

A SIREN identifies a firm (9 digits), a SIRET one of its establishments (the SIREN and 5 more
digits). Both carry a Luhn key; La Poste's establishments follow a rule of their own (INSEE,
« Le numéro SIRET de La Poste »).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

LA_POSTE_SIREN = "356000000"
"""La Poste's establishments do not follow the Luhn key: the sum of their SIRET's digits is a
multiple of 5 (INSEE, « Le numéro SIRET de La Poste »)."""

_SEPARATORS = re.compile(r"[\s.\u00a0\u202f-]")


def compact_identifier(value: Any) -> str:
    """A SIRET or SIREN as typed by a person, without spaces, dots or dashes: « 954 945 051 »
    → « 954945051 ». Nothing else is checked: see :func:`siret_is_valid`."""
    return _SEPARATORS.sub("", str(value or ""))


def siret_or_none(value: Any) -> str | None:
    """A well-formed SIRET (14 digits once spaces and dots are dropped), or None."""
    text = compact_identifier(value)
    return text if len(text) == 14 and text.isascii() and text.isdigit() else None


_SIRET_IN_TEXT = re.compile(r"(?<!\d)\d{14}(?!\d)")


def sirets_in_text(text: str) -> list[str]:
    """The 14-digit numbers of a free text (one per line, separated by commas...), in order,
    each once. Their keys are not checked: an unknown SIRET is reported by whoever looks it up."""
    return list(dict.fromkeys(_SIRET_IN_TEXT.findall(text or "")))


def _luhn_ok(digits: np.ndarray) -> np.ndarray:
    """Luhn check of rows of digits (n × width uint8): double every second digit from the right."""
    doubled = digits.copy().astype(np.int64)
    width = digits.shape[1]
    from_right = width - 1 - np.arange(width)
    doubled[:, from_right % 2 == 1] *= 2
    doubled[doubled > 9] -= 9
    return doubled.sum(axis=1) % 10 == 0


def luhn_key(partial: str) -> str:
    """The digit to append to ``partial`` so that the whole passes the Luhn check."""
    for digit in "0123456789":
        candidate = partial + digit
        values = np.frombuffer(candidate.encode("ascii"), dtype=np.uint8).reshape(1, -1) - 48
        if _luhn_ok(values)[0]:
            return digit
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def sirets_are_valid(sirets: pd.Series) -> pd.Series:
    """For each value, True when it is 14 digits with a valid key (Luhn, or La Poste's rule)."""
    text = sirets.astype(object).where(sirets.notna(), "").map(str)
    shaped = pd.Series(
        [len(s) == 14 and s.isascii() and s.isdigit() for s in text.tolist()],
        index=text.index,
        dtype=bool,
    )
    result = pd.Series(False, index=text.index)
    if shaped.any():
        good = text[shaped]
        digits = (
            np.frombuffer("".join(good.tolist()).encode("ascii"), dtype=np.uint8).reshape(-1, 14)
            - 48
        )
        luhn = _luhn_ok(digits)
        la_poste = good.str.startswith(LA_POSTE_SIREN).to_numpy() & (digits.sum(axis=1) % 5 == 0)
        result.loc[good.index] = luhn | la_poste
    return result


def siret_is_valid(siret: str) -> bool:
    """True when ``siret`` is 14 digits with a valid key (Luhn, or La Poste's own rule)."""
    return bool(sirets_are_valid(pd.Series([siret])).iloc[0])


def siren_is_valid(siren: str) -> bool:
    """True when ``siren`` is 9 digits with a valid Luhn key (or is La Poste's SIREN)."""
    if not (siren and len(siren) == 9 and siren.isascii() and siren.isdigit()):
        return False
    digits = np.frombuffer(siren.encode("ascii"), dtype=np.uint8).reshape(1, 9) - 48
    return bool(_luhn_ok(digits)[0]) or siren == LA_POSTE_SIREN
