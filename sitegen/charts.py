"""Plotly charts built from analysis reports, each with a caption and a text alternative.

Charts are looked up by name in ``CHARTS`` (the names posts use in ``[[chart:NAME]]``).
A chart carries its figure as JSON, escaped for a ``<script type="application/json">``
element, so no text from the data can end the script; the site's JavaScript draws it.
"""

from __future__ import annotations

from dataclasses import asdict

from sitegen.analysis.classify import CLASSES, labels_in, unmeasured
from sitegen.analysis.queries import (
    MAX_POINTS,
    audience_medians,
    chart_sample,
    classes_by_attribute,
    reciprocity_bands,
)
from sitegen.chart_base import (
    CLASS_COLORS,
    Chart,
    ChartRequest,
    GroupBars,
    axis,
    count_axis,
    figure_json,
    group_order,
    not_drawn,
    plot_text,
)
from sitegen.charts_purpose import PURPOSE_CHARTS
from sitegen.charts_series import SERIES_CHARTS
from sitegen.errors import ContentError
from sitegen.handles import isolated, label
from sitegen.slugs import slugify
from sitegen.snapshots.coverage import differences_text


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def class_mix(req: ChartRequest) -> Chart:
    """A bar per way of use the snapshot can tell; those it cannot are named in the text and
    the table as not measured (no bar: a 0 would say nobody uses the network so)."""
    counts = req.report.network.classes
    labels = labels_in(counts)
    total = req.report.network.accounts
    fig = figure_json([{"type": "bar", "x": list(labels), "y": [counts[c] for c in labels],
                        "marker": {"color": [CLASS_COLORS[c] for c in labels]},
                        "hovertemplate": "%{x}: %{y:,} accounts<extra></extra>"}],
                      {"xaxis": axis("way of use"), "yaxis": count_axis("accounts")})
    summary = "; ".join(f"{c} {counts[c]:,} ({_percent(counts[c], total)})" for c in labels)
    unknown = unmeasured(req.report.snapshot.coverage, req.report.settings)
    if unknown:
        summary += "; not measured with this data: " + "; ".join(
            f"{c} ({why})" for c, why in unknown.items())
    return Chart("class-mix", "Ways of use",
                 f"How the {total:,} accounts of {req.report.snapshot.name} use the network.",
                 f"Accounts by way of use: {summary}.", ("way of use", "accounts", "share"),
                 tuple((c, counts[c], _percent(counts[c], total)) for c in labels)
                 + tuple((c, None, None) for c in unknown),
                 fig, 360)


def followers_following(req: ChartRequest) -> Chart:
    rows = chart_sample(req.report, ("class", "handle", "followers", "following", "id"),
                        measured=("followers", "following"))
    if not rows:
        return not_drawn("followers-following", "Followers against following",
                         req.report.snapshot.coverage.follow_gap("audience") + ".")
    traces = []
    for klass in labels_in(req.report.network.classes):
        mine = [r for r in rows if r[0] == klass]
        traces.append({
            "type": "scattergl", "mode": "markers", "name": klass,
            "x": [r[3] + 1 for r in mine], "y": [r[2] + 1 for r in mine],
            "text": [plot_text(label(r[1], r[4])) for r in mine],
            "customdata": [[r[3], r[2]] for r in mine],
            "marker": {"color": CLASS_COLORS[klass], "size": 6, "opacity": 0.7},
            "hovertemplate": "%{text}<br>follows %{customdata[0]:,}<br>followers "
                             "%{customdata[1]:,}<extra>" + klass + "</extra>"})
    fig = figure_json(traces, {"xaxis": axis("following + 1", type="log", dtick=1,
                                             tickformat=","),
                               "yaxis": axis("followers + 1", type="log", dtick=1,
                                             tickformat=",")})
    medians = audience_medians(req.report)
    summary = "; ".join(f"{c}: median {int(f):,} followers, {int(g):,} following"
                        for c, _, f, g in medians)
    note = f" (the {MAX_POINTS} most followed shown)" if len(rows) == MAX_POINTS else ""
    return Chart("followers-following", "Followers against following",
                 f"Each dot is an account{note}; both axes are logarithmic.",
                 f"Medians by way of use: {summary}.",
                 ("way of use", "accounts", "median followers", "median following"),
                 tuple((c, n, int(f), int(g)) for c, n, f, g in medians), fig)


