"""simplify_document: per-sentence rewrites under the guard, refusals, and zero invariant lost —
on sentences built by hand, on generated sentences (hypothesis) and on every sample document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import falc.rules.base as rules_base
from falc.document import Document, Paragraph
from falc.invariants import compare
from falc.readers import read_document
from falc.rewrite.context import RewriteContext
from falc.simplify import rewrite_sentence, simplify_document, simplify_text

EXEMPLES = Path(__file__).resolve().parents[2] / "falc" / "exemples"
SAMPLES = sorted(p for p in EXEMPLES.iterdir() if p.suffix in (".md", ".docx"))

CCAP = (
    "Les offres sont analysées par le pouvoir adjudicateur dans un délai de quinze jours. "
    "Les candidats doivent fournir les pièces justificatives avant le 15/03/2026 à 12 h 00, "
    "le pouvoir adjudicateur se réservant le droit de demander des compléments."
)


def test_simplify_text_reports_each_sentence(nlp):
    report = simplify_text(CCAP, nlp)
    sentences = report.sentences
    assert [s.original for s in sentences] == [
        "Les offres sont analysées par le pouvoir adjudicateur dans un délai de quinze jours.",
        "Les candidats doivent fournir les pièces justificatives avant le 15/03/2026 à 12 h 00, "
        "le pouvoir adjudicateur se réservant le droit de demander des compléments.",
    ]
    first, second = sentences
    assert first.rewrite == "L'acheteur analyse les offres dans un délai de 15 jours."
    assert first.applied_rules == ["nombre-en-lettres", "voix-passive", "jargon"]
    assert second.rewrite == (
        "Vous devez fournir les preuves avant le dimanche 15 mars 2026 à 12 h 00. "
        "L'acheteur se réserve le droit de demander des compléments."
    )
    assert {"date-numerique", "tournure-impersonnelle", "jargon", "phrase-longue"} <= set(
        second.applied_rules
    )
    assert report.invariants_lost == 0
    assert report.after.score > report.before.score
    assert report.after.words_per_sentence < report.before.words_per_sentence


def test_json_has_the_agreed_fields(nlp):
    dumped = simplify_text("Le pouvoir adjudicateur signe.", nlp).model_dump(mode="json")
    assert {"before", "after", "paragraphs", "applied", "refused", "invariants_lost"} <= set(dumped)
    sentence = dumped["paragraphs"][0]["sentences"][0]
    assert set(sentence) == {"paragraph", "original", "rewrite", "applied_rules", "refused"}
    assert {"score", "niveau"} <= set(dumped["before"])


def test_a_rewrite_that_loses_a_fact_is_refused_and_says_why(nlp, monkeypatch):
    def careless(text, context):
        return text.replace("30 jours", "quelques jours")

    monkeypatch.setitem(rules_base._REWRITES, "jargon", careless)
    result = rewrite_sentence("Le titulaire paie sous 30 jours.", RewriteContext(nlp=nlp))
    assert result.rewrite == "Le titulaire paie sous 30 jours."
    assert "jargon" not in result.applied_rules
    [refusal] = result.refused
    assert refusal.rule == "jargon"
    assert "30 jour" in refusal.reason and refusal.changes[0].change == "perdu"


def test_headings_and_table_cells_are_never_cut(nlp):
    long_heading = (
        "Article 3 Le titulaire remet le rapport à l'acheteur et transmet la facture au "
        "comptable public dans un délai de trente jours"
    )
    doc = Document(
        name="t",
        format="txt",
        paragraphs=[Paragraph(index=0, text=long_heading, kind="heading", level=1)],
    )
    [paragraph] = simplify_document(doc, nlp).paragraphs
    assert paragraph.rewrite == long_heading.replace("trente", "30").replace(
        "comptable public", "service qui paie"
    )
    assert "phrase-longue" not in paragraph.sentences[0].applied_rules


def test_empty_document_has_no_score(nlp):
    report = simplify_document(Document(name="vide", format="txt", paragraphs=[]), nlp)
    assert report.before.score is None and report.after.score is None
    assert report.paragraphs == []


# --- property: whatever the sentence, the rewrite keeps every fact ------------------------------

NUMBER_WORDS = [
    "deux",
    "trois",
    "quinze",
    "trente",
    "quarante-cinq",
    "soixante",
    "quatre-vingt-dix",
]
SUBJECTS = [
    "Le pouvoir adjudicateur",
    "Les candidats",
    "Le titulaire du marché",
    "Les soumissionnaires",
    "Chaque candidat",
]
VERBS = ["doit remettre", "transmet", "doivent fournir", "peut demander", "analyse"]
OBJECTS = ["les pièces justificatives", "le mémoire technique", "un avenant", "les offres"]


def _amount(value: int, tax: str) -> str:
    return f"{value:,}".replace(",", " ") + f" € {tax}"


fact = st.one_of(
    st.builds(_amount, st.integers(1, 9_999_999), st.sampled_from(["HT", "TTC"])),
    st.builds(lambda d: d.strftime("%d/%m/%Y"), st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))),
    st.builds(lambda w, u: f"{w} {u}", st.sampled_from(NUMBER_WORDS), st.sampled_from(["jours", "mois", "jours ouvrés"])),
    st.builds(lambda n: f"{n} %", st.integers(1, 99)),
    st.builds(lambda a, b: f"l'article R. {a}-{b}", st.integers(2100, 2199), st.integers(1, 30)),
    st.builds(lambda h: f"{h} h 00", st.integers(8, 18)),
    st.just("le CCAG-FCS"),
    st.just("achats@cud.fr"),
    st.just("03 28 23 69 69"),
    st.builds(lambda r: f"le lot {r}", st.sampled_from(["II", "IV", "IX"])),
)  # fmt: skip


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    subject=st.sampled_from(SUBJECTS),
    verb=st.sampled_from(VERBS),
    obj=st.sampled_from(OBJECTS),
    facts=st.lists(fact, min_size=1, max_size=3),
    passive=st.booleans(),
)
def test_rewriting_never_loses_a_fact(nlp, subject, verb, obj, facts, passive):
    if passive:
        sentence = f"{obj.capitalize()} sont analysées par {subject.lower()} selon {facts[0]}"
    else:
        sentence = f"{subject} {verb} {obj} avant {facts[0]}"
    for extra in facts[1:]:
        sentence += f", le titulaire étant tenu de respecter {extra}"
    sentence += "."
    result = rewrite_sentence(sentence, RewriteContext(nlp=nlp))
    assert compare(sentence, result.rewrite) == []


# --- every sample document -----------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_no_invariant_lost_on_sample_documents(nlp, path):
    doc = read_document(path, max_bytes=10_000_000)
    report = simplify_document(doc, nlp)
    assert report.invariants_lost == 0
    for paragraph in report.paragraphs:
        assert compare(paragraph.original, paragraph.rewrite) == [], paragraph.original
    assert report.applied > 0
    assert report.after.score is not None and report.before.score is not None
    assert report.after.score > report.before.score
