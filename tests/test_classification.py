"""Ways of use on hand-checkable fixtures: each class, its reason, its scores, and thresholds.

Default rules (sitegen.config.AnalysisSettings, sitegen.analysis.classify): active = posts +
interactions given >= 3 (posts only from a posts table: a profile's posts_count is a lifetime
total, never activity); an inactive account following >= 10 is a consumer, else dormant
(unclassified when whom it follows is not measured); an active one with reciprocity >= 0.5 and
>= 2 interactions given is a reciprocator; else with audience ratio (followers per account
followed) >= 3 a broadcaster; else reciprocity x giving share > 0.5 makes a reciprocator, an
audience ratio >= 1 a broadcaster, and anything else is unclassified. Without posts or
interactions, classes come from follows alone; a figure the snapshot lacks is None.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from sitegen.analysis import analyze_series
from sitegen.config import AnalysisSettings
from sitegen.snapshots import load_series, open_db

# A small town. Profile counts (Twitter export names) describe whole accounts; the edges
# and the posts are the part of the network we observed. statuses_count is each account's
# lifetime total of posts: it says nothing about activity in the snapshot.
#   news    posts 5 times to 5000 followers, follows 2, never replies    -> broadcaster
#   reader  follows 36, 900 posts in its lifetime, none here, no replies -> consumer
#   lurker  follows news and alice (2, from the edges), never posts     -> dormant
#   alice, bob  follow each other, post, trade replies and reposts      -> reciprocators
#   fan1..3 follow news only; fan1 replied to it once                   -> dormant
TOWN = """
    taken: 2024-03-01
    network: town
    accounts:
      - {id: news, screen_name: daily_news, followers_count: 5000, friends_count: 2,
         statuses_count: 120}
      - {id: reader, friends_count: 36, statuses_count: 900}
      - {id: lurker, statuses_count: 15}
      - {id: alice, statuses_count: 350}
      - {id: bob, statuses_count: 80}
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
    posts:
      - {author: news}
      - {author: news}
      - {author: news}
      - {author: news}
      - {author: news}
      - {author: alice}
      - {author: alice}
      - {author: alice}
      - {author: alice}
      - {author: bob}
      - {author: bob}
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


@pytest.fixture
def snapshot_of(make_snapshot, analyze, accounts_of):
    """``snapshot_of(yaml_text, **settings)``: accounts by id and the class counts of a .yml
    snapshot written from the text."""

    def _snapshot_of(text, **settings):
        [report] = analyze(make_snapshot("snapshot.yml", text), **settings)
        return accounts_of(report), report.network.classes

    return _snapshot_of


def classes(accounts):
    return {k: a.klass for k, a in accounts.items()}


def test_each_class_on_the_town(defaults):
    assert classes(defaults) == {
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
        "unclassified": 0,
    }


def test_lifetime_posts_are_not_activity(defaults):
    # statuses_count is kept as lifetime_posts; posts counts the posts table only
    news, reader = defaults["news"], defaults["reader"]
    assert (news.posts, news.lifetime_posts) == (5, 120)
    assert (reader.posts, reader.lifetime_posts) == (0, 900)
    assert (defaults["fan2"].posts, defaults["fan2"].lifetime_posts) == (0, None)
    # 900 lifetime posts, none in the snapshot: inactive, so a consumer
    assert reader.klass == "consumer"


