"""Change across snapshots: each transition kind, joined and left, growth, paths, new follows.

A town seen three times. Profile counts are given for every account, so classes and growth
can be read off the fixture (rules in test_classification.py):

    account  jan                  feb                  mar
    ana      reciprocator         reciprocator         reciprocator   (mutual with ben, replies)
    ben      reciprocator         broadcaster          broadcaster    (stops replying; 30 / 2)
    news     broadcaster          broadcaster          broadcaster
    cleo     consumer (fol. 40)   dormant (fol. 3)     dormant
    dan      dormant (fol. 1)     consumer (fol. 20)   consumer
    eve      dormant              -- left --           dormant (joined again)
    al       --                   consumer (joined)    -- left --

``al`` sorts before ``ana``: it shifts every per-snapshot key ``k`` in February, so any join
on ``k`` instead of ``id`` would pair the wrong accounts.
"""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from sitegen.analysis import analyze_series, queries
from sitegen.analysis.over_time import analyze_over_time, growth_document, transitions_document
from sitegen.analysis.series import Step, analyze_changes
from sitegen.charts_series import _why_not_compared
from sitegen.config import AnalysisSettings
from sitegen.errors import SnapshotError
from sitegen.snapshots import load_series, open_db

JAN = """
    taken: 2024-01-01
    accounts:
      - {id: ana, followers_count: 10, following_count: 12, posts_count: 5}
      - {id: ben, followers_count: 8, following_count: 9, posts_count: 5}
      - {id: news, followers_count: 1000, following_count: 2, posts_count: 50}
      - {id: cleo, followers_count: 5, following_count: 40, posts_count: 0}
      - {id: dan, followers_count: 3, following_count: 1, posts_count: 0}
      - {id: eve, followers_count: 0, following_count: 2, posts_count: 0}
    follows:
      - {follower: ana, followed: ben}
      - {follower: ben, followed: ana}
      - {follower: cleo, followed: news}
      - {follower: dan, followed: news}
    interactions:
      - {source: ana, target: ben, kind: reply, count: 2}
      - {source: ben, target: ana, kind: reply, count: 2}
    """

FEB = """
    taken: 2024-02-01
    accounts:
      - {id: al, followers_count: 0, following_count: 50, posts_count: 0}
      - {id: ana, followers_count: 12, following_count: 12, posts_count: 5}
      - {id: ben, followers_count: 30, following_count: 2, posts_count: 5}
      - {id: news, followers_count: 1100, following_count: 2, posts_count: 50}
      - {id: cleo, followers_count: 5, following_count: 3, posts_count: 0}
      - {id: dan, followers_count: 3, following_count: 20, posts_count: 0}
    follows:
      - {follower: ana, followed: ben}
      - {follower: ben, followed: ana}
      - {follower: cleo, followed: news}
      - {follower: dan, followed: news}
      - {follower: al, followed: news}
      - {follower: ana, followed: news}
    interactions:
      - {source: ana, target: ben, kind: reply, count: 2}
    """

MAR = """
    taken: 2024-03-01
    accounts:
      - {id: ana, followers_count: 15, following_count: 12, posts_count: 5}
      - {id: ben, followers_count: 33, following_count: 2, posts_count: 5}
      - {id: news, followers_count: 1150, following_count: 2, posts_count: 50}
      - {id: cleo, followers_count: 6, following_count: 3, posts_count: 0}
      - {id: dan, followers_count: 4, following_count: 20, posts_count: 0}
      - {id: eve, followers_count: 1, following_count: 2, posts_count: 0}
    follows:
      - {follower: ana, followed: ben}
      - {follower: ben, followed: ana}
      - {follower: cleo, followed: news}
      - {follower: ana, followed: news}
      - {follower: eve, followed: news}
    interactions:
      - {source: ana, target: ben, kind: reply, count: 2}
    """


# posts_count in a profile is a lifetime total: the posts of each month are listed (undated)
POSTS = "posts:\n" + "".join(f"  - {{author: {a}}}\n" for a, n in
                              (("ana", 5), ("ben", 5), ("news", 50)) for _ in range(n))


@pytest.fixture(scope="module")
def town_series(tmp_path_factory):
    """The series analysed once for the module (the tests only read it)."""
    folder = tmp_path_factory.mktemp("town")
    for name, text in {"2024-01.yml": JAN, "2024-02.yml": FEB, "2024-03.yml": MAR}.items():
        (folder / name).write_text(textwrap.dedent(text) + POSTS, encoding="utf-8")
    db = open_db("1GB")
    yield analyze_changes(analyze_series(load_series(folder, db), AnalysisSettings()))
    db.close()


