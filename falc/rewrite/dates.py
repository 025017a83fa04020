"""Full dates: "15/03/2025" → "samedi 15 mars 2025" (FALC: write the day, the month in letters).

The weekday is computed from the calendar, so it is always right; a weekday already written just
before the date is not repeated.
"""

from __future__ import annotations

import datetime as dt
import re

from falc.invariants import month_name
from falc.rewrite.examples import becomes, kept

WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_NUMERIC_DATE = re.compile(
    r"(?P<weekday>\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    r"\b(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})\b(?![/.-]\d)",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b(?!-)")
_FIRST_OF_MONTH = re.compile(
    r"\b(?:premier|1)\s+(?=(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre"
    r"|octobre|novembre|décembre)\b)",
    re.IGNORECASE,
)


def full_date(date: dt.date, weekday: bool = True) -> str:
    """ "samedi 15 mars 2025"; the first day of a month is "1er"."""
    day = "1er" if date.day == 1 else str(date.day)
    text = f"{day} {month_name(date.month)} {date.year}"
    return f"{WEEKDAY_NAMES[date.weekday()]} {text}" if weekday else text


def _replace(match: re.Match[str]) -> str:
    year = match.group("y")
    try:
        date = dt.date(
            int(year) + (2000 if len(year) == 2 else 0),
            int(match.group("m")),
            int(match.group("d")),
        )
    except ValueError:
        return match.group(0)
    prefix = match.groupdict().get("weekday") or ""
    if prefix and prefix.strip().lower() != WEEKDAY_NAMES[date.weekday()]:
        return match.group(0)  # a wrong weekday: let a person decide which one is right
    return full_date(date)


def full_dates(text: str) -> str:
    """Numeric dates (15/03/2025, 15.03.25, 2025-03-15) written in full; "premier mai" → "1er mai"."""
    text = _NUMERIC_DATE.sub(_replace, text)
    text = _ISO_DATE.sub(_replace, text)
    return _FIRST_OF_MONTH.sub("1er ", text)


EXAMPLES = (
    becomes(
        "Les offres sont remises avant le 15/03/2025.",
        "Les offres sont remises avant le samedi 15 mars 2025.",
    ),
    becomes("le 2026-09-01", "le mardi 1er septembre 2026"),
    kept("le 31/02/2025", "Ce n'est pas une date : une personne décide."),
    kept("le lundi 15/03/2025", "Le jour écrit ne va pas avec la date : une personne décide."),
)
