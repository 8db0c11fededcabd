"""Amplification on a hand-drawn repost tree, burstiness against numpy, the weekly rhythm on
known timestamps, and class mix and reciprocity by attribute."""

from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
import pytest

from sitegen.analysis import analyze_series
from sitegen.analysis.activity import (
    BURSTINESS_SQL,
    GROUPS_SQL,
    account_activity,
    activity_rhythm,
    analyze_activity,
    attribute_groups,
    compute_amplification,
    compute_burstiness,
)
from sitegen.config import AnalysisSettings
from sitegen.snapshots import load_series, open_db

# Who reposted whom (an arrow x -> y: x reposted y). From root's point of view:
#
#   root <- a <- c <- f <- g        depth 1: a, b, e    (e reposted root and b: depth 1)
#        <- b <- e                  depth 2: c, d       (reposted a)
#        <- e     a <- d            depth 3: f          (reposted c); g would be depth 4
#   root -> c (root reposted c: root never counts in its own reach); h only replied
TREE = """
    taken: 2024-03-01
    accounts: [{id: root}, {id: a}, {id: b}, {id: c}, {id: d}, {id: e}, {id: f}, {id: g},
               {id: h}]
    interactions:
      - {source: a, target: root, kind: repost, count: 2}
      - {source: b, target: root, kind: repost}
      - {source: e, target: root, kind: repost}
      - {source: c, target: a, kind: repost}
      - {source: d, target: a, kind: repost}
      - {source: e, target: b, kind: repost}
      - {source: f, target: c, kind: repost}
      - {source: g, target: f, kind: repost}
      - {source: root, target: c, kind: repost}
      - {source: h, target: root, kind: reply}
    """

TREE_ACCOUNTS = ("root", "a", "b", "c", "d", "e", "f", "g", "h")

# steady posts every 24 h; bursty ones; two posts only; three at the same instant; a
# maximally bursty sequence (two gaps of 0 then one long one)
HOURS = {
    "steady": [0, 24, 48, 72],
    "bursty": [0, 1, 2, 10, 30, 31, 31.5, 100],
    "pair": [0, 5],
    "instant": [7, 7, 7],
    "extreme": [0, 0, 0, 50],
}


def posts_yaml() -> str:
    base = np.datetime64("2024-03-04T00:00:00")  # a Monday
    lines = [
        "taken: 2024-03-31",
        "accounts: [" + ", ".join(f"{{id: {a}}}" for a in HOURS) + "]",
        "posts:",
    ]
    for author, hours in HOURS.items():
        for h in hours:
            at = base + np.timedelta64(int(h * 3600), "s")
            lines.append(f"  - {{author: {author}, at: '{at}'}}")
    return "\n".join(lines) + "\n"


