"""Charts of change and activity: transitions, growth, the follower audit, amplification,
the weekly rhythm and reciprocity by group. They read ``ChartRequest.analysis`` (typed
results of sitegen.analysis.pipeline) and, for one account's history, the query API."""

from __future__ import annotations

from sitegen.analysis.activity import Activity
from sitegen.analysis.classify import CLASSES
from sitegen.analysis.over_time import OverTime
from sitegen.analysis.queries import account_path, find_published, published_id
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
    stacked_panels,
)
from sitegen.errors import ContentError
from sitegen.handles import isolated, shown
from sitegen.slugs import slugify
from sitegen.snapshots.coverage import differences_text

PSEUDO_COLORS = {"joined": "#8c6d1f", "left": "#5b5b5b"}
BELOW = {"orientation": "h", "y": -0.25}  # legend under the chart
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _over_time(req: ChartRequest) -> OverTime:
    over_time = req.analysis.over_time if req.analysis else None
    if over_time is None:
        raise ContentError("this chart needs a series: at least two snapshots")
    return over_time


def _activity(req: ChartRequest) -> Activity:
    return req.analysis.activity[req.report.snapshot.name]


def class_transitions(req: ChartRequest) -> Chart:
    """A Sankey diagram: accounts flowing between ways of use, snapshot to snapshot."""
    every = _over_time(req).transitions
    steps = [t for t in every if t.step.comparable]
    apart = [t for t in every if not t.step.comparable]
    left_out = [f"{t.step.before} to {t.step.after} ({_why_not_compared(t.step)})"
                for t in apart]
    # (snapshots of one network that measure different things, else: not one network)
    measures = all(t.step.differences for t in apart)
    why = "measure different things" if measures else "cannot be compared"
    title = "Ways of use, snapshot to snapshot"
    if not steps:
        return not_drawn("class-transitions", title,
                         f"consecutive snapshots {why} (" + "; ".join(left_out)
                         + "), so moves between ways of use would be "
                         + ("artefacts of what was collected." if measures
                            else "no changes of one network."))
    nodes: dict[tuple[str, str], int] = {}

    def node(snapshot: str, klass: str) -> int:
        return nodes.setdefault((snapshot, klass), len(nodes))

    links, rows = ([], [], []), []
    for t in steps:
        before, after = t.step.before, t.step.after
        for move in t.counts:
            source = node(after if move.from_class == "joined" else before, move.from_class)
            target = node(after, move.to_class)
            for column, value in zip(links, (source, target, move.accounts)):
                column.append(value)
            rows.append((before, after, move.from_class, move.to_class, move.accounts))
    labels = [f"{klass} ({plot_text(snapshot)})" for snapshot, klass in nodes]
    colors = [CLASS_COLORS.get(k, PSEUDO_COLORS.get(k, "#999")) for _, k in nodes]
    fig = figure_json([{"type": "sankey", "arrangement": "snap",
                        "node": {"label": labels, "color": colors, "pad": 12},
                        "valueformat": ",",
                        "link": {"source": links[0], "target": links[1], "value": links[2],
                                 "color": "rgba(127, 127, 127, 0.35)"}}],
                      {})
    moved = sum(n for *_, a, b, n in rows if a != b)
    skipped = (f" Left out, as the snapshots {why}: " + "; ".join(left_out)
               + ".") if left_out else ""
    return Chart("class-transitions", title,
                 "Accounts flowing between ways of use from one snapshot to the next "
                 "(joined: new in the data; left: gone from it)." + skipped,
                 f"{moved:,} account moves between ways of use over {len(steps)} steps.",
                 ("from snapshot", "to snapshot", "from", "to", "accounts"), tuple(rows), fig,
                 520)


def _why_not_compared(step) -> str:
    """Why a step's moves between ways of use are not shown, in words."""
    apart = "no account in common: not one network over time" if step.shared == 0 else ""
    if step.differences:
        return "; ".join(filter(None, [differences_text(step.differences), apart]))
    return apart


