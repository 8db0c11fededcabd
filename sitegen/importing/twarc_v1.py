"""twarc (v1.1 API) lines: one tweet, or one user, as the API returned it.

A v1.1 tweet carries its author (``user``), the tweet it retweets (``retweeted_status``) and
the one it quotes (``quoted_status``), each with its author's profile. In streams the full text
and entities of a long tweet are in ``extended_tweet``; a retweet's own text is cut off, so its
original is read from ``retweeted_status`` (DocNow/twarc#329).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitegen.importing.sink import SnapshotSink
from sitegen.importing.twitter_tweets import (
    RecordError,
    Tweet,
    count,
    first,
    optional_id,
    text_id,
    text_or_none,
    time_of,
    v1_mentions,
    write_handles,
    write_tweet,
)

# stream messages that are not tweets: ``{"delete": {...}}``, ``{"limit": {...}}``...
NOTICES = {"delete", "limit", "scrub_geo", "status_withheld", "user_withheld", "disconnect",
           "warning", "friends", "event"}


def is_tweet(line: Mapping[str, Any]) -> bool:
    return "id_str" in line and bool(line.keys() & {"user", "text", "full_text"})


def is_user(line: Mapping[str, Any]) -> bool:
    return "id_str" in line and "screen_name" in line


def is_notice(line: Mapping[str, Any]) -> bool:
    return len(line) == 1 and next(iter(line)) in NOTICES


def read_tweet(raw: Mapping[str, Any], sink: SnapshotSink) -> None:
    """The tweet's post and interactions, and every profile it carries."""
    tweet = v1_tweet(raw)
    write_handles(sink, tweet)
    for user in _profiles(raw):
        write_user(user, sink)
    write_tweet(sink, tweet)


def v1_tweet(raw: Mapping[str, Any]) -> Tweet:
    extended = raw.get("extended_tweet")
    extended = extended if isinstance(extended, Mapping) else {}
    text = first((extended.get("full_text"), raw.get("full_text"), raw.get("text")))
    retweeted = raw.get("retweeted_status")
    quoted = raw.get("quoted_status")
    return Tweet(
        id=text_id(raw.get("id_str", raw.get("id")), "id_str"),
        author=_author(raw.get("user"), "user"),
        at=time_of(raw.get("created_at")),
        text=text if isinstance(text, str) else None,
        reply_to=optional_id(raw.get("in_reply_to_user_id_str", raw.get("in_reply_to_user_id")),
                             "in_reply_to_user_id_str"),
        reply_handle=text_or_none(raw.get("in_reply_to_screen_name")),
        retweet=retweeted is not None,
        retweet_of=_author(_mapping(retweeted, "retweeted_status").get("user"),
                           "retweeted_status.user") if retweeted is not None else None,
        quote_of=_author(_mapping(quoted, "quoted_status").get("user"), "quoted_status.user")
        if quoted is not None and retweeted is None else None,
        mentions=v1_mentions(extended.get("entities") or raw.get("entities")),
        # a quote whose original is withheld or deleted comes without quoted_status
        lost=("quote",) if raw.get("is_quote_status") is True and quoted is None
        and retweeted is None else ())


def write_user(user: Mapping[str, Any], sink: SnapshotSink) -> None:
    """A v1.1 user object as an account (``friends_count`` is ``following_count``)."""
    picture = user.get("default_profile_image")
    sink.account(
        text_id(user.get("id_str", user.get("id")), "user.id_str"),
        handle=text_or_none(user.get("screen_name")), name=text_or_none(user.get("name")),
        bio=text_or_none(user.get("description")),
        created_at=time_of(user.get("created_at"), "user.created_at"),
        followers_count=count(user.get("followers_count"), "user.followers_count"),
        following_count=count(user.get("friends_count"), "user.friends_count"),
        posts_count=count(user.get("statuses_count"), "user.statuses_count"),
        default_profile=picture if isinstance(picture, bool) else None)


def _profiles(raw: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The author's profile and those of the retweeted and quoted tweets' authors."""
    tweets = [raw]
    for key in ("retweeted_status", "quoted_status"):
        for tweet in list(tweets):
            if isinstance(tweet.get(key), Mapping):
                tweets.append(tweet[key])
    return [tweet["user"] for tweet in tweets if isinstance(tweet.get("user"), Mapping)]


def _author(user: Any, what: str) -> str:
    if not isinstance(user, Mapping):
        raise RecordError(f"no '{what}': expected the author's user object")
    return text_id(user.get("id_str", user.get("id")), f"{what}.id_str")


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RecordError(f"'{what}': expected an object, got {type(value).__name__}")
    return value
