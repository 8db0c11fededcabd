"""Sites built from snapshots that hold only part of the data: say only what is measured.

Tiny hand-made projects are built for real in tmp_path, then their HTML and open data read:

- follows alone: posts and interactions are "not measured" (never 0), the coverage paragraph
  says what the snapshot holds, charts that need activity are "Not drawn:" with no plot data,
  and every account's reason starts with "from follows alone";
- interactions alone (no accounts.csv): no account is a broadcaster anywhere, the follow charts
  are not drawn, and accounts.json carries its coverage and null followers;
- two snapshots measuring different things: no transitions and no class mix over time;
- a post embedding a chart that is not drawn: a warning at the post's line, not an error;
- the ``unclassified`` class page exists exactly when some account is unclassified;
- text from the data (an attribute column's name) stays escaped on these new paths.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_support import PageProblems, browser_test, chromium, serve
from conftest import dedent, write_tree
from test_site_build import SNAPSHOT as COMPLETE_SNAPSHOT
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.config import load_config
from sitegen.site.build import build_site

Files = dict[str, str | bytes]

SETTINGS = """
    site:
      title: Partial data
      url: https://user.github.io/report/
      account_pages: 20
"""

# Follows alone: no posts, no interactions, no profile counts.
#   hub    followed by a, b, c, follows nobody: audience ratio 3       -> broadcaster
#   p, q   follow each other: follow reciprocity 1                     -> reciprocators
#   a, b, c follow hub only                                            -> unclassified
FOLLOWS_ACCOUNTS = """
    id,handle
    hub,hub
    p,pat
    q,quinn
    a,ann
    b,bob
    c,cleo
"""
FOLLOWS = """
    follower,followed
    a,hub
    b,hub
    c,hub
    p,q
    q,p
"""
RHYTHM_POST = """
    ---
    title: Rhythm
    date: 2024-04-01
    ---
    When is the network active?

    [[chart:activity-rhythm]]
"""
RHYTHM_SOURCE = "content/posts/2024-04-01-rhythm.md"
RHYTHM_LINE = 7  # the line of [[chart:activity-rhythm]] in RHYTHM_POST

FOLLOWS_ONLY: Files = {
    "sitegen.yml": SETTINGS,
    "content/snapshots/2024-03/accounts.csv": FOLLOWS_ACCOUNTS,
    "content/snapshots/2024-03/follows.csv": FOLLOWS,
    RHYTHM_SOURCE: RHYTHM_POST,
}

# Interactions alone, no accounts.csv: the accounts are those the interactions name.
# star receives from everyone and answers u only: a would-be broadcaster with no audience
# measured; big gives a lot and receives nothing.
INTERACTIONS_ONLY: Files = {
    "sitegen.yml": SETTINGS,
    "content/snapshots/2024-03/interactions.csv": """
        source,target,kind,at,count
        u,star,reply,2024-02-20T09:00:00,2
        v,star,reply,2024-02-20T10:00:00,1
        w,star,like,2024-02-21T11:00:00,4
        big,star,repost,2024-02-22T12:00:00,1
        big,v,reply,2024-02-22T12:30:00,5
        star,u,reply,2024-02-23T08:15:00,3
        u,v,mention,2024-02-24T19:45:00,1
    """,
}

# Two snapshots: follows alone, then follows with posts and interactions.
SERIES: Files = {
    "sitegen.yml": SETTINGS,
    "content/snapshots/2024-03/accounts.csv": FOLLOWS_ACCOUNTS,
    "content/snapshots/2024-03/follows.csv": FOLLOWS,
    "content/snapshots/2024-04/accounts.csv": FOLLOWS_ACCOUNTS,
    "content/snapshots/2024-04/follows.csv": FOLLOWS + "    a,p\n    p,a\n",
    "content/snapshots/2024-04/posts.csv": """
        author,at
        hub,2024-03-20T08:00:00
        hub,2024-03-21T08:00:00
        hub,2024-03-22T08:00:00
        p,2024-03-22T09:00:00
    """,
    "content/snapshots/2024-04/interactions.csv": """
        source,target,kind,at
        p,q,reply,2024-03-22T10:00:00
        q,p,reply,2024-03-22T11:00:00
        p,a,reply,2024-03-23T10:00:00
        a,hub,repost,2024-03-23T11:00:00
    """,
}

# The scratch snapshot of tests/test_site_build.py: complete data, every account classified.
COMPLETE: Files = {
    "sitegen.yml": SETTINGS,
    "content/snapshots/riverside-2024-03.yml": COMPLETE_SNAPSHOT,
}

HOSTILE = "<b onmouseover=x>"  # an attribute column's name: an unknown column, values repeat
ESCAPED = html.escape(HOSTILE, quote=False)
HOSTILE_ACCOUNTS = f"""
    id,handle,{HOSTILE}
    hub,hub,<i>left</i>
    p,pat,<i>left</i>
    q,quinn,right
    a,ann,right
    b,bob,<i>left</i>
    c,cleo,right
