"""Clair's settings: one typed object, read from ``CLAIR_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.login_limit import Network, parse_proxies
from core.archives import DEFAULT_LIMITS, ArchiveLimits
from jobs import JobSettings, default_processes

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
    pdf_content_max_mb: float = Field(
        default=DEFAULT_LIMITS.pdf_content_max_bytes / _MB,
        gt=0,
        description="Taille décompressée maximale du texte de toutes les pages d'un PDF, en "
        "mégaoctets : au-delà, le PDF est refusé avant que son texte soit lu "
        "(CLAIR_PDF_CONTENT_MAX_MB).",
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

    proconnect_issuer: str | None = Field(
        default=None,
        description="Adresse de l'émetteur ProConnect (OpenID Connect), ex. https://auth.agentconnect.gouv.fr/api/v2 ; vide = connexion ProConnect désactivée (CLAIR_PROCONNECT_ISSUER).",
    )
    proconnect_client_id: str | None = Field(
        default=None,
        description="Identifiant de Clair chez ProConnect (CLAIR_PROCONNECT_CLIENT_ID).",
    )
    proconnect_client_secret: str | None = Field(
        default=None,
        description="Secret de Clair chez ProConnect (CLAIR_PROCONNECT_CLIENT_SECRET).",
    )
    proxies: str = Field(
        default="",
        description="Mandataires (proxys inverses) dont on croit l'en-tête X-Forwarded-For : adresses IP ou réseaux séparés par des virgules ; vide = aucun (CLAIR_PROXIES).",
    )

    @field_validator("proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        parse_proxies(value)  # a bad entry stops the start-up with a French message
        return value

    @property
    def trusted_proxies(self) -> tuple[Network, ...]:
        """The proxies of ``CLAIR_PROXIES`` as networks."""
        return parse_proxies(self.proxies)

    @property
    def proconnect_enabled(self) -> bool:
        """ProConnect sign-in is offered only when its issuer, client id and secret are set."""
        return bool(
            self.proconnect_issuer and self.proconnect_client_id and self.proconnect_client_secret
        )

    taches_processus: int | None = Field(
        default=None,
        ge=0,
        description="Processus qui font les analyses et réécritures longues ; vide = nombre de "
        "cœurs moins un (au moins 1) ; 0 = dans le processus web, pour les tests (CLAIR_TACHES_PROCESSUS).",
    )
    tache_duree_max_s: float = Field(
        default=180.0,
        gt=0,
        description="Temps maximal d'une analyse ou d'une réécriture, en secondes ; au-delà elle "
        "est arrêtée avec un message (CLAIR_TACHE_DUREE_MAX_S).",
    )
    tache_memoire_max_mo: int = Field(
        default=900,
        gt=0,
        description="Mémoire qu'une analyse ou une réécriture peut ajouter, en mégaoctets, à celle "
        "du processus qui la fait (il garde le modèle de langue, environ 600 Mo) : 1,5 Go en "
        "tout par défaut (CLAIR_TACHE_MEMOIRE_MAX_MO).",
    )
    tache_courte_mots: int = Field(
        default=2000,
        ge=0,
        description="Un document d'au plus ce nombre de mots passe par la file des tâches "
        "courtes, qui a son propre processus (CLAIR_TACHE_COURTE_MOTS).",
    )
    tache_abandon_s: float = Field(
        default=60.0,
        gt=0,
        description="Une tâche que personne ne suit plus depuis ce nombre de secondes (page "
        "fermée, client parti) est arrêtée (CLAIR_TACHE_ABANDON_S).",
    )
    taches_externes: bool = Field(
        default=False,
        description="Les processus des tâches sont lancés ailleurs (par « clair serve » devant "
        "plusieurs processus web) : l'application ne les lance pas (CLAIR_TACHES_EXTERNES).",
    )

    @property
    def jobs(self) -> JobSettings:
        """The job queue's settings: where, how many processes, each job's budget."""
        processes = default_processes() if self.taches_processus is None else self.taches_processus
        return JobSettings(
            base=self.base,
            spacy_model=self.spacy_model,
            processes=processes,
            seconds=self.tache_duree_max_s,
            memory_mb=self.tache_memoire_max_mo,
            short_words=self.tache_courte_mots,
            abandon_s=self.tache_abandon_s,
        )

    @property
    def upload_max_bytes(self) -> int:
        return int(self.upload_max_mb * _MB)

    @property
    def archive_limits(self) -> ArchiveLimits:
        """What a document archive (.docx, .odt, .xlsx) or a PDF's pages may inflate to
        (core.archives)."""
        return DEFAULT_LIMITS.model_copy(
            update={
                "member_max_bytes": int(self.archive_member_max_mb * _MB),
                "total_max_bytes": int(self.archive_total_max_mb * _MB),
                "ratio_max": self.archive_ratio_max,
                "pdf_content_max_bytes": int(self.pdf_content_max_mb * _MB),
                "repeat_max": self.repeat_max,
            }
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
