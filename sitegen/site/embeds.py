"""Embeds in Markdown: charts, account cards and single figures, and @handle links.

Every reference is resolved before a post is rendered, so that a reference to something
that does not exist is a build error naming the post and its line.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field

import jinja2

from sitegen.analysis.classify import LABELS
from sitegen.analysis.queries import find_account
from sitegen.charts import Chart, ChartRequest
from sitegen.content import Post, Shortcode
from sitegen.errors import ContentError, Problem
from sitegen.site.cache import ChartCache
from sitegen.site.model import SiteData
from sitegen.site.theme import render_template
from sitegen.site.urls import account_path

log = logging.getLogger(__name__)

FIGURES = ("accounts", "follows", "ties", "interactions", "posts", "density", "reciprocity", "rho",
           "interaction_reciprocity", *LABELS)


def figure_value(site: SiteData, name: str, snapshot: str | None) -> str:
    """A single network figure, formatted for reading (e.g. ``0.462``)."""
    report = site.report_named(snapshot)
    key = name.replace("-", "_")
    if key not in FIGURES:
        raise ContentError(f"unknown figure '{name}' (valid: {', '.join(FIGURES)})")
    value = (report.network.classes[key] if key in LABELS
             else getattr(report.network, key))
    if value is None:
        return "not measured"
    return f"{value:.3f}" if isinstance(value, float) else f"{value:,}"


EMBED_OPTIONS = {"chart": ("snapshot",), "account": ("snapshot",), "figure": ("snapshot",)}
CHART_OPTIONS = {"class-by-attribute": ("attribute",), "reciprocity-by-attribute": ("attribute",),
                 "commerce-by-attribute": ("attribute",), "audience-engagement": ("account",)}


@dataclass
class PageCharts:
    """Charts placed on one page, with ids made unique within the page."""

    charts: list[Chart] = field(default_factory=list)

    def add(self, chart: Chart, suffix: str) -> Chart:
        base = f"{chart.id}-{suffix}" if suffix else chart.id
        taken = {c.id for c in self.charts}
        chart_id, n = base, 1
        while chart_id in taken:
            n += 1
            chart_id = f"{base}-{n}"
        chart = dataclasses.replace(chart, id=chart_id)
        self.charts.append(chart)
        return chart


class Embedder:
    """Turns shortcodes into HTML with the theme's partial templates."""

    def __init__(self, site: SiteData, env: jinja2.Environment, charts: ChartCache):
        self.site, self.env, self.charts = site, env, charts

    def chart(self, name: str, options: tuple, charts: PageCharts) -> str:
        snapshot = dict(options).get("snapshot")
        report = self.site.report_named(snapshot)
        request = ChartRequest(self.site.reports, report, options, self.site.analysis)
        chart = charts.add(self.charts.chart(name, request),
                           self.site.snapshot_slugs[report.snapshot.name])
        return render_template(self.env, "partials/chart.html", {"chart": chart})

    def account(self, name: str, options: tuple) -> str:
        report = self.site.report_named(dict(options).get("snapshot"))
        account = find_account(report, name)
        if account is None:
            raise ContentError(f"no account '{name}' in snapshot {report.snapshot.name}")
        slug = self.site.account_slugs.get(account.id)
        url = self.site.urls.path(account_path(slug)) if slug else None
        return render_template(self.env, "partials/account_card.html", {
            "account": account, "url": url, "snapshot": report.snapshot.name})

    def render(self, code: Shortcode, charts: PageCharts) -> str:
        valid = EMBED_OPTIONS[code.kind] + CHART_OPTIONS.get(code.name, ())
        for key, _ in code.options:
            if key not in valid:
                raise ContentError(f"unknown option '{key}' for {code.kind}:{code.name} "
                                   f"(valid: {', '.join(valid)})")
        if code.kind == "chart":
            return self.chart(code.name, code.options, charts)
        if code.kind == "account":
            return self.account(code.name, code.options)
        value = figure_value(self.site, code.name, code.option("snapshot"))
        return f'<span class="figure" data-figure="{code.name}">{value}</span>'

    def render_all(self, post: Post, charts: PageCharts) -> list[str]:
        """HTML for each shortcode of a post, in order; errors name the post and line."""
        rendered = []
        for code in post.shortcodes:
            try:
                rendered.append(self.render(code, charts))
            except ContentError as exc:
                raise ContentError(Problem(exc.problems[0].message, post.source,
                                           code.line)) from None
        return rendered


def warn_not_drawn(post: Post, charts: tuple[Chart, ...] | list[Chart]) -> None:
    """A warning, at its line, for each chart a post embeds that has no data to draw (the
    post's charts are its chart shortcodes, in order)."""
    codes = [code for code in post.shortcodes if code.kind == "chart"]
    for code, chart in zip(codes, charts):
        if not chart.drawn:
            log.warning("%s:%s: chart '%s' is not drawn: %s", post.source, code.line,
                        code.name, chart.missing)
