"""Bar charts as inline SVG: drawn on the server from figures already computed, so a page or a
report shows them with no script, no CDN and no external file (they print, and they pass a
``script-src 'self'`` policy).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that say what it shows
and where its figures are: the page or report puts a table of the same figures beside it (a
screen reader reads the table; the chart is for the eye). Every text that comes in is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

PALETTE = ("#1d3d8f", "#b34000", "#18653a", "#6a6af4")
"""Series colours: Clair's blue, then orange, green and light blue (each ≥ 3:1 on white)."""
INK = "#161616"
GRID = "#c8c8c8"
FONT = "system-ui, sans-serif"


@dataclass(frozen=True)
class Series:
    """One set of values, one per category (None: cannot be computed, drawn as « — »)."""

    name: str
    values: Sequence[float | None]


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 13, **attrs) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{escape(str(v))}"' for key, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{INK}"{extra}>{escape(text)}</text>'
    )


def _axis_top(value: float, *, integer: bool, ticks: int = 4) -> float:
    """The top of the value axis: ``ticks`` steps of a round size (1, 2, 2.5 or 5 times a
    power of ten; whole numbers only for counts), the first top at or above ``value``."""
    wanted = value / ticks if value > 0 else 0.25
    power = 10 ** math.floor(math.log10(wanted))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(s * power for s in steps if wanted <= s * power)
    if integer:
        step = max(1.0, round(step))
    return step * ticks


def _frame(
    chart_id: str, title: str, description: str, width: int, height: int, css_class: str
) -> list[str]:
    """The opening of a chart: no ``style`` attribute (a strict CSP may refuse them); the
    page's CSS sets its largest width through ``css_class``."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" font-family="{FONT}" '
        f'aria-labelledby="{chart_id}-titre {chart_id}-desc">',
        f'<title id="{chart_id}-titre">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def column_chart(
    chart_id: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    value_format: Callable[[float], str],
    top: float | None = None,
    integer: bool = False,
    width: int = 640,
    height: int = 300,
) -> Markup:
    """Vertical bars, one group per category and one bar per series in the group, with a
    legend when there are several series. ``top`` fixes the axis (1 for shares); ``integer``
    keeps its graduations whole (counts)."""
    left, right, head, foot = 56, 12, 16 if len(series) == 1 else 40, 46
    plot_w, plot_h = width - left - right, height - head - foot
    known = [v for s in series for v in s.values if v is not None]
    axis_top = top if top is not None else _axis_top(max(known, default=0), integer=integer)
    parts = _frame(chart_id, title, description, width, height, "graphique")
    for tick in range(5):
        value = axis_top * tick / 4
        y = head + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y + 4, value_format(value), anchor="end", size=11))
    if len(series) > 1:
        x = left
        for index, one in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>')
            parts.append(_text(x + 16, 19, one.name, size=12))
            x += 24 + 7 * len(one.name)
    group_w = plot_w / max(len(categories), 1)
    bar_w = min(48.0, group_w * 0.8 / max(len(series), 1))
    for c, category in enumerate(categories):
        start = left + c * group_w + (group_w - bar_w * len(series)) / 2
        for index, one in enumerate(series):
            value = one.values[c]
            x = start + index * bar_w
            if value is None:
                parts.append(_text(x + bar_w / 2, head + plot_h - 4, "—", anchor="middle"))
                continue
            bar_h = plot_h * min(max(value / axis_top, 0.0), 1.0)
            parts.append(
                f'<rect x="{x:.1f}" y="{head + plot_h - bar_h:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{bar_h:.1f}" fill="{PALETTE[index % len(PALETTE)]}">'
                f"<title>{escape(f'{category} · {one.name} : {value_format(value)}')}</title></rect>"
            )
        parts.append(
            _text(
                left + c * group_w + group_w / 2,
                height - foot + 18,
                category,
                anchor="middle",
                size=13 if group_w >= 64 else 11,
            )
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{head + plot_h}" y2="{head + plot_h}" '
        f'stroke="{INK}"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    chart_id: str,
    labels: Sequence[str],
    values: Sequence[float],
    notes: Sequence[str],
    *,
    title: str,
    description: str,
    value_format: Callable[[float], str],
    width: int = 900,
    label_width: int = 360,
) -> Markup:
    """Horizontal bars, one per label, longest scale at the widest value; ``notes`` are
    written after each bar (for example the share won locally). Labels longer than the
    space for them are cut with « … » (the full label is in the bar's tooltip)."""
    row_h, head, note_w = 30, 8, 200
    room = int(label_width / 6.6)
    height = head + row_h * max(len(labels), 1) + 8
    plot_w = width - label_width - note_w - 8
    top = max(values, default=0) or 1
    parts = _frame(chart_id, title, description, width, height, "graphique graphique-large")
    for index, (label, value, note) in enumerate(zip(labels, values, notes, strict=True)):
        y = head + index * row_h
        bar_w = plot_w * max(value, 0) / top
        shown = label if len(label) <= room else label[: room - 1] + "…"
        parts.append(_text(label_width - 8, y + 19, shown, anchor="end", size=12))
        parts.append(
            f'<rect x="{label_width}" y="{y + 5}" width="{bar_w:.1f}" height="{row_h - 10}" '
            f'fill="{PALETTE[0]}"><title>{escape(f"{label} : {value_format(value)}")}</title></rect>'
        )
        parts.append(_text(label_width + bar_w + 6, y + 19, f"{value_format(value)} · {note}"))
    parts.append("</svg>")
    return Markup("".join(parts))
