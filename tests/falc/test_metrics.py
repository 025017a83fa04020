"""Metrics checked against hand computation."""

from __future__ import annotations

import pytest

from falc.config import FalcConfig
from falc.metrics import kandel_moles, lix, metrics_of
from falc.sentences import SentenceStats, parse_paragraph, zipf_frequency
from falc.syllables import syllable_count


@pytest.mark.parametrize(
    ("words", "sentences", "syllables", "expected"),
    [
        (3, 1, 3, 207 - 1.015 * 3 - 73.6 * 1),  # « Le chat dort. »
        (10, 1, 15, 207 - 10.15 - 110.4),  # 86.45
        (28, 1, 50, 207 - 1.015 * 28 - 73.6 * 50 / 28),  # procurement prose, about 45
        (30, 2, 30, 207 - 15.225 - 73.6),
    ],
)
def test_kandel_moles_is_the_1958_formula(words, sentences, syllables, expected):
    assert kandel_moles(words, sentences, syllables) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("words", "sentences", "long_words", "expected"),
    [(20, 2, 5, 10 + 25), (10, 1, 0, 10), (8, 4, 8, 2 + 100)],
)
def test_lix_is_words_per_sentence_plus_share_of_long_words(words, sentences, long_words, expected):
    assert lix(words, sentences, long_words) == pytest.approx(expected)


@pytest.mark.parametrize(("words", "sentences"), [(0, 0), (0, 1), (5, 0)])
def test_formulas_cannot_compute_without_words_or_sentences(words, sentences):
    assert kandel_moles(words, sentences, 0) is None
    assert lix(words, sentences, 0) is None


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("le", 1), ("chat", 1), ("candidat", 3), ("entreprise", 3), ("acheteur", 2), ("", 0)],
)
def test_syllables_follow_pyphen_french(word, syllables):
    assert syllable_count(word) == syllables


def test_no_sentence_has_no_metric():
    metrics = metrics_of([])
    assert metrics.words == 0
    assert metrics.sentences == 0
    assert metrics.kandel_moles is None
    assert metrics.lix is None
    assert metrics.words_per_sentence is None
    assert metrics.rare_word_share is None
    assert metrics.passive_ratio is None


def test_aggregation_sums_counts_then_applies_formulas():
    sentences = [
        SentenceStats(0, 10, words=4, syllables=6, long_words=1, rated_words=4, rare_words=1),
        SentenceStats(11, 20, words=6, syllables=9, long_words=2, rated_words=4, passive=True),
    ]
    metrics = metrics_of(sentences)
    assert (metrics.words, metrics.sentences, metrics.syllables) == (10, 2, 15)
    assert metrics.words_per_sentence == 5.0
    assert metrics.syllables_per_word == 1.5
    assert metrics.kandel_moles == pytest.approx(207 - 1.015 * 5 - 73.6 * 1.5, abs=0.01)
    assert metrics.lix == pytest.approx(5 + 100 * 3 / 10, abs=0.01)
    assert metrics.rare_word_share == pytest.approx(1 / 8)
    assert metrics.passive_ratio == 0.5


@pytest.mark.parametrize(
    ("text", "words", "sentences"),
    [
        ("Le chat dort.", 3, 1),
        ("L'acheteur lit l'offre.", 3, 1),  # « l' » is not a word of its own
        ("Les candidats remettent leurs offres. L'acheteur les analyse.", 8, 2),
        ("Vous avez 15 jours.", 4, 1),  # a number is a word
        ("Date limite : lundi 15 mars 2026, à midi !", 8, 1),
        ("— …", 0, 0),  # punctuation only: no word, no sentence
    ],
)
def test_words_and_sentences_of_real_text(nlp, text, words, sentences):
    parsed = parse_paragraph(text, nlp(text), FalcConfig())
    assert parsed.words == words
    assert len(parsed.sentences) == sentences


def test_syllables_of_a_sentence_add_up_its_words(nlp):
    text = "Le chat dort."
    parsed = parse_paragraph(text, nlp(text), FalcConfig())
    assert parsed.sentences[0].syllables == 3
    metrics = metrics_of(parsed.sentences)
    assert metrics.kandel_moles == pytest.approx(130.355, abs=0.01)
    assert metrics.lix == pytest.approx(3.0)


def test_passive_ratio_counts_sentences_with_a_passive(nlp):
    text = "Les offres sont analysées par l'acheteur. L'acheteur lit les offres."
    metrics = metrics_of(parse_paragraph(text, nlp(text), FalcConfig()).sentences)
    assert metrics.passive_ratio == 0.5


@pytest.mark.parametrize(
    ("text", "rare", "rated"),
    [
        ("Le chat dort sur la table.", 0, 6),
        ("Le soumissionnaire est attributaire.", 2, 4),
        ("Les offres sont éliminées.", 0, 4),  # « éliminées » is rare, « éliminer » is not
        ("Monsieur Dupont habite à Dunkerque.", 0, 3),  # names are not rated
        ("Le DCE est prêt.", 0, 3),  # acronyms have their own rule
    ],
)
def test_rare_words_are_rated_on_alphabetic_common_nouns(nlp, text, rare, rated):
    (sentence,) = parse_paragraph(text, nlp(text), FalcConfig()).sentences
    assert (sentence.rare_words, sentence.rated_words) == (rare, rated)


def test_zipf_matches_wordfreq_scale():
    from wordfreq import zipf_frequency as wordfreq_zipf

    for word in ("offre", "acheteur", "soumissionnaire", "nonobstant"):
        assert zipf_frequency(word) == pytest.approx(wordfreq_zipf(word, "fr"), abs=0.02)
    assert zipf_frequency("xqzwv") == 0.0