def growth(req: ChartRequest) -> Chart:
    """Accounts and follows per snapshot, with the accounts that joined and left."""
    steps = _over_time(req).growth
    names = [steps[0].step.before, *(g.step.after for g in steps)]
    accounts = [steps[0].accounts_before, *(g.accounts_after for g in steps)]
    follows = [steps[0].follows_before, *(g.follows_after for g in steps)]
    # who joined or left before the first snapshot was not observed: no bar, not 0
    joined = [None, *(g.joined for g in steps)]
    left = [None, *(-g.left for g in steps)]
    fig = _growth_figure([plot_text(n) for n in names], accounts, follows, joined, left)
    rows = tuple((n, a, f, j, None if x is None else -x)
                 for n, a, f, j, x in zip(names, accounts, follows, joined, left))
    return Chart("growth", "Growth of the network",
                 "Accounts and follow edges in each snapshot, each on a scale of its own (no "
                 "point where a snapshot has no follow edges); bars show the accounts that "
                 "joined the data (up) and left it (down) since the snapshot before.",
                 "By snapshot: " + "; ".join(
                     f"{n}: {a:,} accounts, {_count(f)} follows, "
                     + ("joined and left not measured (the first snapshot)" if j is None
                        else f"{j:,} joined, {x:,} left") for n, a, f, j, x in rows) + ".",
                 ("snapshot", "accounts", "follows", "joined", "left"), rows, fig,
                 560 if any(f is not None for f in follows) else 400)


def _count(value: int | None) -> str:
    return "not measured" if value is None else f"{value:,}"


def _growth_figure(x: list[str], accounts: list, follows: list, joined: list,
                   left: list) -> str:
    """Small multiples: accounts (hundreds), follows (tens of thousands) and the accounts
    that joined or left (tens), each on a scale of its own over one snapshot axis."""
    panels = [("accounts", accounts, "#3b6fb6")]
    if any(f is not None for f in follows):  # else no snapshot has follow edges: no panel
        panels.append(("follows", follows, "#2e8540"))
    traces = [{"type": "scatter", "mode": "lines+markers", "name": name, "x": x, "y": values,
               "yaxis": f"y{i + 1 if i else ''}", "line": {"color": color},
               "hovertemplate": "%{x}: %{y:,} " + name + "<extra></extra>"}
              for i, (name, values, color) in enumerate(panels)]
    traces += [{"type": "bar", "name": name, "x": x, "y": values,
                "yaxis": f"y{len(panels) + 1}",
                "customdata": [None if v is None else abs(v) for v in values],
                "marker": {"color": PSEUDO_COLORS[name]},
                "hovertemplate": "%{x}: %{customdata:,} " + name + "<extra></extra>"}
               for name, values in (("joined", joined), ("left", left))]
    layout = stacked_panels([name for name, _, _ in panels] + ["joined (up), left (down)"])
    return figure_json(traces, {**layout, "barmode": "relative", "legend": BELOW})


def _audited_account(req: ChartRequest) -> tuple[str, str | None]:
    """(id, handle or None) of the account asked for, else of the highest-scoring flag."""
    wanted = req.option("account")
    if wanted is None:
        flags = _over_time(req).audit
        if not flags:
            raise ContentError("the follower audit flagged no account; name one with "
                               "account=HANDLE")
        wanted = flags[0].account
    # by published id in the snapshot asked for, else in the newest holding it (an account
    # flagged over an earlier step may have left the data since); only then as a name (a
    # handle in the latest snapshot must not stand for an older snapshot's id)
    reports = [req.report, *(r for r in reversed(req.reports) if r is not req.report)]
    found = (next(filter(None, (published_id(r, wanted) for r in reports)), None)
             or next(filter(None, (find_published(r, wanted) for r in reports)), None))
    if found is None:
        raise ContentError(f"no account '{wanted}' in any snapshot")
    return found


