"""Wording of award criteria about delivery that French law allows, and refusal of the others.

Three legal routes (Code de la commande publique, R2152-7, R2152-9, R2152-10):

- ``prix``: delivery priced inside the offer, franco to each site, one price line per site;
- ``co2``: an environmental sub-criterion on transport emissions, computed from what each
  bidder declares (vehicle, km, share of the load), lowest ÷ offer × weight;
- ``cout-cycle-de-vie``: a life-cycle cost that adds the priced transport emissions.

A criterion that scores the distance between a bidder and the sites, or its location, is
refused with :class:`IllegalCriterionError`: the Conseil d'État struck one down
(CE, 12 September 2018, Département de la Haute-Garonne, n° 420585) and local preference breaks
the equal treatment of candidates (article L3).

The wording is written for the règlement de consultation in plain French (FALC): one idea per
sentence, short sentences, the formula spelled out.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.errors import ClairError
from core.text import fold
from suppliers.reference_values import CARBON_VALUE_EUR_PER_T
from suppliers.vehicles import DIESEL_CO2_KG_PER_L, VEHICLES

CriterionKind = Literal["prix", "co2", "cout-cycle-de-vie"]
KINDS: tuple[CriterionKind, ...] = ("prix", "co2", "cout-cycle-de-vie")

_ALIASES: dict[str, CriterionKind] = {
    "prix": "prix",
    "prix-livraison": "prix",
    "livraison": "prix",
    "franco": "prix",
    "co2": "co2",
    "carbone": "co2",
    "emissions": "co2",
    "environnement": "co2",
    "cout-cycle-de-vie": "cout-cycle-de-vie",
    "cycle-de-vie": "cout-cycle-de-vie",
    "ccv": "cout-cycle-de-vie",
}

# Words that reveal a criterion on raw distance or location (folded, without accents).
_FORBIDDEN = (
    "distance",
    "proximite",
    "proche",
    "localisation",
    "local",
    "locale",
    "locaux",
    "km",
    "kilometre",
    "kilometrique",
    "implantation",
    "eloignement",
    "geographique",
    "situation",
    "lieu",
    "adresse",
    "departement",
    "territoire",
)

LEGAL_EXPLANATION = (
    "Clair refuse ce critère. Il note la distance ou le lieu de l'entreprise. "
    "La loi l'interdit. Tous les candidats doivent être traités de la même façon "
    "(Code de la commande publique, article L3). "
    "Le Conseil d'État a annulé un critère fondé sur la seule distance "
    "(CE, 12 septembre 2018, Département de la Haute-Garonne, n° 420585). "
    "Ce calcul défavorise les entreprises éloignées. "
    "Il ne récompense pas le coût de transport le plus bas. "
    "Critères possibles : --type prix (livraison comprise dans le prix, une ligne par site), "
    "--type co2 (émissions déclarées par chaque candidat), "
    "--type cout-cycle-de-vie (coût du cycle de vie avec le coût du CO2)."
)


class IllegalCriterionError(ClairError):
    """The criterion asked for would score distance or location: French law forbids it."""


class UnknownCriterionError(ClairError):
    """The criterion type is not one Clair writes."""


class CriterionParams(BaseModel):
    """Parameters printed in the wording."""

    poids: float = Field(default=10, gt=0, le=100, description="Points du critère.")
    valeur_carbone_eur_t: float = Field(
        default=CARBON_VALUE_EUR_PER_T,
        ge=0,
        description=(
            "Euros par tonne de CO2e : valeur de l'action pour le climat en 2030 "
            "(France Stratégie, rapport Quinet, 2019)."
        ),
    )


class CriterionText(BaseModel):
    """A criterion ready to paste into the règlement de consultation."""

    type: CriterionKind
    titre: str
    texte: str = Field(description="The wording, one sentence per line.")
    formule: str
    parametres: dict[str, float | str]
    base_legale: list[str]

    def markdown(self) -> str:
        """The criterion as Markdown: title, wording, formula, legal basis."""
        lines = [f"## {self.titre}", "", *self.texte.splitlines(), ""]
        lines += [f"**Formule** : {self.formule}", "", "**Base légale** :"]
        lines += [f"- {b}" for b in self.base_legale]
        return "\n".join(lines) + "\n"


def check_criterion_kind(kind: str) -> CriterionKind:
    """The criterion type named by ``kind``; refuses distance or location criteria."""
    key = "-".join(fold(kind).replace("_", " ").replace("-", " ").split())
    words, compact = set(key.split("-")), key.replace("-", "")
    # Short words must stand alone ("km"); longer ones may be glued ("prixdistance").
    if words & set(_FORBIDDEN) or any(w in compact for w in _FORBIDDEN if len(w) >= 5):
        raise IllegalCriterionError(LEGAL_EXPLANATION)
    if key in _ALIASES:
        return _ALIASES[key]
    raise UnknownCriterionError(
        f"Type de critère inconnu : « {kind} ». Types possibles : {', '.join(KINDS)}."
    )


def criterion_text(kind: str, params: CriterionParams | None = None) -> CriterionText:
    """The wording of a legal delivery criterion; raises :class:`IllegalCriterionError`."""
    checked = check_criterion_kind(kind)
    params = params or CriterionParams()
    return _WRITERS[checked](params)


def _pts(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _price(p: CriterionParams) -> CriterionText:
    pts = _pts(p.poids)
    lines = [
        "Le prix comprend la livraison.",
        "Vous livrez chaque site de l'acheteur sans frais en plus.",
        "Le bordereau des prix a une ligne de livraison par site.",
        "Vous donnez un prix de livraison pour chaque site.",
        "Ce prix entre dans le prix total de votre offre.",
        f"Le prix total compte pour {pts} points.",
        f"Note = {pts} × prix le plus bas ÷ prix de votre offre.",
        f"Le prix le plus bas a la note la plus haute : {pts} points.",
        "La distance entre votre entreprise et les sites ne donne pas de points.",
    ]
    return CriterionText(
        type="prix",
        titre="Prix, livraison comprise",
        texte="\n".join(lines),
        formule=f"note = {pts} × prix le plus bas ÷ prix de l'offre",
        parametres={"poids": p.poids},
        base_legale=[
            "Code de la commande publique, article R2152-7 (critère du prix).",
            "Conseil d'État, 29 octobre 2013, n° 370789 (le prix le plus bas a la meilleure note).",
            "Conseil d'État, 12 septembre 2018, n° 420585 (pas de critère fondé sur la seule distance).",
        ],
    )


def _factors() -> dict[str, float | str]:
    return {f"co2_kg_km_{v.code}": v.co2_kg_km for v in VEHICLES.values()}


def _co2(p: CriterionParams) -> CriterionText:
    pts = _pts(p.poids)
    van = VEHICLES["fourgon-3.5t"]
    lines = [
        "Ce sous-critère note les émissions de CO2 des livraisons.",
        f"Il compte pour {pts} points.",
        "Pour chaque site, vous déclarez :",
        "- le type de véhicule ;",
        "- les kilomètres parcourus par an ;",
        "- la part du véhicule chargée pour ce marché.",
        "L'acheteur calcule les émissions avec les facteurs officiels.",
        "Ces facteurs viennent de l'arrêté du 10 avril 2012.",
        f"Exemple : un fourgon de 3,5 tonnes émet {_pts(van.co2_kg_km)} kg de CO2 par km.",
        "Émissions = km × facteur du véhicule × part du chargement.",
        f"Note = {pts} × émissions les plus basses ÷ émissions de votre offre.",
        f"Les émissions les plus basses ont {pts} points.",
        "L'acheteur peut contrôler vos chiffres pendant le marché.",
        "La distance seule ne donne pas de points.",
    ]
    return CriterionText(
        type="co2",
        titre="Émissions de CO2 des livraisons",
        texte="\n".join(lines),
        formule=f"note = {pts} × émissions les plus basses ÷ émissions de l'offre",
        parametres={"poids": p.poids, "co2_kg_par_litre_gazole": DIESEL_CO2_KG_PER_L} | _factors(),
        base_legale=[
            "Code de la commande publique, article R2152-7 (critères liés à l'objet du marché, "
            "dont la performance environnementale).",
            "Arrêté du 10 avril 2012, annexe II, et arrêté du 26 avril 2017, annexe I "
            "(facteurs d'émission du transport routier).",
            "Conseil d'État, 12 septembre 2018, n° 420585 (pas de critère fondé sur la seule distance).",
        ],
    )


def _life_cycle(p: CriterionParams) -> CriterionText:
    pts = _pts(p.poids)
    carbon = _pts(p.valeur_carbone_eur_t)
    lines = [
        "Ce critère note le coût du cycle de vie.",
        f"Il compte pour {pts} points.",
        "Ce coût ajoute deux montants :",
        "- le prix de votre offre, livraison comprise ;",
        "- le coût des émissions de CO2 des livraisons.",
        "Pour chaque site, vous déclarez le véhicule et les kilomètres par an.",
        "Vous déclarez aussi la part du véhicule chargée pour ce marché.",
        "L'acheteur calcule les kg de CO2 avec les facteurs officiels.",
        f"Coût des émissions = kg de CO2 ÷ 1 000 × {carbon} euros.",
        f"{carbon} euros par tonne de CO2 : c'est la valeur de l'action pour le climat.",
        f"Note = {pts} × coût le plus bas ÷ coût de votre offre.",
        f"Le coût le plus bas a {pts} points.",
        "Tous les candidats ont la même méthode et les mêmes données.",
    ]
    return CriterionText(
        type="cout-cycle-de-vie",
        titre="Coût du cycle de vie, émissions du transport comprises",
        texte="\n".join(lines),
        formule=(
            f"coût = prix + kg CO2 ÷ 1000 × {carbon} ; "
            f"note = {pts} × coût le plus bas ÷ coût de l'offre"
        ),
        parametres={"poids": p.poids, "valeur_carbone_eur_t": p.valeur_carbone_eur_t} | _factors(),
        base_legale=[
            "Code de la commande publique, article R2152-9 (coût du cycle de vie, "
            "coûts des externalités environnementales).",
            "Code de la commande publique, article R2152-10 (méthode publiée, objective, "
            "non discriminatoire, données faciles à fournir).",
            "France Stratégie, La valeur de l'action pour le climat (rapport Quinet), 2019.",
            "Arrêté du 10 avril 2012, annexe II (facteurs d'émission du transport routier).",
        ],
    )


_WRITERS = {"prix": _price, "co2": _co2, "cout-cycle-de-vie": _life_cycle}
