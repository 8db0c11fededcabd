"""Charts stay readable at real sizes: many groups, counts in the thousands, scales apart.

A seeded two-snapshot network of 1,500 accounts in 56 states (and some without a state)
with about 20,000 follows; each test reads the Plotly figure JSON the charts produce.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from sitegen.analysis.pipeline import run_analysis
from sitegen.chart_base import MANY_GROUPS, Chart, ChartRequest
from sitegen.charts import build_chart
from sitegen.config import AnalysisSettings
from sitegen.snapshots import open_db

STATES = [f"S{n:02d}" for n in range(56)]
ACCOUNTS, FOLLOWS = 1500, 20000


def write_snapshot(folder: Path, taken: str, accounts: range, seed: int) -> None:
    """A CSV snapshot: accounts with a state (every 25th without one), random follows,
    posts and replies with a time of day."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    (folder / "snapshot.yml").write_text(f"taken: {taken}\nwindow_days: 30\n", "utf-8")
    ids = list(accounts)
    rows = [f"{i},user{i},{'' if i % 25 == 0 else rng.choice(STATES)}" for i in ids]
    (folder / "accounts.csv").write_text("id,handle,state\n" + "\n".join(rows) + "\n", "utf-8")
    pairs = {(rng.choice(ids), rng.choice(ids)) for _ in range(FOLLOWS)}
    follows = [f"{a},{b}" for a, b in sorted(pairs) if a != b]
    (folder / "follows.csv").write_text("follower,followed\n" + "\n".join(follows) + "\n",
                                        "utf-8")
    day = taken[:8]
    posts = [f"{rng.choice(ids)},{day}{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00"
             for _ in range(3000)]
    (folder / "posts.csv").write_text("author,at\n" + "\n".join(posts) + "\n", "utf-8")
    replies = [f"{rng.choice(ids)},{rng.choice(ids)},reply,{day}10T12:00:00" for _ in range(3000)]
    (folder / "interactions.csv").write_text("source,target,kind,at\n" + "\n".join(replies)
                                             + "\n", "utf-8")


