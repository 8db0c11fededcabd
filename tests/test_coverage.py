"""What a snapshot measures and which rows count: the window, duplicate posts, times with
offsets, burstiness's minimum, attributes, undated snapshots, comparable steps and the JSON
``coverage`` object.

Every fixture is small enough to check by hand; the expected values are worked out from the
rules in docs/snapshots.md ("The window", "Attributes", "Values") and docs/analysis-json.md
(the ``coverage`` object), in the comments next to the assertions.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta

import pytest

from sitegen.analysis.activity import activity_rhythm, analyze_activity
from sitegen.errors import SnapshotError
from sitegen.snapshots.coverage import Coverage, Window

WINDOW_HINT = "(window_days 30; widen it in snapshot.yml)"


def settings_file(project, text: str) -> None:
    (project / "sitegen.yml").write_text("site:\n  title: Test network\n" + text,
                                         encoding="utf-8")


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- 1. The window ----------------------------------------------------------------------------

# taken 2024-03-31, window_days 30: the window runs from 2024-03-31 - 30 days = 2024-03-01 to
# 2024-03-31, both days included. Each table has one row per case:
#   2024-03-01        first day: inside (a date alone, no time of day)
#   2024-02-29        the day before the window: outside
#   2024-03-31T23:59  the last minute of the last day: inside, with a time of day
#   2024-04-01        the day after: outside
#   (blank)           undated: counted, in no window
EDGE_DATES = ("2024-03-01", "2024-02-29", "2024-03-31T23:59", "2024-04-01", "")
WINDOW_FILES = {
    "accounts.csv": "id\na\nb\n",
    "posts.csv": "author,at,id\n" + "".join(
        f"a,{at},p{i}\n" for i, at in enumerate(EDGE_DATES, 1)),
    # the undated interaction stands for 2 events (count), the others for 1
    "interactions.csv": "source,target,kind,at,count\n" + "".join(
        f"a,b,reply,{at},{2 if not at else 1}\n" for at in EDGE_DATES),
}


@pytest.fixture
def windowed(make_snapshot):
    return make_snapshot("2024-03", {**WINDOW_FILES,
                                     "snapshot.yml": "taken: 2024-03-31\nwindow_days: 30\n"})


def test_the_window_keeps_its_first_and_last_day_and_undated_rows(
        windowed, load, analyze, accounts_of):
    snapshot = load(windowed)[0]
    coverage = snapshot.coverage
    assert coverage.window == Window(date(2024, 3, 1), date(2024, 3, 31), 30)
    # kept: 2024-03-01 and 2024-03-31T23:59 (timed; only the second has a time of day) and the
    # undated row; left out: 2024-02-29 and 2024-04-01
    for events in (coverage.posts, coverage.interactions):
        assert events.measured
        assert (events.timed, events.with_time_of_day, events.undated,
                events.outside_window) == (2, 1, 1, 2)
    assert coverage.posts.duplicates == 0

    report = analyze(windowed)[0]
    accounts = accounts_of(report)
    assert accounts["a"].posts == 3  # p1, p3, p5
    assert accounts["b"].posts == 0
    # interactions are events: 1 (03-01) + 1 (03-31) + 2 (undated, count 2)
    assert accounts["a"].given == 4
    assert accounts["b"].received == 4
    assert (report.network.posts, report.network.interactions) == (3, 4)


def test_rows_outside_the_window_are_named_in_a_warning(windowed, load):
    snapshot = load(windowed)[0]
    window = "the window 2024-03-01 to 2024-03-31 " + WINDOW_HINT
    assert f"{windowed / 'posts.csv'}: left out 2 posts dated outside {window}" \
        in snapshot.warnings
    assert f"{windowed / 'interactions.csv'}: left out 2 interactions dated outside {window}" \
        in snapshot.warnings


def test_the_window_setting_applies_when_snapshot_yml_has_none(make_snapshot, load, analyze,
                                                               accounts_of):
    path = make_snapshot("2024-03", {**WINDOW_FILES, "snapshot.yml": "taken: 2024-03-31\n"})
    # analysis.window_days 1: 2024-03-30 to 2024-03-31; only 2024-03-31T23:59 is dated inside
    snapshot = load(path, window_days=1)[0]
    assert snapshot.coverage.window == Window(date(2024, 3, 30), date(2024, 3, 31), 1)
    posts = snapshot.coverage.posts
    assert (posts.timed, posts.with_time_of_day, posts.undated, posts.outside_window) == \
        (1, 1, 1, 3)
    assert any("left out 3 posts dated outside the window 2024-03-30 to 2024-03-31 "
               "(window_days 1;" in w for w in snapshot.warnings)
    assert accounts_of(analyze(path, window_days=1)[0])["a"].posts == 2  # p3 and undated p5
    # without the setting, the default 30 days
    assert load(path)[0].coverage.window == Window(date(2024, 3, 1), date(2024, 3, 31), 30)


def test_snapshot_yml_window_days_wins_over_the_setting(windowed, load):
    assert load(windowed, window_days=1)[0].coverage.window.days == 30


def test_a_lone_snapshot_without_a_date_filters_nothing(make_snapshot, load, analyze,
                                                        accounts_of):
    path = make_snapshot("lone", WINDOW_FILES)  # no snapshot.yml, no date in the name
    snapshot = load(path)[0]
    assert snapshot.taken is None
    assert snapshot.coverage.window is None
    # every dated row is "timed" (there is no window), one of them with a time of day
    for events in (snapshot.coverage.posts, snapshot.coverage.interactions):
        assert (events.timed, events.with_time_of_day, events.undated,
                events.outside_window) == (4, 1, 1, 0)
    assert not any("outside" in w for w in snapshot.warnings)
    accounts = accounts_of(analyze(path)[0])
    assert accounts["a"].posts == 5
    assert accounts["a"].given == 6  # four rows of 1 and one of 2


# --- 2. Duplicate post ids --------------------------------------------------------------------

def test_a_post_listed_three_times_counts_once(make_snapshot, load, analyze, accounts_of):
    path = make_snapshot("2024-03", {
        "snapshot.yml": "taken: 2024-03-31\n",
        "accounts.csv": "id\na\n",
        "posts.csv": "author,at,id\n" + "a,2024-03-05T10:00:00,p1\n" * 3,
    })
    snapshot = load(path)[0]
    posts = snapshot.coverage.posts
    assert (posts.timed, posts.duplicates, posts.outside_window) == (1, 2, 0)
    assert f"{path / 'posts.csv'}: 2 rows repeat the id of an earlier post (collapsed)" \
        in snapshot.warnings
    assert accounts_of(analyze(path)[0])["a"].posts == 1


def test_rows_without_an_id_are_not_collapsed(make_snapshot, load, analyze, accounts_of):
    path = make_snapshot("2024-03", {
        "snapshot.yml": "taken: 2024-03-31\n",
        "accounts.csv": "id\na\n",
        # the same author and time three times, without an id (blank, or no column value)
        "posts.csv": "author,at,id\n" + "a,2024-03-05T10:00:00,\n" * 2
                     + "a,2024-03-05T10:00:00,  \n",
    })
    snapshot = load(path)[0]
    assert snapshot.coverage.posts.duplicates == 0
    assert not any("repeat the id" in w for w in snapshot.warnings)
    assert accounts_of(analyze(path)[0])["a"].posts == 3


def test_of_copies_the_one_inside_the_window_is_kept(make_snapshot, load, query, analyze,
                                                     accounts_of):
    path = make_snapshot("2024-03", {
        "snapshot.yml": "taken: 2024-03-31\nwindow_days: 30\n",
        "accounts.csv": "id\na\nb\nc\n",
        "posts.csv": """
            author,at,id
            a,2024-02-01T10:00:00,p1
            a,2024-03-10T10:00:00,p1
            b,2024-03-20T10:00:00,p2
            b,2024-03-12T10:00:00,p2
            c,,p3
            c,2024-03-15T10:00:00,p3
        """,
    })
    snapshot = load(path)[0]
    # p1: only the 2024-03-10 copy is inside the window: kept, and nothing is "outside"
    # p2: both inside: the earliest dated (2024-03-12) is kept
    # p3: a dated copy is preferred to an undated one
    assert query(snapshot, "SELECT id, posted_at FROM {s}.posts ORDER BY id") == [
        ("p1", datetime(2024, 3, 10, 10)),
        ("p2", datetime(2024, 3, 12, 10)),
        ("p3", datetime(2024, 3, 15, 10)),
    ]
    posts = snapshot.coverage.posts
    assert (posts.timed, posts.undated, posts.outside_window, posts.duplicates) == (3, 0, 0, 3)
    accounts = accounts_of(analyze(path)[0])
    assert [accounts[k].posts for k in "abc"] == [1, 1, 1]


# --- 3. Times with offsets, dates alone, the rhythm's time zone ---------------------------------

# 2024-03-04T23:30:00-05:00 is 2024-03-05 04:30 UTC (a Tuesday). New York keeps standard time
# (UTC-5) until 2024-03-10, so on its clock the post is Monday 2024-03-04 at 23:30.
OFFSET_CSV = {
    "snapshot.yml": "taken: 2024-03-31\n",
    "accounts.csv": "id\na\n",
    "posts.csv": "author,at,id\na,2024-03-04T23:30:00-05:00,p1\na,2024-03-04,p2\n",
}
OFFSET_YAML = """
    taken: 2024-03-31
    accounts:
      - {id: a}
    posts:
      - {author: a, at: 2024-03-04T23:30:00-05:00, id: p1}
      - {author: a, at: 2024-03-04, id: p2}