def reciprocity_distribution(req: ChartRequest) -> Chart:
    counts = reciprocity_bands(req.report)
    if not counts:
        return not_drawn("reciprocity-distribution", "How reciprocal accounts are",
                         req.report.snapshot.coverage.follow_gap("ties") + ".")
    labels = [f"{b / 10:.1f}-{(b + 1) / 10:.1f}" for b in range(10)]
    values = [counts.get(b, 0) for b in range(10)]
    fig = figure_json([{"type": "bar", "x": labels, "y": values, "marker": {"color": "#3b6fb6"},
                        "hovertemplate": "reciprocity %{x}: %{y:,} accounts<extra></extra>"}],
                      {"xaxis": axis("follow reciprocity"), "yaxis": count_axis("accounts")})
    overall = req.report.network.reciprocity
    overall_text = "n/a" if overall is None else f"{overall:.3f}"
    return Chart("reciprocity-distribution", "How reciprocal accounts are",
                 "Accounts by the share of their follow ties that are mutual.",
                 f"Network follow reciprocity {overall_text}; accounts per band: "
                 + ", ".join(f"{lab} {v:,}" for lab, v in zip(labels, values)) + ".",
                 ("follow reciprocity", "accounts"), tuple(zip(labels, values)), fig, 360)


def ways_of_use(req: ChartRequest) -> Chart:
    scored = chart_sample(req.report, ("class", "handle", "consumer_score",
                                       "reciprocator_score", "broadcaster_score", "id"),
                          measured=("consumer_score",))
    rows = [r for r in scored if r[0] in CLASSES]  # the chart places accounts by way of use
    if not scored:
        return not_drawn("ways-of-use", "Ways of use as scores",
                         "the scores need posts, whom each account follows and whether its "
                         "ties are returned (follows both ways, or interactions received), "
                         "and this snapshot lacks some of them.")
    if not rows:
        return not_drawn("ways-of-use", "Ways of use as scores",
                         "the only accounts with scores are unclassified, and the chart "
                         "places accounts by their way of use.")
    traces = []
    for klass in CLASSES:
        mine = [r for r in rows if r[0] == klass and sum(r[2:5]) > 0]
        traces.append({
            "type": "scatterternary", "mode": "markers", "name": klass,
            "a": [r[2] for r in mine], "b": [r[3] for r in mine], "c": [r[4] for r in mine],
            "text": [plot_text(label(r[1], r[5])) for r in mine],
            "marker": {"color": CLASS_COLORS[klass], "size": 6, "opacity": 0.7},
            "hovertemplate": "%{text}<br>consumer %{a:.3f}, reciprocator %{b:.3f}, "
                             "broadcaster %{c:.3f}<extra>" + klass + "</extra>"})
    fig = figure_json(traces, {"ternary": {"aaxis": axis("consumer"),
                                           "baxis": axis("reciprocator"),
                                           "caxis": axis("broadcaster")}})
    counts = {c: sum(1 for r in rows if r[0] == c) for c in CLASSES}
    return Chart("ways-of-use", "Ways of use as scores",
                 "Each account's consumer, reciprocator and broadcaster scores "
                 "(dormant accounts sit near the consumer corner).",
                 "Accounts with scores, per class: "
                 + ", ".join(f"{c} {counts[c]:,}" for c in CLASSES) + ".",
                 ("way of use", "accounts"), tuple((c, counts[c]) for c in CLASSES), fig, 480)


