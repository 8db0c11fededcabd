"""The audit says whom it judged, never reassures without judging, counts only followers
who are really empty, and judges a step by the account's past alone."""

from __future__ import annotations

import json

import pytest
import yaml
from test_audit import DATES, FOLLOWERS, town
from typer.testing import CliRunner

from sitegen.cli import app

pytestmark = pytest.mark.usefixtures("restore_logging")


def write_series(folder, change=lambda when, snapshot: snapshot) -> None:
    """The audit tests' town, each snapshot passed through ``change`` first."""
    folder.mkdir(parents=True, exist_ok=True)
    for when, taken in enumerate(DATES):
        snapshot = change(when, town(when))
        (folder / f"{taken}.yml").write_text(yaml.safe_dump(snapshot, sort_keys=False))


def analyze(folder) -> dict:
    result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def flagged(doc: dict) -> set[tuple[str, str]]:
    return {(a["account"], a["from"]) for a in doc["audit"]}


def test_the_scope_counts_every_account_of_every_step(tmp_path):
    write_series(tmp_path)
    doc = analyze(tmp_path)
    scope = doc["audit_scope"]
    assert [(s["from"], s["to"]) for s in scope] == [("2024-01-01", "2024-02-01"),
                                                     ("2024-02-01", "2024-03-01")]
    for step, before, after in zip(scope, doc["snapshots"], doc["snapshots"][1:]):
        ids = {a["id"] for a in before["accounts"]} | {a["id"] for a in after["accounts"]}
        both = {a["id"] for a in before["accounts"]} & {a["id"] for a in after["accounts"]}
        assert step["judged"] + step["not_judged"] == len(ids)
        assert step["judged"] == len(both)  # every profile has counts, interactions exist
        assert step["why_not"] == ({"in one snapshot only": len(ids - both)}
                                   if ids - both else {})


def test_nothing_is_judged_without_engagement(tmp_path):
    def no_interactions(when, snapshot):
        snapshot.pop("interactions")
        return snapshot

    write_series(tmp_path, no_interactions)
    doc = analyze(tmp_path)
    assert doc["audit"] == []
    for step in doc["audit_scope"]:
        assert step["judged"] == 0
        assert step["why_not"]["engagement not measured"] > 0


def test_a_one_sided_export_of_what_was_given_judges_nobody(tmp_path):
    """An export of what its owners gave (observed interactions: given) does not measure the
    engagement anyone received: the audit judged every account on 0 engagement."""
    def given_only(when, snapshot):
        return {**snapshot, "observed": {"owners": sorted(a["id"] for a in
                                                           snapshot["accounts"]),
                                         "interactions": "given"}}

    write_series(tmp_path, given_only)
    doc = analyze(tmp_path)
    assert doc["audit"] == []
    for step in doc["audit_scope"]:
        assert step["judged"] == 0
        assert step["why_not"]["engagement not measured"] > 0


def test_the_site_never_reassures_without_judging(project, tmp_path, monkeypatch):
    def no_interactions(when, snapshot):
        snapshot.pop("interactions")
        return snapshot

    write_series(project / "content" / "snapshots", no_interactions)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "-q"])
    assert result.exit_code == 0, result.output
    audit = (project / "output" / "audit" / "index.html").read_text("utf-8")
    assert "grew roughly in step" not in audit
    assert "Nothing was judged" in audit
    assert "engagement not measured" in audit


def test_no_flag_is_not_said_to_mean_growth_in_step(project, monkeypatch):
    """Judged and nothing flagged (no score reaches a high bar): the page says what that
    means, not that "every audience grew roughly in step with the engagement it received"
    (false on real data: congress follows grew while engagement stayed the same)."""
    write_series(project / "content" / "snapshots")
    config = project / "sitegen.yml"
    config.write_text(config.read_text() + "analysis:\n  audit_min_score: 0.9999\n")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "-q"])
    assert result.exit_code == 0, result.output
    audit = " ".join((project / "output" / "audit" / "index.html").read_text("utf-8").split())
    assert "No account was flagged: none of the" in audit and "scored 0.9999 or more" in audit
    assert "grew roughly in step" not in audit
    assert "growth that its own earlier steps or accounts of its size make ordinary" in audit


def test_new_followers_who_engage_are_not_empty(tmp_path):
    def fakes_reply(when, snapshot):
        if when == 2:  # the 40 new followers of 'shop' all reply to it
            snapshot["interactions"] += [{"source": f"fake{i:02}", "target": "shop",
                                          "kind": "reply"} for i in range(1, 41)]
        return snapshot

    write_series(tmp_path / "plain")
    write_series(tmp_path / "engaged", fakes_reply)
    assert ("shop", "2024-02-01") in flagged(analyze(tmp_path / "plain"))
    engaged = analyze(tmp_path / "engaged")
    assert ("shop", "2024-02-01") not in flagged(engaged)


def test_a_jump_is_judged_by_the_past_only(tmp_path):
    """A patient buyer: +150 followers every step, engagement flat. Its first step has no
    past of its own; the later steps (the future) must not veto it."""
    steps = (40, 190, 340)

    def patient(when, snapshot):
        snapshot["accounts"].append({"id": "patient", "followers_count": steps[when],
                                     "following_count": 50, "posts_count": 20})
        snapshot["interactions"].append({"source": "fan01", "target": "patient",
                                         "kind": "reply", "count": 6})
        return snapshot

    assert "patient" not in FOLLOWERS
    write_series(tmp_path, patient)
    assert ("patient", "2024-01-01") in flagged(analyze(tmp_path))


