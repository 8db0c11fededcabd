"""twarc2 (v2 API) lines: response pages, flattened tweets and user objects.

``twarc2 search|timeline|...`` writes one API response page a line: ``data`` (tweets, or users
for ``twarc2 users|followers|following``), ``includes`` (the users and tweets they refer to)
and ``__twarc`` (the request's URL and when it was made). ``twarc2 flatten`` writes one tweet a
line with ``author``, ``in_reply_to_user``, the referenced tweets and the mentioned users filled
in. Both give the same posts and interactions.

A follower or following list names its account only in the request's URL
(``/2/users/<id>/followers``): each user of the page then follows that account, or is followed
by it. Such lists see all of their accounts' follows but nobody else's, so ``twarc.py`` marks
those accounts as the snapshot's observed owners.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sitegen.importing.sink import SnapshotSink
from sitegen.importing.twitter_tweets import (
    Mention,
    RecordError,
    Tweet,
    as_list,
    as_mapping,
    count,
    first,
    optional_id,
    text_id,
    text_or_none,
    time_of,
    write_handles,
    write_tweet,
)

FOLLOW_LIST = re.compile(r"/2/users/(\d+)/(followers|following)(?=[/?#]|$)", re.ASCII)
RETWEET = re.compile(r"RT @(\w+)")


def is_page(line: Mapping[str, Any]) -> bool:
    return "data" in line or ("id" not in line and bool(line.keys() & {"meta", "errors"}))


def is_tweet(line: Mapping[str, Any]) -> bool:
    return "id" in line and "username" not in line and ("text" in line or "author_id" in line)


def is_user(line: Mapping[str, Any]) -> bool:
    return "id" in line and "username" in line


class Lookup:
    """The users (by handle) and tweets (by id) one page or one flattened tweet includes."""

    def __init__(self, users: list, tweets: list):
        self.ids = {user["username"].lower(): user.get("id") for user in users
                    if isinstance(user, Mapping) and isinstance(user.get("username"), str)}
        self.tweets = {tweet.get("id"): tweet for tweet in tweets if isinstance(tweet, Mapping)}

    def user_id(self, handle: Any) -> str | None:
        found = self.ids.get(handle.lower()) if isinstance(handle, str) else None
        return optional_id(found, "includes.users.id")

    def author_of(self, ref: Mapping[str, Any] | None) -> str | None:
        """The author of a referenced tweet: given inline (flattened), or in ``includes``."""
        if ref is None:
            return None
        tweet = ref if "author_id" in ref or "author" in ref else self.tweets.get(ref.get("id"))
        if not isinstance(tweet, Mapping):
            return None
        author = tweet.get("author")
        return optional_id(first((tweet.get("author_id"),
                                  author.get("id") if isinstance(author, Mapping) else None)),
                           "referenced_tweets.author_id")


def read_page(page: Mapping[str, Any], sink: SnapshotSink, lists: dict[str, set[str]]) -> None:
    """One response page: its tweets or users, its included users, and follows when the page
    is part of a follower or following list (noted in ``lists``: account -> directions)."""
    data = page.get("data")
    items = [data] if isinstance(data, Mapping) else as_list(data, "data")
    includes = page.get("includes")
    includes = includes if isinstance(includes, Mapping) else {}
    users = as_list(includes.get("users"), "includes.users")
    lookup = Lookup(users, as_list(includes.get("tweets"), "includes.tweets"))
    listed = _follow_list(page)
    if listed:
        lists.setdefault(listed[0], set()).add(listed[1])
        sink.measured.add("follows")
        sink.account(listed[0])
    for item in items:
        item = as_mapping(item, "data")
        if is_user(item):
            write_user(item, sink)
            if listed:
                _follow(sink, item, *listed)
        elif is_tweet(item) and not listed:
            read_tweet(item, lookup, sink)
        else:
            raise RecordError(f"'data': expected {'users' if listed else 'tweets or users'}, "
                              f"got an object with keys {_keys(item)}")
    for user in users:
        write_user(as_mapping(user, "includes.users"), sink)


def read_flat_tweet(raw: Mapping[str, Any], sink: SnapshotSink) -> None:
    """One tweet of ``twarc2 flatten``: the users it holds inline are its lookup."""
    refs = [ref for ref in as_list(raw.get("referenced_tweets"), "referenced_tweets")
            if isinstance(ref, Mapping)]
    mentions = _entities(raw).get("mentions")
    users = [raw.get("author"), raw.get("in_reply_to_user"), *(ref.get("author") for ref in refs),
             *(mentions if isinstance(mentions, list) else [])]
    users = [user for user in users if isinstance(user, Mapping) and is_user(user)]
    for user in users:
        write_user(user, sink)
    read_tweet(raw, Lookup(users, refs), sink)


def read_tweet(raw: Mapping[str, Any], lookup: Lookup, sink: SnapshotSink) -> None:
    tweet = v2_tweet(raw, lookup)
    write_handles(sink, tweet)
    write_tweet(sink, tweet)


def v2_tweet(raw: Mapping[str, Any], lookup: Lookup) -> Tweet:
    refs: dict[str, Mapping[str, Any]] = {}
    for ref in as_list(raw.get("referenced_tweets"), "referenced_tweets"):
        ref = as_mapping(ref, "referenced_tweets")
        refs.setdefault(str(ref.get("type")), ref)
    author = raw.get("author")
    note = raw.get("note_tweet")
    text = first((note.get("text") if isinstance(note, Mapping) else None, raw.get("text")))
    text = text if isinstance(text, str) else None
    mentions, unknown = _mentions(raw, lookup)
    retweet = "retweeted" in refs
    reply_to = optional_id(raw.get("in_reply_to_user_id"), "in_reply_to_user_id") \
        or lookup.author_of(refs.get("replied_to"))
    quote_of = None if retweet else lookup.author_of(refs.get("quoted"))
    return Tweet(
        id=text_id(raw.get("id"), "id"),
        author=text_id(first((raw.get("author_id"),
                              author.get("id") if isinstance(author, Mapping) else None)),
                       "author_id"),
        at=time_of(raw.get("created_at")), text=text,
        reply_to=reply_to,
        retweet=retweet,
        retweet_of=(lookup.author_of(refs["retweeted"]) or _retweeted_author(text, mentions))
        if retweet else None,
        quote_of=quote_of,
        mentions=mentions,
        lost=(("reply",) if "replied_to" in refs and reply_to is None else ())
        + (("quote",) if not retweet and "quoted" in refs and quote_of is None else ())
        + ("mention",) * (0 if retweet else unknown))


def write_user(user: Mapping[str, Any], sink: SnapshotSink) -> None:
    """A v2 user object as an account, ``public_metrics`` flattened."""
    metrics = user.get("public_metrics")
    metrics = metrics if isinstance(metrics, Mapping) else {}
    sink.account(
        text_id(user.get("id"), "user id"), handle=text_or_none(user.get("username")),
        name=text_or_none(user.get("name")), bio=text_or_none(user.get("description")),
        created_at=time_of(user.get("created_at"), "user created_at"),
        followers_count=count(metrics.get("followers_count"), "public_metrics.followers_count"),
        following_count=count(metrics.get("following_count"), "public_metrics.following_count"),
        posts_count=count(metrics.get("tweet_count"), "public_metrics.tweet_count"),
        default_profile=_default_picture(user.get("profile_image_url")))


def _mentions(raw: Mapping[str, Any], lookup: Lookup) -> tuple[tuple[Mention, ...], int]:
    """``entities.mentions``: old payloads give the handle only; its id is then looked up
    among the included users (a mention of a user not included is left out: counted)."""
    found, unknown = [], 0
    for item in as_list(_entities(raw).get("mentions"), "entities.mentions"):
        item = as_mapping(item, "entities.mentions")
        mention_id = optional_id(item.get("id"), "entities.mentions.id") \
            or lookup.user_id(item.get("username"))
        if mention_id is not None:
            found.append(Mention(mention_id, text_or_none(item.get("username"))))
        else:
            unknown += 1
    return tuple(found), unknown


def _retweeted_author(text: str | None, mentions: tuple[Mention, ...]) -> str | None:
    """A retweet whose original is not included: its author is the ``RT @name`` mention."""
    match = RETWEET.match(text or "")
    handle = match[1].lower() if match else None
    return next((m.id for m in mentions if (m.handle or "").lower() == handle), None)


def _follow_list(page: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(account, "followers"|"following")`` when the page is part of a follow list."""
    meta = page.get("__twarc")
    url = meta.get("url") if isinstance(meta, Mapping) else None
    match = FOLLOW_LIST.search(url) if isinstance(url, str) else None
    return (match[1], match[2]) if match else None


def _follow(sink: SnapshotSink, user: Mapping[str, Any], owner: str, direction: str) -> None:
    other = text_id(user.get("id"), "user id")
    if other != owner:
        sink.follow(*((other, owner) if direction == "followers" else (owner, other)))


def _entities(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    entities = raw.get("entities")
    return entities if isinstance(entities, Mapping) else {}


def _default_picture(url: Any) -> bool | None:
    """v2 has no ``default_profile_image``: the default pictures are served from
    ``.../sticky/default_profile_images/``."""
    return "/default_profile_images/" in url if isinstance(url, str) and url else None


def _keys(item: Mapping[str, Any]) -> str:
    keys = sorted(map(str, item))
    return ", ".join(keys[:6]) + (", ..." if len(keys) > 6 else "") if keys else "none"