# class mix by attribute: u1, u3, u5 are consumers (follow 20, 30, 50), u2, u4 dormant
GROUPS = """
    taken: 2024-03-01
    accounts:
      - {id: u1, age_band: 18-29, life stage: student, following_count: 20, posts_count: 0}
      - {id: u2, age_band: 18-29, life stage: student, following_count: 2, posts_count: 0}
      - {id: u3, age_band: 18-29, life stage: parent, following_count: 30, posts_count: 0}
      - {id: u4, age_band: 30-49, life stage: parent, following_count: 1, posts_count: 0}
      - {id: u5, life stage: parent, following_count: 50, posts_count: 0}
    posts: []  # collected, and nobody posted in the window (posts_count is a lifetime total)
    follows:
      - {follower: u1, followed: u2}
      - {follower: u2, followed: u1}
      - {follower: u3, followed: u1}
      - {follower: u4, followed: u1}
    """


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One analysed report per fixture snapshot, by name."""
    folder = tmp_path_factory.mktemp("activity")
    texts = {"tree": TREE, "posts": posts_yaml(), "groups": GROUPS}
    connections, found = [], {}
    for name, text in texts.items():
        path = folder / f"{name}.yml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        db = open_db("1GB")
        connections.append(db)
        [found[name]] = analyze_series(load_series(path, db), AnalysisSettings(min_group_size=3))
    yield found
    for db in connections:
        db.close()


def reach_of(snapshot) -> dict[str, tuple[int, int, int]]:
    return {
        a: (x.reposters, x.reach, x.depth)
        for a in TREE_ACCOUNTS
        if (x := account_activity(snapshot, a))
    }


def test_reach_and_depth_on_the_tree(reports):
    snapshot = reports["tree"].snapshot
    network = compute_amplification(snapshot, max_depth=3)
    compute_burstiness(snapshot)
    reach = reach_of(snapshot)
    assert reach["root"] == (3, 6, 3)  # a b e, then c d, then f
    assert reach["h"] == (0, 0, 0)  # a reply is not a repost
    assert network.reposts == 10  # events: a -> root counts twice
    assert network.max_depth == 3
    # one more level reaches g from root
    compute_amplification(snapshot, max_depth=4)
    assert reach_of(snapshot)["root"] == (3, 7, 4)


def test_reach_equals_networkx_breadth_first_search(reports):
    snapshot = reports["tree"].snapshot
    network = compute_amplification(snapshot, max_depth=3)
    compute_burstiness(snapshot)
    edges = snapshot.db.execute(
        f"SELECT s.id, d.id FROM {snapshot.schema}.interactions i "
        f"JOIN {snapshot.schema}.accounts s ON s.k = i.src "
        f"JOIN {snapshot.schema}.accounts d ON d.k = i.dst WHERE kind = 'repost'"
    ).fetchall()
    reposted_by = nx.DiGraph((dst, src) for src, dst in edges)  # root -> its reposters
    reposted_by.add_nodes_from(TREE_ACCOUNTS)
    expected, by_depth = {}, [0, 0, 0]
    for node in reposted_by:
        depths = nx.single_source_shortest_path_length(reposted_by, node, cutoff=3)
        del depths[node]
        for d in depths.values():
            by_depth[d - 1] += 1
        expected[node] = (
            sum(1 for d in depths.values() if d == 1),
            len(depths),
            max(depths.values(), default=0),
        )
    assert reach_of(snapshot) == expected
    assert network.reach_by_depth == tuple(by_depth)
    assert network.accounts_reposted == sum(1 for r in expected.values() if r[1])
    assert network.max_reach == max(r[1] for r in expected.values())


def numpy_burstiness(hours: list[float]) -> tuple[float, float]:
    gaps = np.diff(np.array(hours) * 3600)
    mu, sigma, n = gaps.mean(), gaps.std(), len(gaps)
    r = sigma / mu
    corrected = (np.sqrt(n + 1) * r - np.sqrt(n - 1)) / ((np.sqrt(n + 1) - 2) * r + np.sqrt(n - 1))
    return (sigma - mu) / (sigma + mu), corrected


def test_burstiness_needs_the_minimum_of_posts(reports):
    snapshot = reports["posts"].snapshot
    summary = compute_burstiness(snapshot)  # the default minimum: 10 posts with a time
    assert (summary.accounts, summary.median_burstiness, summary.min_posts) == (0, None, 10)
    assert compute_burstiness(snapshot, min_posts=8).accounts == 1  # bursty: 8 posts
    compute_amplification(snapshot)
    assert account_activity(snapshot, "bursty").burstiness is not None
    assert account_activity(snapshot, "steady").burstiness is None


def test_burstiness_against_numpy(reports):
    snapshot = reports["posts"].snapshot
    summary = compute_burstiness(snapshot, min_posts=3)
    compute_amplification(snapshot)
    for author in ("steady", "bursty", "extreme"):
        found = account_activity(snapshot, author)
        b, a = numpy_burstiness(HOURS[author])
        assert found.posts_timed == len(HOURS[author])
        assert found.burstiness == pytest.approx(b)
        assert found.burstiness_corrected == pytest.approx(a)
    assert account_activity(snapshot, "steady").burstiness == pytest.approx(-1)
    assert account_activity(snapshot, "extreme").burstiness_corrected == pytest.approx(1)
    assert summary.accounts == 3


def test_burstiness_is_null_with_under_three_posts_or_no_spread_in_time(reports):
    snapshot = reports["posts"].snapshot
    compute_burstiness(snapshot, min_posts=3)
    compute_amplification(snapshot)
    for author in ("pair", "instant"):
        found = account_activity(snapshot, author)
        assert (found.burstiness, found.burstiness_corrected) == (None, None)


def test_hour_by_weekday(reports):
    rhythm = activity_rhythm(reports["posts"].snapshot)
    expected = np.zeros((7, 24), dtype=int)
    base = np.datetime64("2024-03-04T00:00:00")  # Monday
    for hours in HOURS.values():
        for h in hours:
            day, hour = divmod(int(h), 24)
            expected[day % 7, hour] += 1
    assert np.array_equal(np.array(rhythm.posts), expected)
    assert base.astype(object).weekday() == 0
    assert rhythm.posts[0][0] == 6  # Monday 00:00: steady, bursty, pair, extreme three times
    assert (rhythm.posts[1][6], rhythm.posts[1][7]) == (1, 2)  # bursty at 30 h, 31 h, 31.5 h
    assert rhythm.posts[4][4] == 1  # bursty at 100 h: Friday 04:00
    assert sum(map(sum, rhythm.interactions)) == 0


def test_interaction_events_by_hour_in_utc(tmp_path):
    path = tmp_path / "day.yml"
    path.write_text(
        textwrap.dedent("""
        taken: 2024-03-31
        accounts: [{id: a}, {id: b}]
        posts:
          - {author: a, at: '2024-03-10T23:59:00'}
        interactions:
          - {source: a, target: b, kind: like, at: '2024-03-05T10:00:00+02:00', count: 3}
          - {source: b, target: a, kind: reply, at: '2024-03-05T08:30:00'}
        """),
        encoding="utf-8",
    )
    db = open_db("1GB")
    [snapshot] = load_series(path, db)
    rhythm = activity_rhythm(snapshot)
    assert rhythm.interactions[1][8] == 4  # Tuesday 08:00 UTC: 3 likes + 1 reply
    assert rhythm.posts[6][23] == 1  # Sunday 23:00
    db.close()


def test_class_mix_and_reciprocity_by_attribute(reports):
    groups = attribute_groups(reports["groups"], min_group_size=3)
    by_key = {(g.attribute, g.value): g for g in groups}
    young = by_key["age_band", "18-29"]
    assert (young.size, young.small) == (3, False)
    assert young.classes == {"consumer": 2, "reciprocator": 0, "broadcaster": 0, "dormant": 1,
                             "unclassified": 0}
    # follow reciprocity: u1 2*1/(3+1) = 0.5, u2 1.0, u3 0.0
    assert young.mean_follow_reciprocity == pytest.approx(0.5)
    assert (by_key["age_band", "30-49"].size, by_key["age_band", "30-49"].small) == (1, True)
    unknown = by_key["age_band", None]  # u5 gave no age band and has no follow edge
    assert (unknown.size, unknown.mean_follow_reciprocity, unknown.with_follow_edges) == (
        1,
        None,
        0,
    )
    assert [(g.attribute, g.value) for g in groups] == [
        ("age_band", "18-29"),
        ("age_band", "30-49"),
        ("age_band", None),
        ("life stage", "parent"),
        ("life stage", "student"),
    ]
    assert by_key["life stage", "student"].mean_follow_reciprocity == pytest.approx(0.75)


def test_analyze_activity_bundles_everything(reports):
    activity = analyze_activity(reports["groups"])
    # no reposts in the snapshot: amplification is not measured, not 0
    amplification = activity.amplification
    assert (amplification.measured, amplification.reposts, amplification.mean_reach) == (
        False, None, None)
    assert activity.burstiness.accounts == 0
    assert len(activity.rhythm.posts) == 7 and len(activity.rhythm.posts[0]) == 24
    assert len(activity.groups) == 5
    assert all(not g.small for g in activity.groups if g.size >= 3)


def test_group_means_and_burstiness_are_the_same_bits_on_every_run():
    """Sums of floats depend on their order, which DuckDB's threads vary: a site's group
    means changed in their last digits between builds of the same data (2M accounts here,
    enough for the threads to split the groups)."""
    db = open_db("2GB")
    db.execute("SET threads = 4")
    db.execute("SELECT setseed(0.5)")
    db.execute("CREATE SCHEMA s0")
    db.execute("CREATE TABLE s0.accounts AS SELECT CAST(i AS INTEGER) AS k, "
               "['a', 'b', 'c'][1 + i % 3] AS band FROM range(2000000) r(i)")
    db.execute("CREATE TABLE s0.account_classes AS SELECT k, 'consumer' AS class, "
               "random() AS follow_reciprocity FROM s0.accounts")
    db.execute("CREATE TABLE s0.posts AS SELECT CAST(i % 1000 AS INTEGER) AS author, "
               "TIMESTAMP '2024-01-01' + to_microseconds(CAST(random() * 3e12 AS BIGINT)) "
               "AS posted_at, true AS timed FROM range(2000000) r(i)")
    groups = GROUPS_SQL.format(s="s0", column="band",
                               class_counts="count(*) FILTER (WHERE class = 'consumer')")
    burstiness = ("SELECT list(mean_gap_seconds ORDER BY k), list(sd_gap_seconds ORDER BY k) "
                  "FROM s0.burstiness")
    runs = set()
    for _ in range(5):
        db.execute(BURSTINESS_SQL.format(s="s0"), {"min_posts": 3})
        means, sds = db.execute(burstiness).fetchone()
        runs.add((tuple(db.execute(groups).fetchall()), tuple(means), tuple(sds)))
    db.close()
    assert len(runs) == 1
