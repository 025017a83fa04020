"""A firm's size for public-procurement statistics: PME, ETI or large firm, or unknown.

« PME » is INSEE's category (décret n° 2008-1354 of 18 December 2008, taken from the loi de
modernisation de l'économie): fewer than 250 people, and a turnover of at most 50 M€ or a
balance sheet of at most 43 M€, counting the group the firm belongs to. INSEE publishes it per
legal unit as ``categorieEntreprise`` (PME, ETI, GE) in ``StockUniteLegale``; micro firms are
counted among the PME.

When the register has no category (an establishment file imported without its legal units),
the establishment's headcount band (``trancheEffectifsEtablissement``) decides as far as it
can: 250 people or more in the establishment means 250 or more in the firm, so not a PME;
fewer than 250 makes the firm a PME only by presumption (the firm may have other
establishments, or belong to a group): the dashboard says how many sizes are presumed. A
band « NN » (no employee at year end, or unknown) or none at all gives « inconnue ».
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

Taille = Literal["PME", "ETI ou GE", "inconnue"]
TAILLES: tuple[Taille, ...] = ("PME", "ETI ou GE", "inconnue")

TRANCHES_MOINS_DE_250 = frozenset({"00", "01", "02", "03", "11", "12", "21", "22", "31"})
"""INSEE headcount bands below 250 people: 00 (none), 01 (1–2), 02 (3–5), 03 (6–9),
11 (10–19), 12 (20–49), 21 (50–99), 22 (100–199), 31 (200–249)."""
TRANCHES_250_ET_PLUS = frozenset({"32", "41", "42", "51", "52", "53"})
"""INSEE headcount bands of 250 people or more: 32 (250–499) up to 53 (10,000 and more)."""


def sizes(categorie: pd.Series, tranche: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The size of each firm (:data:`TAILLES`) and whether it is presumed from the
    establishment's headcount band rather than INSEE's category (see the module doc)."""
    categorie = categorie.astype(object)
    tranche = tranche.astype(object)
    by_category = np.select(
        [categorie == "PME", categorie.isin(["ETI", "GE"])], ["PME", "ETI ou GE"], ""
    )
    by_band = np.select(
        [tranche.isin(TRANCHES_MOINS_DE_250), tranche.isin(TRANCHES_250_ET_PLUS)],
        ["PME", "ETI ou GE"],
        "inconnue",
    )
    known = by_category != ""
    size = pd.Series(np.where(known, by_category, by_band), index=categorie.index, dtype=object)
    presumed = pd.Series(~known & (by_band == "PME"), index=categorie.index)
    return size, presumed
