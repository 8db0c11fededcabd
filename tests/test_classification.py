"""Ways of use on hand-checkable fixtures: each class, its reason, its scores, and thresholds.

Default rules (sitegen.config.AnalysisSettings): active = posts + interactions given >= 3;
an inactive account following >= 10 is a consumer, else dormant; an active one with
reciprocity >= 0.5 and >= 2 interactions given is a reciprocator; else with audience ratio
(followers per account followed) >= 3 a broadcaster; else the higher score decides.
"""

from __future__ import annotations

import textwrap

import pytest

from sitegen.analysis import analyze_series
from sitegen.config import AnalysisSettings
from sitegen.snapshots import load_series, open_db

# A small town. Profile counts (Twitter export names) describe whole accounts; the edges
# are the part of the network we observed.
#   news    posts 120 to 5000 followers, follows 2, never replies      -> broadcaster
#   reader  follows 36, never posts or interacts                        -> consumer
#   lurker  follows news and alice (2, from the edges), never posts     -> dormant
#   alice, bob  follow each other, trade replies and reposts            -> reciprocators
#   fan1..3 follow news only; fan1 replied to it once                   -> dormant
TOWN = """
    taken: 2024-03-01
    network: town
    accounts:
      - {id: news, screen_name: daily_news, followers_count: 5000, friends_count: 2,
         statuses_count: 120}
      - {id: reader, friends_count: 36, statuses_count: 0}
      - {id: lurker, statuses_count: 0}
      - {id: alice, statuses_count: 4}
      - {id: bob, statuses_count: 2}
      - {id: fan1}
      - {id: fan2}
      - {id: fan3}
    follows:
      - {follower: lurker, followed: news}
      - {follower: lurker, followed: alice}
      - {follower: alice, followed: bob}
      - {follower: alice, followed: news}
      - {follower: bob, followed: alice}
      - {follower: fan1, followed: news}
      - {follower: fan2, followed: news}
      - {follower: fan3, followed: news}
      - {follower: reader, followed: news}
    interactions:
      - {source: alice, target: bob, kind: reply, count: 2}
      - {source: alice, target: bob, kind: repost}
      - {source: bob, target: alice, kind: repost}
      - {source: bob, target: alice, kind: reply}
      - {source: fan1, target: news, kind: reply}
      - {source: alice, target: news, kind: like}
"""


@pytest.fixture
def town(make_snapshot):
    return make_snapshot("town.yml", TOWN)


@pytest.fixture(scope="module")
def town_report(tmp_path_factory):
    """The town under default settings, analysed once for this module: accounts by id and
    the class counts."""
    path = tmp_path_factory.mktemp("town") / "town.yml"
    path.write_text(textwrap.dedent(TOWN).lstrip("\n"), encoding="utf-8")
    db = open_db("1GB")
    [report] = analyze_series(load_series(path, db), AnalysisSettings())
    accounts, classes = {a.id: a for a in report.accounts()}, report.network.classes
    db.close()
    return accounts, classes


@pytest.fixture
def defaults(town_report):
    return town_report[0]


@pytest.fixture
def classify(analyze, accounts_of):
    """``classify(path, **settings)``: accounts by id of the (single) snapshot's report."""

    def _classify(path, **settings):
        [report] = analyze(path, **settings)
        return accounts_of(report)

    return _classify


def test_each_class_on_the_town(defaults):
    accounts = defaults
    assert {k: a.klass for k, a in accounts.items()} == {
        "news": "broadcaster",
        "reader": "consumer",
        "lurker": "dormant",
        "alice": "reciprocator",
        "bob": "reciprocator",
        "fan1": "dormant",
        "fan2": "dormant",
        "fan3": "dormant",
    }


def test_class_counts(town_report):
    assert town_report[1] == {
        "consumer": 1,
        "reciprocator": 2,
        "broadcaster": 1,
        "dormant": 4,
    }


def test_broadcaster_reason_quotes_the_numbers(defaults):
    news = defaults["news"]
    assert (news.posts, news.given, news.followers, news.following) == (120, 0, 5000, 2)
    # 4 observed followers, none followed back; replies received, none given
    assert news.follow_reciprocity == 0.0 and news.interaction_reciprocity == 0.0
    assert news.reason == (
        "active (120 posts + 0 interactions given); reciprocity 0.00 (follow 0.00, "
        "interaction 0.00) < 0.50; audience ratio 2500.0 (5000 followers / 2 "
        "following) >= 3.0: broadcaster"
    )


