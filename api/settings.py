"""Clair's settings: one typed object, read from ``CLAIR_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting, its environment variable and its default.

    The environment variable is the field name in capitals with the ``CLAIR_`` prefix:
    ``base`` is read from ``CLAIR_BASE``.
    """

    model_config = SettingsConfigDict(env_prefix="CLAIR_", extra="ignore")

    base: Path = Field(
        default=Path("clair.sqlite"),
        description="Fichier SQLite où Clair range entreprises, marchés et comptes (CLAIR_BASE).",
    )
    upload_max_mb: float = Field(
        default=20.0,
        gt=0,
        description="Taille maximale d'un document envoyé, en mégaoctets (CLAIR_UPLOAD_MAX_MB).",
    )
    spacy_model: str = Field(
        default="fr_core_news_md",
        description="Modèle spaCy français chargé une fois par processus (CLAIR_SPACY_MODEL).",
    )
    demo: bool = Field(
        default=True,
        description="Charger les données de démonstration dans une base vide au démarrage (CLAIR_DEMO).",
    )
    osrm_url: str | None = Field(
        default=None,
        description="Adresse d'un serveur OSRM pour les distances routières ; vide = vol d'oiseau × détour (CLAIR_OSRM_URL).",
    )
    tiles: str = Field(
        default="openstreetmap",
        description="Fond de carte : openstreetmap ou ign-plan (CLAIR_TILES).",
    )
    secret_key: str | None = Field(
        default=None,
        description="Clé de signature des sessions ; si vide, une clé est créée et gardée à côté de la base (CLAIR_SECRET_KEY).",
    )
    https: bool = Field(
        default=False,
        description="Cookies marqués Secure, à activer derrière HTTPS (CLAIR_HTTPS).",
    )

    @property
    def upload_max_bytes(self) -> int:
        return int(self.upload_max_mb * 1024 * 1024)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