def test_broadcaster_reason_quotes_the_numbers(defaults):
    news = defaults["news"]
    assert (news.posts, news.given, news.followers, news.following) == (5, 0, 5000, 2)
    # 6 observed followers (lurker, alice, reader, fan1..3), none followed back; replies
    # received from fan1 and a like from alice, none given
    assert news.follow_reciprocity == 0.0 and news.interaction_reciprocity == 0.0
    assert news.received == 2
    assert news.reason == (
        "active (5 posts + 0 interactions given); reciprocity 0.00 (follow 0.00, "
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
    )
    # news: i = 3 / (3 + 5), f = 2 / 12, reciprocity 0: the activity share is all broadcasting
    i, f = 3 / 8, 2 / 12
    assert accounts["news"].scores == pytest.approx(
        {"consumer": i * f, "dormant": i * (1 - f), "reciprocator": 0, "broadcaster": 1 - i},
        abs=1e-6,
    )
    # alice: i = 3 / (3 + 4 + 4), f = 2 / 12, r = 2/3, giving share g = min(1, 4 / 2) = 1
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


@pytest.mark.parametrize(
    ("followers", "klass", "verdict"),
    [
        # 1 follower for 5 followed: neither reciprocal enough nor followed back enough
        (
            1,
            "unclassified",
            "< 0.50, audience ratio 0.2 (1 followers / 5 following) < 1: no rule matched: not "
            "reciprocal enough for a reciprocator, followed by fewer than it follows for a "
            "broadcaster, no way of use fits: unclassified",
        ),
        # as many followers as followed (ratio exactly 1): broadcaster
        (
            5,
            "broadcaster",
            "audience ratio 1.0 (5 followers / 5 following) < 3.0: no rule matched, closest: "
            "at least as many followers as followed: broadcaster",
        ),
    ],
)
def test_no_rule_matched_falls_back_to_audience_or_unclassified(
    make_snapshot, classify, followers, klass, verdict
):
    # c posts once and replies to a and b, who never answer: 3 actions, active (i = 3/6);
    # reciprocity 0, so reciprocity x giving share is 0 (not > 0.5); under the broadcaster
    # threshold 3 the audience ratio decides: >= 1 broadcaster, else unclassified
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": f"""
                id,followers_count,following_count
                c,{followers},5
                a,,
                b,,
            """,
            "posts.csv": """
                author
                c
            """,
            "interactions.csv": """
                source,target,kind
                c,a,reply
                c,b,reply
            """,
        },
    )
    c = classify(snap)["c"]
    assert c.klass == klass
    assert c.reason == (
        "active (1 posts + 2 interactions given); reciprocity 0.00 (follow not measured, "
        f"interaction 0.00){'' if verdict.startswith('<') else ','} {verdict}"
    )
    # scores still exist (posts and following are measured): i = 1/2, f = 5 / 15; the
    # broadcaster score is the highest, yet with too small an audience no rule gives it
    i, f = 3 / 6, 5 / 15
    assert c.scores == pytest.approx(
        {"consumer": i * f, "dormant": i * (1 - f), "reciprocator": 0, "broadcaster": 1 - i},
        abs=1e-6,
    )


@pytest.mark.parametrize(
    ("profile", "klass", "reason"),
    [
        # posts, following, followers
        # inactive, following exactly the consumer threshold
        ((2, 10, 0), "consumer", "inactive: 2 posts < 3; follows 10 (>= 10): consumer"),
        ((2, 9, 0), "dormant", "inactive: 2 posts < 3; follows 9 (< 10): dormant"),  # one fewer
        ((0, 0, 0), "dormant", "inactive: 0 posts < 3; follows 0 (< 10): dormant"),  # nothing
        # exactly active, audience ratio exactly 3
        (
            (3, 1, 3),
            "broadcaster",
            "active (3 posts); no reciprocity measured (follow not measured, interaction not "
            "measured) < 0.50; audience ratio 3.0 (3 followers / 1 following) >= 3.0: "
            "broadcaster",
        ),
        # following 0 counts as 1 in the ratio
        (
            (3, 0, 3),
            "broadcaster",
            "active (3 posts); no reciprocity measured (follow not measured, interaction not "
            "measured) < 0.50; audience ratio 3.0 (3 followers / 0 following) >= 3.0: "
            "broadcaster",
        ),
        # audience ratio exactly 1: the fallback broadcaster; just under 1: unclassified
        (
            (3, 3, 3),
            "broadcaster",
            "active (3 posts); no reciprocity measured (follow not measured, interaction not "
            "measured), audience ratio 1.0 (3 followers / 3 following) < 3.0: no rule "
            "matched, closest: at least as many followers as followed: broadcaster",
        ),
        (
            (3, 4, 3),
            "unclassified",
            "active (3 posts); no reciprocity measured (follow not measured, interaction not "
            "measured) < 0.50, audience ratio 0.8 (3 followers / 4 following) < 1: no rule "
            "matched: not reciprocal enough for a reciprocator, followed by fewer than it "
            "follows for a broadcaster, no way of use fits: unclassified",
        ),
    ],
)
def test_thresholds_are_inclusive(make_snapshot, classify, profile, klass, reason):
    posts, following, followers = profile
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": f"""
                id,following_count,followers_count
                x,{following},{followers}
            """,
            "posts.csv": "author\n" + "x\n" * posts,
        },
    )
    x = classify(snap)["x"]
    assert (x.klass, x.posts, x.given) == (klass, posts, None)
    assert x.reason == reason


@pytest.mark.parametrize(
    ("settings", "changed"),
    [
        # reader follows 36: under a threshold of 40 it is dormant
        ({"consumer_min_following": 40}, {"reader": "dormant"}),
        # news has 5 actions, alice 4 posts + 4 given = 8, bob 2 + 2 = 4: with 9 needed all
        # are inactive, and following 2, 2 and 1 (< 10) they are dormant
        ({"active_min_actions": 9}, {"news": "dormant", "alice": "dormant", "bob": "dormant"}),
        # fan1 gave one reply: with 1 action enough it is active; reciprocity 0, and with no
        # followers for 1 followed (ratio 0 < 1) no way of use fits
        ({"active_min_actions": 1}, {"fan1": "unclassified"}),
        # alice's reciprocity 0.67 is under 0.8, and her audience ratio 2 / 2 = 1 reaches a
        # broadcaster threshold of 1; bob (reciprocity 1.00) stays a reciprocator
        (
            {"reciprocator_min_reciprocity": 0.8, "broadcaster_min_audience_ratio": 1.0},
            {"alice": "broadcaster"},
        ),
    ],
)
def test_thresholds_change_the_result(town, classify, defaults, settings, changed):
    default = classes(defaults)
    now = classes(classify(town, **settings))
    assert now == {**default, **changed}


def test_reason_follows_the_thresholds(town, classify):
    accounts = classify(town, consumer_min_following=40, reciprocator_min_given=5)
    assert accounts["reader"].reason == (
        "inactive: 0 posts + 0 interactions given < 3; follows 36 (< 40): dormant"
    )
    # alice gave 4 < 5: the reciprocator rule no longer fires; her audience ratio is
    # 2 / 2 = 1 < 3; giving share g = 4/5, so reciprocity x giving share is
    # 2/3 * 4/5 = 0.53 > 0.5: still a reciprocator
    assert accounts["alice"].klass == "reciprocator"
    assert accounts["alice"].reason == (
        "active (4 posts + 4 interactions given); reciprocity 0.67 (follow 0.50, interaction "
        "0.67), audience ratio 1.0 (2 followers / 2 following): no rule matched, closest by "
        "score: reciprocity x giving share 0.53 > 0.50: reciprocator"
    )
    # bob gave 2 < 5: 1.00 x 2/5 = 0.40 is not over 0.5; 1 follower for 1 followed is an
    # audience of at least as many followers as followed: broadcaster
    assert accounts["bob"].klass == "broadcaster"
    assert accounts["bob"].reason == (
        "active (2 posts + 2 interactions given); reciprocity 1.00 (follow 1.00, interaction "
        "1.00), audience ratio 1.0 (1 followers / 1 following) < 3.0: no rule matched, "
        "closest: at least as many followers as followed: broadcaster"
    )


def test_broadcaster_threshold(town, classify):
    news = classify(town, broadcaster_min_audience_ratio=3000.0)["news"]
    # 2500 < 3000; reciprocity 0 (not over 0.5), but 5000 followers for 2 followed
    assert news.klass == "broadcaster"
    assert news.reason == (
        "active (5 posts + 0 interactions given); reciprocity 0.00 (follow 0.00, interaction "
        "0.00), audience ratio 2500.0 (5000 followers / 2 following) < 3000.0: no rule "
        "matched, closest: at least as many followers as followed: broadcaster"
    )


@pytest.mark.parametrize(
    ("replies", "klass", "reason"),
    [
        (
            2,
            "reciprocator",
            "active (1 posts + 2 interactions given); reciprocity 0.50 (follow 0.50, "
            "interaction 0.00) >= 0.50 and 2 given >= 2: reciprocator",
        ),
        (
            1,
            "broadcaster",
            "active (2 posts + 1 interactions given); reciprocity 0.50 (follow 0.50, "
            "interaction 0.00), audience ratio 1.0 (2 followers / 2 following) < 3.0: no "
            "rule matched, closest: at least as many followers as followed: broadcaster",
        ),
    ],
)
def test_reciprocator_thresholds_are_inclusive(make_snapshot, classify, replies, klass, reason):
    # x follows y and z and is followed by y and w: follow reciprocity 2 * 1 / 4 = 0.5.
    # x posts (3 - replies) times and replies to y: always 3 actions, active.
    # With 2 replies given the rule fires (0.5 >= 0.5, 2 >= 2). With 1 it does not, the
    # audience ratio 2 / 2 = 1 is under 3, reciprocity x giving share 0.5 * 1/2 = 0.25 is
    # not over 0.5, and 2 followers for 2 followed make the fallback broadcaster.
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": """
                id
                x
                y
                z
                w
            """,
            "posts.csv": "author\n" + "x\n" * (3 - replies),
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
    assert x.reason == reason


# Follows alone: no posts, no interactions, no profile counts.
#   hub      followed by a, b and reader (3), follows nobody: ratio 3 / 1   -> broadcaster
#   p, q     follow each other: follow reciprocity 1                        -> reciprocators
#   reader   follows hub and t1..t9 (10), followed by nobody: ratio 0       -> consumer
#   a, b     follow hub only (1 < 10)                                       -> unclassified
#   t1..t9   followed by reader (ratio 1 / 1), follow nobody                -> unclassified
FOLLOWS_ONLY = """
    taken: 2024-03-01
    network: follows only
    accounts:
      - {id: hub}
      - {id: p}
      - {id: q}
      - {id: reader}
      - {id: a}
      - {id: b}
      - {id: t1}
      - {id: t2}
      - {id: t3}
      - {id: t4}
      - {id: t5}
      - {id: t6}
      - {id: t7}
      - {id: t8}
      - {id: t9}
    follows:
      - {follower: a, followed: hub}
      - {follower: b, followed: hub}
      - {follower: p, followed: q}
      - {follower: q, followed: p}
      - {follower: reader, followed: hub}
      - {follower: reader, followed: t1}
      - {follower: reader, followed: t2}
      - {follower: reader, followed: t3}
      - {follower: reader, followed: t4}
      - {follower: reader, followed: t5}
      - {follower: reader, followed: t6}
      - {follower: reader, followed: t7}
      - {follower: reader, followed: t8}
      - {follower: reader, followed: t9}