def counts(series, step: int) -> dict[tuple[str, str], int]:
    return {(t.from_class, t.to_class): t.accounts for t in series.transitions[step].counts}


def test_steps_are_consecutive_snapshots(town_series):
    assert [(s.before, s.after, s.days) for s in town_series.steps] == [
        ("2024-01", "2024-02", 31),
        ("2024-02", "2024-03", 29),
    ]


def test_each_transition_kind_in_the_first_step(town_series):
    assert counts(town_series, 0) == {
        ("joined", "consumer"): 1,  # al
        ("reciprocator", "reciprocator"): 1,  # ana
        ("reciprocator", "broadcaster"): 1,  # ben
        ("broadcaster", "broadcaster"): 1,  # news
        ("consumer", "dormant"): 1,  # cleo
        ("dormant", "consumer"): 1,  # dan
        ("dormant", "left"): 1,  # eve
    }


def test_second_step_and_rejoining(town_series):
    assert counts(town_series, 1) == {
        ("joined", "dormant"): 1,  # eve is back
        ("reciprocator", "reciprocator"): 1,
        ("broadcaster", "broadcaster"): 2,  # ben, news
        ("consumer", "consumer"): 1,  # dan
        ("consumer", "left"): 1,  # al
        ("dormant", "dormant"): 1,  # cleo
    }


def test_counts_are_listed_joined_first_and_left_last(town_series):
    pairs = list(counts(town_series, 0))
    assert pairs[0] == ("joined", "consumer")
    assert pairs[-1] == ("dormant", "left")


def test_network_growth(town_series):
    first, second = town_series.growth
    assert (first.accounts_before, first.accounts_after, first.joined, first.left) == (6, 6, 1, 1)
    # followers 10+8+1000+5+3+0 -> 0+12+30+1100+5+3; changes of those in both: 0 0 2 22 100
    assert (first.followers.before, first.followers.after, first.followers.change) == (
        1026,
        1150,
        124,
    )
    assert first.followers.median_change == 2
    # following 12+9+2+40+1+2 -> 50+12+2+2+3+20; changes: -37 -7 0 0 19
    assert (first.following.before, first.following.after) == (66, 89)
    assert first.following.median_change == 0
    # new: al -> news, ana -> news; none lost
    assert (first.follows_before, first.follows_after, first.follows_new, first.follows_lost) == (
        4,
        6,
        2,
        0,
    )
    # new: eve -> news; lost: dan -> news, al -> news (al left)
    assert (
        second.follows_before,
        second.follows_after,
        second.follows_new,
        second.follows_lost,
    ) == (6, 5, 1, 2)


def test_new_follows_are_matched_by_id_not_key(town_series):
    rows = town_series.db.execute(
        "SELECT n.step, s.id, d.id FROM series.new_follows n "
        "JOIN series.account_path s ON s.i = n.step + 1 AND s.k = n.src "
        "JOIN series.account_path d ON d.i = n.step + 1 AND d.k = n.dst ORDER BY ALL"
    ).fetchall()
    assert rows == [(0, "al", "news"), (0, "ana", "news"), (1, "eve", "news")]


def test_account_path_with_gaps(town_series):
    path = town_series.account_path("eve")
    assert [(p.snapshot, p.klass, p.followers) for p in path] == [
        ("2024-01", "dormant", 0),
        ("2024-02", None, None),
        ("2024-03", "dormant", 1),
    ]
    assert path[0].taken == date(2024, 1, 1)


def test_account_path_carries_engagement(town_series):
    # ben replied to ana twice in January only
    assert [p.engagement for p in town_series.account_path("ana")] == [2, 0, 0]
    assert [p.klass for p in town_series.account_path("ben")] == [
        "reciprocator",
        "broadcaster",
        "broadcaster",
    ]


def test_unknown_account_has_an_empty_path(town_series):
    assert [p.klass for p in town_series.account_path("nobody")] == [None, None, None]


def test_paths_and_handles_asked_for_many_accounts_at_once(town_series):
    latest = town_series.reports[-1]
    ids = ["al", "ana", "ben", "cleo", "dan", "eve", "news", "nobody"]
    one_by_one = {i: (queries.account_path(latest, i), queries.find_published(latest, i))
                  for i in ids}
    assert queries.account_paths(latest, ids) == {i: town_series.account_path(i) for i in ids}
    queries.expect_accounts(latest, ids[1:])  # al (left by March) found by the query of one
    assert {i: (queries.account_path(latest, i), queries.find_published(latest, i))
            for i in ids} == one_by_one
    # eve has no handle in the data: None, not her id
    assert one_by_one["eve"][1] == ("eve", None) and one_by_one["nobody"][1] is None


