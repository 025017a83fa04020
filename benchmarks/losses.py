"""A loss counter for ``clair simplifie``, written apart from its guards.

It reads two texts, the original file and the written output, and counts with plain regular
expressions what a contract must not lose: numbers, dates, legal references, clause numbers,
terms of art, negations and obligation or permission words. It shares no code with
:mod:`falc.guard` or :mod:`falc.invariants`; it reads the glossary's data file for the terms of
art. A loss is a thing counted in the original and missing in the output (each kind compared
as a multiset); an addition of a negation or an obligation is counted too, since it also
changes what the text says.

The « Mots importants » box of the output is left out: its explanations repeat the terms on
purpose.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from importlib.resources import files

from text_to_num import alpha2digit

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip
_MONTH = {name: index + 1 for index, name in enumerate(MONTHS)} | {
    "fevrier": 2,
    "aout": 8,
    "decembre": 12,
}
_BOX = re.compile(r"(?ms)^#+ Mots importants\n\n(?:- .*?\n)+\n?")

NUMBER = re.compile(r"\d+(?:[  ]\d{3})*(?:,\d+)?")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")
TEXT_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(_MONTH) + r")\s+(\d{4})\b", re.I)
REFERENCE = re.compile(
    r"\b(?:articles?|art\.)\s+(?:[LRD]\s?\.?\s?\*?\s?)?\d+(?:\s?[-.]\s?\d+)*"
    r"|\bCCAG(?:-[A-Za-z]+)?\b"
    r"|\b(?:loi|décret|ordonnance|arrêté|directive)\s+n\s?[°o]\s?[\d/-]+",
    re.I,
)
CLAUSE = re.compile(
    r"(?m)^(?:[-*―]\s+)?\\?(\d+(?:\s?\.\s?\d+)*)\s?\.?(?=\s)|(\b\d+\s?°)|(?:^|(?<=\s))([a-z]\))"
)
NEGATIONS = {
    "ne": re.compile(r"\bne\b|\bn['’]", re.I),
    "pas": re.compile(r"\bpas\b", re.I),
    "plus (négation)": re.compile(r"\b(?:ne|n['’])\s+(?:\S+\s+){0,3}?plus\b", re.I),
    "jamais": re.compile(r"\bjamais\b", re.I),
    "aucun": re.compile(r"\baucun(?:e|s|es)?\b", re.I),
    "ni": re.compile(r"\bni\b", re.I),
    "sans": re.compile(r"\bsans\b", re.I),
}
OBLIGATIONS = {
    "devoir": re.compile(
        r"\b(?:doi[st]|doiv\w*|devr\w+|dev(?:ant|oir|ez|ons|aient|ait|rait))\b", re.I
    ),
    "pouvoir": re.compile(
        r"\b(?:peu[tx]|peuvent|pourr\w+|pouvant|puiss\w*|pouvoir\s+(?!adjudicateur))\b", re.I
    ),
    "être tenu de": re.compile(r"\btenue?s?\s+(?:de|d['’])", re.I),
    "il appartient": re.compile(r"\bil\s+(?:lui\s+|leur\s+)?appartient\b", re.I),
    "interdire": re.compile(r"\binterdi\w*\b", re.I),
    "obligatoire": re.compile(r"\bobligatoire\w*\b|\bobligation\w*\b", re.I),
}
KINDS = (
    "nombres", "dates", "références", "numéros de clause", "termes juridiques", "négations",
    "obligations",
)  # fmt: skip


def _terms_of_art() -> list[tuple[str, re.Pattern[str]]]:
    path = files("falc.data").joinpath("glossaire.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter=";") if row["type"] == "terme"]
    patterns = []
    for row in rows:
        forms = [row["terme"], *(f for f in row["formes"].split("|") if f)]
        if row.get("pluriel"):
            forms.append(row["pluriel"])
        alternation = "|".join(
            re.escape(f).replace("'", "['’]") for f in sorted(forms, key=len, reverse=True)
        )
        patterns.append(
            (row["terme"], re.compile(rf"(?<![\w-])(?:{alternation})s?(?![\w-])", re.I))
        )
    return patterns


TERMS = _terms_of_art()


def _number(written: str) -> str:
    compact = written.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    return compact.lstrip("0") or "0"


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def body(output: str) -> str:
    """The output as text: without the « Mots importants » box, and with the backslashes that
    Markdown puts before a character it would misread (« 3\\. 2. 1. ») taken away."""
    return _MARKDOWN_ESCAPE.sub(r"\1", _BOX.sub("", output, count=1))


def counts(text: str) -> dict[str, Counter[str]]:
    """Everything counted in a text, by kind."""
    numeric = alpha2digit(text, "fr", threshold=0)
    numbers = Counter(_number(n) for n in NUMBER.findall(numeric))
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        if word in _MONTH:
            numbers[str(_MONTH[word])] += 1
    dates = Counter(f"{int(d)}/{int(m)}/{y[-2:]}" for d, m, y in NUMERIC_DATE.findall(text))
    dates += Counter(
        f"{int(d)}/{_MONTH[m.lower()]}/{y[-2:]}" for d, m, y in TEXT_DATE.findall(text)
    )
    references = Counter(
        re.sub(r"[\s.*]", "", m.group(0)).lower() for m in REFERENCE.finditer(text)
    )
    clauses = Counter(
        re.sub(r"\s", "", next(g for g in m.groups() if g)) for m in CLAUSE.finditer(text)
    )
    terms = Counter({term: len(p.findall(text)) for term, p in TERMS})
    negations = Counter({name: len(p.findall(text)) for name, p in NEGATIONS.items()})
    obligations = Counter({name: len(p.findall(text)) for name, p in OBLIGATIONS.items()})
    return {
        "nombres": numbers,
        "dates": dates,
        "références": references,
        "numéros de clause": clauses,
        "termes juridiques": +terms,
        "négations": +negations,
        "obligations": +obligations,
    }


def losses(original: str, output: str) -> dict[str, dict[str, Counter[str]]]:
    """Per kind, what the output lost (``perdu``) and, for negations and obligations, added
    (``ajouté``) compared with the original."""
    before, after = counts(original), counts(body(output))
    result: dict[str, dict[str, Counter[str]]] = {}
    for kind in KINDS:
        lost = before[kind] - after[kind]
        added = after[kind] - before[kind] if kind in ("négations", "obligations") else Counter()
        result[kind] = {"perdu": lost, "ajouté": added}
    return result
