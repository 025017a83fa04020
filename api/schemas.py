"""Response models shared by several routes."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Erreur(BaseModel):
    """What every error answers: ``{"detail": "..."}``."""

    detail: str = Field(description="La raison, en français.")