def test_consumer_reason(defaults):
    assert defaults["reader"].reason == (
        "inactive: 0 posts + 0 interactions given < 3; follows 36 (>= 10): consumer"
    )


def test_dormant_reason(defaults):
    assert defaults["lurker"].reason == (
        "inactive: 0 posts + 0 interactions given < 3; follows 2 (< 10): dormant"
    )
    # one reply is activity, but not enough to count as active
    assert defaults["fan1"].reason == (
        "inactive: 0 posts + 1 interactions given < 3; follows 1 (< 10): dormant"
    )


def test_reciprocator_reason(defaults):
    accounts = defaults
    alice, bob = accounts["alice"], accounts["bob"]
    # alice: followed by {bob, lurker}, follows {bob, news}: 2 * 1 / 4 = 0.5;
    # interaction partners out {bob, news}, in {bob}: 2 * 1 / 3
    assert alice.follow_reciprocity == pytest.approx(0.5)
    assert alice.interaction_reciprocity == pytest.approx(2 / 3)
    assert alice.given == 4  # 2 replies + 1 repost to bob, 1 like to news
    assert alice.reason == (
        "active (4 posts + 4 interactions given); reciprocity 0.67 (follow 0.50, interaction "
        "0.67) >= 0.50 and 4 given >= 2: reciprocator"
    )
    assert bob.reason == (
        "active (2 posts + 2 interactions given); reciprocity 1.00 (follow 1.00, interaction "
        "1.00) >= 0.50 and 2 given >= 2: reciprocator"
    )


def test_scores_by_hand(defaults):
    accounts = defaults
    # reader: inactive share i = 3 / (3 + 0) = 1, following share f = 36 / (36 + 10)
    assert accounts["reader"].scores == pytest.approx(
        {"consumer": 36 / 46, "dormant": 10 / 46, "reciprocator": 0, "broadcaster": 0}, abs=1e-6
    )  # scores are rounded to 6 decimals
    # news: i = 3 / 123, f = 2 / 12, reciprocity 0: the activity share is all broadcasting
    i, f = 3 / 123, 2 / 12
    assert accounts["news"].scores == pytest.approx(
        {"consumer": i * f, "dormant": i * (1 - f), "reciprocator": 0, "broadcaster": 1 - i},
        abs=1e-6,
    )
    # alice: i = 3 / (3 + 8), f = 2 / 12, r = 2/3
    i, f, r = 3 / 11, 2 / 12, 2 / 3
    assert accounts["alice"].scores == pytest.approx(
        {
            "consumer": i * f,
            "dormant": i * (1 - f),
            "reciprocator": (1 - i) * r,
            "broadcaster": (1 - i) * (1 - r),
        },
        abs=1e-6,
    )
    for account in accounts.values():
        assert sum(account.scores.values()) == pytest.approx(1.0, abs=1e-5)
        # the class decided by a rule is the way of use with the highest score here
        assert max(account.scores, key=account.scores.get) == account.klass


