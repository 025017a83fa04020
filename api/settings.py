"""Clair's settings: one typed object, read from ``CLAIR_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.archives import DEFAULT_LIMITS, ArchiveLimits

_MB = 1024 * 1024


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
    archive_member_max_mb: float = Field(
        default=DEFAULT_LIMITS.member_max_bytes / _MB,
        gt=0,
        description="Taille décompressée maximale d'un élément d'un document .docx, .odt ou "
        ".xlsx, en mégaoctets : au-delà, le document est refusé avant d'être décompressé "
        "(CLAIR_ARCHIVE_MEMBER_MAX_MB).",
    )
    archive_total_max_mb: float = Field(
        default=DEFAULT_LIMITS.total_max_bytes / _MB,
        gt=0,
        description="Taille décompressée maximale de tout un document .docx, .odt ou .xlsx, en "
        "mégaoctets (CLAIR_ARCHIVE_TOTAL_MAX_MB).",
    )
    archive_ratio_max: float = Field(
        default=DEFAULT_LIMITS.ratio_max,
        gt=1,
        description="Taux de compression maximal d'un élément d'un document (Apache POI : 100) "
        "(CLAIR_ARCHIVE_RATIO_MAX).",
    )
    repeat_max: int = Field(
        default=DEFAULT_LIMITS.repeat_max,
        gt=0,
        description="Nombre maximal de répétitions qu'une balise d'un document peut demander, "
        "par exemple des espaces text:c en OpenDocument (CLAIR_REPEAT_MAX).",
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
        return int(self.upload_max_mb * _MB)

    @property
    def archive_limits(self) -> ArchiveLimits:
        """What a document archive (.docx, .odt, .xlsx) may inflate to (core.archives)."""
        return DEFAULT_LIMITS.model_copy(
            update={
                "member_max_bytes": int(self.archive_member_max_mb * _MB),
                "total_max_bytes": int(self.archive_total_max_mb * _MB),
                "ratio_max": self.archive_ratio_max,
                "repeat_max": self.repeat_max,
            }
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