@pytest.fixture(scope="module")
def request_for(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    write_snapshot(folder / "2024-01", "2024-01-31", range(1, ACCOUNTS + 1), seed=1)
    write_snapshot(folder / "2024-02", "2024-02-29", range(41, ACCOUNTS + 81), seed=2)
    db = open_db("1GB")
    analysis = run_analysis(folder, db, AnalysisSettings())

    def make(**options: str) -> ChartRequest:
        return ChartRequest(analysis.reports, analysis.latest, tuple(options.items()), analysis)

    yield make
    db.close()


def chart(request_for, name: str, **options: str) -> tuple[Chart, dict]:
    built = build_chart(name, request_for(**options))
    assert built.drawn, built.missing
    return built, json.loads(built.figure_json)


@pytest.mark.parametrize("name", ["class-by-attribute", "reciprocity-by-attribute"])
def test_many_groups_lie_down_one_label_a_line(request_for, name):
    built, figure = chart(request_for, name, attribute="state")
    groups = 57  # 56 states and (none)
    assert groups > MANY_GROUPS
    for trace in figure["data"]:
        assert trace["orientation"] == "h"
        assert len(trace["y"]) == groups and "%{y}" in trace["hovertemplate"]
    yaxis = figure["layout"]["yaxis"]
    assert yaxis["automargin"] is True and yaxis["dtick"] == 1
    assert yaxis["autorange"] == "reversed"  # the first group on top
    assert built.height >= 20 * groups  # room for every label


def test_a_few_groups_stay_upright_with_room_for_labels(tmp_path):
    from sitegen.chart_base import GroupBars

    bars = GroupBars(("18-24 (n=1,204)", "25-34 (n=980)", "(none) (n=3, small)"))
    assert not bars.horizontal
    assert bars.trace([1, 2, 3])["x"][0] == "18-24 (n=1,204)"
    assert bars.layout({}, {})["xaxis"]["automargin"] is True
    assert bars.hover("%{group}: %{value:.3f}") == "%{x}: %{y:.3f}"
    assert bars.height() == 420


@pytest.mark.parametrize("name", ["class-by-attribute", "reciprocity-by-attribute"])
def test_the_none_group_comes_last(request_for, name):
    built, figure = chart(request_for, name, attribute="state")
    labels = figure["data"][0]["y"]
    assert labels[-1].startswith("(none) (n=")
    assert [label.split(" ")[0] for label in labels[:-1]] == STATES
    assert built.rows[-1][0] == "(none)"


def test_growth_gives_accounts_and_follows_scales_of_their_own(request_for):
    built, figure = chart(request_for, "growth")
    layout = figure["layout"]
    axes = {t["name"]: t.get("yaxis", "y") for t in figure["data"]}
    assert len({axes["accounts"], axes["follows"], axes["joined"]}) == 3
    assert axes["joined"] == axes["left"]
    domains = []
    for name in ("accounts", "follows", "joined"):
        key = "yaxis" + axes[name][1:]
        assert "overlaying" not in layout[key]
        assert layout[key]["tickformat"] == ","
        domains.append(layout[key]["domain"])
    for upper, lower in zip(domains, domains[1:]):  # stacked, top to bottom, apart
        assert lower[1] < upper[0]
    follows = next(t for t in figure["data"] if t["name"] == "follows")["y"]
    accounts = next(t for t in figure["data"] if t["name"] == "accounts")["y"]
    assert min(follows) > 10 * max(accounts)  # the scales this test is about
    assert re.search(r"2024-02: 1,540 accounts, \d{2},\d{3} follows, 80 joined, 40 left",
                     built.summary)


def test_growth_without_follows_has_no_follows_panel(request_for):
    from sitegen.charts_series import _growth_figure

    figure = json.loads(_growth_figure(["a", "b"], [10, 12], [None, None], [0, 3], [0, -1]))
    assert [t["name"] for t in figure["data"]] == ["accounts", "joined", "left"]
    assert "yaxis3" not in figure["layout"]
    assert figure["layout"]["xaxis"]["anchor"] == "y2"


def hover_formats(figure: dict) -> list[str]:
    return [fmt for trace in figure["data"]
            for fmt in re.findall(r"%\{[^}:]+:([^}]*)\}", trace.get("hovertemplate", ""))]


CHARTS = ["class-mix", "followers-following", "reciprocity-distribution", "ways-of-use",
          "class-mix-over-time", "class-transitions", "growth", "activity-rhythm"]


@pytest.mark.parametrize("name", CHARTS + ["class-by-attribute", "reciprocity-by-attribute"])
def test_fractions_show_at_most_three_decimals(request_for, name):
    _, figure = chart(request_for, name, **({"attribute": "state"} if "by" in name else {}))
    for fmt in hover_formats(figure):
        decimals = re.fullmatch(r",?\.(\d)f%?", fmt)
        assert fmt == "," or (decimals and int(decimals[1]) <= 3), (name, fmt)
    for key, value in figure["layout"].items():
        if key.endswith("axis") and "hoverformat" in value:
            assert value["hoverformat"] in (",", ".3f"), (name, key)


@pytest.mark.parametrize("name", CHARTS)
def test_counts_have_thousands_separators(request_for, name):
    built, figure = chart(request_for, name)
    for trace in figure["data"]:
        template = trace.get("hovertemplate", "")
        assert trace["type"] != "sankey" or trace["valueformat"] == ",", name
        # a count shown in a hover label is formatted with ',' (a heatmap's y is its rows)
        values = r"z|customdata(?:\[\d\])?" + ("" if trace["type"] == "heatmap" else "|y")
        for placeholder in re.findall(rf"%\{{({values})(:[^}}]*)?\}}", template):
            if trace["type"] != "scatterternary":
                assert placeholder[1] in (":,", ":.0f"), (name, template)
    counts = [v for k, v in figure["layout"].items() if k.startswith(("yaxis", "xaxis"))
              and v.get("title", {}).get("text") in ("accounts", "follows", "following + 1",
                                                      "followers + 1")]
    assert all(axis["tickformat"] == "," for axis in counts), name
    numbers = re.findall(r"\d[\d,]*", built.caption + " " + built.summary)
    assert all(len(n.replace(",", "")) < 4 or "," in n for n in numbers
               if not re.fullmatch(r"20\d\d", n)), (name, numbers)


def test_class_mix_counts_read_with_separators(request_for):
    built, figure = chart(request_for, "class-mix")
    assert "How the 1,540 accounts of 2024-02" in built.caption
    assert figure["data"][0]["hovertemplate"] == "%{x}: %{y:,} accounts<extra></extra>"
    assert figure["layout"]["yaxis"]["tickformat"] == ","
