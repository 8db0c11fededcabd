"""What every chart is: a Plotly figure as escaped JSON, a caption and a text alternative."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from sitegen.analysis.pipeline import Analysis
from sitegen.analysis.report import Report
from sitegen.handles import isolated

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


CARTESIAN_AXIS = re.compile(r"[xy]axis[0-9]*")


def axis(title: str, **extra) -> dict:
    return {"title": {"text": title}, **extra}


def count_axis(title: str, **extra) -> dict:
    """An axis of counts: whole numbers with thousands separators (12,345, not 12.3k)."""
    return axis(title, tickformat=",", hoverformat=",", rangemode="tozero", **extra)


MANY_GROUPS = 12  # more groups than this lie down as horizontal bars, a label a line
GROUP_ROW = 24  # pixels of height per group in horizontal bars


@dataclass(frozen=True)
class GroupBars:
    """Bars with one bar (or stack) per group: upright for a few groups, horizontal for many
    (56 states), so that no two group labels collide whatever their number and length."""

    labels: tuple[str, ...]

    @property
    def horizontal(self) -> bool:
        return len(self.labels) > MANY_GROUPS

    def trace(self, values: list, **extra) -> dict:
        if self.horizontal:
            return {"type": "bar", "orientation": "h", "y": list(self.labels), "x": values,
                    **extra}
        return {"type": "bar", "x": list(self.labels), "y": values, **extra}

    def hover(self, template: str) -> str:
        """A hover template written with %{group} and %{value}, for either orientation."""
        group, value = ("y", "x") if self.horizontal else ("x", "y")
        return template.replace("%{group", "%{" + group).replace("%{value", "%{" + value)

    def layout(self, group_axis: dict, value_axis: dict) -> dict:
        groups = {**group_axis, "type": "category", "automargin": True}
        if self.horizontal:  # every label, first group on top; stacks read left to right
            return {"yaxis": {**groups, "dtick": 1, "autorange": "reversed"},
                    "xaxis": value_axis, "legend": {"traceorder": "normal"}}
        return {"xaxis": groups, "yaxis": value_axis}

    def height(self, base: int = 420) -> int:
        return max(base, GROUP_ROW * len(self.labels) + 140) if self.horizontal else base


def group_order(value: object) -> tuple[bool, str]:
    """Sort key of attribute groups: by value, accounts without one ('(none)') last."""
    return value in (None, "(none)"), str(value)


def stacked_panels(titles: list[str], gap: float = 0.1) -> dict:
    """Layout of small multiples sharing one category x axis: a y axis for each title, top
    to bottom (axes y, y2, y3 ...), so that each series has a scale of its own."""
    size = (1 - gap * (len(titles) - 1)) / len(titles)
    layout = {}
    for i, title in enumerate(titles):
        top = 1 - i * (size + gap)
        layout["yaxis" if i == 0 else f"yaxis{i + 1}"] = count_axis(
            title, domain=[round(max(top - size, 0), 4), round(top, 4)], anchor="x",
            automargin=True)
    bottom = "y" if len(titles) == 1 else f"y{len(titles)}"
    layout["xaxis"] = axis("snapshot", type="category", anchor=bottom)
    return layout


def figure_json(traces: list[dict], layout: dict) -> str:
    """Plotly's JSON figure format (data and layout), written as plain JSON without going
    through plotly's Python objects, and safe inside a script element (no '<', '>', '&'
    or line separators)."""
    # every x and y axis makes room for its tick labels and title (long labels turn at a
    # phone's width; without this they ran over the axis title and off the chart)
    layout = {key: {"automargin": True, **value} if CARTESIAN_AXIS.fullmatch(key) else value
              for key, value in layout.items()}
    text = json.dumps({"data": traces, "layout": {**BASE_LAYOUT, **layout}},
                      ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def plot_text(text: str) -> str:
    """Data text for Plotly labels: plotly.js reads a few HTML tags, so escape them all; a
    direction control in it stays inside it (``isolated``: a group's ``(n=12)`` after it
    read ``(21=n)``)."""
    return html.escape(str(isolated(text)), quote=False)