"""
ESCAPE: Files = {
    "sitegen.yml": SETTINGS,
    "content/snapshots/2024-03/accounts.csv": HOSTILE_ACCOUNTS,
    "content/snapshots/2024-03/follows.csv": FOLLOWS,
}


# --------------------------------------------------------------------------------------
# Building and reading
# --------------------------------------------------------------------------------------


def build(root: Path, files: Files) -> Path:
    """Write the project and build it (no cache, so nothing is reused); return output/."""
    write_tree(root, files)
    build_site(load_config(root / "sitegen.yml"), use_cache=False)
    assert (root / "output" / "index.html").is_file()
    return root / "output"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Callable[[str, Files], Path]:
    """``built(name, files)``: the project built once per module, its output/ folder."""
    done: dict[str, Path] = {}

    def get(name: str, files: Files) -> Path:
        if name not in done:
            done[name] = build(tmp_path_factory.mktemp(name) / "project", files)
        return done[name]

    return get


@pytest.fixture
def follows_only(built) -> Path:
    return built("follows-only", FOLLOWS_ONLY)


@pytest.fixture
def interactions_only(built) -> Path:
    return built("interactions-only", INTERACTIONS_ONLY)


@pytest.fixture
def series(built) -> Path:
    return built("series", SERIES)


@pytest.fixture
def complete(built) -> Path:
    return built("complete", COMPLETE)


@pytest.fixture
def escape_site(built) -> Path:
    return built("escape", ESCAPE)


@pytest.fixture
def sitegen(restore_logging) -> Callable[..., object]:
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def read(output: Path, relative: str) -> str:
    return (output / relative).read_text("utf-8")


def html_pages(output: Path) -> dict[str, str]:
    return {
        p.relative_to(output).as_posix(): p.read_text("utf-8")
        for p in sorted(output.rglob("*.html"))
    }


def account_pages(output: Path) -> dict[str, str]:
    """accounts/<slug>/index.html of every account that has a page (not the index)."""
    return {
        name: text
        for name, text in html_pages(output).items()
        if re.fullmatch(r"accounts/[^/]+/index\.html", name)
    }


def text_of(fragment: str) -> str:
    """The text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def figures(page: str) -> dict[str, tuple[bool, str]]:
    """Chart figures of a page by id (``figure-NAME-SNAPSHOT``): (drawn, inner HTML)."""
    found = re.findall(
        r'<figure class="([^"]*)" id="figure-([^"]+)">(.*?)</figure>', page, flags=re.S
    )
    return {fid: ("chart-missing" not in cls.split(), inner) for cls, fid, inner in found}


def plot_scripts(page: str) -> set[str]:
    """The chart ids that have plot data (a ``chart-data`` script) on a page."""
    return set(re.findall(r'<script type="application/json" class="chart-data" '
                          r'data-target="([^"]+)"', page))


def assert_not_drawn(page: str, chart_id: str, *says: str) -> str:
    """The chart is a "Not drawn:" figure without plot data; return its caption's text."""
    shown = figures(page)
    assert chart_id in shown, sorted(shown)
    drawn, inner = shown[chart_id]
    caption = text_of(inner)
    assert not drawn, caption
    assert "Not drawn:" in caption
    assert 'class="chart-data"' not in inner and "chart-plot" not in inner
    assert chart_id not in plot_scripts(page)
    for words in says:
        assert words in caption, caption
    return caption