def audience_and_engagement(req: ChartRequest) -> Chart:
    """One account's followers against the engagement it received, snapshot by snapshot."""
    _over_time(req)
    account_id, handle = _audited_account(req)
    chart_id = f"audience-{slugify(handle or account_id, 'account')}"
    named = isolated(shown(handle, account_id))  # (a direction control stays inside)
    path = account_path(req.report, account_id)
    names = [p.snapshot for p in path]
    followers = [p.followers for p in path]
    engagement = [p.engagement for p in path]
    if all(f is None for f in followers) or all(e is None for e in engagement):
        return not_drawn(chart_id, f"{named}: audience and engagement",
                         "it needs followers (follow edges or profile counts) and the replies, "
                         "reposts and quotes received (interactions), and the snapshots lack "
                         "one or both.")
    # one axis from zero: a jump in followers beside flat engagement looks like what it is
    x = [plot_text(n) for n in names]
    fig = figure_json([
        {"type": "scatter", "mode": "lines+markers", "name": "followers", "x": x,
         "y": followers, "line": {"color": "#3b6fb6"},
         "hovertemplate": "%{x}: %{y:,} followers<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "name": "engagement received",
         "x": x, "y": engagement, "line": {"color": "#c0392b", "dash": "dot"},
         "hovertemplate": "%{x}: %{y:,} received<extra></extra>"}],
        {"xaxis": axis("snapshot", type="category"),
         "yaxis": count_axis("followers, or events received"),
         "legend": BELOW})
    present = {p.snapshot for p in path if p.klass is not None}
    rows = tuple((n, _shown(f, n in present), _shown(e, n in present))
                 for n, f, e in zip(names, followers, engagement))
    return Chart(chart_id, f"{named}: audience and engagement",
                 "Followers against replies, reposts and quotes received, on one scale: bought "
                 "followers add to the first and not to the second.",
                 f"{named} by snapshot: " + "; ".join(
                     f"{n}: {_grouped(f)} followers, {_grouped(e)} engagement"
                     for n, f, e in rows) + ".",
                 ("snapshot", "followers", "engagement received"), rows, fig, 380)