"""

ALONE = "from follows alone (posts and interactions not measured): "


def test_classes_from_follows_alone(snapshot_of):
    accounts, counts = snapshot_of(FOLLOWS_ONLY)
    tails = {f"t{n}": "unclassified" for n in range(1, 10)}
    assert classes(accounts) == {
        "hub": "broadcaster",
        "p": "reciprocator",
        "q": "reciprocator",
        "reader": "consumer",
        "a": "unclassified",
        "b": "unclassified",
        **tails,
    }
    assert counts == {
        "consumer": 1,
        "reciprocator": 2,
        "broadcaster": 1,
        "dormant": None,  # no rule can tell it without posts: not measured, not 0
        "unclassified": 11,
    }
    for account in accounts.values():
        assert account.reason.startswith(ALONE), account.id
        assert (account.posts, account.given, account.received) == (None, None, None)
        assert account.interaction_reciprocity is None
        assert account.scores is None
    assert accounts["hub"].reason == (
        ALONE + "audience ratio 3.0 (3 followers / 0 following) >= 3.0: broadcaster"
    )
    assert accounts["p"].reason == (
        ALONE + "audience ratio 1.0 (1 followers / 1 following) < 3.0; follow reciprocity "
        "1.00 >= 0.50: reciprocator"
    )
    assert accounts["reader"].reason == (
        ALONE + "audience ratio 0.0 (0 followers / 10 following) <= 1/3.0, reciprocity 0.00 "
        "(follow 0.00, interaction not measured) < 0.50; follows 10 >= 10: consumer"
    )
    assert accounts["a"].reason == (
        ALONE + "audience ratio 0.0 (0 followers / 1 following), reciprocity 0.00 (follow "
        "0.00, interaction not measured), follows 1: neither lopsided nor mostly returned, "
        "and without activity no way of use can be told: unclassified"
    )
    assert accounts["t1"].reason == (
        ALONE + "audience ratio 1.0 (1 followers / 0 following), reciprocity 0.00 (follow "
        "0.00, interaction not measured), follows 0: neither lopsided nor mostly returned, "
        "and without activity no way of use can be told: unclassified"
    )


@pytest.mark.parametrize(
    ("settings", "changed"),
    [
        # hub's ratio 3 is under 4; reader follows 10 < 11
        ({"broadcaster_min_audience_ratio": 4.0}, {"hub": "unclassified"}),
        ({"consumer_min_following": 11}, {"reader": "unclassified"}),
        # p and q's follow reciprocity 1.00 stays at or above a threshold of 1
        ({"reciprocator_min_reciprocity": 1.0}, {}),
    ],
)
def test_follows_alone_thresholds(snapshot_of, settings, changed):
    default = classes(snapshot_of(FOLLOWS_ONLY)[0])
    now = classes(snapshot_of(FOLLOWS_ONLY, **settings)[0])
    assert now == {**default, **changed}


# Interactions alone: no follows, no profile counts, no posts.
#   u  replies 3 times to v, who answers once; w likes u 3 times: u gives 3 (active),
#      partners out {v}, in {v, w}: interaction reciprocity 2 * 1 / 3       -> reciprocator
#   v  gives 1 (< 3): without posts, active or not cannot be told           -> unclassified
#   w  gives 3, never answered: active, but no audience is measured         -> unclassified
#   z  gives and receives nothing                                           -> unclassified
INTERACTIONS_ONLY = """
    taken: 2024-03-01
    network: interactions only
    accounts:
      - {id: u}
      - {id: v}
      - {id: w}
      - {id: z}
    interactions:
      - {source: u, target: v, kind: reply, count: 3}
      - {source: v, target: u, kind: reply}
      - {source: w, target: u, kind: like, count: 3}
