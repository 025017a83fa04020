"""The loss checker of the simplification benchmark, written apart from the guards."""

from __future__ import annotations

import pytest

from benchmarks.losses import body, losses


def _lost(original: str, output: str) -> dict[str, int]:
    return {
        kind: sum(found["perdu"].values()) + sum(found["ajouté"].values())
        for kind, found in losses(original, output).items()
        if sum(found["perdu"].values()) + sum(found["ajouté"].values())
    }


@pytest.mark.parametrize(
    ("original", "output", "expected"),
    [
        ("Le délai est de quinze jours.", "Le délai est de 15 jours.", {}),
        ("Le 15/03/2025 au plus tard.", "Le samedi 15 mars 2025 au plus tard.", {}),
        ("Le délai est de quinze jours.", "Le délai est de quelques jours.", {"nombres": 1}),
        ("Selon l'article L. 2194-1 du code.", "Selon le code.", {"références": 1, "nombres": 2}),
        ("3. 2. 1. Tout délai court.", "- \\2. 1. Tout délai court.", {"numéros de clause": 1, "nombres": 1}),
        ("Il s'entend en jours calendaires.", "Il s'entend en jours.", {"termes juridiques": 1}),
        ("Si les litiges ne peuvent être réglés.", "Il se peut que les litiges puissent être réglés.", {"négations": 1, "obligations": 1}),
        # A surface count: a change of form of « devoir » is seen by the guard, not here.
        ("Les composants devant accéder au réseau.", "Les composants doivent accéder au réseau.", {}),
    ],
)  # fmt: skip
def test_losses_are_counted_kind_by_kind(original, output, expected):
    assert _lost(original, output) == expected


def test_the_terms_box_is_left_out():
    output = "## Mots importants\n\n- notification : Action de…\n\n# Article 1\n\nTexte.\n"
    assert body(output) == "# Article 1\n\nTexte.\n"