def test_per_account_growth_table(town_series):
    rows = town_series.db.execute(
        "SELECT step, from_class, to_class, followers_change, following_change "
        "FROM series.account_steps WHERE id = 'ben' ORDER BY step"
    ).fetchall()
    assert rows == [
        (0, "reciprocator", "broadcaster", 22, -7),
        (1, "broadcaster", "broadcaster", 3, 0),
    ]


def test_json_documents(town_series):
    transitions = transitions_document(town_series)
    assert transitions[1]["from"] == "2024-02" and transitions[1]["to"] == "2024-03"
    assert {"from": "joined", "to": "dormant", "accounts": 1} in transitions[1]["counts"]
    assert all(t["comparable"] and t["differences"] == [] for t in transitions)
    # jan -> feb: ana, ben, news, cleo, dan stayed (eve left, al joined); feb -> mar: al left
    assert [t["accounts_in_both"] for t in transitions] == [5, 5]
    growth = growth_document(town_series)
    assert growth[0] == {
        "from": "2024-01",
        "to": "2024-02",
        "days": 31,
        "accounts": {"before": 6, "after": 6, "joined": 1, "left": 1},
        "follows": {"before": 4, "after": 6, "new": 2, "lost": 0},
        "followers": {"before": 1026, "after": 1150, "change": 124, "median_change": 2.0,
                      "from": ["profile, else edges", "profile, else edges"]},
        "following": {"before": 66, "after": 89, "change": 23, "median_change": 0.0,
                      "from": ["profile, else edges", "profile, else edges"]},
    }


def test_snapshots_without_an_account_in_common_are_not_compared(tmp_path, caplog):
    """Another network's snapshot in the folder (its ids all different): every account would
    have 'left' and 'joined', and nothing of that is a change of one network."""
    other = FEB
    for name in ("al", "ana", "ben", "news", "cleo", "dan", "eve"):
        other = other.replace(f" {name},", f" x{name},").replace(f": {name}}}", f": x{name}}}")
    other_posts = POSTS.replace("author: ", "author: x")
    (tmp_path / "2024-01.yml").write_text(textwrap.dedent(JAN) + POSTS, encoding="utf-8")
    (tmp_path / "2024-02.yml").write_text(textwrap.dedent(other) + other_posts, encoding="utf-8")
    db = open_db("1GB")
    try:
        reports = analyze_series(load_series(tmp_path, db), AnalysisSettings())
        with caplog.at_level("WARNING"):
            over_time = analyze_over_time(reports, AnalysisSettings())
        [step] = over_time.steps
        assert step.shared == 0 and not step.comparable and step.differences == ()
        [document] = transitions_document(over_time)
        assert document["comparable"] is False and document["accounts_in_both"] == 0
        assert over_time.audit == ()
        [warning] = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
        assert warning.startswith(f"{tmp_path / '2024-02.yml'}: no account in common with "
                                  "2024-01, the snapshot before it")
    finally:
        db.close()


def test_two_network_names_in_a_series_are_refused(tmp_path):
    named = {"2024-01.yml": "network: riverside\n" + textwrap.dedent(JAN),
             "2024-02.yml": "network: lakeside\n" + textwrap.dedent(FEB)}
    for name, text in named.items():
        (tmp_path / name).write_text(text + POSTS, encoding="utf-8")
    db = open_db("1GB")
    try:
        with pytest.raises(SnapshotError) as caught:
            load_series(tmp_path, db)
    finally:
        db.close()
    assert str(caught.value).startswith(
        f"{tmp_path / '2024-02.yml'}: a series is one network over time, but this snapshot "
        f"names the network 'lakeside' and {tmp_path / '2024-01.yml'} names 'riverside'")
    assert "keep each network's snapshots in a folder of their own" in str(caught.value)


