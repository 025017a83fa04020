"""Commune autocomplete: a small JSON endpoint over :mod:`suppliers.communes` for the forms."""

from __future__ import annotations

import bisect
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from suppliers.communes import communes_table, name_key

router = APIRouter(prefix="/api/communes", tags=["communes"])


class CommuneSuggestion(BaseModel):
    code_insee: str = Field(description="Code INSEE.")
    nom: str
    departement: str
    codes_postaux: list[str]
    libelle: str = Field(
        description="Le nom tel qu'on l'écrit dans un formulaire : « Dunkerque (59) »."
    )


@cache
def _index() -> tuple[list[str], list[tuple[int, str, str, str, str]]]:
    """Name keys (and postal and INSEE codes) sorted for prefix search, each with its commune
    as ``(population, code_insee, nom, departement, codes_postaux)``."""
    table = communes_table()
    population = table["population"].fillna(0).astype(int).tolist()
    entries: list[tuple[str, tuple[int, str, str, str, str]]] = []
    for row, people in zip(table.itertuples(index=False), population, strict=True):
        commune = (people, row.code_insee, row.nom, row.departement, str(row.codes_postaux or ""))
        former = [name_key(n) for n in str(row.anciens_noms or "").split("|") if n]
        for key in {name_key(row.nom), *former, *commune[4].split(), row.code_insee}:
            entries.append((key, commune))
    entries.sort(key=lambda entry: entry[0])
    return [key for key, _ in entries], [commune for _, commune in entries]


def suggest_communes(text: str, limit: int = 8) -> list[CommuneSuggestion]:
    """Communes whose name (or postal or INSEE code, or the name of a former commune merged
    into it) starts like ``text``, most populous first."""
    text = text.strip()
    prefix = text if text.isdigit() else name_key(text)
    if not prefix:
        return []
    keys, communes = _index()
    start = bisect.bisect_left(keys, prefix)
    end = bisect.bisect_left(keys, prefix + "\uffff")
    unique = {commune[1]: commune for commune in communes[start:end]}
    ranked = sorted(unique.values(), key=lambda commune: (-commune[0], commune[2]))
    return [
        CommuneSuggestion(
            code_insee=code,
            nom=nom,
            departement=departement,
            codes_postaux=postcodes.split(),
            libelle=f"{nom} ({departement})",
        )
        for _, code, nom, departement, postcodes in ranked[:limit]
    ]


@router.get("/suggestions")
def suggestions(
    q: Annotated[str, Query(max_length=100, description="Début du nom, du code postal ou INSEE.")],
    limite: Annotated[int, Query(ge=1, le=20)] = 8,
) -> list[CommuneSuggestion]:
    """Communes qui commencent par ce texte, les plus peuplées d'abord (pour l'autocomplétion)."""
    return suggest_communes(q, limite)