def assert_drawn(page: str, chart_id: str) -> None:
    shown = figures(page)
    assert chart_id in shown, sorted(shown)
    drawn, inner = shown[chart_id]
    assert drawn and "Not drawn" not in inner, text_of(inner)
    assert chart_id in plot_scripts(page)


def figure_list(page: str) -> dict[str, str]:
    """The ``<dl class="figures">`` entries of a page: label -> value shown."""
    return {
        text_of(dt): text_of(dd)
        for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", page, flags=re.S)
    }


def coverage_paragraph(page: str) -> str:
    found = re.findall(r'<p class="coverage">(.*?)</p>', page, flags=re.S)
    assert len(found) == 1, found
    return found[0]


def section(page: str, heading_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    assert match, heading_id
    return match[1]


def one_line(output: str) -> str:
    """Console output with its wrapping undone (rich breaks long log lines)."""
    return " ".join(output.split())


ZERO_ACTIVITY = re.compile(
    r"<dt>(Posts|Interactions|Interactions given|Interactions received)</dt>\s*<dd>0<"
    r"|(?<![\d.,])0 (interactions|posts)\b"
)


# --------------------------------------------------------------------------------------
# 1. Follows alone
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["snapshots/2024-03/index.html", "index.html"])
def test_follows_alone_posts_and_interactions_are_not_measured(follows_only, page):
    text = read(follows_only, page)
    shown = figure_list(text)
    assert shown["Accounts"] == "6" and shown["Follows"] == "5"
    for label in ("Posts", "Interactions", "Interaction reciprocity"):
        assert shown[label] == "not measured", (label, shown)
    assert "Posts</dt><dd>0" not in text
    assert ZERO_ACTIVITY.search(text) is None, ZERO_ACTIVITY.search(text)[0]


def test_follows_alone_coverage_says_what_is_measured(follows_only):
    paragraph = text_of(coverage_paragraph(read(follows_only, "snapshots/2024-03/index.html")))
    assert paragraph.startswith("What this snapshot measures: follow edges."), paragraph
    assert "Posts are not measured." in paragraph
    assert "Interactions are not measured." in paragraph
    assert "Followers and following are not measured" not in paragraph  # the edges give them
    assert "profile counts" not in paragraph


def test_follows_alone_charts_that_need_activity_are_not_drawn(follows_only):
    page = read(follows_only, "snapshots/2024-03/index.html")
    assert_not_drawn(page, "activity-rhythm-2024-03", "time of day")
    assert_not_drawn(page, "amplification-2024-03", "reposts")
    assert_not_drawn(page, "ways-of-use-2024-03", "posts")
    for chart in ("class-mix", "reciprocity-distribution", "followers-following"):
        assert_drawn(page, f"{chart}-2024-03")
    home = read(follows_only, "index.html")
    for chart in ("class-mix", "reciprocity-distribution"):
        assert_drawn(home, f"{chart}-2024-03")


def test_follows_alone_every_reason_says_so(follows_only):
    pages = account_pages(follows_only)
    assert len(pages) == 6, sorted(pages)
    for name, page in pages.items():
        reasons = re.findall(r'<p class="reason">(.*?)</p>', page, flags=re.S)
        assert len(reasons) == 1, name
        why = text_of(reasons[0])
        assert why.startswith("Why: from follows alone"), (name, why)
        assert ZERO_ACTIVITY.search(page) is None, name
        shown = figure_list(page)
        assert shown["Posts"] == shown["Interactions given"] == "not measured", name
    hub = text_of(read(follows_only, "accounts/hub/index.html"))
    assert "broadcaster in 2024-03" in hub


def test_follows_alone_class_pages_claim_no_activity(follows_only):
    """The class pages describe what the follows show, not reading, replying or transmitting
    (found on email-Eu-core: "reciprocator accounts share, repost, reply and follow back")."""
    for klass, words in (("reciprocator", "have most of their follows returned"),
                         ("broadcaster", "are followed by many more accounts than they follow"),
                         ("consumer", "follow many accounts and are followed by few")):
        lead = text_of(read(follows_only, f"classes/{klass}/index.html").split(
            '<p class="lead">')[1].split("</p>")[0])
        assert words in lead and "is not measured" in lead, (klass, lead)
        assert not any(w in lead for w in ("repost", "transmit", "and read", "rarely post")), lead