"""


def test_classes_from_interactions_alone(snapshot_of):
    accounts, counts = snapshot_of(INTERACTIONS_ONLY)
    assert classes(accounts) == {
        "u": "reciprocator",
        "v": "unclassified",
        "w": "unclassified",
        "z": "unclassified",
    }
    # no audience, no posts: broadcaster, consumer and dormant cannot be told (not 0)
    assert counts == {"consumer": None, "reciprocator": 1, "broadcaster": None,
                      "dormant": None, "unclassified": 3}
    for account in accounts.values():
        assert account.klass != "broadcaster"  # no audience is measured
        assert (account.followers, account.following) == (None, None)
        assert (account.audience_ratio, account.follow_reciprocity) == (None, None)
        assert account.posts is None and account.scores is None
    u, v, w, z = (accounts[k] for k in "uvwz")
    assert (u.given, u.received, v.given, v.received, w.given, z.received) == (3, 4, 1, 3, 3, 0)
    assert u.interaction_reciprocity == pytest.approx(2 / 3)
    assert u.reason == (
        "active (3 interactions given); reciprocity 0.67 (follow not measured, interaction "
        "0.67) >= 0.50 and 3 given >= 2: reciprocator"
    )
    # v's reciprocity is 1.00, but 1 interaction given cannot tell active from inactive
    assert v.reason == (
        "posts not measured and 1 interactions given < 3: active or not cannot be told: "
        "unclassified"
    )
    assert z.reason == (
        "posts not measured and 0 interactions given < 3: active or not cannot be told: "
        "unclassified"
    )
    # w would be a broadcaster or nothing, depending on an audience nobody measured
    assert w.reason == (
        "active (3 interactions given); reciprocity 0.00 (follow not measured, interaction "
        "0.00) < 0.50, audience not measured: no rule matched: not reciprocal enough for a "
        "reciprocator, and with no measured audience a broadcaster cannot be told: "
        "unclassified"
    )


def test_interactions_alone_reciprocator_needs_enough_given(snapshot_of):
    # with 5 interactions to give, u's 3 are not enough: reciprocity x giving share
    # 2/3 * 3/5 = 0.4 is not over 0.5, and no audience is measured
    accounts, _ = snapshot_of(INTERACTIONS_ONLY, reciprocator_min_given=5)
    u = accounts["u"]
    assert u.klass == "unclassified"
    assert u.reason.startswith(
        "active (3 interactions given); reciprocity 0.67 (follow not measured, interaction "
        "0.67) but 3 given < 5, audience not measured: "
    )
    assert u.reason.endswith("a broadcaster cannot be told: unclassified")


# A legislature: profile counts and follows, no posts and no interactions (a lifetime
# posts_count is no activity). Big accounts must come out broadcasters, not consumers.
#   speaker  300000 followers / 500 following: ratio 600, though it follows m1 back
#   m1       followed by speaker, m2, citizen; follows speaker, m2: reciprocity 4 / 5
#   m2       followed by m1, citizen; follows m1: reciprocity 2 / 3
#   citizen  10 followers / 30 following: ratio exactly 1/3, follows 30 >= 10
#   critic   11 followers / 30 following: ratio 0.37 > 1/3, no follow ties in the data
LEGISLATURE = """
    taken: 2024-03-01
    network: legislature
    accounts:
      - {id: speaker, followers_count: 300000, following_count: 500, posts_count: 12000}
      - {id: m1, followers_count: 1200, following_count: 900}
      - {id: m2, followers_count: 800, following_count: 1000}
      - {id: citizen, followers_count: 10, following_count: 30}
      - {id: critic, followers_count: 11, following_count: 30}
    follows:
      - {follower: speaker, followed: m1}
      - {follower: m1, followed: speaker}
      - {follower: m1, followed: m2}
      - {follower: m2, followed: m1}
      - {follower: citizen, followed: speaker}
      - {follower: citizen, followed: m1}
      - {follower: citizen, followed: m2}