def sign_up_wave(when, snapshot):
    """Step 2 brings 300 newcomers (fresh, default profile, no posts, following many) who
    follow the six ordinary accounts p1..p6, 50 each; and 20 clubs that each gain 6 followers
    among the established fans, so that the usual share of empty new followers stays low."""
    if when == 2:
        for c in range(20):
            snapshot["accounts"].append({"id": f"club{c:02}", "followers_count": 60,
                                         "following_count": 50, "posts_count": 20})
            snapshot["follows"] += [{"follower": f"fan{f:02}", "followed": f"club{c:02}"}
                                    for f in range(1, 7)]
        for w in range(300):
            snapshot["accounts"].append({"id": f"wave{w:03}", "followers_count": 0,
                                         "following_count": 150, "posts_count": 0,
                                         "created_at": DATES[1], "default_profile": True})
            snapshot["follows"].append({"follower": f"wave{w:03}", "followed": f"p{w % 6 + 1}"})
    return snapshot


@pytest.mark.xfail(strict=True, reason="open (issue 11): a sign-up wave of bare newcomers makes "
                   "the accounts they follow look bought; judging newcomers against the step's "
                   "newcomers needs a model of whom newcomers follow (a cohort share alone "
                   "hid real purchases in bench/audit_planted.py: recall 0.96 -> 0.41)")
def test_a_sign_up_wave_is_judged_against_other_newcomers(tmp_path):
    """Ordinary accounts that a wave of bare newcomers follows are not flagged: their new
    followers are as empty as the newcomers other accounts received."""
    write_series(tmp_path, sign_up_wave)
    doc = analyze(tmp_path)
    assert not {(f"p{i}", "2024-02-01") for i in range(1, 7)} & flagged(doc)
    # without the wave, the same accounts have ordinary new followers and are not flagged
    # either: the wave is what the baseline has to absorb
    evidence = {a["account"]: a["evidence"] for a in doc["audit"]}
    assert "p1" not in evidence


@pytest.mark.parametrize(("posts_after", "flagged_expected"), [(0, False), (10, True)])
def test_engagement_is_expected_to_follow_the_accounts_own_posting(tmp_path, posts_after,
                                                                   flagged_expected):
    """'quiet' gains 40 followers (its peers gain 2 or 3) while the replies it receives fall
    from 12 to 2. When it also stopped posting (10 posts, then none), falling replies are
    what its posting explains: not flagged. When it kept posting, they are not: flagged."""
    def quiet(when, snapshot):
        if when == 0:
            return snapshot
        snapshot["accounts"].append({"id": "quiet", "followers_count": 40 * when,
                                     "following_count": 50})
        snapshot["interactions"].append({"source": "fan01", "target": "quiet", "kind": "reply",
                                         "count": 12 if when == 1 else 2})
        count = 10 if when == 1 else posts_after
        snapshot["posts"] = [{"author": "quiet"} for _ in range(count)]
        return snapshot

    write_series(tmp_path, quiet)
    assert (("quiet", "2024-02-01") in flagged(analyze(tmp_path))) is flagged_expected


def write_drip(folder, per_step: int, replies=lambda when: 30) -> None:
    """Four monthly snapshots: ten peers of 40 to 49 followers gain 3 a month; 'patient'
    starts at 40 and gains ``per_step`` a month while the replies it receives are
    ``replies(when)``."""
    folder.mkdir(parents=True, exist_ok=True)
    for when, taken in enumerate(("2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01")):
        accounts = [{"id": f"peer{i}", "followers_count": 40 + i + 3 * when,
                     "following_count": 40} for i in range(10)]
        accounts += [{"id": "patient", "followers_count": 40 + per_step * when,
                      "following_count": 40}, {"id": "fan", "followers_count": 5,
                                               "following_count": 5}]
        interactions = [{"source": "fan", "target": "patient", "kind": "reply",
                         "count": replies(when)}]
        interactions += [{"source": "fan", "target": f"peer{i}", "kind": "reply", "count": 2}
                         for i in range(10)]
        snapshot = {"taken": taken, "accounts": accounts, "interactions": interactions}
        (folder / f"{taken}.yml").write_text(yaml.safe_dump(snapshot, sort_keys=False))


def test_a_steady_drip_is_found_over_the_steps_it_spans(tmp_path):
    """+20 a month (peers +3): each step alone is a modest jump with a modest shortfall, and
    from the second step on it is the account's own normal. Over three steps the audience
    grew 2.5-fold (40 -> 100) while replies stayed at 30. The first step is not flagged;
    from the second on, the span from the first snapshot is, and the evidence names it."""
    write_drip(tmp_path, 20)
    doc = analyze(tmp_path)
    flags = {(a["account"], a["from"]): a for a in doc["audit"]}
    assert set(flags) == {("patient", "2024-02-01"), ("patient", "2024-03-01")}
    evidence = flags["patient", "2024-03-01"]["evidence"]
    assert "over 3 steps from 2024-01-01: followers 40 -> 100" in evidence
    assert "engagement received 30 -> 30" in evidence


def test_a_drip_with_engagement_growing_along_is_not_flagged(tmp_path):
    """The same growth, with replies growing with the audience: organic, not flagged."""
    write_drip(tmp_path, 20, replies=lambda when: 30 + 15 * when)
    assert not analyze(tmp_path)["audit"]
