"""The basics of core/: French folding, SIRET and SIREN writing and keys."""

from __future__ import annotations

import pytest

from core.identifiers import (
    compact_identifier,
    luhn_key,
    siren_is_valid,
    siret_is_valid,
    siret_or_none,
    sirets_in_text,
)
from core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Œuvre Électrique", "oeuvre electrique"),
        ("l’État", "l'etat"),
        ("ÇA GÈLE", "ca gele"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("typed", "compact", "siret"),
    [
        ("732 829 320 00074", "73282932000074", "73282932000074"),
        ("732.829.320.00074", "73282932000074", "73282932000074"),
        ("732\u00a0829\u00a0320", "732829320", None),
        (None, "", None),
        ("7328293200007A", "7328293200007A", None),
    ],
)
def test_identifiers_as_people_type_them(typed, compact: str, siret: str | None) -> None:
    assert compact_identifier(typed) == compact
    assert siret_or_none(typed) == siret


def test_sirets_in_a_free_text_in_order_each_once() -> None:
    text = "73282932000074, 12345678000014\n73282932000074 et 123456789012345 (15 chiffres)"
    assert sirets_in_text(text) == ["73282932000074", "12345678000014"]


@pytest.mark.parametrize(
    ("number", "valid"),
    [("73282932000074", True), ("73282932000075", False), ("35600000000048", True)],
)
def test_siret_keys(number: str, valid: bool) -> None:
    assert siret_is_valid(number) is valid


@pytest.mark.parametrize(
    ("number", "valid"), [("732829320", True), ("732829321", False), ("12345", False)]
)
def test_siren_keys(number: str, valid: bool) -> None:
    assert siren_is_valid(number) is valid


def test_luhn_key_completes_a_number() -> None:
    partial = "7328293200007"
    assert siret_is_valid(partial + luhn_key(partial))
