"""analyse_document / analyse_text / analyse_texts: the report as a whole."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from falc.analysis import analyse_document, analyse_text, analyse_texts
from falc.config import FalcConfig
from falc.document import Document, Paragraph

HARD = (
    "Le pouvoir adjudicateur informe ultérieurement les soumissionnaires que les offres devront être remises "
    "avant la date limite fixée par le présent règlement, sous peine d'irrecevabilité."
)


def _document() -> Document:
    return Document(
        name="rc.docx",
        format="docx",
        paragraphs=[
            Paragraph(index=0, text="ARTICLE 1 - OBJET DU MARCHÉ", kind="heading", level=1),
            Paragraph(index=1, text=HARD, section="ARTICLE 1 - OBJET DU MARCHÉ"),
            Paragraph(
                index=2,
                text="Lisez le DCE.",
                kind="list_item",
                section="ARTICLE 1 - OBJET DU MARCHÉ",
            ),
            Paragraph(index=3, text="Les prix", kind="heading", level=1),
            Paragraph(index=4, text="Vos prix ne changent pas.", section="Les prix"),
        ],
    )


def test_report_has_score_level_metrics_and_findings(nlp):
    report = analyse_document(_document(), nlp)
    assert report.document == "rc.docx"
    assert report.format == "docx"
    assert 0 <= report.score <= 100
    assert report.niveau in ("facile", "assez facile", "difficile", "très difficile")
    assert [p.index for p in report.paragraphs] == [0, 1, 2, 3, 4]
    assert {f.rule for f in report.findings} >= {
        "majuscules",
        "jargon",
        "phrase-longue",
        "sigle-non-explique",
    }


def test_findings_point_into_their_paragraph(nlp):
    document = _document()
    report = analyse_document(document, nlp)
    texts = {p.index: p.text for p in document.paragraphs}
    assert report.findings, "the sample has findings: the loop below must check something"
    for finding in report.findings:
        assert texts[finding.paragraph][finding.start : finding.end] == finding.text


def test_headings_do_not_weigh_in_document_metrics(nlp):
    report = analyse_document(_document(), nlp)
    body_sentences = sum(p.metrics.sentences for p in report.paragraphs if p.kind != "heading")
    assert report.metrics.sentences == body_sentences
    heading = report.paragraphs[0]
    assert heading.metrics.words == 5  # a heading keeps its own metrics


def test_sections_group_paragraphs_by_heading(nlp):
    report = analyse_document(_document(), nlp)
    assert [s.paragraphs for s in report.sections] == [[0], [1, 2], [3], [4]]
    assert report.sections[1].title == "ARTICLE 1 - OBJET DU MARCHÉ"
    assert report.sections[3].score > report.sections[1].score


def test_a_section_of_headings_only_is_measured_on_them(nlp):
    report = analyse_document(_document(), nlp)
    assert report.sections[0].metrics.words == 5


def test_rules_most_broken_are_sorted_by_count(nlp):
    report = analyse_text(f"{HARD}\n\n{HARD}", nlp)
    counts = [r.count for r in report.rules_most_broken]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == len(report.findings)
    by_rule = {r.rule: r.count for r in report.rules_most_broken}
    assert by_rule["phrase-longue"] == 2


def test_empty_text_has_null_score_and_metrics(nlp):
    report = analyse_text("", nlp)
    assert report.score is None
    assert report.niveau is None
    assert report.metrics.kandel_moles is None
    assert report.paragraphs == []
    assert report.findings == []


def test_punctuation_only_has_no_score(nlp):
    report = analyse_text("— … —", nlp)
    assert report.score is None
    assert report.metrics.words_per_sentence is None


def test_analyse_texts_gives_one_report_per_text_in_order(nlp):
    texts = ["Lisez le dossier.", "", HARD, "Vous avez quinze jours."]
    reports = analyse_texts(texts, nlp)
    assert len(reports) == 4
    assert reports[1].score is None
    assert reports[0].score > reports[2].score
    assert [f.rule for f in reports[3].findings] == ["nombre-en-lettres"]
    singles = [analyse_text(t, nlp) for t in texts]
    assert [r.score for r in reports] == [r.score for r in singles]


def test_acronym_memory_does_not_leak_between_texts(nlp):
    reports = analyse_texts(["Lisez le DCE.", "Lisez le DCE."], nlp)
    assert all(any(f.rule == "sigle-non-explique" for f in r.findings) for r in reports)


def test_configuration_changes_thresholds(nlp):
    text = "Vous envoyez votre offre complète sur le site avant midi."  # 10 words
    assert not [f for f in analyse_text(text, nlp).findings if f.rule == "phrase-longue"]
    strict = FalcConfig(sentence_max_words=8)
    assert [f.rule for f in analyse_text(text, nlp, strict).findings].count("phrase-longue") == 1


def test_report_serialises_to_the_documented_json(nlp):
    data = analyse_text(HARD, nlp).model_dump(mode="json")
    assert {
        "score",
        "niveau",
        "metrics",
        "sections",
        "findings",
        "rules_most_broken",
        "a_revoir_en_premier",
    } <= set(data)
    finding = data["findings"][0]
    assert set(finding) == {
        "rule",
        "severity",
        "message",
        "suggestion",
        "paragraph",
        "start",
        "end",
        "text",
        "priorite",
    }
    assert 0 < len(data["a_revoir_en_premier"]) <= 10
    assert {"nombre", "paragraphes", "priorite"} <= set(data["a_revoir_en_premier"][0])


def _boamp_texts(shared_data) -> list[str]:
    from lxml import etree

    texts = []
    for path in sorted((shared_data / "procurement" / "boamp" / "xml_v230").glob("test-pub*.xml")):
        for node in etree.parse(str(path)).iter():
            if isinstance(node.tag, str) and node.text and len(node.text.split()) >= 8:
                texts.append(" ".join(node.text.split()))
    return texts


def test_real_boamp_notices_are_analysed_with_exact_offsets(nlp, shared_data):
    texts = _boamp_texts(shared_data)
    assert len(texts) >= 20
    reports = analyse_texts(texts, nlp)
    for text, report in zip(texts, reports, strict=True):
        assert report.score is None or 0 <= report.score <= 100
        for finding in report.findings:
            assert text[finding.start : finding.end] == finding.text


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "Le",
                "DCE",
                "(",
                ")",
                ";",
                "15/03/2026",
                "quinze",
                "IV",
                "40 000",
                "%",
                "ne",
                "pas",
                "sans",
                "l'",
                "offre",
                ".",
                ",",
                "\n\n",
                "OBJET",
                "DU",
                "MARCHÉ",
                "in fine",
                "é",
                "–",
                "pouvoir adjudicateur",
                "est",
                "analysée",
                "par",
                "qu'",
                "il",
                "faut",
                "que",
                " ",
                "#",
            ]
        ),
        max_size=40,
    ).map(" ".join)
)
def test_any_text_gives_a_valid_report(nlp, text):
    report = analyse_text(text, nlp)
    assert report.score is None or 0 <= report.score <= 100
    paragraphs = {p.index: p for p in Document.from_text(text).paragraphs}
    for finding in report.findings:
        assert paragraphs[finding.paragraph].text[finding.start : finding.end] == finding.text
        assert finding.start < finding.end


def test_a_paragraph_too_long_for_the_pipeline_is_refused_in_french(nlp, monkeypatch):
    import pytest

    from falc.errors import DocumentError

    monkeypatch.setattr(nlp, "max_length", 50)
    with pytest.raises(DocumentError, match="trop long"):
        analyse_text("Lisez. " * 20, nlp)


def test_priority_is_severity_times_score_gain_and_repeats_are_grouped(nlp):
    text = (
        "Le titulaire livre les repas à compter de lundi.\n\n"
        "Le titulaire livre le pain à compter de mardi.\n\n"
        "Le titulaire, qui a signé le marché, livre aussi les fruits, les légumes et les "
        "laitages de la semaine dans chaque école de la ville avant midi.\n\n"
        "Vous payez à compter de la livraison."
    )
    report = analyse_text(text, nlp)
    assert all(f.priorite >= 0 for f in report.findings)
    long = next(f for f in report.findings if f.rule == "phrase-longue")
    jargon = [f for f in report.findings if f.rule == "jargon"]
    assert len(jargon) == 3 and len({f.priorite for f in jargon}) == 1
    assert long.priorite > jargon[0].priorite  # cutting the sentence also shortens sentences
    passages = report.a_revoir_en_premier
    grouped = next(p for p in passages if p.rule == "jargon")
    assert (grouped.nombre, grouped.paragraphes) == (3, [0, 1, 3])
    assert grouped.priorite == pytest.approx(3 * jargon[0].priorite, abs=1e-3)
    assert [p.priorite for p in passages] == sorted((p.priorite for p in passages), reverse=True)
    assert report.sections[0].rules_most_broken
