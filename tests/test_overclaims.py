"""Places where the report said more than its data supports, found by a hunt on the real
networks of ../shared/data (each test fails on the code before its fix). Small hand-made
networks in the shape of that data."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import yaml
from typer.testing import CliRunner

from sitegen.cli import app

pytestmark = pytest.mark.usefixtures("restore_logging")

N = 20  # a ring: account i follows i+1 .. i+10, so every account has 10 followers


def ring(taken: str, *, window_days: int = 30, counts: dict | None = None,
         extra_followers_of_a0: int = 0, dated_replies: bool = False) -> dict:
    """20 accounts, each followed by 10 and replied to by 2; ``counts`` gives some accounts a
    profile ``followers_count``; ``extra_followers_of_a0`` more accounts follow a0; with
    ``dated_replies`` a0 also receives 10 replies dated every 3 days before ``taken``."""
    counts = counts or {}
    accounts = []
    for i in range(N):
        row = {"id": f"a{i}"}
        row["followers_count"] = counts.get(f"a{i}")
        accounts.append(row)
    follows = [{"follower": f"a{i}", "followed": f"a{(i + d) % N}"}
               for i in range(N) for d in range(1, 11)]
    have = {(f["follower"], f["followed"]) for f in follows}
    added = 0
    for i in range(1, N):
        if added < extra_followers_of_a0 and (f"a{i}", "a0") not in have:
            follows.append({"follower": f"a{i}", "followed": "a0"})
            added += 1
    day = date.fromisoformat(taken)
    interactions = [{"source": f"a{i}", "target": f"a{(i + d) % N}", "kind": "reply",
                     "at": str(day - timedelta(days=2))}
                    for i in range(N) for d in (1, 2)]
    if dated_replies:
        interactions += [{"source": f"a{10 + k % 5}", "target": "a0", "kind": "reply",
                          "at": str(day - timedelta(days=3 * (k + 1)))} for k in range(9)]
    return {"taken": taken, "window_days": window_days, "accounts": accounts,
            "follows": follows, "interactions": interactions}


def analyze(folder) -> dict:
    result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def write(folder, *snapshots: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for snap in snapshots:
        (folder / f"{snap['taken']}.yml").write_text(yaml.safe_dump(snap, sort_keys=False))


def test_audit_does_not_read_a_change_of_source_as_audience_growth(tmp_path):
    """a0's followers are counted from the edges before (no profile value: 10) and from its
    profile after (2,000, the whole platform): that is no growth of its audience. The step is
    even called comparable (another account has a profile count in both)."""
    write(tmp_path,
          ring("2024-01-01", counts={"a1": 10}),
          ring("2024-02-01", counts={"a1": 10, "a0": 2000}))
    doc = analyze(tmp_path)
    flagged = {f["account"]: f["evidence"] for f in doc["audit"]}
    assert "a0" not in flagged, flagged.get("a0")


def test_audit_does_not_compare_engagement_over_windows_of_different_length(tmp_path):
    """The same replies, the same +9 followers: with two 30-day windows a0 is not flagged;
    when the later snapshot's window is 1 day, its engagement reads 9 -> 0 and a0 is flagged
    for an audience grown without engagement, and the step is called comparable."""
    same = tmp_path / "same"
    write(same, ring("2024-01-01", dated_replies=True),
          ring("2024-02-01", extra_followers_of_a0=9, dated_replies=True))
    assert "a0" not in {f["account"] for f in analyze(same)["audit"]}  # the control

    short = tmp_path / "short"
    write(short, ring("2024-01-01", dated_replies=True),
          ring("2024-02-01", window_days=1, extra_followers_of_a0=9, dated_replies=True))
    doc = analyze(short)
    flagged = {f["account"]: f["evidence"] for f in doc["audit"]}
    step = doc["transitions"][0]
    assert "a0" not in flagged or not step["comparable"], (step, flagged.get("a0"))
    assert "a0" not in flagged, flagged.get("a0")


def test_mentions_alone_do_not_measure_engagement(tmp_path):
    """Interactions of one kind that is no engagement (mentions): engagement received is not
    measured (it read 0 for every account, and the audit said it judged them all)."""
    before, after = ring("2024-01-01"), ring("2024-02-01", extra_followers_of_a0=9)
    for snap in (before, after):
        for row in snap["interactions"]:
            row["kind"] = "mention"
    write(tmp_path, before, after)
    doc = analyze(tmp_path)
    assert doc["transitions"][0]["comparable"]
    scope = doc["audit_scope"][0]
    assert scope["judged"] == 0
    assert scope["why_not"] == {"engagement not measured": N}, scope
    replies = tmp_path / "replies"  # the control: replies measure it
    write(replies, ring("2024-01-01"), ring("2024-02-01", extra_followers_of_a0=9))
    assert analyze(replies)["audit_scope"][0]["judged"] == N


def test_windows_of_different_lengths_are_a_difference(tmp_path):
    """Dated rows over a 30-day window and a 1-day one are not compared; undated rows alone
    are in no window, and the windows' lengths make no difference to them."""
    dated = tmp_path / "dated"
    write(dated, ring("2024-01-01"), ring("2024-02-01", window_days=1))
    step = analyze(dated)["transitions"][0]
    assert step["differences"] == ["windows of different lengths"] and not step["comparable"]
    undated = tmp_path / "undated"
    snaps = ring("2024-01-01"), ring("2024-02-01", window_days=1)
    for snap in snaps:
        for row in snap["interactions"]:
            row.pop("at")
    write(undated, *snaps)
    step = analyze(undated)["transitions"][0]
    assert step["differences"] == [] and step["comparable"], step


