"""Delivery vehicles and the parameters of the delivery model, each number with its source.

Emission factors are the French regulatory defaults for road freight: fuel use per km from the
arrêté of 10 April 2012, annex II (average loads, empty runs included), multiplied by the diesel
factor of the arrêté of 26 April 2017, annex I (3.17 kgCO2e per litre: 0.66 upstream + 2.51
combustion). The cost per km is not regulated: the figures below are Clair's documented
assumptions (order of magnitude of a carrier's full cost per km: driver, fuel, tyres, upkeep,
depreciation, as surveyed by the Comité national routier), to be replaced by the buyer's own.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, computed_field

from core.errors import ClairError
from core.text import fold
from suppliers.reference_values import CARBON_VALUE_EUR_PER_T, DETOUR_FACTOR

DIESEL_CO2_KG_PER_L = 3.17
"""kgCO2e per litre of diesel, well to wheel (arrêté of 26 April 2017, annex I: 0.66 + 2.51)."""

EMISSIONS_SOURCE = (
    "Arrêté du 10 avril 2012, annexe II (consommation moyenne, retours à vide compris) ; "
    "gazole : 3,17 kgCO2e/L (arrêté du 26 avril 2017, annexe I)."
)
COST_SOURCE = (
    "Hypothèse Clair : ordre de grandeur du coût complet d'un transporteur par km "
    "(conducteur, carburant, pneus, entretien, amortissement ; enquêtes du Comité national "
    "routier). À remplacer par vos propres chiffres."
)


class UnknownVehicleError(ClairError):
    """The vehicle asked for is not in the list."""


class Vehicle(BaseModel):
    """A delivery vehicle: fuel use, average load and cost per km."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable identifier used by the CLI and the API.")
    libelle: str = Field(description="French label shown to users.")
    litres_km: float = Field(
        gt=0, description="Diesel litres per km, average load (arrêté of 10 April 2012, annex II)."
    )
    charge_moyenne_t: float = Field(
        gt=0, description="Average load in tonnes, empty runs included (same annex)."
    )
    cout_eur_km: float = Field(gt=0, description=f"Cost per km, in euros. {COST_SOURCE}")

    @computed_field(description="kgCO2e per km = litres per km × 3.17 kgCO2e/L.")
    @property
    def co2_kg_km(self) -> float:
        return round(self.litres_km * DIESEL_CO2_KG_PER_L, 3)


VEHICLES: dict[str, Vehicle] = {
    v.code: v
    for v in (
        Vehicle(
            code="fourgon-3.5t",
            libelle="Fourgon de 3,5 tonnes",
            litres_km=0.160,
            charge_moyenne_t=0.46,
            cout_eur_km=1.00,
        ),
        Vehicle(
            code="porteur-7.5t",
            libelle="Camion porteur de 7,5 tonnes",
            litres_km=0.220,
            charge_moyenne_t=0.90,
            cout_eur_km=1.30,
        ),
        Vehicle(
            code="porteur-12t",
            libelle="Camion porteur de 12 tonnes",
            litres_km=0.240,
            charge_moyenne_t=1.80,
            cout_eur_km=1.45,
        ),
        Vehicle(
            code="porteur-19t",
            libelle="Camion porteur de 19 tonnes",
            litres_km=0.270,
            charge_moyenne_t=2.50,
            cout_eur_km=1.60,
        ),
        Vehicle(
            code="porteur-19t-frigorifique",
            libelle="Camion porteur frigorifique de 19 tonnes",
            # 0.270 L/km for the truck + 0.055 L/km for the cold unit (same annex).
            litres_km=0.325,
            charge_moyenne_t=3.30,
            cout_eur_km=1.80,
        ),
        Vehicle(
            code="semi-40t",
            libelle="Ensemble articulé de 40 tonnes",
            litres_km=0.338,
            charge_moyenne_t=12.5,
            cout_eur_km=1.90,
        ),
    )
}

DEFAULT_VEHICLE = "fourgon-3.5t"


def get_vehicle(code: str) -> Vehicle:
    """The vehicle with this code, or one found from a free label ("fourgon", "19 t frigo")."""
    if code in VEHICLES:
        return VEHICLES[code]
    found = find_vehicle(code)
    if found is None:
        choices = ", ".join(VEHICLES)
        raise UnknownVehicleError(f"Véhicule inconnu : « {code} ». Choisissez parmi : {choices}.")
    return found


def find_vehicle(label: str) -> Vehicle | None:
    """Read a vehicle from a bidder's free wording: tonnage, "fourgon", "frigorifique"...

    Returns None when the wording matches no vehicle or several.
    """
    text = fold(label).replace(",", ".")
    compact = text.replace(" ", "")
    for code in VEHICLES:
        if compact == code.replace(" ", ""):
            return VEHICLES[code]
    cold = "frigo" in text
    if "fourgon" in text or "vul" in text.split() or "3.5" in compact:
        return VEHICLES["fourgon-3.5t"]
    if "semi" in text or "articul" in text or "40t" in compact or "44t" in compact:
        return VEHICLES["semi-40t"]
    for tonnage in ("7.5", "12", "19"):
        if f"{tonnage}t" in compact or f"{tonnage}tonnes" in compact:
            if tonnage == "19":
                return VEHICLES["porteur-19t-frigorifique" if cold else "porteur-19t"]
            return None if cold else VEHICLES[f"porteur-{tonnage}t"]
    return None


class DeliveryParameters(BaseModel):
    """How distances become annual km, costs and emissions. Every default is cited."""

    detour_factor: float = Field(
        default=DETOUR_FACTOR,
        ge=1.0,
        le=3.0,
        description=(
            "Road km ÷ great-circle km. About 1.34 on average over 300 European cities "
            "(2023 study), 1.2 to 1.36 by country; 1.3 is a rounded, slightly prudent value. "
            "Ignored when an OSRM server gives road distances."
        ),
    )
    round_trip: bool = Field(
        default=True,
        description=(
            "Count the way back: each delivery is an out-and-back trip (the vehicle returns "
            "empty). Rounds serving several sites in one trip cost less: this is an upper bound."
        ),
    )
    carbon_value_eur_per_t: float = Field(
        default=CARBON_VALUE_EUR_PER_T,
        ge=0,
        description=(
            "Euros per tonne of CO2e used to price emissions: the 2030 'valeur de l'action pour "
            "le climat' (France Stratégie, rapport Quinet, 2019: 250 €2018/tCO2e)."
        ),
    )
    max_points: float = Field(
        default=10.0, gt=0, description="Points given to the best firm by the score formulas."
    )