def test_one_network_named_in_some_snapshots_only_is_one_series(tmp_path, caplog):
    """Naming the network in the latest snapshot only is no error, and no warning."""
    (tmp_path / "2024-01.yml").write_text(textwrap.dedent(JAN) + POSTS, encoding="utf-8")
    (tmp_path / "2024-02.yml").write_text("network: riverside\n" + textwrap.dedent(FEB) + POSTS,
                                          encoding="utf-8")
    db = open_db("1GB")
    try:
        with caplog.at_level("WARNING"):
            assert [s.network for s in load_series(tmp_path, db)] == ["", "riverside"]
    finally:
        db.close()
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


def test_a_step_not_compared_for_two_reasons_gives_both():
    day = date(2024, 1, 1)
    both = Step(0, "a", "b", day, day, ("posts",), 0)
    assert not both.comparable
    assert _why_not_compared(both) == ("posts in one only; no account in common: not one "
                                       "network over time")
    assert _why_not_compared(Step(0, "a", "b", day, day, ("posts",), 3)) == "posts in one only"
    assert _why_not_compared(Step(0, "a", "b", day, day, (), 0)).startswith("no account")
    assert Step(0, "a", "b", day, day, (), None).comparable  # not counted: no claim


def test_two_snapshots_without_accounts_are_a_step_of_nothing(tmp_path, caplog):
    """Neither has an account: no row of figures for the step (a KeyError stopped it)."""
    for month in ("2024-01", "2024-02", "2024-03"):
        accounts = "[]" if month != "2024-03" else "[{id: a}]"
        (tmp_path / f"{month}.yml").write_text(f"taken: {month}-01\naccounts: {accounts}\n")
    db = open_db("1GB")
    try:
        with caplog.at_level("WARNING"):
            over_time = analyze_over_time(analyze_series(load_series(tmp_path, db),
                                                         AnalysisSettings()), AnalysisSettings())
    finally:
        db.close()
    assert [(s.shared, s.comparable) for s in over_time.steps] == [(0, False), (0, False)]
    assert [(g.accounts_before, g.accounts_after, g.joined, g.left)
            for g in over_time.growth] == [(0, 0, 0, 0), (0, 1, 1, 0)]
    said = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert said == [f"{tmp_path / '2024-02.yml'}: no accounts: the step from 2024-01 to 2024-02 "
                    "is not compared",
                    f"{tmp_path / '2024-02.yml'}: no accounts: the step from 2024-02 to 2024-03 "
                    "is not compared"]


@pytest.mark.parametrize(("first", "second", "same"), [
    ("Riverside", " riverside", True), ("riverside", "riverside\u200b", True),
    ("caf\u00e9", "cafe\u0301", True), ("0", "x", False), ("false", "x", False)])
def test_network_names_are_compared_as_they_read(tmp_path, first, second, same):
    """One name typed twice is one network; 0 and false are names (0 read as none before)."""
    (tmp_path / "2024-01.yml").write_text(f"taken: 2024-01-01\nnetwork: {first}\n"
                                          "accounts: [{id: a}]\n", encoding="utf-8")
    (tmp_path / "2024-02.yml").write_text(f"taken: 2024-02-01\nnetwork: \"{second}\"\n"
                                          "accounts: [{id: a}]\n", encoding="utf-8")
    db = open_db("1GB")
    try:
        if same:
            assert len(load_series(tmp_path, db)) == 2
        else:
            with pytest.raises(SnapshotError, match="a series is one network over time"):
                load_series(tmp_path, db)
    finally:
        db.close()


def test_one_sided_snapshots_that_saw_different_sides_are_not_compared(tmp_path):
    """An archive with its followers list, then one without: the owner's followers would
    read as gone (3 'left', 'follows lost 3'); the step names what one saw and not the other."""
    both = "observed: {owners: [me], follows: owners, interactions: given, posts: owners}\n"
    one = "observed: {owners: [me], follows: following, interactions: given, posts: owners}\n"
    ties = "follows: [{follower: me, followed: a}, {follower: b, followed: me}, " \
           "{follower: c, followed: me}]\n"
    (tmp_path / "2024-01.yml").write_text("taken: 2024-01-01\n" + both + ties)
    (tmp_path / "2024-02.yml").write_text(
        "taken: 2024-02-01\n" + one + "follows: [{follower: me, followed: a}]\n")
    (tmp_path / "2024-03.yml").write_text("taken: 2024-03-01\n" + one + ties)
    db = open_db("1GB")
    try:
        series = analyze_changes(analyze_series(load_series(tmp_path, db), AnalysisSettings()))
    finally:
        db.close()
    first, second = series.steps
    assert first.differences == ("the owners' followers",) and not first.comparable
    assert second.differences == () and second.comparable  # both saw only whom me follows
