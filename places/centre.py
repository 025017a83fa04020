"""The centre of a search around a place: a commune a person names, or a point.

The one resolver used by every search (firms, tenders, tenders for a firm, maps).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from places.communes import CommuneNotFoundError, code_ambiguity, find_commune

RADIUS_NEEDS_CENTRE = (
    "Pour chercher à une distance, indiquez aussi la commune (ou un point : latitude et longitude)."
)
"""The French message of every query model that gets a radius without a centre."""


def check_radius_has_centre(
    rayon_km: float | None, autour: str | None, latitude: float | None
) -> None:
    """A query's radius is measured around a commune or a point: raise ``ValueError`` with
    :data:`RADIUS_NEEDS_CENTRE` (for a pydantic validator) when there is neither."""
    if rayon_km is not None and not autour and latitude is None:
        raise ValueError(RADIUS_NEEDS_CENTRE)


class Centre(BaseModel):
    """Where distances are measured from."""

    nom: str = Field(description="La commune, « Dunkerque (59) », ou le point en degrés.")
    latitude: float = Field(description="WGS84 (EPSG:4326).")
    longitude: float = Field(description="WGS84 (EPSG:4326).")
    avertissement: str | None = Field(
        None, description="Quand le code donné peut aussi désigner une autre commune."
    )

    @property
    def point(self) -> tuple[float, float]:
        """``(latitude, longitude)``."""
        return self.latitude, self.longitude


def resolve_centre(
    autour: str | None = None, latitude: float | None = None, longitude: float | None = None
) -> Centre | None:
    """The centre of a search: the point when both coordinates are given, else the commune
    named by ``autour`` (its representative point), else None.

    Raises :class:`~places.communes.CommuneNotFoundError` with a French message when the commune
    is unknown or has no known position.
    """
    if latitude is not None and longitude is not None:
        return Centre(nom=f"{latitude:.5f}, {longitude:.5f}", latitude=latitude, longitude=longitude)
    if not autour:
        return None
    commune = find_commune(autour)
    if commune.latitude is None or commune.longitude is None:
        raise CommuneNotFoundError(f"La position de {commune.libelle} est inconnue.")
    return Centre(
        nom=commune.libelle,
        latitude=commune.latitude,
        longitude=commune.longitude,
        avertissement=code_ambiguity(autour),
    )
