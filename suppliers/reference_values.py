"""The cited values that several parts of Clair share: one home, each with its source.

Defaults of the delivery estimate, of the offer scoring and of the criteria wording, and of the
API, CLI and page forms, all read them from here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ReferenceValues(BaseModel):
    """Values taken from a public source, with that source."""

    model_config = ConfigDict(frozen=True)

    carbon_value_eur_per_t: float = Field(
        default=250.0,
        description=(
            "Euros per tonne of CO2e used to price emissions: the 2030 'valeur de l'action pour "
            "le climat' (France Stratégie, rapport Quinet, 2019: 250 €2018/tCO2e)."
        ),
    )
    detour_factor: float = Field(
        default=1.3,
        description=(
            "Road km ÷ great-circle km. About 1.34 on average over 300 European cities "
            "(2023 study), 1.2 to 1.36 by country; 1.3 is a rounded, slightly prudent value."
        ),
    )


REFERENCE_VALUES = ReferenceValues()
"""The values in use."""

CARBON_VALUE_EUR_PER_T = REFERENCE_VALUES.carbon_value_eur_per_t
DETOUR_FACTOR = REFERENCE_VALUES.detour_factor
