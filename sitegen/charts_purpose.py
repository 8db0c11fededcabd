"""Charts of what posts are for: the commerce/community mix by class, by attribute group and
over time (docs/method.md, "What posts are for"). Not drawn without post text."""

from __future__ import annotations

from sitegen.analysis.classify import LABELS
from sitegen.analysis.purpose import PURPOSES, PostPurposes
from sitegen.chart_base import (
    Chart,
    ChartRequest,
    GroupBars,
    axis,
    figure_json,
    group_order,
    not_drawn,
    plot_text,
)
from sitegen.errors import ContentError
from sitegen.handles import isolated
from sitegen.slugs import slugify

PURPOSE_COLORS = {"promotional": "#c0392b", "conversational": "#2e8540", "other": "#9e9e9e",
                  "unread": "#dcdcdc"}
NO_TEXT = "it needs the text of posts (a text column in posts.csv), and this snapshot has none."
ONLY_RETWEETS = ("every post with text in this snapshot is a retweet (another account's words, "
                 "not labelled).")


def _why_not(purposes: PostPurposes | None) -> str | None:
    """Why a chart of post purposes cannot be drawn (None: it can)."""
    if purposes is None or not purposes.measured:
        return NO_TEXT
    return None if purposes.labelled else ONLY_RETWEETS


def _purposes(req: ChartRequest, report=None) -> PostPurposes | None:
    report = report or req.report
    if req.analysis is None:
        return None
    return req.analysis.activity[report.snapshot.name].purposes


def _share(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def _mix_chart(chart_id: str, title: str, caption: str, groups: list[tuple[str, dict]],
               group_title: str) -> Chart:
    """Stacked bars: for each group, the share of promotional, conversational, other."""
    totals = {g: sum(c.values()) for g, c in groups}
    bars = GroupBars(tuple(f"{plot_text(g)} (n={totals[g]:,})" for g, _ in groups))
    traces = [bars.trace([_share(c.get(p, 0), totals[g]) for g, c in groups], name=p,
                         marker={"color": PURPOSE_COLORS[p]},
                         hovertemplate=bars.hover("%{group}: %{value:.0f}%<extra>" + p
                                                  + "</extra>"))
              for p in PURPOSES]
    fig = figure_json(traces, {"barmode": "stack", **bars.layout(
        axis(plot_text(group_title)), axis("% of posts with text", range=[0, 100],
                                           ticksuffix="%"))})
    rows = tuple((g, totals[g], *(c.get(p, 0) for p in PURPOSES)) for g, c in groups)
    summary = "; ".join(f"{isolated(g)}: " + ", ".join(
        f"{p} {_share(c.get(p, 0), totals[g]):.0f}%" for p in PURPOSES) + f" of {totals[g]:,}"
        for g, c in groups)
    return Chart(chart_id, title, caption, f"Posts with text by purpose: {summary}.",
                 (group_title, "posts with text", *PURPOSES), rows, fig, bars.height(360))


def commerce(req: ChartRequest) -> Chart:
    """Commerce or community: the purposes of the posts, overall and by way of use."""
    title = "Commerce or community"
    purposes = _purposes(req)
    if why := _why_not(purposes):
        return not_drawn("commerce", title, why)
    groups = [("all accounts", purposes.counts)]
    groups += [(c, purposes.by_class[c]) for c in LABELS if c in purposes.by_class]
    return _mix_chart("commerce", title,
                      "What the posts with text are for, by the rules of docs/method.md: "
                      "selling (promotional), talking (conversational) or neither, or in a "
                      "language no lexicon reads (unread); retweets are not counted; for all "
                      "accounts and for each way of use.", groups, "accounts")


def commerce_by_attribute(req: ChartRequest) -> Chart:
    snapshot = req.report.snapshot
    attribute = req.option("attribute") or (snapshot.attributes[0] if snapshot.attributes
                                            else None)
    if attribute is None:
        raise ContentError(f"snapshot {snapshot.name} has no account attributes (columns such "
                           "as age_band in accounts)")
    if attribute not in snapshot.attributes:
        raise ContentError(f"no account attribute '{attribute}' (valid: "
                           f"{', '.join(snapshot.attributes)})")
    title = f"Commerce or community by {attribute}"
    purposes = _purposes(req)
    if why := _why_not(purposes):
        return not_drawn(f"commerce-by-{slugify(attribute)}", title, why)
    groups = sorted(((g.value if g.value is not None else "(none)", g.counts)
                     for g in purposes.by_attribute if g.attribute == attribute),
                    key=lambda item: group_order(item[0]))
    return _mix_chart(f"commerce-by-{slugify(attribute)}", title,
                      f"What the posts with text of each {attribute} group are for.",
                      groups, attribute)


def commerce_over_time(req: ChartRequest) -> Chart:
    title = "Commerce or community over time"
    measured = [(r.snapshot.name, _purposes(req, r)) for r in req.reports]
    measured = [(name, p) for name, p in measured if not _why_not(p)]
    if len(measured) < 2:
        return not_drawn("commerce-over-time", title,
                         "it needs post text in at least two snapshots.")
    names = [plot_text(n) for n, _ in measured]
    traces = [{"type": "scatter", "mode": "lines+markers", "name": p, "x": names,
               "y": [_share(c.counts.get(p, 0), sum(c.counts.values())) for _, c in measured],
               "line": {"color": PURPOSE_COLORS[p]},
               "hovertemplate": "%{x}: %{y:.1f}%<extra>" + p + "</extra>"} for p in PURPOSES]
    fig = figure_json(traces, {"xaxis": axis("snapshot", type="category"),
                               "yaxis": axis("% of posts with text", range=[0, 100],
                                             ticksuffix="%")})
    rows = tuple((n, sum(c.counts.values()), *(c.counts.get(p, 0) for p in PURPOSES))
                 for n, c in measured)
    return Chart("commerce-over-time", title,
                 "The share of posts with text that sell, talk or do neither, snapshot by "
                 "snapshot.",
                 "By snapshot: " + "; ".join(
                     f"{row[0]}: promotional {_share(row[2], row[1]):.0f}%, conversational "
                     f"{_share(row[3], row[1]):.0f}% of {row[1]:,}" for row in rows) + ".",
                 ("snapshot", "posts with text", *PURPOSES), rows, fig)


PURPOSE_CHARTS = {
    "commerce": commerce,
    "commerce-by-attribute": commerce_by_attribute,
    "commerce-over-time": commerce_over_time,
}
