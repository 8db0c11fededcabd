"""One-sided exports (``observed:`` in snapshot.yml): what the owners' side cannot show is
not measured, never 0."""

from __future__ import annotations

import json
import re

import pytest

# the owner (me) follows a and b; a and c follow me; I replied to a and posted twice.
# From this side nobody's received interactions, nor anyone else's follows, are known.
FILES = {
    "snapshot.yml": """
        taken: 2024-03-31
        observed: {owners: [me], follows: owners, interactions: given, posts: owners}
    """,
    "follows.csv": """
        follower,followed
        me,a
        me,b
        a,me
        c,me
    """,
    "interactions.csv": """
        source,target,kind,at
        me,a,reply,2024-03-10
    """,
    "posts.csv": """
        author,at
        me,2024-03-10
        me,2024-03-11
    """,
}


def analyse(run, make_snapshot, files) -> dict:
    make_snapshot("2024-03", files)
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def accounts_by_id(doc: dict) -> dict[str, dict]:
    return {a["id"]: a for a in doc["accounts"]}


def test_the_owner_is_measured_on_its_own_side(run, make_snapshot):
    me = accounts_by_id(analyse(run, make_snapshot, FILES))["me"]
    assert (me["followers"], me["following"], me["posts"], me["given"]) == (2, 2, 2, 1)
    assert me["received"] is None  # replies to the owner are not in an archive
    assert me["follow_reciprocity"] == pytest.approx(0.5)  # a is mutual: 2*1 / (2+2)
    assert me["interaction_reciprocity"] is None
    assert "interaction not measured" in me["reason"]


def test_strangers_are_not_measured_and_not_classified(run, make_snapshot):
    doc = analyse(run, make_snapshot, FILES)
    for id in ("a", "b", "c"):
        other = accounts_by_id(doc)[id]
        figures = [other[k] for k in ("followers", "following", "posts", "given", "received",
                                      "follow_reciprocity")]
        assert figures == [None] * 6, id
        assert other["class"] == "unclassified"
        assert "one-sided" in other["reason"]
    network = doc["network"]
    assert network["density"] is None and network["rho"] is None
    assert network["interaction_reciprocity"] is None
    assert network["reciprocity"] == pytest.approx(0.5)  # the owner's ties: 2 of 4 returned
    assert doc["coverage"]["observed"]["owners"] == ["me"]


def test_following_only_leaves_the_owners_followers_unmeasured(run, make_snapshot):
    files = dict(FILES, **{"snapshot.yml": """
        taken: 2024-03-31
        observed: {owners: [me], follows: following, interactions: given, posts: owners}
    """})
    doc = analyse(run, make_snapshot, files)
    me = accounts_by_id(doc)["me"]
    assert me["following"] == 2
    assert me["followers"] is None and me["follow_reciprocity"] is None
    assert doc["network"]["reciprocity"] is None
    # no audience and no reciprocity from this side: those ways of use are not measured
    # (they read 0), and the owners are ranked by what was measured (posts), not followers
    classes = doc["network"]["classes"]
    assert classes["broadcaster"] is None and classes["reciprocator"] is None
    table = run("analyze", "content/snapshots/2024-03", "--format", "table")
    assert "most posting accounts" in table.stdout and "most followed" not in table.stdout


def test_no_scores_where_no_reciprocity_is_measured(run, make_snapshot, project):
    """A Bluesky export (wish.freakybob.site's, real) holds whom its owner follows and what
    the owner gave: no tie can be seen returned. The owner's scores read reciprocator 0.0 and
    broadcaster 0.965 (all activity counted as unreturned), beside a reason saying a
    broadcaster cannot be told and reciprocity is not measured."""
    files = dict(FILES, **{"snapshot.yml": """
        taken: 2024-03-31
        observed: {owners: [me], follows: following, interactions: given, posts: owners}
    """})
    me = accounts_by_id(analyse(run, make_snapshot, files))["me"]
    assert me["posts"] == 2 and me["following"] == 2
    assert me["scores"] is None
    result = run("build", "-q")
    assert result.exit_code == 0, result.output
    page = (project / "output/snapshots/2024-03/index.html").read_text("utf-8")
    said = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "Ways of use as scores. Not drawn: the scores need posts, whom each account " \
        "follows and whether its ties are returned" in said


def test_followers_only_leaves_whom_the_owners_follow_unmeasured(run, make_snapshot):
    """A followers list alone (a Mastodon followers CSV, twarc's followers of an account):
    the owner's following is not measured (it read 0, and a follow reciprocity of 0)."""
    files = dict(FILES, **{"snapshot.yml": """
        taken: 2024-03-31
        observed: {owners: [me], follows: followers, interactions: given, posts: owners}
    """})
    doc = analyse(run, make_snapshot, files)
    me = accounts_by_id(doc)["me"]
    assert me["followers"] == 2
    assert me["following"] is None and me["follow_reciprocity"] is None
    assert me["audience_ratio"] is None
    assert doc["network"]["reciprocity"] is None
    classes = doc["network"]["classes"]
    assert classes["broadcaster"] is None and classes["reciprocator"] is None
    assert classes["consumer"] is None and classes["dormant"] is None
    # the reason says follow reciprocity is not measured (it said "no follow ties": me has 2)
    assert "follow not measured" in me["reason"] and "no follow ties" not in me["reason"]


@pytest.mark.parametrize(("side", "missing"), [("followers", "following"),
                                                ("following", "followers")])