"""


def test_profile_counts_and_follows_without_activity(snapshot_of):
    accounts, counts = snapshot_of(LEGISLATURE)
    assert classes(accounts) == {
        "speaker": "broadcaster",
        "m1": "reciprocator",
        "m2": "reciprocator",
        "citizen": "consumer",
        "critic": "unclassified",
    }
    assert counts == {
        "consumer": 1,
        "reciprocator": 2,
        "broadcaster": 1,
        "dormant": None,  # no posts: silence is not measured
        "unclassified": 1,
    }
    speaker = accounts["speaker"]
    # profile counts win over the 2 followers and 1 followed seen in the edges
    assert (speaker.followers, speaker.following) == (300000, 500)
    assert (speaker.posts, speaker.lifetime_posts, speaker.given) == (None, 12000, None)
    assert speaker.follow_reciprocity == pytest.approx(2 / 3)
    assert speaker.scores is None
    assert speaker.reason == (
        ALONE + "audience ratio 600.0 (300000 followers / 500 following) >= 3.0: broadcaster"
    )
    assert accounts["m1"].follow_reciprocity == pytest.approx(0.8)
    assert accounts["m1"].reason == (
        ALONE + "audience ratio 1.3 (1200 followers / 900 following) < 3.0; follow "
        "reciprocity 0.80 >= 0.50: reciprocator"
    )
    assert accounts["citizen"].reason == (
        ALONE + "audience ratio 0.3 (10 followers / 30 following) <= 1/3.0, reciprocity 0.00 "
        "(follow 0.00, interaction not measured) < 0.50; follows 30 >= 10: consumer"
    )
    assert accounts["critic"].follow_reciprocity is None
    assert accounts["critic"].reason == (
        ALONE + "audience ratio 0.4 (11 followers / 30 following), no reciprocity measured "
        "(no follow ties, interaction not measured), follows 30: neither lopsided nor mostly "
        "returned, and without activity no way of use can be told: unclassified"
    )


# Posts alone: nothing tells whom an account follows, or who follows it.
#   writer  posts 3 times: active, but no audience and no answers are measured
#   quiet   posts once (40 in its lifetime): inactive, consumer or dormant unknown
#   silent  never posts: the same
POSTS_ONLY = """
    taken: 2024-03-01
    network: posts only
    accounts:
      - {id: writer}
      - {id: quiet, posts_count: 40}
      - {id: silent}
    posts:
      - {author: writer}
      - {author: writer}
      - {author: writer}
      - {author: quiet}
