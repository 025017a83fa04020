import pytest

from core.text import fold
from suppliers.textsearch import fts_query, searchable_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Électricité", "electricite"),
        ("ŒUVRE", "oeuvre"),
        ("Boulangère Pâtisserie", "boulangere patisserie"),
    ],
)
def test_fold_removes_case_accents_and_ligatures(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("boulangerie", "Boulangeries"),
        ("nettoyage des locaux", "NETTOYAGE DE LOCAUX"),
        ("électricité", "electricites"),
        ("travaux", "travaux"),
    ],
)
def test_normalise_matches_case_accent_and_plural_variants(a, b):
    assert searchable_text(a) == searchable_text(b)


def test_normalise_of_nothing_is_empty():
    assert searchable_text(None) == ""
    assert searchable_text("  ") == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("boulangerie", '"boulanger"*'),
        ('" OR name:* NEAR(', '"or"* AND "nam"* AND "near"*'),
        ("les de", None),
        ("pain pain", '"pain"*'),
    ],
)
def test_fts_query_quotes_every_word_and_drops_syntax(query, expected):
    assert fts_query(query) == expected


def test_the_c_stemmer_is_used_and_agrees_with_snowball() -> None:
    """PyStemmer (C) is installed with Clair and gives the stems of the reference Snowball
    implementation: a base indexed with one is searched with the other."""
    import re

    import Stemmer
    from snowballstemmer.french_stemmer import FrenchStemmer

    from suppliers.naf import naf_table
    from suppliers.textsearch import _STEMMER

    assert isinstance(_STEMMER, Stemmer.Stemmer)
    words = sorted({w for label in naf_table()["libelle"] for w in re.findall(r"\w+", fold(label))})
    reference = FrenchStemmer()
    assert len(words) > 1000
    assert [_STEMMER.stemWord(w) for w in words] == [reference.stemWord(w) for w in words]