def test_one_side_only_site_says_what_it_lacks(run, make_snapshot, project, side, missing):
    """The snapshot page of a one-sided export holding one side of its owners' follows: the
    follow charts say which side it measures (they said the snapshot had no follow edges),
    the coverage says where each side comes from (following came 'from edges', not
    measured), and no figure of the missing side is 0."""
    files = dict(FILES, **{"snapshot.yml": f"""
        taken: 2024-03-31
        observed: {{owners: [me], follows: {side}, interactions: given, posts: owners}}
    """})
    doc = analyse(run, make_snapshot, files)
    assert doc["coverage"][f"{missing}_from"] is None
    assert doc["coverage"][f"{side}_from"] == "edges"
    result = run("build", "-q")
    assert result.exit_code == 0, result.output
    page = (project / "output/snapshots/2024-03/index.html").read_text("utf-8")
    said = " ".join(page.split())
    assert f"this one-sided snapshot measures only its owners&#39; {side}" in said or \
        f"this one-sided snapshot measures only its owners' {side}" in said
    assert "needs follow edges" not in said
    me = (project / "output/accounts/me/index.html").read_text("utf-8")
    assert f"<dt>{missing.capitalize()}</dt><dd>not measured</dd>" in " ".join(me.split())


def test_how_far_reposts_carry_is_not_measured_from_the_owners_reposts(run, make_snapshot,
                                                                       project):
    """An archive holds the reposts its owner made and nobody else's: the chart said "mean
    reach 1.0, largest 1, deepest chain 1" (a real Twitter archive: 643 retweets of 236
    accounts), as if nobody else had reposted them."""
    files = dict(FILES, **{"interactions.csv": """
        source,target,kind,at
        me,a,reply,2024-03-10
        me,a,repost,2024-03-11
        me,a,repost,2024-03-12
        me,b,repost,2024-03-12
    """})
    amplification = analyse(run, make_snapshot, files)["activity"]["amplification"]
    assert amplification == {"reposts": 3, "accounts_reposted": 2, "mean_reach": None,
                             "max_reach": None, "max_depth": None, "reach_by_depth": [],
                             "measured": False}
    result = run("build", "-q")
    assert result.exit_code == 0, result.output
    said = " ".join((project / "output/snapshots/2024-03/index.html").read_text("utf-8").split())
    assert "holds only the 3 reposts its owners made" in said
    assert "mean reach" not in said


def test_scores_chart_is_not_drawn_when_no_scored_account_has_a_way_of_use(run, make_snapshot,
                                                                           project):
    """An owner who follows more accounts than follow it, and whose ties are not mostly
    returned, is unclassified with scores; every other account has none (a real archive,
    milahu104's). The chart showed no point and "consumer 0, reciprocator 0, broadcaster 0,
    dormant 0"."""
    files = dict(FILES, **{"follows.csv": """
        follower,followed
        me,a
        me,b
        me,c
        a,me
    """})
    me = accounts_by_id(analyse(run, make_snapshot, files))["me"]
    assert me["class"] == "unclassified" and me["scores"] is not None
    result = run("build", "-q")
    assert result.exit_code == 0, result.output
    page = (project / "output/snapshots/2024-03/index.html").read_text("utf-8")
    said = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "Ways of use as scores. Not drawn: the only accounts with scores are unclassified" \
        in said
    assert "Accounts with scores, per class" not in said


def test_without_observed_the_same_files_are_a_whole_network(run, make_snapshot):
    files = dict(FILES, **{"snapshot.yml": "taken: 2024-03-31\n"})
    doc = analyse(run, make_snapshot, files)
    a = accounts_by_id(doc)["a"]
    assert (a["followers"], a["following"], a["received"]) == (1, 1, 1)
    assert doc["network"]["density"] is not None


@pytest.mark.parametrize(("observed", "message"), [
    ("[me]", "'observed': expected a mapping"),
    ("{owners: []}", "'observed.owners': expected a list of account ids"),
    ("{owners: [me], follows: some}", "'observed.follows': expected one of all, owners, "
                                      "following, followers"),
    ("{owners: [me], seen: all}", "'observed': unknown key 'seen'"),
    ("{owners: [' ']}", "'observed.owners': an empty account id"),
])
def test_a_bad_observed_names_the_file_and_what_is_expected(run, make_snapshot, observed,
                                                             message):
    files = dict(FILES, **{"snapshot.yml": f"taken: 2024-03-31\nobserved: {observed}\n"})
    make_snapshot("2024-03", files)
    result = run("analyze", "content/snapshots/2024-03")
    assert result.exit_code == 2
    assert "snapshot.yml" in result.output and message in result.output


def test_an_owner_is_an_id_with_spaces_around_it_removed(run, make_snapshot):
    """As every id: ' me' names the account me (with the space kept, none was measured)."""
    files = dict(FILES, **{"snapshot.yml": "taken: 2024-03-31\nobserved: {owners: ['\u00a0me ']"
                                           ", follows: owners, interactions: given, "
                                           "posts: owners}\n"})
    me = accounts_by_id(analyse(run, make_snapshot, files))["me"]
    assert (me["followers"], me["following"], me["posts"], me["given"]) == (2, 2, 2, 1)


def test_an_owner_who_is_no_account_is_named_in_a_warning(run, make_snapshot):
    files = dict(FILES, **{"snapshot.yml": "taken: 2024-03-31\nobserved: {owners: [me, mee]}\n"})
    make_snapshot("2024-03", files)
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())  # as one line (the terminal may wrap it)
    assert "'observed.owners' names 'mee', which is no account of the snapshot" in said
    assert "names 'me'," not in said