"""


def test_inactive_without_following_is_unclassified(snapshot_of):
    accounts, counts = snapshot_of(POSTS_ONLY)
    assert classes(accounts) == {
        "writer": "unclassified",
        "quiet": "unclassified",
        "silent": "unclassified",
    }
    assert counts["unclassified"] == 3
    quiet, silent = accounts["quiet"], accounts["silent"]
    assert (quiet.posts, quiet.lifetime_posts, silent.posts) == (1, 40, 0)
    for account in accounts.values():
        assert (account.followers, account.following, account.given) == (None, None, None)
        assert account.scores is None  # following is not measured
    assert quiet.reason == (
        "inactive: 1 posts < 3, but whom it follows is not measured: consumer or dormant "
        "cannot be told: unclassified"
    )
    assert silent.reason == (
        "inactive: 0 posts < 3, but whom it follows is not measured: consumer or dormant "
        "cannot be told: unclassified"
    )
    assert "whom it follows is not measured" in quiet.reason
    writer = accounts["writer"].reason
    assert writer.startswith(
        "active (3 posts); no reciprocity measured (follow not measured, interaction not "
        "measured) < 0.50, audience not measured: "
    )
    assert writer.endswith("a broadcaster cannot be told: unclassified")


ACCOUNTS_ONLY = """
    taken: 2024-03-01
    accounts:
      - {id: a, posts_count: 7}
      - {id: b}
