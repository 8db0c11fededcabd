"""What every chart is: a Plotly figure as escaped JSON, a caption and a text alternative."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from sitegen.analysis.pipeline import Analysis
from sitegen.analysis.report import Report

CLASS_COLORS = {"consumer": "#3b6fb6", "reciprocator": "#2e8540", "broadcaster": "#c0392b",
                "dormant": "#7f7f7f", "unclassified": "#8e6bb0"}


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str
    summary: str  # one sentence with the numbers, for readers who cannot see the chart
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    figure_json: str
    height: int = 420
    missing: str = ""  # not drawn: one sentence on the data the chart would need

    @property
    def drawn(self) -> bool:
        return not self.missing


def not_drawn(chart_id: str, title: str, missing: str) -> Chart:
    """A chart without data: the page shows its title and what it would need, no plot."""
    return Chart(chart_id, title, "", "", (), (), "", missing=missing)


@dataclass(frozen=True)
class ChartRequest:
    """What a page asks for: the series, which snapshot, and options such as attribute."""

    reports: tuple[Report, ...]
    report: Report
    options: tuple[tuple[str, str], ...] = ()
    analysis: Analysis | None = None  # the whole analysis: change over time, activity

    def option(self, key: str, default: str | None = None) -> str | None:
        return dict(self.options).get(key, default)


BASE_LAYOUT = {"paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
               "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
               "font": {"family": "system-ui, sans-serif", "size": 13}}


def axis(title: str, **extra) -> dict:
    return {"title": {"text": title}, **extra}


def figure_json(traces: list[dict], layout: dict) -> str:
    """Plotly's JSON figure format (data and layout), written as plain JSON without going
    through plotly's Python objects, and safe inside a script element (no '<', '>', '&'
    or line separators)."""
    text = json.dumps({"data": traces, "layout": {**BASE_LAYOUT, **layout}},
                      ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def plot_text(text: str) -> str:
    """Data text for Plotly labels: plotly.js reads a few HTML tags, so escape them all."""
    return html.escape(str(text), quote=False)