def test_most_followed_lists_only_accounts_whose_followers_are_measured(project, monkeypatch):
    """Interactions only, a follower count in two profiles: the page's "20 most followed
    accounts" listed 18 more whose followers are not measured, picked by id."""
    snap = ring("2024-01-01", counts={"a3": 1200, "a7": 800})
    snap.pop("follows")
    write(project / "content" / "snapshots", snap)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "-q"])
    assert result.exit_code == 0, result.output
    page = (project / "output" / "snapshots" / "2024-01-01" / "index.html").read_text("utf-8")
    section = page.split('id="top-accounts"', 1)[1].split("</section>", 1)[0]
    rows = section.split("<tr")[2:]  # after the header row
    unmeasured = [r for r in rows if "not measured</td>" in r.split("</td>", 3)[2] + "</td>"]
    assert "most followed" not in section or not unmeasured, (len(rows), len(unmeasured))


def test_rhythm_does_not_read_days_outside_the_window_as_silent(tmp_path):
    """A 1-day window (2024-01-30 to 2024-01-31, a Tuesday and a Wednesday) with timed posts:
    the rhythm gave Monday and Thursday to Sunday 0 events, days the snapshot never observed,
    and the chart named a "busiest day"."""
    snap = ring("2024-01-31", window_days=1)
    snap["posts"] = [{"author": f"a{i}", "at": f"2024-01-30T{h:02}:15:00"}
                     for i in range(N) for h in (8, 12, 20)]
    path = tmp_path / "s.yml"
    path.write_text(yaml.safe_dump(snap, sort_keys=False))
    doc = analyze(path)
    assert doc["coverage"]["window"]["days"] == 1
    posts = doc["activity"]["rhythm"]["posts"]
    assert sum(posts[1]) == 60  # Tuesday
    # Monday, Thursday .. Sunday lie outside the window: not measured, not 0
    assert all(posts[d] is None or posts[d] != [0] * 24 for d in (0, 3, 4, 5, 6)), posts


    assert [d for d in range(7) if posts[d] is None] == [0, 3, 4, 5, 6], posts
    assert doc["activity"]["rhythm"]["days_seen"] == [0, 1, 1, 0, 0, 0, 0]


def rhythm_chart(snap: dict, tmp_path, chart=None):
    """The activity-rhythm chart (or ``chart``) of one snapshot."""
    from sitegen.analysis.pipeline import run_analysis
    from sitegen.chart_base import ChartRequest
    from sitegen.charts_series import activity_rhythm
    from sitegen.config import AnalysisSettings
    from sitegen.snapshots import open_db

    path = tmp_path / f"{snap['taken']}-{snap['window_days']}.yml"
    path.write_text(yaml.safe_dump(snap, sort_keys=False))
    db = open_db("1GB")
    try:
        analysis = run_analysis(path, db, AnalysisSettings())
        return (chart or activity_rhythm)(ChartRequest(analysis.reports, analysis.latest, (),
                                                       analysis))
    finally:
        db.close()


