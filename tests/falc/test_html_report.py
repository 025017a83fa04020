"""HTML report: overlapping highlights, accessibility links, escaping, self-contained page."""

from __future__ import annotations

import lxml.html
import pytest

from falc.document import Document
from falc.html_report import NumberedFinding, metric_rows, render_report_html, segments
from falc.report import Finding
from tests.falc.fixtures.reports import finding, metrics, report_for


def numbered(spans: list[tuple[int, int, str]]) -> list[NumberedFinding]:
    return [
        NumberedFinding(
            id=f"c{i}",
            finding=Finding(
                rule="r",
                severity=severity,
                message=f"m{i}",
                paragraph=0,
                start=start,
                end=end,
                text="",
            ),
        )
        for i, (start, end, severity) in enumerate(spans)
    ]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abcdef", [], [("abcdef", [])]),
        ("abcdef", [(2, 4, "info")], [("ab", []), ("cd", ["c0"]), ("ef", [])]),
        (
            "abcdef",
            [(0, 4, "info"), (2, 6, "erreur")],
            [("ab", ["c0"]), ("cd", ["c0", "c1"]), ("ef", ["c1"])],
        ),
        (
            "abcdef",
            [(1, 5, "info"), (2, 3, "info")],
            [("a", []), ("b", ["c0"]), ("c", ["c0", "c1"]), ("de", ["c0"]), ("f", [])],
        ),
        ("abc", [(1, 99, "info")], [("a", []), ("bc", ["c0"])]),  # end clamped to the text
        ("abc", [(2, 2, "info"), (5, 7, "info")], [("abc", [])]),  # empty or outside: ignored
    ],
)
def test_segments_cut_at_every_boundary(text, spans, expected):
    pieces = segments(text, numbered(spans))
    assert [(p.text, p.finding_ids) for p in pieces] == expected
    assert "".join(p.text for p in pieces) == text


def test_overlap_takes_the_most_severe_colour():
    pieces = segments("abcdef", numbered([(0, 4, "info"), (2, 6, "erreur")]))
    assert [p.severity for p in pieces] == ["info", "erreur", "erreur"]


DOC = Document.from_text(
    "Le pouvoir adjudicateur <script>alert('x')</script> notifie le marché.\n\n"
    "Les offres & candidatures sont remises avant le 15/03/2025."
)


def render(findings, score=42.0) -> tuple[str, lxml.html.HtmlElement]:
    page = render_report_html(report_for(DOC, findings, score), DOC)
    return page, lxml.html.fromstring(page)


def test_every_mark_points_to_its_explanation():
    findings = [
        finding(DOC, 0, "pouvoir adjudicateur", suggestion="l'acheteur"),
        finding(DOC, 0, "adjudicateur", rule="mot-rare"),
        finding(DOC, 1, "&", rule="caractere-special", severity="erreur"),
        finding(DOC, 1, "15/03/2025", rule="date-chiffres"),
    ]
    _, tree = render(findings)
    marks = tree.xpath("//*[@aria-describedby]")
    ids = {li.get("id") for li in tree.xpath("//ol[@class='notes']/li")}
    assert ids == {"constat-1", "constat-2", "constat-3", "constat-4"}
    described = {ref for mark in marks for ref in mark.get("aria-describedby").split()}
    assert described == ids
    assert all(mark.get("tabindex") == "0" and mark.get("title") for mark in marks)
    overlap = [m for m in marks if len(m.get("aria-describedby").split()) == 2]
    assert len(overlap) == 1 and overlap[0].text == "adjudicateur"
    assert "l'acheteur" in tree.xpath("//li[@id='constat-1']")[0].text_content()


def test_document_text_is_escaped_everywhere():
    page, tree = render([finding(DOC, 0, "<script>alert('x')</script>", rule="<b>code</b>")])
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    scripts = tree.xpath("//script")  # only the page's own filter, inline
    assert len(scripts) == 1 and not scripts[0].get("src") and "filtre" in scripts[0].text
    assert tree.xpath("//mark[@aria-describedby]")[0].text == "<script>alert('x')</script>"


def test_page_is_self_contained_and_printable():
    page, tree = render([])
    assert not tree.xpath("//link | //script[@src] | //img | //iframe")
    assert "http://" not in page and "https://" not in page
    assert "@media print" in page
    assert tree.get("lang") == "fr"
    assert "Aucune règle enfreinte" in page


def test_summary_shows_score_level_and_most_broken_rules():
    findings = [finding(DOC, 0, "pouvoir"), finding(DOC, 1, "offres"), finding(DOC, 1, "&", "car")]
    _, tree = render(findings, score=37.6)
    assert tree.xpath("string(//div[@class='value'])") == "38"
    assert tree.xpath("string(//span[contains(@class, 'niveau-difficile')])") == "difficile"
    rows = tree.xpath("//section[@aria-labelledby='titre-regles']//tbody/tr")
    assert [(r[0].text_content(), r[2].text_content()) for r in rows] == [
        ("jargon", "2"),
        ("car", "1"),
    ]


def test_empty_text_has_no_score_and_metrics_show_a_dash():
    _, tree = render([], score=None)
    assert tree.xpath("string(//div[@class='value'])") == "—"
    assert dict(metric_rows(metrics()))["Phrases au passif"] == "—"
    assert dict(metric_rows(metrics()))["Mots rares"] == "25\u202f%"


def test_whole_paragraph_findings_are_flagged_in_the_margin_not_highlighted():
    whole = finding(DOC, 1, DOC.paragraphs[1].text, rule="paragraphe-long", message="Trop long.")
    part = finding(DOC, 1, "15/03/2025", rule="date-chiffres")
    _, tree = render([whole, part])
    paragraph = tree.xpath("//*[@id='p1']")[0]
    assert "whole" in paragraph.get("class")
    gutter = paragraph.xpath(".//span[@class='num']")[0]
    assert gutter.get("aria-describedby") == "constat-1" and gutter.get("title") == "Trop long."
    assert [m.text for m in paragraph.xpath(".//mark")] == ["15/03/2025"]


def test_page_opens_with_the_passages_to_review_first_and_filters_by_rule_and_severity():
    from falc.triage import passages_to_review

    findings = [
        finding(DOC, 0, "pouvoir adjudicateur", priorite=0.5),
        finding(DOC, 1, "15/03/2025", rule="date-numerique", severity="erreur", priorite=0.9),
    ]
    report = report_for(DOC, findings).model_copy(
        update={"a_revoir_en_premier": passages_to_review(findings)}
    )
    page = render_report_html(report, DOC)
    tree = lxml.html.fromstring(page)
    titles = [h.text_content() for h in tree.xpath("//h2")]
    assert titles[0] == "Les 10 passages à revoir en premier"
    passages = tree.xpath("//ol[@class='passages']/li")
    assert [p.xpath(".//blockquote")[0].text_content() for p in passages] == [
        "« 15/03/2025 »",
        "« pouvoir adjudicateur »",
    ]
    assert passages[0].xpath(".//a")[0].get("href") == "#p1"
    rules = {i.get("value") for i in tree.xpath("//form[@id='filtre']//input[@name='regle']")}
    severities = {i.get("value") for i in tree.xpath("//input[@name='gravite']")}
    assert rules == {"jargon", "date-numerique"}
    assert severities == {"erreur", "avertissement"}
    keys = {m.get("data-f") for m in tree.xpath("//mark[@data-f]")}
    assert keys == {"jargon:avertissement", "date-numerique:erreur"}
