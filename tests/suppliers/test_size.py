"""A firm's size: INSEE's category first, the establishment's headcount band as a fallback."""

from __future__ import annotations

import pandas as pd
import pytest

from suppliers.size import sizes


@pytest.mark.parametrize(
    ("categorie", "tranche", "taille", "presumee"),
    [
        ("PME", "53", "PME", False),  # INSEE's category wins over an establishment's band
        ("ETI", "01", "ETI ou GE", False),
        ("GE", None, "ETI ou GE", False),
        (None, "00", "PME", True),  # no employee at year end
        (None, "11", "PME", True),  # 10 to 19 people
        (None, "31", "PME", True),  # 200 to 249 people: still under 250
        (None, "32", "ETI ou GE", False),  # 250 to 499 people in this establishment alone
        (None, "53", "ETI ou GE", False),
        (None, "NN", "inconnue", False),
        (None, None, "inconnue", False),
        ("", "", "inconnue", False),
    ],
)
def test_sizes(categorie, tranche, taille, presumee):
    size, presumed = sizes(pd.Series([categorie]), pd.Series([tranche]))
    assert (size[0], bool(presumed[0])) == (taille, presumee)