def test_the_busiest_day_is_named_only_when_every_weekday_is_observed(tmp_path):
    """A window of one day names no busiest day; over a 31-day window (Mondays five times,
    Sundays four) the busiest day is by events per day of the window on it: 5 posts on the
    five Mondays are fewer a day than 5 on the four Sundays (it was Monday, by the totals)."""
    short = ring("2024-01-31", window_days=1)
    short["posts"] = [{"author": "a1", "at": "2024-01-30T08:15:00"}]
    chart = rhythm_chart(short, tmp_path)
    assert "no day is called the busiest" in chart.summary and "busiest day" not in chart.summary
    month = ring("2024-01-31", window_days=30)  # 2024-01-01 .. 31: five Mondays, four Sundays
    mondays, sundays = (1, 8, 15, 22, 29), (7, 7, 14, 21, 28)
    month["posts"] = ([{"author": "a1", "at": f"2024-01-{d:02}T08:15:00"} for d in mondays]
                      + [{"author": "a2", "at": f"2024-01-{d:02}T09:15:00"} for d in sundays])
    chart = rhythm_chart(month, tmp_path)
    assert "busiest day Sun (events per day of the window on it)" in chart.summary, chart.summary


def test_a_snapshot_of_undated_rows_covers_no_days(project, monkeypatch):
    """Interactions without dates (congress, Higgs as imported): the page said "covering 30
    days", the window_days default, a span nothing in the data has."""
    snap = ring("2024-01-01")
    for row in snap["interactions"]:
        row.pop("at")
    dated = ring("2024-02-01")
    write(project / "content" / "snapshots", snap, dated)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "-q"])
    assert result.exit_code == 0, result.output
    pages = project / "output" / "snapshots"
    assert "covering" not in (pages / "2024-01-01" / "index.html").read_text("utf-8")
    assert "covering 2024-01-02 to 2024-02-01" in (pages / "2024-02-01" / "index.html").read_text(
        "utf-8")


def test_a_chain_followed_to_the_limit_is_not_called_the_deepest(tmp_path):
    """Reposts a5 -> a4 -> ... -> a0: chains are followed 3 hops (repost_max_depth), and the
    chart called 3, the limit, the deepest chain; a chain of the data, not a cascade."""
    snap = ring("2024-01-31")
    snap["interactions"] += [{"source": f"a{i + 1}", "target": f"a{i}", "kind": "repost"}
                             for i in range(5)]
    from sitegen.charts_series import amplification

    chart = rhythm_chart(snap, tmp_path, amplification)
    assert "deepest chain 3 or more" in chart.summary, chart.summary
    assert "not a proven cascade" in chart.caption


# Found by a review of the session's changes (2026-12-01): each failed before its fix.


def _week(taken: date, window_days: int) -> dict:
    """Posts at 16:00 UTC on every day of the window: 10 on its Sunday, 6 on the others."""
    posts, n = [], 0
    for d in range(window_days + 1):
        day = taken - timedelta(days=window_days) + timedelta(days=d)
        for j in range(10 if day.weekday() == 6 else 6):
            posts.append({"id": f"p{n}", "account": f"a{j % 3}", "at": f"{day}T16:00:00Z",
                          "text": "hello there friend"})
            n += 1
    return {"taken": str(taken), "window_days": window_days,
            "accounts": [{"id": f"a{i}"} for i in range(3)], "posts": posts}


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata"])
def test_a_full_week_in_another_zone_sees_each_weekday_once(project, monkeypatch, zone):
    """A window of exactly 7 UTC days exposes every weekday for 24 hours on any clock; the
    zone's partial first and last days made one weekday 'seen' twice, halving its events per
    day: Sunday (10 events) lost 'busiest day' to a day of 6."""
    snap = _week(date(2024, 3, 10), 6)
    (project / "content" / "snapshots" / "2024-03-10.yml").write_text(yaml.safe_dump(snap))
    (project / "sitegen.yml").write_text(f"analysis:\n  time_zone: {zone}\n")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["analyze", "content/snapshots/2024-03-10.yml", "-f",
                                         "json", "-q"])
    assert result.exit_code == 0, result.output
    rhythm = json.loads(result.stdout)["activity"]["rhythm"]
    result = CliRunner().invoke(app, ["build", "-q"])
    assert result.exit_code == 0, result.output
    page = (project / "output" / "snapshots" / "2024-03-10" / "index.html").read_text("utf-8")
    caption = page.split("timed events")[1][:80]
    # 2024-03-10 is the day New York's clocks go forward: that Sunday is 23 hours long, read
    # on the zone's clock as a day and an hour
    assert rhythm["days_seen"] == pytest.approx([1] * 7, abs=0.05) and \
        "busiest day Sun" in caption, (rhythm["days_seen"], caption)


