"""Inline SVG bar charts: accessible names, escaped text, one bar per value, gaps shown."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from maps.charts import Series, bar_chart, column_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))


def column(**kwargs):
    defaults = dict(
        chart_id="g",
        categories=["2022", "2023"],
        series=[Series("PME", [0.5, None]), Series("Locale", [0.25, 1.0])],
        title="Parts <par> année",
        description="Les chiffres sont dans le tableau.",
        value_format=lambda v: f"{v:.0%}",
        top=1.0,
    )
    return column_chart(**(defaults | kwargs))


def test_a_chart_is_an_image_named_by_its_title_and_description():
    svg = parse(column())
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "g-titre g-desc"
    assert svg.find(f"{SVG}title").text == "Parts <par> année"  # escaped, then read back
    assert "tableau" in svg.find(f"{SVG}desc").text


def test_one_bar_per_known_value_and_a_dash_for_an_unknown_one():
    svg = parse(column())
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 3  # 4 values, one is None
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "—" in texts
    assert {"PME", "Locale"} <= set(texts)  # legend for several series


@pytest.mark.parametrize(
    ("value", "height"),
    [(1.0, 1.0), (0.5, 0.5), (2.0, 1.0), (-1.0, 0.0)],  # clipped to the axis
)
def test_bar_height_is_the_value_over_the_axis_top(value, height):
    svg = parse(column(series=[Series("x", [value, 1.0])], categories=["a", "b"]))
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    full = float(bars[1].get("height"))
    assert float(bars[0].get("height")) == pytest.approx(full * height)


def test_horizontal_bars_escape_labels_and_scale_to_the_widest():
    markup = bar_chart(
        "o",
        ["90 Nettoyage <script>", "45 Travaux"],
        [20.0, 5.0],
        ["10 % gagnés sur place", "60 % gagnés sur place"],
        title="Opportunités",
        description="Voir le tableau.",
        value_format=lambda v: f"{v:g}",
    )
    assert "<script>" not in str(markup)
    svg = parse(markup)
    bars = [r for r in svg.iter(f"{SVG}rect")]
    assert float(bars[0].get("width")) == pytest.approx(4 * float(bars[1].get("width")))
    assert any("10 % gagnés sur place" in (t.text or "") for t in svg.iter(f"{SVG}text"))