def _grouped(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _shown(value, present: bool):
    if not present:
        return "absent"
    return "not measured" if value is None else value


def amplification(req: ChartRequest) -> Chart:
    """How far reposts carry: accounts reached at each repost depth."""
    amp = _activity(req).amplification
    if not amp.measured:
        return not_drawn("amplification", "How far reposts carry",
                         "it needs reposts among the snapshot's interactions, and it has none."
                         if amp.reposts is None else
                         f"this one-sided snapshot holds only the {amp.reposts:,} reposts its "
                         "owners made: who else reposted, and so how far reposts carry, is "
                         "not in it.")
    depths = [str(d + 1) for d in range(len(amp.reach_by_depth))]
    fig = figure_json([{"type": "bar", "x": depths, "y": list(amp.reach_by_depth),
                        "marker": {"color": "#3b6fb6"},
                        "hovertemplate": "depth %{x}: %{y:,} accounts reached<extra></extra>"}],
                      {"xaxis": axis("repost depth", type="category"),
                       "yaxis": count_axis("accounts reached")})
    mean = "n/a" if amp.mean_reach is None else f"{amp.mean_reach:.1f}"
    # chains are followed so far and no further: one that reaches the limit may go on
    limit = req.report.settings.repost_max_depth
    deepest = f"{amp.max_depth} or more" if amp.max_depth >= limit else f"{amp.max_depth}"
    return Chart("amplification", "How far reposts carry",
                 "Accounts reached through chains of reposts (who reposted whom, in the "
                 "interactions: a chain, not a proven cascade of one post), by the number of "
                 f"repost hops, followed up to {limit}, summed over every reposted account.",
                 f"{amp.reposts:,} reposts; {amp.accounts_reposted:,} accounts reposted; "
                 f"mean reach {mean}, largest {amp.max_reach:,}, deepest chain "
                 f"{deepest}.",
                 ("repost depth", "accounts reached"),
                 tuple(zip(depths, amp.reach_by_depth)), fig, 340)


def activity_rhythm(req: ChartRequest) -> Chart:
    """When the network is active: posts and interactions by weekday and hour (UTC)."""
    rhythm = _activity(req).rhythm
    zone = rhythm.time_zone
    # a weekday the window holds no day of is not observed: a gap, not a row of zeros
    grid = [None if posts is None else [p + i for p, i in zip(posts, acts)]
            for posts, acts in zip(rhythm.posts, rhythm.interactions)]
    if not any(any(row) for row in grid if row):
        return not_drawn("activity-rhythm", "When the network is active",
                         "it needs posts or interactions with a time of day, and this snapshot "
                         "has none (dates alone have no hour).")
    fig = figure_json([{"type": "heatmap", "z": [row or [None] * 24 for row in grid],
                        "x": list(range(24)), "y": list(WEEKDAYS),
                        "colorscale": [[0, "#f3f6fb"], [1, "#1a4f95"]],
                        "hovertemplate": "%{y} %{x}:00: %{z:,} events<extra></extra>"}],
                      {"xaxis": axis(f"hour of day ({plot_text(zone)})", dtick=3),
                       "yaxis": axis("", autorange="reversed")})
    totals = [None if row is None else sum(row) for row in grid]
    hours = [sum(row[h] for row in grid if row) for h in range(24)]
    busiest_hour = hours.index(max(hours))
    unobserved = [WEEKDAYS[d] for d in rhythm.unobserved]
    if unobserved:  # a window shorter than a week: no day can be called the busiest
        days = (f"the snapshot's window holds no {', '.join(unobserved)}: those days are not "
                "observed, and no day is called the busiest")
    elif not rhythm.every_day_whole:
        days = "the window holds some weekdays only in part: no day is called the busiest"
    else:  # per day of the window on each weekday: a month holds some of them five times
        seen = rhythm.days_seen or (1,) * len(WEEKDAYS)
        per_day = [t / n for t, n in zip(totals, seen)]
        days = f"busiest day {WEEKDAYS[per_day.index(max(per_day))]}" + (
            " (events per day of the window on it)" if rhythm.days_seen else "")
    return Chart("activity-rhythm", "When the network is active",
                 "Posts and interactions with a time of day, by day of the week and hour of "
                 f"the day, in {zone}.",
                 f"{sum(t for t in totals if t):,} timed events; {days}; busiest hour "
                 f"{busiest_hour}:00 {zone}.",
                 ("day", "events", "busiest hour"),
                 tuple((d, t, f"{row.index(max(row))}:00" if t else "")
                       for d, t, row in zip(WEEKDAYS, totals, grid)), fig, 320)


def reciprocity_by_attribute(req: ChartRequest) -> Chart:
    """Mean follow reciprocity in each group of an attribute, small groups marked."""
    groups = _activity(req).groups
    attributes = sorted({g.attribute for g in groups})
    attribute = req.option("attribute") or (attributes[0] if attributes else None)
    mine = [g for g in groups if g.attribute == attribute]
    if not mine:
        valid = ", ".join(attributes) or "none in this snapshot"
        raise ContentError(f"no account attribute '{attribute}' (valid: {valid})")
    mine.sort(key=lambda g: group_order(g.value))
    if all(g.mean_follow_reciprocity is None for g in mine):
        return not_drawn(f"reciprocity-by-{slugify(attribute)}", f"Reciprocity by {attribute}",
                         req.report.snapshot.coverage.follow_gap("ties") + ".")
    bars = GroupBars(tuple(f"{plot_text(g.value or '(none)')} (n={g.size:,}"
                           f"{', small' if g.small else ''})" for g in mine))
    trace = bars.trace([g.mean_follow_reciprocity for g in mine],
                       marker={"color": ["#bbbbbb" if g.small else "#2e8540" for g in mine]},
                       hovertemplate=bars.hover("%{group}: %{value:.3f}<extra></extra>"))
    fig = figure_json([trace], bars.layout(axis(plot_text(attribute)), axis(
        "mean follow reciprocity", range=[0, 1], hoverformat=".3f")))
    rows = tuple((g.value or "(none)", g.size, "yes" if g.small else "no",
                  "n/a" if g.mean_follow_reciprocity is None
                  else f"{g.mean_follow_reciprocity:.3f}",
                  *(g.classes.get(c, 0) for c in CLASSES)) for g in mine)
    return Chart(f"reciprocity-by-{slugify(attribute)}", f"Reciprocity by {attribute}",
                 f"Mean follow reciprocity of each {attribute} group; grey bars are groups "
                 "too small to compare.",
                 f"By {attribute}: " + "; ".join(f"{isolated(r[0])} n={r[1]:,} {r[3]}"
                                                 for r in rows)
                 + ".",
                 (attribute, "accounts", "small group", "mean follow reciprocity", *CLASSES),
                 rows, fig, bars.height())


SERIES_CHARTS = {
    "class-transitions": class_transitions,
    "growth": growth,
    "audience-engagement": audience_and_engagement,
    "amplification": amplification,
    "activity-rhythm": activity_rhythm,
    "reciprocity-by-attribute": reciprocity_by_attribute,
}
