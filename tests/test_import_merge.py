"""What a merged snapshot observed: each source vouches only for the tables it holds."""

from __future__ import annotations

import pytest

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


def test_different_owners_one_side_each_keep_the_weaker_with_a_warning(caplog):
    other = dict(ONLY_FOLLOWING, owners=["you"])
    merged = _merged_observed((FOLLOWERS, {"follows"}), (other, {"follows"}))
    assert merged["follows"] == "following" and merged["owners"] == ["me", "you"]
    assert "import both lists of each owner" in caplog.text
