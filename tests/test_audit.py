"""The follower audit on a hand-checkable market town seen on Jan 1, Feb 1 and Mar 1, 2024.

Followers (profile counts) and engagement received (replies) per snapshot:

    account  followers           engagement    what happens
    star     5000 -> 6000 -> 9000  400 -> 480 -> 720  popular, grows fast, engaged: NOT flagged
    baker    100 -> 110 -> 120     10 -> 11 -> 12     steady organic growth: NOT flagged
    p1..p6   +2 or +3 each step     0                  peers of shop and ghost: NOT flagged
    shop     38 -> 41 -> 84        4 -> 4 -> 5        buys 40 fresh empty accounts in Feb-Mar
    ghost    40 -> 43 -> 400       6 -> 6 -> 6        jumps, engagement flat, no new
                                                      followers in the data (profile only)
    silent   20 -> 50 -> 51        0                  buys 30 old dormant accounts in Jan-Feb

New followers in the data: fans (ordinary: posts, 300 followers, 280 following, created 2018,
own picture) follow star and baker (10 new each step) and 3 of them follow shop in March;
fake01..40 (created 2024-02-20, default profile, no posts, following 800, followed by none)
follow shop in March; d01..d30 (created 2016, default profile, no posts, following 300,
followed by 2) follow silent from February.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date

import pytest
import yaml
from typer.testing import CliRunner

from sitegen.analysis import analyze_series
from sitegen.analysis.audit import AuditRules, audit_document, audit_followers
from sitegen.analysis.series import analyze_changes
from sitegen.cli import app
from sitegen.config import AnalysisSettings
from sitegen.snapshots import load_series, open_db

DATES = ("2024-01-01", "2024-02-01", "2024-03-01")
FOLLOWERS = {
    "star": (5000, 6000, 9000),
    "baker": (100, 110, 120),
    "shop": (38, 41, 84),
    "ghost": (40, 43, 400),
    "silent": (20, 50, 51),
    **{f"p{i}": (38 + 2 * i, 40 + 2 * i + i % 2, 42 + 2 * i + 2 * (i % 2)) for i in range(1, 7)},
}
ENGAGEMENT = {"star": (400, 480, 720), "baker": (10, 11, 12), "shop": (4, 4, 5), "ghost": (6, 6, 6)}
FANS = [f"fan{i:02}" for i in range(1, 21)]
FAKES = [f"fake{i:02}" for i in range(1, 41)]
DORMANT = [f"d{i:02}" for i in range(1, 31)]


def town(when: int) -> dict:
    """The snapshot taken on DATES[when] as a mapping (written out as YAML)."""
    accounts = [
        {"id": a, "followers_count": f[when], "following_count": 50, "posts_count": 20}
        for a, f in FOLLOWERS.items()
    ]
    accounts += [
        {
            "id": f,
            "followers_count": 300,
            "following_count": 280,
            "posts_count": 40,
            "created_at": date(2018, 5, 1),
            "default_profile": False,
        }
        for f in FANS
    ]
    follows = [{"follower": f, "followed": a} for f in FANS[: 10 * when] for a in ("star", "baker")]
    if when >= 1:
        accounts += [
            {
                "id": d,
                "followers_count": 2,
                "following_count": 300,
                "posts_count": 0,
                "created_at": date(2016, 6, 1),
                "default_profile": True,
            }
            for d in DORMANT
        ]
        follows += [{"follower": d, "followed": "silent"} for d in DORMANT]
    if when == 2:
        accounts += [
            {
                "id": f,
                "followers_count": 0,
                "following_count": 800,
                "posts_count": 0,
                "created_at": date(2024, 2, 20),
                "default_profile": True,
            }
            for f in FAKES
        ]
        follows += [{"follower": f, "followed": "shop"} for f in FANS[10:13] + FAKES]
    interactions = [
        {"source": "fan01", "target": a, "kind": "reply", "count": e[when]}
        for a, e in ENGAGEMENT.items()
    ]
    return {
        "taken": date.fromisoformat(DATES[when]),
        "accounts": accounts,
        "follows": follows,
        "interactions": interactions,
    }


def write_town(folder) -> None:
    for when, taken in enumerate(DATES):
        (folder / f"{taken}.yml").write_text(yaml.safe_dump(town(when), sort_keys=False))


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    """The series analysed once for the module (tests only read the series tables)."""
    folder = tmp_path_factory.mktemp("market")
    write_town(folder)
    db = open_db("1GB")
    yield analyze_changes(analyze_series(load_series(folder, db), AnalysisSettings()))
    db.close()


@pytest.fixture(scope="module")
def flags(market):
    return {(f.account, f.before, f.after): f for f in audit_followers(market)}


def spread(median, mad=0.0):
    return max(1.4826 * mad, 1 + math.sqrt(abs(median)) + abs(median) / 10)


def unengaged(z, followers, engagement, careful=False):
    """Growth strength times engagement shortfall, the documented formula (``careful``: over
    a span, continuity-corrected with a variance of at least 1)."""
    jump = z * z / (z * z + 3.5**2) if z > 0 else 0
    g = (followers[1] + 1) / (followers[0] + 1)  # the audience grew g-fold
    gain = engagement[0] * g - engagement[0]  # engagement growing with it would gain this
    total, p = sum(engagement), g / (1 + g)  # the later share of all events, if it kept pace
    if careful:
        z_engagement = (total * p - engagement[1] - 0.5) / math.sqrt(max(total * p * (1 - p), 1))
    else:
        z_engagement = (total * p - engagement[1]) / math.sqrt(total * p * (1 - p))
    shortfall = (
        min(max(1 - (engagement[1] - engagement[0]) / gain, 0), 1)
        * z_engagement**2
        / (z_engagement**2 + 2**2)
    )
    return jump * shortfall


def expected_score(change, own, peers, peer_mad, followers, engagement, empty, new, baseline,
                   span=None):
    """The documented formula, step by step, for the numbers of one account and step;
    ``span``: (change, peers' median, peers' MAD, followers, engagement) over several steps."""
    z_own, z_peer = (change - own) / spread(own), (change - peers) / spread(peers, peer_mad)
    # the smaller z, unless the robust one (peers here: a single step of its own is not)
    # finds the jump extreme, twice the cut-off
    z = z_peer if z_peer >= 2 * 3.5 else min(z_own, z_peer)
    growth = unengaged(z, followers, engagement)
    if span is not None:  # the same over the span, against the peers alone
        span_change, span_median, span_mad, span_followers, span_engagement = span
        z_span = (span_change - span_median) / spread(span_median, span_mad)
        growth = max(growth, unengaged(z_span, span_followers, span_engagement, careful=True))
    share = empty / new if new else 0
    z_empty = (empty - new * baseline) / math.sqrt(max(new * baseline * (1 - baseline), 1))
    certainty = z_empty**2 / (z_empty**2 + 3**2) if z_empty > 0 else 0
    empty_signal = max(0, (share - baseline) / (1 - baseline)) * certainty
    return 1 - (1 - growth) * (1 - empty_signal)


def test_exactly_the_buyers_are_flagged(flags):
    assert set(flags) == {
        ("shop", "2024-02-01", "2024-03-01"),
        ("ghost", "2024-02-01", "2024-03-01"),
        ("silent", "2024-01-01", "2024-02-01"),
    }


def test_order_is_by_score_then_account(market):
    assert [f.account for f in audit_followers(market)] == ["silent", "shop", "ghost"]


def test_purchase_of_fresh_empty_accounts_evidence(flags):
    shop = flags["shop", "2024-02-01", "2024-03-01"]
    # own history: +3 in 31 days, scaled to this step's 29 days: 2.806
    # peers (followers 31 to 62 on Feb 1): shop +43, ghost +357, silent +1, p1..p6 +2/+3:
    # median +3, MAD 1
    assert shop.evidence.startswith(
        "followers +43 (from 41 to 84) in 29 days against a median step of +3 for this account "
        "(over 1 other step) and +3 for peers (9 accounts with 31 to 62 followers); "
    )
    assert (
        "engagement received (replies, reposts, quotes) 4 -> 5, where growing with the "
        "audience would give about 8; "
    ) in shop.evidence
    assert (
        "40 of 43 new followers in the data look empty (typically 0% in this step): "
        "40 without posts, "
        "40 following far more than followed, 40 created within 30 days, "
        "40 with a default profile"
    ) in shop.evidence
    # over both steps from 1 January, peers (31 to 62 followers then): +4, +4, +4, +6, +6,
    # +6, shop +46, ghost +360: median +6, MAD 2
    assert "over 2 steps from 2024-01-01: followers 38 -> 84" in shop.evidence
    score = expected_score(43, 3 * 29 / 31, 3, 1, (41, 84), (4, 5), 40, 43, 0.0,
                           span=(46, 6, 2, (38, 84), (4, 5)))
    assert shop.score == pytest.approx(score, abs=0.001)
    assert (shop.new_followers, shop.empty_new_followers) == (43, 40)


def test_jump_without_engagement_alone(flags):
    ghost = flags["ghost", "2024-02-01", "2024-03-01"]
    assert "followers +357 (from 43 to 400)" in ghost.evidence
    assert (
        "engagement received (replies, reposts, quotes) 6 -> 6, where growing with the "
        "audience would give about 55" in ghost.evidence
    )
    assert "no new followers in the data to check" in ghost.evidence
    score = expected_score(357, 3 * 29 / 31, 3, 1, (43, 400), (6, 6), 0, 0, 0.0,
                           span=(360, 6, 2, (40, 400), (6, 6)))
    assert ghost.score == pytest.approx(score, abs=0.001)


def test_purchase_of_old_dormant_accounts_without_engagement(flags):
    silent = flags["silent", "2024-01-01", "2024-02-01"]
    # no engagement before: no shortfall can be shown; 30 of 30 look empty (no posts,
    # following 300 >= 50 x 2 followers, default profile; created 2016: not fresh)
    assert "and too few peers of its size" in silent.evidence
    assert (
        "30 of 30 new followers in the data look empty (typically 0% in this step): "
        "30 without posts, "
        "30 following far more than followed, 0 created within 30 days, "
        "30 with a default profile"
    ) in silent.evidence
    # 30 empty where 0 were usual: z = 30 / 1, so the signal is 30^2 / (30^2 + 3^2)
    assert silent.score == pytest.approx(900 / 909, abs=0.001)


def test_popular_engaged_grower_is_not_flagged(market, flags):
    row = market.db.execute(
        "SELECT jump, shortfall, empty_newcomers, score FROM series.audit_signals "
        "WHERE id = 'star' AND step = 1"
    ).fetchone()
    jump, shortfall, empty, score = row
    assert jump > 0.9  # +3000 against +935 of its own: a jump ...
    assert shortfall == 0  # ... but engagement 480 -> 720 kept pace (719.96 expected)
    assert empty == 0 and score == 0  # and its 10 new followers are ordinary


def test_steady_organic_growth_is_not_flagged(market, flags):  # flags: the audit has run
    scores = dict(
        market.db.execute(
            "SELECT id, max(score) FROM series.audit_signals "
            "WHERE id IN ('baker', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6') GROUP BY id"
        ).fetchall()
    )
    assert len(scores) == 7 and max(scores.values()) < 0.1


def test_every_account_in_both_snapshots_of_a_step_is_scored(market, flags):
    counts = market.db.execute(
        "SELECT step, count(*) FROM series.audit_signals GROUP BY step ORDER BY step"
    ).fetchall()
    # 11 named accounts + 20 fans, then + 30 dormant accounts
    assert counts == [(0, 31), (1, 61)]


def test_threshold(market):
    assert [f.account for f in audit_followers(market, AuditRules(min_score=0.95))] == [
        "silent"]
    assert len(audit_followers(market, AuditRules(min_score=0.0))) == 92  # every account, step


def test_rules_from_settings():
    class Settings:
        audit_min_score = 0.7
        audit_fresh_days = 14
        min_group_size = 10

    assert AuditRules.from_settings(Settings()) == AuditRules(min_score=0.7, fresh_days=14)
    assert AuditRules.from_settings(AnalysisSettings()).min_score == 0.5


def test_audit_document_shape(market):
    doc = audit_document(audit_followers(market))
    assert [list(d) for d in doc] == [["account", "from", "to", "score", "evidence"]] * 3
    assert doc[0]["account"] == "silent" and doc[0]["from"] == "2024-01-01"


@pytest.mark.usefixtures("restore_logging")
def test_cli_json_has_transitions_growth_and_audit(snapshots_dir, project, monkeypatch):
    write_town(snapshots_dir)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["analyze", "content/snapshots", "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert list(doc) == ["snapshots", "transitions", "growth", "audit", "audit_scope"]
    assert [(t["from"], t["to"]) for t in doc["transitions"]] == list(zip(DATES, DATES[1:]))
    for count in doc["transitions"][1]["counts"]:
        assert set(count) == {"from", "to", "accounts"}
    # the town lists no posts, only lifetime profile counts: the 40 bought followers gave no
    # interactions, but whether they posted in the window is not measured
    assert {"from": "joined", "to": "unclassified", "accounts": 40} in doc["transitions"][1][
        "counts"]
    assert set(doc["growth"][0]) == {
        "from",
        "to",
        "days",
        "accounts",
        "follows",
        "followers",
        "following",
    }
    assert doc["growth"][1]["accounts"] == {"before": 61, "after": 101, "joined": 40, "left": 0}
    assert doc["growth"][1]["follows"]["new"] == 63  # 10 star + 10 baker + 3 + 40 shop
    assert [(a["account"], a["from"], a["to"]) for a in doc["audit"]] == [
        ("silent", "2024-01-01", "2024-02-01"),
        ("shop", "2024-02-01", "2024-03-01"),
        ("ghost", "2024-02-01", "2024-03-01"),
    ]
    assert all(isinstance(a["score"], float) and a["evidence"] for a in doc["audit"])


def analysed_town(folder, dropped: tuple[str, ...]):
    """The town without the profile columns ``dropped``: every account's flag (score 0 and
    up) by account and step."""
    for when, taken in enumerate(DATES):
        snapshot = town(when)
        snapshot["accounts"] = [{k: v for k, v in a.items() if k not in dropped}
                                for a in snapshot["accounts"]]
        (folder / f"{taken}.yml").write_text(yaml.safe_dump(snapshot, sort_keys=False))
    db = open_db("1GB")
    try:
        series = analyze_changes(analyze_series(load_series(folder, db), AnalysisSettings()))
        return {(f.account, f.before, f.after): f
                for f in audit_followers(series, AuditRules(min_score=0))}
    finally:
        db.close()


def test_checks_the_data_does_not_allow_are_not_measured_never_0(tmp_path):
    """Without posts, creation dates and default-profile flags only one check of a new
    follower is left: whether they look empty is not measured (it was '0 without posts, 0
    created within 30 days ... empty new followers 0.00'). With posts known, two checks
    remain and the other two are named as not measured."""
    (tmp_path / "one").mkdir()
    flags = analysed_town(tmp_path / "one", ("posts_count", "created_at", "default_profile"))
    shop = flags["shop", "2024-02-01", "2024-03-01"]
    assert ("43 new followers in the data; whether they look empty is not measured (it takes "
            "two checks of a profile, and the data allows fewer: posts not measured, 40 "
            "following far more than followed, creation dates not measured, default profiles "
            "not measured)") in shop.evidence
    assert "empty new followers not measured" in shop.evidence
    assert shop.empty_new_followers is None and shop.new_followers == 43
    assert not any(" 0 without posts" in f.evidence or "0 created within" in f.evidence
                   for f in flags.values())
    ghost = flags["ghost", "2024-02-01", "2024-03-01"]  # none to check: measured, none empty
    assert "no new followers in the data to check" in ghost.evidence
    assert "empty new followers 0.00" in ghost.evidence and ghost.empty_new_followers == 0
    (tmp_path / "two").mkdir()
    flags = analysed_town(tmp_path / "two", ("created_at", "default_profile"))
    shop = flags["shop", "2024-02-01", "2024-03-01"]
    assert ("40 of 43 new followers in the data look empty (typically 0% in this step): 40 "
            "without posts, 40 following far more than followed, creation dates not measured, "
            "default profiles not measured; 0 engaged with it") in shop.evidence
    assert shop.empty_new_followers == 40 and "empty new followers 0." in shop.evidence


def test_new_followers_who_all_engaged_are_checked_and_none_is_empty(tmp_path):
    """Every new follower of shop replied to it: their profiles were checked (all four checks
    known), none counts as empty; it said "whether they look empty is not measured"."""
    for when, taken in enumerate(DATES):
        snapshot = town(when)
        if when == 2:
            snapshot["interactions"] += [{"source": f, "target": "shop", "kind": "reply"}
                                         for f in FANS[10:13] + FAKES]
        (tmp_path / f"{taken}.yml").write_text(yaml.safe_dump(snapshot, sort_keys=False))
    db = open_db("1GB")
    try:
        series = analyze_changes(analyze_series(load_series(tmp_path, db), AnalysisSettings()))
        flags = {(f.account, f.before): f for f in audit_followers(series, AuditRules(min_score=0))}
    finally:
        db.close()
    shop = flags["shop", "2024-02-01"]
    assert "0 of 43 new followers in the data look empty" in shop.evidence
    assert "43 engaged with it (never counted as empty)" in shop.evidence
    assert "not measured" not in shop.evidence and shop.empty_new_followers == 0


def test_an_account_flagged_before_it_left_the_data_is_shown_and_charted(
        snapshots_dir, project, monkeypatch):
    """silent bought followers from January to February and is gone from March's snapshot (a
    suspended account): the build stopped on "no account 'silent' in snapshot 2024-03-01"."""
    write_town(snapshots_dir)
    latest = snapshots_dir / f"{DATES[-1]}.yml"
    doc = yaml.safe_load(latest.read_text("utf-8"))
    doc["accounts"] = [a for a in doc["accounts"] if a["id"] != "silent"]
    # and a newcomer whose handle is silent's id: the chart is silent's, by id, not its
    doc["accounts"].append({"id": "newguy", "handle": "silent", "followers_count": 7777})
    doc["follows"] = [f for f in doc["follows"] if "silent" not in f.values()]
    latest.write_text(yaml.safe_dump(doc, sort_keys=False), "utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "-q"])
    assert result.exit_code == 0, result.output
    page = (project / "output" / "audit" / "index.html").read_text("utf-8")
    headings = re.findall(r'<h2 id="flag-\d+">(.*?)</h2>', page)
    [heading] = [h for h in headings if "2024-01-01 → 2024-02-01" in h]
    assert "id silent" in heading  # no handle in the data
    chart = page[page.index('id="audience-silent'):]
    chart = chart[:chart.index("</figure>")]
    assert "id silent: audience and engagement" in chart and "7,777" not in chart
    assert "2024-01-01: 20 followers" in chart and "2024-02-01: 50 followers" in chart