def test_monthly_windows_of_calendar_months_are_compared(tmp_path, monkeypatch):
    """sitegen init's own sample: January with window_days 31, February with 29 (each its
    month). The step is now 'not compared' (windows of different lengths): no transitions, and
    the audit judges nobody, on the project every user starts from."""
    result = CliRunner().invoke(app, ["init", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path / "p")
    result = CliRunner().invoke(app, ["analyze", "content/snapshots", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["transitions"][0]["comparable"], doc["transitions"][0]["differences"]


def test_posts_that_are_all_retweets_are_not_called_no_text(project, monkeypatch):
    """Every post with text a retweet: the commerce chart said the snapshot has no post text
    ('a text column in posts.csv'), and each account 'no posts with text'."""
    snap = {"taken": "2024-03-01", "accounts": [{"id": f"a{i}"} for i in range(5)],
            "follows": [{"follower": f"a{i}", "followed": f"a{(i + 1) % 5}"} for i in range(5)],
            "posts": [{"id": f"p{n}", "account": f"a{n % 5}", "at": "2024-02-27T10:00:00Z",
                       "text": f"RT @a{(n + 1) % 5}: the best day of my life"}
                      for n in range(20)]}
    (project / "content" / "snapshots" / "2024-03-01.yml").write_text(yaml.safe_dump(snap))
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "-q"])
    assert result.exit_code == 0, result.output
    page = (project / "output" / "snapshots" / "2024-03-01" / "index.html").read_text("utf-8")
    assert "this snapshot has none" not in page.split("commerce", 1)[1][:3000]
    assert "every post with text in this snapshot is a retweet" in page
    result = CliRunner().invoke(app, ["analyze", "content/snapshots/2024-03-01.yml", "-f",
                                      "json", "-q"])
    doc = json.loads(result.stdout)
    assert doc["activity"]["purposes"]["retweets"] == 20
    assert doc["accounts"][0]["purpose"] == ("not measured: 4 retweets (another's words: not "
                                             "labelled)")


def test_a_tag_holding_a_written_handle_is_refused_with_pseudonyms(project, monkeypatch):
    """'tags: [quinn]' beside '@quinn' in the body: the body's name is rewritten, the tag is
    published as the address /tags/quinn/, in the sitemap and on the post, like the slug the
    fix refuses."""
    snap = {"taken": "2024-03-01", "accounts": [{"id": "1", "handle": "quinn"},
                                                {"id": "2", "handle": "robin"}],
            "follows": [{"follower": "1", "followed": "2"}]}
    (project / "content" / "snapshots" / "2024-03-01.yml").write_text(yaml.safe_dump(snap))
    posts = project / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (posts / "2024-04-01-story.md").write_text(
        "---\ntitle: A story\ndate: 2024-04-01\ntags: [quinn]\n---\nWhat @quinn did.\n")
    (project / "sitegen.yml").write_text("privacy:\n  pseudonymize: true\n")
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "k" * 32)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "-q"])
    leaked = (project / "output" / "tags" / "quinn").exists()
    assert result.exit_code == 2 or not leaked, "tags/quinn/ published"