def test_follows_alone_open_data_has_nulls_not_zeros(follows_only):
    doc = json.loads(read(follows_only, "data/2024-03/accounts.json"))
    assert doc["coverage"]["follows"] is True
    assert doc["coverage"]["posts"]["measured"] is False
    assert doc["network"]["posts"] is None and doc["network"]["interactions"] is None
    assert len(doc["accounts"]) == 6
    for account in doc["accounts"]:
        assert (account["posts"], account["given"], account["received"]) == (None, None, None)
        assert account["reason"].startswith("from follows alone"), account


# --------------------------------------------------------------------------------------
# 2. Interactions alone
# --------------------------------------------------------------------------------------


def test_interactions_alone_no_broadcaster_anywhere(interactions_only):
    pages = html_pages(interactions_only)
    for name, page in pages.items():
        # a way of use is shown as a badge in tables and at the top of account pages
        assert '<td><span class="badge badge-broadcaster">' not in page, name
    accounts = account_pages(interactions_only)
    assert len(accounts) == 5, sorted(accounts)
    for name, page in accounts.items():
        assert "badge-broadcaster" not in page, name
    # no rule can tell a broadcaster without an audience: no page saying "0 accounts", the
    # class mix names it as not measured, with why
    assert "classes/broadcaster/index.html" not in pages
    assert not any('href="/report/classes/broadcaster/"' in page for page in pages.values())
    mix = text_of(pages["snapshots/2024-03/index.html"])
    assert "not measured with this data: consumer (" in mix
    assert "broadcaster (a broadcaster is told by its audience" in mix
    star = text_of(pages["accounts/star/index.html"])
    assert "unclassified in 2024-03" in star and "audience not measured" in star


def test_interactions_alone_ranks_by_interactions_received(interactions_only):
    """No followers in the data: the snapshot's "top" list is of the accounts that received
    the most interactions, and says so (it was "the 20 most followed", the first ids)."""
    page = read(interactions_only, "snapshots/2024-03/index.html")
    top = section(page, "top-accounts")
    assert "Most interacted with accounts" in text_of(top) and "followed" not in top
    # received: star 8 (2 + 1 + 4 + 1), v 6, u 3, then big and w with none, by id; the data
    # gives no handles: each is named by its id, never as a handle ("@star")
    shown = re.findall(r'<tr><td><bdi[^>]*>(?:<a [^>]*>)?([^<]+)<', top)
    assert shown == ["id star", "id v", "id u", "id big", "id w"], shown


