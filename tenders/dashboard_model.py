"""The local-economy dashboard as data: the query and the typed result.

:func:`tenders.dashboard.build_dashboard` fills a :class:`Dashboard` from the award tables
(:mod:`tenders.awards`) and the firms register; the doors (CLI ``clair marches tableau``, API
``GET /api/tableau-de-bord``, page ``/tableau-de-bord``) only format it. Every share is a
number from 0 to 1, or None when it cannot be computed (nothing to divide by): never a zero
that hides a gap. The definitions and their sources are in ``docs/indicateurs.md``.

Counting: each contract counts once; a contract with several winners gives each winner an
equal part (1/n) because no DECP format gives the split (see :mod:`tenders.awards`). « By
amount » weighs each winner's part by the contract's amount; contracts without a reliable
amount are left out of the amount figures only.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator, model_validator

from core.errors import InvalidInputError
from core.identifiers import siret_or_none
from suppliers.size import Taille

RAYONS_KM: tuple[float, ...] = (10.0, 30.0, 100.0)
"""The radii every dashboard reports local shares for (the issue's 10, 30 and 100 km), plus
the one the user asks for."""

HISTOGRAMME_BORNES_KM: tuple[float, ...] = (0, 5, 10, 20, 30, 50, 100, 200, 500)
"""Lower bounds of the distance histogram's bins (the last bin is open: 500 km and more)."""


def rayon_key(rayon_km: float) -> str:
    """The key of a radius in ``part_locale``: "10", "30", "100", "12.5"."""
    return f"{rayon_km:g}"


class DashboardQuery(BaseModel):
    """Which contracts the dashboard reads: the buyers' contracts, filtered."""

    acheteurs: list[str] = Field(
        min_length=1,
        max_length=500,
        description="SIRET des acheteurs (un ou plusieurs, 500 au plus).",
    )
    annee_debut: int | None = Field(None, ge=1990, le=2100, description="Première année.")
    annee_fin: int | None = Field(None, ge=1990, le=2100, description="Dernière année.")
    divisions: list[str] = Field(
        default_factory=list, description="Divisions CPV (2 premiers chiffres : 45, 90)."
    )
    procedures: list[str] = Field(
        default_factory=list, description="Procédures telles que la DECP les écrit."
    )
    rayon_km: float = Field(30.0, gt=0, le=1000, description="Rayon « local » choisi, en km.")

    @field_validator("acheteurs")
    @classmethod
    def _sirets(cls, values: list[str]) -> list[str]:
        sirets = []
        for value in values:
            siret = siret_or_none(value)
            if siret is None:
                raise ValueError(f"SIRET d'acheteur mal formé : « {value} » (14 chiffres).")
            sirets.append(siret)
        return list(dict.fromkeys(sirets))

    @field_validator("divisions")
    @classmethod
    def _divisions(cls, values: list[str]) -> list[str]:
        divisions = []
        for value in values:
            digits = re.sub(r"\D", "", value)
            if len(digits) < 2:
                raise ValueError(f"Division CPV mal formée : « {value} » (2 chiffres, ex. 45).")
            divisions.append(digits[:2])
        return list(dict.fromkeys(divisions))

    @model_validator(mode="after")
    def _years_in_order(self) -> DashboardQuery:
        if self.annee_debut and self.annee_fin and self.annee_debut > self.annee_fin:
            raise ValueError("La première année est après la dernière.")
        return self


def parse_years(text: str) -> tuple[int, int]:
    """« 2022-2025 » → (2022, 2025); « 2024 » → (2024, 2024). French error otherwise."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", text or "")
    if not match:
        raise InvalidInputError(f"Années illisibles : « {text} ». Écrivez 2022-2025 ou 2024.")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise InvalidInputError(f"Années à l'envers : « {text} ». Écrivez 2022-2025.")
    return first, last


def parse_group(text: str) -> list[str]:
    """The SIRETs of a group file: one per line (spaces allowed), ``#`` starts a comment,
    anything after the SIRET on a line (a name) is ignored. French error on a bad line."""
    sirets: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        match = re.match(r"^([\d \u00a0.]{14,20})", content)
        siret = siret_or_none(match.group(1)) if match else None
        if siret is None:
            raise InvalidInputError(
                f"Ligne {number} du fichier de groupe : « {content[:40]} » ne commence pas "
                "par un SIRET (14 chiffres)."
            )
        sirets.append(siret)
    if not sirets:
        raise InvalidInputError("Le fichier de groupe ne contient aucun SIRET.")
    return list(dict.fromkeys(sirets))


class AcheteurPlace(BaseModel):
    """A buyer of the query and where the register places it."""

    siret: str
    nom: str | None = Field(None, description="Nom au registre, sinon celui de la DECP.")
    commune: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    dans_registre: bool = Field(description="Le SIRET de l'acheteur est au registre.")
    marches: int = Field(0, description="Marchés de cet acheteur retenus par les filtres.")


class TailleLigne(BaseModel):
    """The winners of one size (PME as INSEE defines it, ETI or large firm, or unknown: not
    in the register, or no size there)."""

    taille: Taille
    titulaires: int = Field(description="Titulaires de cette taille.")
    parts: float = Field(description="Parts de marchés (chaque marché compte pour 1).")
    presumees: int = Field(
        0, description="Dont tailles présumées d'après l'effectif de l'établissement."
    )
    part: float | None
    part_montant: float | None


class ClasseDistance(BaseModel):
    """One bin of the distance histogram: winners placed from ``de_km`` (included) to
    ``a_km`` (excluded; None for the last, open bin)."""

    de_km: float
    a_km: float | None
    titulaires: int = Field(description="Titulaires placés dans cette classe.")
    parts: float = Field(description="Parts de marchés (un marché à 2 titulaires : 0,5 chacun).")
    montant: float = Field(description="Montant des parts de marchés (€ HT).")


class Concurrence(BaseModel):
    """Bids received (DECP 2022 ``offresRecues``), over the contracts of a competitive
    procedure that give them."""

    marches_renseignes: int = Field(
        description="Marchés mis en concurrence qui donnent le nombre d'offres."
    )
    marches_sans_concurrence: int = Field(
        0, description="Marchés passés sans publicité ni mise en concurrence (laissés de côté)."
    )
    part_offre_unique: float | None
    part_offre_unique_montant: float | None
    offres_moyenne: float | None
    offres_mediane: float | None


class Gagnant(BaseModel):
    """A winning firm (grouped by SIREN; by identifier when it is not a SIRET)."""

    identifiant: str = Field(description="SIREN, ou l'identifiant donné (TVA, étranger).")
    nom: str | None = None
    parts: float
    montant: float
    part: float | None
    part_montant: float | None


class DivisionConcentration(BaseModel):
    division: str
    libelle: str | None
    marches: int
    titulaires_distincts: int
    herfindahl: float | None = Field(description="Σ des carrés des parts (0 à 1), en nombre.")
    herfindahl_montant: float | None


class Concentration(BaseModel):
    part_top10: float | None = Field(description="Part des 10 premiers titulaires, en nombre.")
    part_top10_montant: float | None
    top10: list[Gagnant] = Field(default_factory=list)
    par_division: list[DivisionConcentration] = Field(default_factory=list)


class Clauses(BaseModel):
    """Social and environmental considerations (DECP 2022), over the contracts that say."""

    marches_renseignes: int
    part_sociale: float | None
    part_sociale_montant: float | None
    part_environnementale: float | None
    part_environnementale_montant: float | None


class Annee(BaseModel):
    """The main shares of one year (for the chart by year)."""

    annee: int
    marches: int
    montant: float
    part_pme: float | None
    part_pme_montant: float | None
    part_locale: float | None = Field(description="Au rayon choisi, en nombre.")
    part_locale_montant: float | None
    part_offre_unique: float | None
    part_clause_sociale: float | None
    part_clause_environnementale: float | None


class Opportunite(BaseModel):
    """A CPV division the buyers purchase: local firms that could answer, and what they won."""

    cpv: str = Field(description="Division CPV (2 chiffres).")
    libelle: str | None
    codes_naf: list[str] = Field(description="Activités NAF concernées (table CPV → NAF).")
    marches: int
    montant: float
    entreprises_locales: int = Field(
        description="Établissements actifs du registre dans le rayon, d'une activité concernée."
    )
    par_taille: dict[str, int] = Field(description="Ces établissements, par taille.")
    part_locale: float | None = Field(description="Part des marchés gagnée dans le rayon.")
    part_locale_montant: float | None
    score: float = Field(
        description="entreprises_locales × (1 − part_locale) : beaucoup d'entreprises "
        "locales et peu de marchés gagnés sur place."
    )


class Dashboard(BaseModel):
    """Who wins the buyers' contracts, how far away, how big, with how much competition, and
    where local firms could answer. Shares are 0 to 1, None when they cannot be computed."""

    acheteurs: list[AcheteurPlace]
    annee_debut: int | None
    annee_fin: int | None
    divisions: list[str]
    procedures: list[str]
    rayon_km: float

    marches: int = Field(description="Nombre de marchés.")
    montant_total: float = Field(description="Somme des montants connus (€ HT).")
    marches_sans_montant: int = Field(description="Marchés sans montant fiable.")
    marches_sans_titulaire: int = Field(description="Marchés sans titulaire déclaré.")
    titulaires: int = Field(description="Titulaires (un par marché et par titulaire).")
    hors_registre: int = Field(description="Titulaires absents du registre (jamais placés).")
    non_places: int = Field(
        description="Titulaires sans distance : hors registre, sans position, ou acheteur "
        "non placé."
    )

    part_pme: float | None = Field(
        description="Part gagnée par des PME, sur tous les titulaires (une taille inconnue "
        "ne compte pas comme PME : c'est un minimum)."
    )
    part_pme_montant: float | None
    part_pme_tailles_connues: float | None = Field(
        description="Part gagnée par des PME parmi les titulaires de taille connue."
    )
    part_pme_tailles_connues_montant: float | None
    tailles: list[TailleLigne]

    part_locale: dict[str, float | None] = Field(
        description="Part des marchés gagnée dans chaque rayon (clé : km), en nombre."
    )
    part_locale_montant: dict[str, float | None]
    distances_km: list[float] = Field(description="Une distance par titulaire placé.")
    distance_mediane_km: float | None
    histogramme: list[ClasseDistance]

    concurrence: Concurrence
    concentration: Concentration
    clauses: Clauses
    par_annee: list[Annee]
    opportunites: list[Opportunite]
