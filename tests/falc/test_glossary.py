"""The glossary (``falc/data/glossaire.csv``): two kinds of entry, each with its source."""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest

from falc.glossary import GLOSSARY, GLOSSARY_FILE, JARGON, TERMS, lookup_jargon, lookup_term

REQUIRED_COLUMNS = {"terme", "formes", "type", "remplacement", "explication", "source"}


def _rows() -> list[dict[str, str]]:
    with files("falc.data").joinpath(GLOSSARY_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_the_file_has_the_named_columns():
    assert set(_rows()[0]) >= REQUIRED_COLUMNS


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["terme"])
def test_every_entry_has_exactly_one_kind_and_a_source(row):
    kind = row["type"]
    assert kind in ("équivalent", "terme")
    assert row["source"].strip()
    if kind == "équivalent":
        assert row["remplacement"].strip() and not row["explication"].strip()
    else:
        assert row["explication"].strip() and not row["remplacement"].strip()


def test_the_loader_keeps_every_row_with_its_kind():
    rows = _rows()
    assert len(GLOSSARY) == len(rows)
    assert set(JARGON) | set(TERMS) == set(GLOSSARY)
    assert not set(JARGON) & set(TERMS)


@pytest.mark.parametrize(
    "term",
    [
        "notification",
        "délai d'exécution",
        "prestation",
        "sous-traitance",
        "mandataire",
        "groupement conjoint",
        "groupement solidaire",
        "forclusion",
        "réfaction",
        "ajournement",
        "admission",
        "résiliation",
        "mise en demeure",
        "ordre de service",
        "bon de commande",
        "avenant",
        "pénalité",
        "jour calendaire",
        "jour ouvré",
        "jour ouvrable",
        "hors taxes",
        "pouvoir adjudicateur",
        "entité adjudicatrice",
    ],
)
def test_terms_of_art_are_explained_never_replaced(term):
    entry = GLOSSARY[term]
    assert entry.kind == "terme"
    assert entry.replacement is None and entry.explanation


@pytest.mark.parametrize(
    "surface",
    ["notification", "prestations", "délai d'exécution", "pouvoir adjudicateur",
     "entité adjudicatrice", "jours calendaires", "sous-traitance", "mandataire"],
)  # fmt: skip
def test_the_swaps_that_changed_the_meaning_are_gone(surface):
    assert lookup_jargon(surface) is None
    assert lookup_term(surface) is not None


def test_pouvoir_adjudicateur_and_entite_adjudicatrice_are_told_apart():
    pouvoir = GLOSSARY["pouvoir adjudicateur"].explanation or ""
    entite = GLOSSARY["entité adjudicatrice"].explanation or ""
    assert pouvoir != entite
    assert "entité adjudicatrice" in pouvoir and "pouvoir adjudicateur" in entite


@pytest.mark.parametrize(
    ("surface", "plain"),
    [("nonobstant", "malgré"), ("ci-après", "plus loin"), ("le cas échéant", "si c'est le cas")],
)
def test_exact_equivalents_from_the_issue(surface, plain):
    entry = lookup_jargon(surface)
    assert entry is not None and entry.kind == "équivalent" and entry.replacement == plain


def test_no_surface_form_belongs_to_two_entries():
    seen: dict[str, str] = {}
    for entry in GLOSSARY.values():
        for form in entry.forms:
            key = form.lower().replace("’", "'")
            assert seen.setdefault(key, entry.term) == entry.term, form


def test_an_entry_of_both_kinds_is_refused():
    from pydantic import ValidationError

    from falc.glossary import GlossaryEntry

    with pytest.raises(ValidationError):
        GlossaryEntry(
            term="x", kind="terme", category="nom", replacement="y", explanation="z", source="s"
        )
    with pytest.raises(ValidationError):
        GlossaryEntry(term="x", kind="équivalent", category="nom", replacement="y", source="")