def test_accounts_without_a_handle_are_named_by_id_never_as_a_handle(interactions_only):
    """The data gives no handles (SNAP's networks give numbers only): an id is not a handle,
    so no page shows "@star", and no download says "star" is its handle."""
    ids = ["big", "star", "u", "v", "w"]
    page = read(interactions_only, "accounts/star/index.html")
    assert re.search(r"<h1>([^<]*)</h1>", page)[1] == "id star"
    assert "<title>id star" in page
    with (interactions_only / "data/2024-03/accounts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["id"] for r in rows) == ids and {r["handle"] for r in rows} == {""}
    accounts = json.loads(read(interactions_only, "data/2024-03/accounts.json"))["accounts"]
    assert {a["handle"] for a in accounts} == {None}
    gexf = read(interactions_only, "data/2024-03/follows.gexf") if (
        interactions_only / "data/2024-03/follows.gexf").exists() else ""
    assert "@" not in gexf
    index, handles = table_rows(interactions_only, "2024-03")
    chunk = json.loads(read(interactions_only, "data/2024-03/table/" + index["chunks"][0]["file"]))
    assert sorted(handles) == ids and chunk["bare_rows"] == list(range(len(ids)))
    for name, text in html_pages(interactions_only).items():
        assert not re.search(r"@(big|star|u|v|w)\b", text_of(text)), name


def table_rows(output: Path, snapshot: str) -> tuple[dict, list[str]]:
    """The accounts table's index and its handles in the table's own order."""
    folder = output / "data" / snapshot / "table"
    index = json.loads((folder / "index.json").read_text("utf-8"))
    handles = [h for c in index["chunks"]
               for h in json.loads((folder / c["file"]).read_text("utf-8"))["handle"]]
    return index, handles


def test_interactions_alone_table_starts_with_the_most_interacted_with(interactions_only):
    """The accounts table's first rows are the accounts the snapshot ranks first, not the
    "most followed" by followers nobody measured (that was id order); the index says which
    column the rows follow, and the page's caption says it in words."""
    index, handles = table_rows(interactions_only, "2024-03")
    assert handles == ["star", "v", "u", "big", "w"], handles
    assert index["sorted_by"] == "received" and "followers" not in index["order"]
    caption = re.search(r"<caption>(.*?)</caption>", read(interactions_only,
                                                           "accounts/index.html"), re.S)[1]
    assert "most interacted with first" in caption, caption


@browser_test
def test_interactions_alone_table_in_a_browser(interactions_only):
    """In chromium: the rows come in the table's order, its "Received" heading says it is
    sorted so (most first), and a click on it turns the order round."""
    with serve(interactions_only, "/report") as url, chromium() as context:
        page = context.new_page()
        problems = PageProblems(page)
        page.goto(url + "accounts/", wait_until="load")
        page.wait_for_function("() => document.querySelector('#accounts-table')"
                               ".getAttribute('aria-busy') === 'false'")
        cells = "#accounts-table tbody tr td:nth-child(1)"
        assert page.locator(cells).all_inner_texts() == ["id star", "id v", "id u", "id big",
                                                         "id w"]  # ids: the data has no handles
        received = page.locator("#accounts-table th:has(button[data-key='received'])")
        assert received.get_attribute("aria-sort") == "descending"
        received.locator("button").click()
        assert received.get_attribute("aria-sort") == "ascending"
        shown = page.locator(cells).all_inner_texts()  # fewest first: big and w received none
        assert shown[-1] == "id star" and set(shown[:2]) == {"id big", "id w"}, shown
        assert problems.take() == []


def test_follows_alone_table_starts_with_the_most_followed(follows_only):
    index, handles = table_rows(follows_only, "2024-03")
    assert index["sorted_by"] == "followers"
    # hub 3 followers, p and q one each, a, b, c none: ties by id
    assert handles == ["hub", "pat", "quinn", "ann", "bob", "cleo"], handles


def test_interactions_alone_follow_charts_are_not_drawn(interactions_only):
    page = read(interactions_only, "snapshots/2024-03/index.html")
    assert_not_drawn(page, "followers-following-2024-03", "follow edges")
    assert_not_drawn(page, "reciprocity-distribution-2024-03", "follow edges")
    assert_not_drawn(page, "ways-of-use-2024-03")
    assert_drawn(page, "activity-rhythm-2024-03")  # the interactions have times of day
    assert_drawn(page, "class-mix-2024-03")
    shown = figure_list(page)
    assert shown["Follows"] == shown["Posts"] == shown["Follow reciprocity"] == "not measured"
    paragraph = text_of(coverage_paragraph(page))
    assert "Followers and following are not measured." in paragraph
    assert "Posts are not measured." in paragraph
    assert "follow edges" not in paragraph


def test_interactions_alone_open_data(interactions_only):
    raw = read(interactions_only, "data/2024-03/accounts.json")
    doc = json.loads(raw)
    assert "coverage" in doc
    assert doc["coverage"]["follows"] is False
    assert doc["coverage"]["interactions"]["measured"] is True
    assert doc["coverage"]["followers_from"] is None
    assert doc["network"]["classes"]["broadcaster"] is None  # no rule can tell it
    assert doc["network"]["follows"] is None and doc["network"]["reciprocity"] is None
    assert {a["id"] for a in doc["accounts"]} == {"u", "v", "w", "big", "star"}
    for account in doc["accounts"]:
        assert account["class"] != "broadcaster", account
        assert account["followers"] is None and account["following"] is None, account
        assert account["audience_ratio"] is None and account["posts"] is None, account
    csv_rows = read(interactions_only, "data/2024-03/accounts.csv").splitlines()
    assert not any(",broadcaster," in row for row in csv_rows[1:])
    # no follow graph without follows: no GEXF file, and no link to one
    assert not (interactions_only / "data/2024-03/follows.gexf").exists()
    assert "follows.gexf" not in read(interactions_only, "snapshots/2024-03/index.html")


# --------------------------------------------------------------------------------------
# 3. Two snapshots that measure different things
# --------------------------------------------------------------------------------------


def test_unlike_snapshots_are_not_compared(series):
    page = read(series, "over-time/index.html")
    for chart in ("class-transitions", "class-mix-over-time"):
        caption = assert_not_drawn(page, f"{chart}-2024-04", "measure different things")
        assert "2024-03 to 2024-04" in caption and "posts" in caption, caption
    assert_drawn(page, "growth-2024-04")  # accounts and follow edges are in both
    # no transition is drawn or counted anywhere
    for name, text in html_pages(series).items():
        assert '"type":"sankey"' not in text, name
        assert not any(t.startswith("class-transitions") for t in plot_scripts(text)), name
    moves = section(page, "moves")
    assert re.search(r"<li>[\d,]+ from \w+ to \w+</li>", moves) is None, moves
    assert "Nobody changed" not in moves
    assert "Not compared" in text_of(moves)
    home = read(series, "index.html")
    assert_not_drawn(home, "class-mix-over-time-2024-04", "measure different things")


def test_snapshots_without_an_account_in_common_are_not_compared(built):
    """Two snapshots measuring the same things, of two networks (no id in common): no moves
    between ways of use are drawn or listed, and the page says why."""
    other = {"hub": "x-hub", "a": "x-a", "b": "x-b", "c": "x-c", "p": "x-p", "q": "x-q"}

    def renamed(text: str) -> str:
        return "\n".join(",".join(other.get(v.strip(), v.strip()) for v in line.split(","))
                         for line in dedent(text).splitlines()) + "\n"

    site = built("two-networks", {
        "sitegen.yml": SETTINGS,
        "content/snapshots/2024-03/accounts.csv": FOLLOWS_ACCOUNTS,
        "content/snapshots/2024-03/follows.csv": FOLLOWS,
        "content/snapshots/2024-04/accounts.csv": renamed(FOLLOWS_ACCOUNTS),
        "content/snapshots/2024-04/follows.csv": renamed(FOLLOWS),
    })
    page = read(site, "over-time/index.html")
    caption = assert_not_drawn(page, "class-transitions-2024-04", "cannot be compared")
    assert "2024-03 to 2024-04 (no account in common" in caption, caption
    assert_drawn(page, "growth-2024-04")  # 6 accounts left, 6 joined: the data, as it is
    moves = text_of(section(page, "moves"))
    assert "Not compared: the two snapshots have no account in common" in moves, moves
    assert "Nobody changed" not in moves


def test_growth_says_not_measured_where_nothing_was_measured(built):
    """The first snapshot has no follows file and nothing came before it: its follows, and
    who joined or left before it, are not measured, in the data table and the summary (the
    no-JavaScript view of the chart), not None or 0; no bar is plotted for it."""
    files = {k: v for k, v in SERIES.items() if k != "content/snapshots/2024-03/follows.csv"}
    page = read(built("series-first-without-follows", files), "over-time/index.html")
    drawn, inner = figures(page)["growth-2024-04"]
    assert drawn
    rows = [[text_of(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", inner.split("<tbody>", 1)[1], re.S)]
    assert rows[0] == ["2024-03", "6", "not measured", "not measured", "not measured"]
    assert rows[1][:2] == ["2024-04", "6"] and all(v.isdigit() for v in rows[1][1:])
    assert "None" not in inner
    summary = text_of(re.search(r"<p>(.*?)</p>", inner.split("<details", 1)[1], re.S)[1])
    assert "2024-03: 6 accounts, not measured follows, joined and left not measured" in summary
    figure = json.loads(re.search(r'data-target="growth-2024-04">(.*?)</script>', page,
                                  re.S)[1])
    bars = [t for t in figure["data"] if t["type"] == "bar"]
    assert [t["y"][0] for t in bars] == [None, None]


# --------------------------------------------------------------------------------------
# 4. A post that embeds a chart that is not drawn
# --------------------------------------------------------------------------------------


@pytest.fixture
def rhythm_project(tmp_path, monkeypatch) -> Path:
    """The follows-only project with its post; the CLI runs from its folder."""
    root = write_tree(tmp_path / "project", FOLLOWS_ONLY)
    monkeypatch.chdir(root)
    return root


WARNING = f"{RHYTHM_SOURCE}:{RHYTHM_LINE}: chart 'activity-rhythm' is not drawn: it needs"


def test_check_warns_about_a_chart_not_drawn(rhythm_project, sitegen):
    result = sitegen("check")
    assert result.exit_code == 0, result.output
    said = one_line(result.output)
    assert WARNING in said, said
    assert "no problems found" in said
    assert "error" not in said.lower()


def test_build_warns_and_the_post_says_not_drawn(rhythm_project, sitegen):
    result = sitegen("build")
    assert result.exit_code == 0, result.output
    assert WARNING in one_line(result.output), result.output
    post = read(rhythm_project / "output", "posts/rhythm/index.html")
    assert_not_drawn(post, "activity-rhythm-2024-03", "time of day")
    assert "plotly-" not in post  # no chart on the page is drawn: no plotting library


def test_a_cached_rebuild_still_warns(rhythm_project, sitegen):
    first = sitegen("build")
    assert first.exit_code == 0 and WARNING in one_line(first.output), first.output
    again = sitegen("build")
    assert again.exit_code == 0, again.output
    assert WARNING in one_line(again.output), again.output


# --------------------------------------------------------------------------------------
# 5. The unclassified class page
# --------------------------------------------------------------------------------------

UNCLASSIFIED_LINK = 'href="/report/classes/unclassified/"'


def test_unclassified_page_when_some_account_is(follows_only):
    page = read(follows_only, "classes/unclassified/index.html")
    assert "<h1>Unclassified accounts</h1>" in page
    assert "In 2024-03, 3 accounts use the network this way." in text_of(page)
    members = section(page, "members")
    for handle in ("ann", "bob", "cleo"):
        assert f'href="/report/accounts/{handle}/">@{handle}</a>' in members
    assert "@hub" not in members
    for name, text in html_pages(follows_only).items():
        if name != "404.html":
            assert UNCLASSIFIED_LINK in text, name  # the footer's list of the ways of use
    sitemap = read(follows_only, "sitemap.xml")
    assert "/report/classes/unclassified/" in sitemap


def test_no_unclassified_page_when_every_account_is_classified(complete):
    assert not (complete / "classes" / "unclassified").exists()
    for klass in ("consumer", "reciprocator", "broadcaster", "dormant"):
        assert (complete / "classes" / klass / "index.html").is_file()
    for name, text in html_pages(complete).items():
        assert "classes/unclassified" not in text, name
        assert "badge-unclassified" not in text, name
    assert "classes/unclassified" not in read(complete, "sitemap.xml")
    doc = json.loads(read(complete, "data/riverside-2024-03/accounts.json"))
    assert doc["network"]["classes"]["unclassified"] == 0


def test_unclassified_page_does_not_give_the_broadcaster_rule(follows_only):
    rule = text_of(section(read(follows_only, "classes/unclassified/index.html"), "rule"))
    assert "A broadcaster is" not in rule, rule


def test_class_rule_from_follows_alone_does_not_claim_activity(follows_only):
    page = read(follows_only, "classes/broadcaster/index.html")
    assert "@hub" in section(page, "members")
    rule = text_of(section(page, "rule"))
    assert "A broadcaster is active" not in rule, rule


# --------------------------------------------------------------------------------------
# 6. Text from the data stays escaped
# --------------------------------------------------------------------------------------


def test_attribute_name_stays_escaped(escape_site):
    page = read(escape_site, "snapshots/2024-03/index.html")
    assert "<b onmouseover" not in page and "<i>left" not in page
    assert ESCAPED in page  # the charts by attribute name it, escaped
    paragraph = coverage_paragraph(page)
    assert "<b" not in paragraph.replace("<strong>", "").replace("</strong>", "")
    for name, text in html_pages(escape_site).items():
        assert "<b onmouseover" not in text and "<i>left" not in text, name
    raw = (escape_site / "data/2024-03/accounts.json").read_bytes()
    assert b"<b" not in raw and b"<i>" not in raw
    doc = json.loads(raw)
    assert doc["coverage"]["attributes"] == [HOSTILE]


def test_coverage_paragraph_names_the_attribute_escaped(escape_site):
    paragraph = coverage_paragraph(read(escape_site, "snapshots/2024-03/index.html"))
    assert ESCAPED in paragraph, text_of(paragraph)