"""


def test_nothing_measured_is_unclassified(snapshot_of):
    accounts, counts = snapshot_of(ACCOUNTS_ONLY)
    assert counts["unclassified"] == 2
    for account in accounts.values():
        assert account.klass == "unclassified"
        assert account.reason == (
            "not measured: the snapshot has no posts, interactions, follows or profile "
            "counts for this account: unclassified"
        )


# A reason may quote a number for a figure only when the snapshot measures it
QUOTES = {
    "posts": (r"\d+ posts",),
    "given": (r"\d+ interactions given", r"\d+ given"),
    "followers": (r"\d+ followers",),
    "following": (r"\d+ following", r"follows \d+"),
    "follow_reciprocity": (r"follow \d", r"follow reciprocity \d"),
    "interaction_reciprocity": (r"interaction \d",),
    "audience_ratio": (r"audience ratio \d",),
}


def quoted(figure: str, reason: str) -> bool:
    return any(re.search(pattern, reason) for pattern in QUOTES[figure])


def test_quotes_match_the_numbers_they_stand_for(defaults):
    # the patterns find every figure in a reason that quotes them all
    assert all(quoted(figure, defaults["news"].reason) for figure in QUOTES)
    assert quoted("following", defaults["reader"].reason)  # "follows 36"
    assert not quoted("audience_ratio", defaults["reader"].reason)


@pytest.mark.parametrize(
    ("text", "settings"),
    [
        (TOWN, {}),
        (TOWN, {"active_min_actions": 1, "reciprocator_min_given": 5}),
        (FOLLOWS_ONLY, {}),
        (INTERACTIONS_ONLY, {}),
        (INTERACTIONS_ONLY, {"active_min_actions": 1}),
        (LEGISLATURE, {}),
        (POSTS_ONLY, {}),
        (POSTS_ONLY, {"active_min_actions": 1}),
        (ACCOUNTS_ONLY, {}),
    ],
    ids=[
        "town",
        "town-other-thresholds",
        "follows-only",
        "interactions-only",
        "interactions-only-active-1",
        "legislature",
        "posts-only",
        "posts-only-active-1",
        "accounts-only",
    ],
)
def test_no_reason_quotes_a_figure_that_is_not_measured(snapshot_of, text, settings):
    accounts, _ = snapshot_of(text, **settings)
    for account in accounts.values():
        for figure in QUOTES:
            if getattr(account, figure) is None:
                assert not quoted(figure, account.reason), (account.id, figure, account.reason)


def test_followers_without_following_is_no_audience_ratio(snapshot_of):
    accounts, _ = snapshot_of(
        """
        taken: 2024-03-01
        accounts:
          - {id: a, followers_count: 50}
        posts:
          - {author: a}
          - {author: a}
          - {author: a}
        """
    )
    a = accounts["a"]
    assert (a.followers, a.following) == (50, None)
    assert a.audience_ratio is None
    assert a.klass == "unclassified"


@pytest.mark.parametrize("recip_min", [0.0, 0.5])
def test_a_class_given_to_an_account_is_never_said_to_be_not_measured(tmp_path, recip_min):
    """Posts alone: with the reciprocator threshold at 0, an active account is a reciprocator
    by rule (no reciprocity measured, 0 >= 0), so its count is a number; above 0 no rule can
    give it and the count is None. Whatever the setting, a class some account has is counted."""
    from sitegen.analysis import analyze_series
    from sitegen.config import AnalysisSettings
    from sitegen.snapshots import load_series, open_db

    folder = tmp_path / "2024-03"
    folder.mkdir()
    (folder / "accounts.csv").write_text("id\na\nb\nc\n")
    (folder / "posts.csv").write_text("author,at\n" + "a,2024-03-10\n" * 3 + "b,2024-03-11\n")
    (folder / "snapshot.yml").write_text("taken: 2024-03-31\n")
    settings = AnalysisSettings(reciprocator_min_reciprocity=recip_min)
    db = open_db("1GB")
    try:
        [report] = analyze_series(load_series(folder, db), settings)
        given = {c for c, in db.execute(f"SELECT DISTINCT class FROM {report.accounts_table}"
                                        ).fetchall()}
    finally:
        db.close()
    counts = report.network.classes
    assert all(counts[c] is not None for c in given), (given, counts)
    assert (counts["reciprocator"] is None) == (recip_min > 0)