def class_by_attribute(req: ChartRequest) -> Chart:
    snapshot = req.report.snapshot
    attribute = req.option("attribute") or (snapshot.attributes[0] if snapshot.attributes
                                            else None)
    if not snapshot.attributes:
        raise ContentError(f"snapshot {snapshot.name} has no account attributes (columns such "
                           "as age_band in accounts)")
    if attribute not in snapshot.attributes:
        valid = ", ".join(snapshot.attributes)
        raise ContentError(f"no account attribute '{attribute}' (valid: {valid})")
    rows = classes_by_attribute(req.report, attribute)
    groups = sorted({g for g, _, _ in rows}, key=group_order)
    counts = {(g, c): n for g, c, n in rows}
    shown = labels_in(req.report.network.classes)
    sizes = {g: sum(counts.get((g, c), 0) for c in shown) for g in groups}
    small = req.report.settings.min_group_size
    bars = GroupBars(tuple(f"{plot_text(g)} (n={sizes[g]:,}{', small' if sizes[g] < small else ''})"
                           for g in groups))
    traces = [bars.trace([100 * counts.get((g, klass), 0) / sizes[g] for g in groups],
                         name=klass, marker={"color": CLASS_COLORS[klass]},
                         hovertemplate=bars.hover("%{group}: %{value:.0f}%<extra>" + klass
                                                  + "</extra>"))
              for klass in shown]
    fig = figure_json(traces, {"barmode": "stack", **bars.layout(
        axis(plot_text(attribute)), axis("% of group", range=[0, 100], ticksuffix="%"))})
    table = tuple((g, sizes[g], *(counts.get((g, c), 0) for c in shown)) for g in groups)
    return Chart(f"class-by-{slugify(attribute)}", f"Ways of use by {attribute}",
                 f"Share of each way of use within each {attribute} group; groups under "
                 f"{small} accounts are marked small.",
                 f"Groups by {attribute}: " + "; ".join(
                     f"{isolated(g)} n={sizes[g]:,}, " + ", ".join(
                         f"{c} {_percent(counts.get((g, c), 0), sizes[g])}" for c in shown)
                     for g in groups) + ".",
                 (attribute, "accounts", *shown), table, fig, bars.height())


def class_mix_over_time(req: ChartRequest) -> Chart:
    unlike = incomparable_steps(req.reports)
    if unlike:
        return not_drawn("class-mix-over-time", "Ways of use over time",
                         "the snapshots measure different things (" + "; ".join(unlike)
                         + "), so their ways of use cannot be compared.")
    names = [r.snapshot.name for r in req.reports]
    # the ways of use every snapshot can tell (comparable snapshots measure the same)
    shown = labels_in({k: None if any(r.network.classes[k] is None for r in req.reports)
                       else sum(r.network.classes[k] for r in req.reports)
                       for k in req.reports[0].network.classes})
    traces = [{"type": "scatter", "name": klass, "mode": "lines+markers", "stackgroup": "one",
               "x": [plot_text(n) for n in names],
               "y": [r.network.classes[klass] for r in req.reports],
               "line": {"color": CLASS_COLORS[klass]},
               "hovertemplate": "%{x}: %{y:,}<extra>" + klass + "</extra>"} for klass in shown]
    fig = figure_json(traces, {"xaxis": axis("snapshot", type="category"),
                               "yaxis": count_axis("accounts")})
    rows = tuple((r.snapshot.name, *(r.network.classes[c] for c in shown))
                 for r in req.reports)
    return Chart("class-mix-over-time", "Ways of use over time",
                 "Accounts in each way of use, snapshot by snapshot.",
                 "By snapshot: " + "; ".join(
                     f"{row[0]}: " + ", ".join(f"{c} {n:,}" for c, n in zip(shown, row[1:]))
                     for row in rows) + ".",
                 ("snapshot", *shown), rows, fig)


def incomparable_steps(reports) -> list[str]:
    """For each pair of consecutive snapshots that measure different things, in words."""
    found = []
    for a, b in zip(reports, reports[1:]):
        differences = a.snapshot.coverage.differences(b.snapshot.coverage)
        if differences:
            found.append(f"{a.snapshot.name} to {b.snapshot.name}: "
                         f"{differences_text(differences)}")
    return found


CHARTS = {
    "class-mix": class_mix,
    "followers-following": followers_following,
    "reciprocity-distribution": reciprocity_distribution,
    "ways-of-use": ways_of_use,
    "class-by-attribute": class_by_attribute,
    "class-mix-over-time": class_mix_over_time,
    **SERIES_CHARTS,
    **PURPOSE_CHARTS,
}


def build_chart(name: str, request: ChartRequest) -> Chart:
    """Build a chart by name; an unknown name lists the valid ones."""
    if name not in CHARTS:
        raise ContentError(f"unknown chart '{name}' (valid: {', '.join(sorted(CHARTS))})")
    return CHARTS[name](request)


def chart_to_dict(chart: Chart) -> dict:
    """A chart as plain data, for the build cache."""
    return asdict(chart)


def chart_from_dict(data: dict) -> Chart:
    return Chart(**{**data, "headers": tuple(data["headers"]),
                    "rows": tuple(tuple(r) for r in data["rows"])})
