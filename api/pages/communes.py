"""Commune autocomplete: a small JSON endpoint over :mod:`places.communes` for the forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from places.communes import CommuneSuggestion, suggest_communes

router = APIRouter(prefix="/api/communes", tags=["communes"])


@router.get("/suggestions")
def suggestions(
    q: Annotated[str, Query(max_length=100, description="Début du nom, du code postal ou INSEE.")],
    limite: Annotated[int, Query(ge=1, le=20)] = 8,
) -> list[CommuneSuggestion]:
    """Communes qui commencent par ce texte, les plus peuplées d'abord (pour l'autocomplétion)."""
    return suggest_communes(q, limite)