def test_no_rule_matched_falls_back_to_the_higher_score(make_snapshot, classify):
    # c posts once and replies to a and b, who never answer: 3 actions, active (i = 3/6);
    # reciprocity 0; audience 1 follower / 5 following = 0.2: no rule matches, and the
    # broadcaster score (1 - i) * (1 - 0) = 0.5 beats the reciprocator score 0
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": """
                id,followers_count,following_count,posts_count
                c,1,5,1
                a,,,
                b,,,
            """,
            "interactions.csv": """
                source,target,kind
                c,a,reply
                c,b,reply
            """,
        },
    )
    c = classify(snap)["c"]
    assert c.klass == "broadcaster"
    assert c.reason == (
        "active (1 posts + 2 interactions given); reciprocity 0.00 (follow n/a, interaction "
        "0.00), audience ratio 0.2: no rule matched, closest by score: broadcaster 0.50"
    )


@pytest.mark.parametrize(
    ("profile", "klass"),
    [
        # posts, following, followers
        ((2, 10, 0), "consumer"),  # inactive, following exactly the consumer threshold
        ((2, 9, 0), "dormant"),  # one fewer
        ((0, 0, 0), "dormant"),  # nothing at all
        ((3, 1, 3), "broadcaster"),  # exactly active, audience ratio exactly 3
        ((3, 0, 3), "broadcaster"),  # following 0 counts as 1 in the ratio
    ],
)
def test_thresholds_are_inclusive(make_snapshot, classify, profile, klass):
    posts, following, followers = profile
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": f"""
                id,posts_count,following_count,followers_count
                x,{posts},{following},{followers}
            """
        },
    )
    assert classify(snap)["x"].klass == klass


@pytest.mark.parametrize(
    ("settings", "changed"),
    [
        # reader follows 36: under a threshold of 40 it is dormant
        ({"consumer_min_following": 40}, {"reader": "dormant"}),
        # news posted 120 times: with 200 actions needed it is inactive, following 2: dormant
        ({"active_min_actions": 200}, {"news": "dormant", "alice": "dormant", "bob": "dormant"}),
        # fan1 gave one reply: with 1 action enough it is active; reciprocity 0 and no
        # followers, so no rule matches and the broadcaster score wins
        ({"active_min_actions": 1}, {"fan1": "broadcaster"}),
        # alice's reciprocity 0.67 is under 0.8, and her audience ratio 2 / 2 = 1 reaches a
        # broadcaster threshold of 1; bob (reciprocity 1.00) stays a reciprocator
        (
            {"reciprocator_min_reciprocity": 0.8, "broadcaster_min_audience_ratio": 1.0},
            {"alice": "broadcaster"},
        ),
    ],
)
def test_thresholds_change_the_result(town, classify, defaults, settings, changed):
    default = {k: a.klass for k, a in defaults.items()}
    now = {k: a.klass for k, a in classify(town, **settings).items()}
    assert now == {**default, **changed}


def test_reason_follows_the_thresholds(town, classify):
    accounts = classify(town, consumer_min_following=40, reciprocator_min_given=5)
    assert accounts["reader"].reason == (
        "inactive: 0 posts + 0 interactions given < 3; follows 36 (< 40): dormant"
    )
    # alice gave 4 < 5: the reciprocator rule no longer fires; her audience ratio is
    # 2 / 2 = 1 < 3, so the higher score decides. Giving share g = 4/5:
    # reciprocator (1 - 3/11) * 2/3 * 4/5 = 0.39 against broadcaster 8/11 - 0.39 = 0.34
    assert accounts["alice"].klass == "reciprocator"
    assert accounts["alice"].reason.endswith(
        "audience ratio 1.0: no rule matched, closest by score: reciprocator 0.39"
    )


def test_broadcaster_threshold(town, classify):
    news = classify(town, broadcaster_min_audience_ratio=3000.0)["news"]
    assert "no rule matched" in news.reason  # 2500 < 3000
    assert news.klass == "broadcaster"  # still the only active way of use it scores on


@pytest.mark.parametrize(("replies", "klass"), [(2, "reciprocator"), (1, "broadcaster")])
def test_reciprocator_thresholds_are_inclusive(make_snapshot, classify, replies, klass):
    # x follows y and z and is followed by y and w: follow reciprocity 2 * 1 / 4 = 0.5.
    # x posts (3 - replies) times and replies to y: always 3 actions, active.
    # With 2 replies given the rule fires (0.5 >= 0.5, 2 >= 2). With 1 it does not, the
    # audience ratio 2 / 2 = 1 is under 3, and with giving share g = 1/2 the scores are
    # reciprocator (1 - i) * 0.5 * 0.5 against broadcaster (1 - i) * 0.75.
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": f"""
                id,posts_count
                x,{3 - replies}
                y,0
                z,0
                w,0
            """,
            "follows.csv": """
                follower,followed
                x,y
                x,z
                y,x
                w,x
            """,
            "interactions.csv": f"""
                source,target,kind,count
                x,y,reply,{replies}
            """,
        },
    )
    x = classify(snap)["x"]
    assert x.follow_reciprocity == pytest.approx(0.5)
    assert x.klass == klass
