"""What a merged snapshot observed: each source vouches only for the tables it holds."""

from __future__ import annotations

import pytest

from sitegen.errors import SnapshotError
from sitegen.importing.run import _merged_observed

ARCHIVE = {"owners": ["me"], "follows": "owners", "interactions": "given", "posts": "owners"}
FOLLOWING = {"owners": ["you"], "follows": "following", "interactions": "all", "posts": "all"}
EVERYTHING = {"follows", "interactions", "posts"}


def test_a_full_collection_of_a_table_makes_it_whole():
    merged = _merged_observed((ARCHIVE, EVERYTHING), (None, {"interactions"}))
    assert merged == {"owners": ["me"], "follows": "owners", "interactions": "all",
                      "posts": "owners"}


def test_a_source_speaks_only_for_the_tables_it_holds():
    """Profiles without follows (no observed) do not make following lists complete."""
    merged = _merged_observed((None, set()), (FOLLOWING, {"follows"}))
    assert merged == {"owners": ["you"], "follows": "following", "interactions": "all",
                      "posts": "all"}


@pytest.mark.parametrize("order", [1, -1])
def test_two_one_sided_claims_keep_the_weaker(order):
    sides = [(ARCHIVE, {"follows"}), (FOLLOWING, {"follows"})][::order]
    merged = _merged_observed(*sides)
    assert merged["follows"] == "following" and merged["owners"] == ["me", "you"]


def test_whole_everywhere_is_no_observed():
    assert _merged_observed((None, EVERYTHING), (ARCHIVE, {"follows"})) is None


FOLLOWERS = {"owners": ["me"], "follows": "followers", "interactions": "given", "posts": "owners"}
ONLY_FOLLOWING = dict(FOLLOWERS, follows="following")


@pytest.mark.parametrize("order", [1, -1])
def test_one_owners_followers_and_following_from_two_sources_are_both_known(order):
    sides = [(FOLLOWERS, {"follows"}), (ONLY_FOLLOWING, {"follows"})][::order]
    assert _merged_observed(*sides)["follows"] == "owners"


def test_a_followers_list_alone_keeps_its_claim():
    assert _merged_observed((FOLLOWERS, {"follows"}), (None, {"posts"}))["follows"] == \
        "followers"


def test_different_owners_one_side_each_are_refused():
    """One owner's followers and another's following: either claim would read a missing
    list as empty (a following or followers of 0)."""
    other = dict(ONLY_FOLLOWING, owners=["you"])
    with pytest.raises(SnapshotError, match="me has no following list; you has no followers"):
        _merged_observed((FOLLOWERS, {"follows"}), (other, {"follows"}))


@pytest.mark.parametrize("order", [(0, 1, 2), (0, 2, 1), (2, 0, 1), (1, 2, 0)])
def test_three_sources_give_one_claim_whatever_their_order(order):
    """me's followers and following, and you's followers alone: followers are known for
    both, following for neither (it was 'followers' or 'following' by the order of merging,
    the latter reading you's following as 0)."""
    sources = [(FOLLOWERS, {"follows"}), (ONLY_FOLLOWING, {"follows"}),
               (dict(FOLLOWERS, owners=["you"]), {"follows"})]
    merged = _merged_observed(*(sources[i] for i in order))
    assert merged["follows"] == "followers" and merged["owners"] == ["me", "you"]


def test_an_owner_without_follow_lists_beside_one_with_them_is_refused():
    """An archive of posts alone (no follows) merged with another owner's follow lists:
    the first owner's follows would read 0."""
    posts_only = dict(ARCHIVE, owners=["them"])
    with pytest.raises(SnapshotError, match="them has no followers list"):
        _merged_observed((posts_only, {"posts", "interactions"}), (ARCHIVE, EVERYTHING))