"""


@pytest.fixture(params=["csv", "yaml"])
def offset(request, make_snapshot):
    if request.param == "csv":
        return make_snapshot("2024-03", OFFSET_CSV)
    return make_snapshot("2024-03.yml", OFFSET_YAML)


def test_a_time_with_an_offset_is_stored_as_its_utc_instant(offset, load, query):
    snapshot = load(offset)[0]
    assert query(snapshot, "SELECT id, posted_at, timed FROM {s}.posts ORDER BY id") == [
        ("p1", datetime(2024, 3, 5, 4, 30), True),
        ("p2", datetime(2024, 3, 4), False),  # a date alone: no time of day
    ]
    posts = snapshot.coverage.posts
    assert (posts.timed, posts.with_time_of_day, posts.undated) == (2, 1, 0)


@pytest.mark.parametrize("at, timed", [
    ("2024-03-04  23:30", True),  # two spaces before the time
    ("2024-03-04 23:30:15.25", True),
    ("2024-03-04", False),
    ("2024 03 04", False),  # a date DuckDB reads, spaces between its parts
])
def test_a_time_of_day_is_told_from_a_date_alone(make_snapshot, load, query, at, timed):
    path = make_snapshot("2024-03", {"snapshot.yml": "taken: 2024-03-31\n",
                                     "accounts.csv": "id\na\n",
                                     "posts.csv": f"author,at,id\na,{at},p1\n"})
    snapshot = load(path)[0]
    assert query(snapshot, "SELECT timed FROM {s}.posts") == [(timed,)]
    assert snapshot.coverage.posts.with_time_of_day == int(timed)


def test_the_rhythm_is_on_the_clock_of_the_time_zone(offset, load):
    snapshot = load(offset)[0]
    monday, tuesday = 0, 1
    new_york = activity_rhythm(snapshot, "America/New_York")
    assert new_york.posts[monday][23] == 1
    utc = activity_rhythm(snapshot, "UTC")
    assert utc.posts[tuesday][4] == 1
    # the date-only post p2 is in neither (it has no hour)
    assert new_york.events == utc.events == 1


def test_a_date_alone_counts_as_a_post_but_not_in_the_rhythm(offset, analyze, accounts_of):
    report = analyze(offset)[0]
    assert accounts_of(report)["a"].posts == 2
    rhythm = analyze_activity(report).rhythm
    assert rhythm.time_zone == "UTC"  # the default setting
    assert sum(map(sum, rhythm.posts)) == 1


def test_an_offset_can_move_a_time_out_of_the_window(make_snapshot, load):
    # docs/snapshots.md: 2024-03-31T23:30:00-02:00 is 2024-04-01 01:30 UTC, after the window
    path = make_snapshot("2024-03", {
        "snapshot.yml": "taken: 2024-03-31\n",
        "accounts.csv": "id\na\n",
        "posts.csv": "author,at\na,2024-03-31T23:30:00-02:00\na,2024-03-31T23:30:00+02:00\n",
    })
    posts = load(path)[0].coverage.posts
    assert (posts.timed, posts.outside_window) == (1, 1)  # +02:00 is 21:30 UTC, inside


def test_the_time_zone_setting_reaches_the_json_rhythm(run, project, make_snapshot):
    make_snapshot("2024-03", OFFSET_CSV)
    settings_file(project, "analysis:\n  time_zone: America/New_York\n")
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert result.exit_code == 0, result.output
    rhythm = json.loads(result.stdout)["activity"]["rhythm"]
    assert rhythm["time_zone"] == "America/New_York"
    assert rhythm["posts"][0][23] == 1  # Monday, 23:00
    assert sum(map(sum, rhythm["posts"])) == 1


def test_an_invalid_time_zone_is_a_config_error(run, project, make_snapshot):
    make_snapshot("2024-03", OFFSET_CSV)
    settings_file(project, "analysis:\n  time_zone: Mars/Olympus_Mons\n")
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: sitegen.yml:4: 'analysis.time_zone': expected an IANA time zone name such as "
        "UTC or Europe/Berlin, got 'Mars/Olympus_Mons'\n")
    no_traceback(result)


def test_a_time_zone_duckdb_does_not_know_is_a_config_error(run, project, make_snapshot):
    import zoneinfo

    name = "posix/Europe/Berlin"
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        pytest.skip(f"this machine's zoneinfo does not know {name} either")
    make_snapshot("2024-03", OFFSET_CSV)  # a post with a time of day: the rhythm is computed
    settings_file(project, f"analysis:\n  time_zone: {name}\n")
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: sitegen.yml:4: 'analysis.time_zone': expected an "
                                    "IANA time zone name")


# --- 4. Burstiness needs burstiness_min_posts posts with a time of day ------------------------

def hourly(author: str, start: str, gaps_in_hours: list[int]) -> str:
    """CSV rows of posts by ``author``: one at ``start``, then one after each gap."""
    at = datetime.fromisoformat(start)
    rows = [f"{author},{at.isoformat()}\n"]
    for gap in gaps_in_hours:
        at += timedelta(hours=gap)
        rows.append(f"{author},{at.isoformat()}\n")
    return "".join(rows)


BURSTY_FILES = {
    "snapshot.yml": "taken: 2024-03-31\n",
    "accounts.csv": "id\nbursty\nnine\nten\n",
    "posts.csv": "author,at\n"
    # nine: 9 posts an hour apart, and a tenth with a date alone (no time of day)
    + hourly("nine", "2024-03-01T00:00:00", [1] * 8) + "nine,2024-03-20\n"
    # ten: 10 posts an hour apart: every gap equal, sigma = 0, so B = (0 - mu) / (0 + mu) = -1
    + hourly("ten", "2024-03-02T00:00:00", [1] * 9)
    # bursty: gaps 1,1,1,1,1,1,1,1,10 hours: mu = 18/9 = 2, sigma^2 = (8 * 1 + 8^2) / 9 = 8,
    # B = (2 sqrt 2 - 2) / (2 sqrt 2 + 2) = 3 - 2 sqrt 2
    + hourly("bursty", "2024-03-03T00:00:00", [1] * 8 + [10]),
}
BURSTY_B = 3 - 2 * math.sqrt(2)
# Kim and Jo with n = 9 gaps and r = sigma / mu = sqrt 2:
# (sqrt 10 sqrt 2 - sqrt 8) / ((sqrt 10 - 2) sqrt 2 + sqrt 8) = (2 sqrt 5 - 2 sqrt 2) / (2 sqrt 5)
BURSTY_A = 1 - math.sqrt(2 / 5)


def burstiness_of(report) -> dict:
    snapshot = report.snapshot
    return {i: (n, b, a) for i, n, b, a in snapshot.db.execute(
        f"SELECT a.id, b.posts_timed, b.burstiness, b.burstiness_corrected "
        f"FROM {snapshot.schema}.burstiness b JOIN {snapshot.schema}.accounts a USING (k)"
    ).fetchall()}


def test_burstiness_needs_ten_posts_with_a_time_of_day(make_snapshot, analyze, accounts_of):
    report = analyze(make_snapshot("2024-03", BURSTY_FILES))[0]
    assert accounts_of(report)["nine"].posts == 10  # the date-only post counts as a post
    summary = analyze_activity(report).burstiness
    found = burstiness_of(report)
    assert found["nine"] == (9, None, None)  # 9 posts with a time of day: not measured
    n, b, a = found["ten"]
    assert n == 10
    assert b == pytest.approx(-1, abs=1e-12)
    assert a == pytest.approx(-1, abs=1e-12)
    n, b, a = found["bursty"]
    assert n == 10
    assert b == pytest.approx(BURSTY_B, rel=1e-12)
    assert a == pytest.approx(BURSTY_A, rel=1e-12)
    assert (summary.accounts, summary.min_posts) == (2, 10)
    assert summary.median_burstiness == pytest.approx((-1 + BURSTY_B) / 2, rel=1e-12)


def test_the_burstiness_min_posts_setting(make_snapshot, analyze):
    report = analyze(make_snapshot("2024-03", BURSTY_FILES), burstiness_min_posts=9)[0]
    summary = analyze_activity(report).burstiness
    assert (summary.accounts, summary.min_posts) == (3, 9)
    n, b, _ = burstiness_of(report)["nine"]
    assert n == 9
    assert b == pytest.approx(-1, abs=1e-12)


# --- 5. Attributes ------------------------------------------------------------------------------

PARTIES = ("red", "green", "blue")
# 30 accounts: party takes 3 values (10 accounts each); bioid and old_handle one per account
PEOPLE = "id,handle,party,bioid,old_handle\n" + "".join(
    f"u{i:02d},h{i:02d},{PARTIES[i % 3]},bio-{i},old{i:02d}\n" for i in range(30))


def people(make_snapshot, meta: str = "taken: 2024-03-31\n"):
    return make_snapshot("2024-03", {"snapshot.yml": meta, "accounts.csv": PEOPLE})


def identifier_warning(path, column: str) -> str:
    return (f"{path / 'accounts.csv'}: column '{column}' has a different value for almost "
            "every account (30 values): not used as an attribute (name the attributes in "
            "snapshot.yml to choose)")


def test_identifier_like_columns_are_not_attributes(make_snapshot, load, analyze):
    path = people(make_snapshot)
    snapshot = load(path)[0]
    assert snapshot.attributes == ("party",)
    assert snapshot.coverage.attributes == ("party",)
    assert identifier_warning(path, "bioid") in snapshot.warnings
    assert identifier_warning(path, "old_handle") in snapshot.warnings
    assert not any("'party'" in w for w in snapshot.warnings)
    groups = analyze_activity(analyze(path)[0]).groups
    assert sorted((g.attribute, g.value, g.size) for g in groups) == [
        ("party", "blue", 10), ("party", "green", 10), ("party", "red", 10)]


@pytest.mark.parametrize("extra", ["name", "value"])
def test_identifier_like_columns_are_found_beside_any_other_column(make_snapshot, load, extra):
    """The count of each column's values unpivoted the whole accounts table, and its own
    ``name`` column (the accounts' names) stood for the unpivoted columns' names: with a
    ``name`` column, no column was found identifier-like (an ``email`` column became an
    attribute, each address a group of the charts)."""
    lines = PEOPLE.splitlines()
    table = "\n".join([f"{lines[0]},{extra}",
                        *(f"{line},Person {i}" for i, line in enumerate(lines[1:]))]) + "\n"
    path = make_snapshot("2024-03", {"snapshot.yml": "taken: 2024-03-31\n",
                                     "accounts.csv": table})
    snapshot = load(path)[0]
    assert snapshot.attributes == ("party",)
    assert identifier_warning(path, "bioid") in snapshot.warnings
    assert identifier_warning(path, "old_handle") in snapshot.warnings


@pytest.mark.parametrize(("named", "expected"), [
    ("[party]", ("party",)),
    ("[Party]", ("party",)),  # names in any case
    ("[bioid]", ("bioid",)),  # named, an identifier-like column is kept
    ("[]", ()),  # an empty list: no attributes
])
def test_snapshot_yml_names_exactly_the_attributes(make_snapshot, load, named, expected):
    snapshot = load(people(make_snapshot, f"taken: 2024-03-31\nattributes: {named}\n"))[0]
    assert snapshot.attributes == expected
    assert snapshot.coverage.attributes == expected
    assert not any("not used as an attribute" in w for w in snapshot.warnings)


@pytest.mark.parametrize("column", ["age", "handle"])
def test_naming_a_column_that_is_no_attribute_is_an_error(make_snapshot, load, column):
    path = people(make_snapshot, f"taken: 2024-03-31\nattributes: [{column}]\n")
    with pytest.raises(SnapshotError) as error:
        load(path)
    assert str(error.value).splitlines()[0] == (
        f"{path / 'accounts.csv'}:1: 'attributes': no account column '{column}' to group by")


def test_the_attributes_setting_applies_when_snapshot_yml_says_nothing(make_snapshot, load):
    path = people(make_snapshot)
    snapshot = load(path, attributes=("Bioid",))[0]
    assert snapshot.attributes == ("bioid",)
    assert not any("not used as an attribute" in w for w in snapshot.warnings)
    with pytest.raises(SnapshotError, match="no account column 'age' to group by"):
        load(path, attributes=("age",))


def test_snapshot_yml_attributes_win_over_the_setting(make_snapshot, load):
    path = people(make_snapshot, "taken: 2024-03-31\nattributes: []\n")
    assert load(path, attributes=("party",))[0].attributes == ()


def test_a_column_named_twice_is_one_attribute(make_snapshot, load):
    snapshot = load(people(make_snapshot, "taken: 2024-03-31\nattributes: [party, Party]\n"))[0]
    assert snapshot.attributes == ("party",)


# --- 6. The taken date --------------------------------------------------------------------------

def test_a_quoted_taken_date_is_accepted(make_snapshot, load):
    folder = make_snapshot("march", {"snapshot.yml": 'taken: "2024-03-31"\n',
                                     "accounts.csv": "id\na\n"})
    assert load(folder)[0].taken == date(2024, 3, 31)
    single = make_snapshot("march.yml", 'taken: "2024-03-31"\naccounts:\n  - {id: a}\n')
    snapshot = load(single)[0]
    assert snapshot.taken == date(2024, 3, 31)
    assert snapshot.coverage.window == Window(date(2024, 3, 1), date(2024, 3, 31), 30)


def test_a_lone_undated_snapshot_is_analysed(run, make_snapshot):
    make_snapshot("march", WINDOW_FILES)
    result = run("analyze", "content/snapshots/march", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["snapshot"] == {"name": "march", "taken": None, "network": ""}
    assert doc["coverage"]["window"] is None
    assert doc["coverage"]["posts"]["outside_window"] == 0
    assert doc["network"]["posts"] == 5  # nothing is left out for its date


def test_an_undated_snapshot_in_a_series_is_an_error(run, make_snapshot):
    make_snapshot("2024-02", {"accounts.csv": "id\na\n"})  # taken from the name: 2024-02-01
    make_snapshot("march", {"accounts.csv": "id\na\n"})
    result = run("analyze", "content/snapshots", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: content/snapshots/march: no 'taken' date: a series of snapshots needs a date "
        "for each",
        "  hint: add 'taken: YYYY-MM-DD' to snapshot.yml or name the snapshot by its date, "
        "e.g. 2024-03",
    ]
    no_traceback(result)


# --- 7. Comparable steps ----------------------------------------------------------------------

FOLLOWS_ONLY = {
    "accounts.csv": "id\na\nb\nc\n",
    "follows.csv": "follower,followed\na,b\nb,a\nc,a\n",
}
EVERYTHING = {
    **FOLLOWS_ONLY,
    "posts.csv": "author,at\na,2024-03-10T10:00:00\n",
    "interactions.csv": "source,target,kind,at\nb,a,reply,2024-03-10T11:00:00\n",
}


def transitions(run) -> list[dict]:
    result = run("analyze", "content/snapshots", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["transitions"]


def test_a_step_between_unlike_snapshots_is_not_comparable(run, make_snapshot):
    make_snapshot("2024-02", {**FOLLOWS_ONLY, "snapshot.yml": "taken: 2024-02-29\n"})
    make_snapshot("2024-03", {**EVERYTHING, "snapshot.yml": "taken: 2024-03-31\n"})
    (step,) = transitions(run)
    assert (step["from"], step["to"]) == ("2024-02", "2024-03")
    assert step["comparable"] is False
    assert step["differences"] == ["posts", "interactions"]


def test_a_step_between_like_snapshots_is_comparable(run, make_snapshot):
    make_snapshot("2024-02", {**EVERYTHING, "snapshot.yml": "taken: 2024-02-29\n",
                              "posts.csv": "author,at\na,2024-02-10T10:00:00\n",
                              "interactions.csv": "source,target,kind\nb,a,reply\n"})
    make_snapshot("2024-03", {**EVERYTHING, "snapshot.yml": "taken: 2024-03-31\n"})
    (step,) = transitions(run)
    assert step["comparable"] is True
    assert step["differences"] == []


# --- 8. The JSON coverage object -------------------------------------------------------------

# follows: a <-> b, c -> a, d -> a, c -> b, d -> b: 6 edges, 2 of them reciprocated, so the
# network's reciprocity is 2/6 = 1/3. Only a has a followers_count; no following_count, no
# posts_count, no posts table. Interactions, window 2024-03-01 to 2024-03-31:
#   a -> b reply 2024-03-10T12:00  inside, with a time of day
#   b -> a like  2024-03-11        inside, a date alone
#   c -> a reply (undated)         kept, undated
#   d -> a quote 2024-01-15        outside: left out, so 'quote' is not among the kinds
# The interaction graph kept is a -> b, b -> a, c -> a: reciprocity 2/3.
COVERAGE_FILES = {
    "snapshot.yml": "taken: 2024-03-31\nwindow_days: 30\n",
    "accounts.csv": "id,followers_count\na,100\nb,\nc,\nd,\n",
    "follows.csv": "follower,followed\na,b\nb,a\nc,a\nd,a\nc,b\nd,b\n",
    "interactions.csv": """
        source,target,kind,at
        a,b,reply,2024-03-10T12:00:00
        b,a,like,2024-03-11
        c,a,reply,
        d,a,quote,2024-01-15
    """,
}

EXPECTED_COVERAGE = {
    "follows": True,
    "ties": "directed",  # no 'ties: undirected' in snapshot.yml
    "profile_counts": {"followers_count": True, "following_count": False,
                       "posts_count": False},
    "posts": {"measured": False, "timed": None, "with_time_of_day": None, "undated": None,
              "outside_window": None, "duplicates": None, "with_text": None},
    "interactions": {"measured": True, "timed": 2, "with_time_of_day": 1, "undated": 1,
                     "outside_window": 1, "kinds": ["reply", "like"]},
    "attributes": [],
    "window": {"from": "2024-03-01", "to": "2024-03-31", "days": 30},
    "followers_from": "profile, else edges",  # a followers_count value and a follows table
    "following_from": "edges",  # no following_count value
    "observed": None,  # not a one-sided export
}


def test_the_json_coverage_object(run, make_snapshot):
    make_snapshot("2024-03", COVERAGE_FILES)
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    coverage = doc["coverage"]
    assert list(coverage) == list(EXPECTED_COVERAGE)
    assert list(coverage["posts"]) == list(EXPECTED_COVERAGE["posts"])
    assert list(coverage["interactions"]) == list(EXPECTED_COVERAGE["interactions"])
    assert coverage == EXPECTED_COVERAGE
    # figures are written in full, not rounded
    network = doc["network"]
    assert network["reciprocity"] == 1 / 3
    assert '"reciprocity": 0.3333333333333333' in result.stdout
    assert network["interaction_reciprocity"] == 2 / 3
    assert '"interaction_reciprocity": 0.6666666666666666' in result.stdout
    assert network["interactions"] == 3  # the quote outside the window is left out
    accounts = {a["id"]: a for a in doc["accounts"]}
    assert accounts["a"]["followers"] == 100  # the profile
    assert accounts["b"]["followers"] == 3  # the edges: a, c, d
    assert accounts["a"]["following"] == 1  # the edges: b
    assert accounts["a"]["posts"] is None  # no posts table: not measured


def test_the_coverage_document_reads_back(make_snapshot, load):
    coverage = load(make_snapshot("2024-03", COVERAGE_FILES))[0].coverage
    assert coverage.document() == EXPECTED_COVERAGE
    assert Coverage.from_document(coverage.document()) == coverage
