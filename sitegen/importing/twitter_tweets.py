"""One tweet, whatever export it came from, and the rows it makes in a snapshot.

The readers (account archive, twarc v1, twarc2) turn each tweet into a ``Tweet``; ``write_tweet``
then decides what it is worth to the snapshot, the same way for all of them:

- a retweet is one ``repost`` interaction to the original's author, nothing else: not a post
  (the words are someone else's) and no mentions (they are the original's mentions);
- any other tweet is a post of its author, plus a ``reply`` to the account it answers, a
  ``quote`` of the account it quotes and a ``mention`` of each account it names, except the
  account it replies to: a reply starts with ``@name`` of that account (the app puts it
  there), and a reply is not also a mention of the same account;
- nothing an account does to itself (a reply in its own thread) is an interaction.

Every interaction carries the tweet's id, so a tweet read twice counts once.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.sink import SnapshotSink
from sitegen.importing.twitter_dates import any_time


class RecordError(ValueError):
    """One record of an export is not what its format says; the reader adds where it is."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Where:
    """A record's place in its file, for error messages: ``FILE:LINE: record N: ...``."""

    file: str
    line: int | None = None
    record: int | None = None

    def error(self, message: str, hint: str | None = None) -> SnapshotError:
        prefix = f"record {self.record}: " if self.record is not None else ""
        return SnapshotError(Problem(prefix + message, self.file, self.line, hint))


@dataclass(frozen=True)
class Mention:
    """An account a tweet names: its id, and the handle and name the tweet gives for it."""

    id: str
    handle: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Tweet:
    id: str
    author: str
    at: str | None = None
    text: str | None = None
    reply_to: str | None = None
    reply_handle: str | None = None
    retweet: bool = False
    retweet_of: str | None = None  # None in a retweet: the original's author is not known
    quote_of: str | None = None
    mentions: tuple[Mention, ...] = ()
    # interactions the tweet made whose account is not known (a quoted tweet withheld or not
    # included, a mention by handle alone): counted by write_tweet, said by the importer
    lost: tuple[str, ...] = ()


def write_tweet(sink: SnapshotSink, tweet: Tweet) -> None:
    """The post and the interactions one tweet makes (see the module's docstring)."""
    if tweet.retweet:
        _interaction(sink, tweet, tweet.retweet_of, "repost")
        sink.lose(tweet.id, ("repost",) if tweet.retweet_of is None else ())
        return
    sink.lose(tweet.id, tweet.lost)
    sink.post(tweet.author, at=tweet.at, id=tweet.id, text=plain_text(tweet.text))
    _interaction(sink, tweet, tweet.reply_to, "reply")
    _interaction(sink, tweet, tweet.quote_of, "quote")
    for mention in mentions_given(tweet):
        _interaction(sink, tweet, mention.id, "mention")


def write_handles(sink: SnapshotSink, tweet: Tweet) -> None:
    """The handles (and names) the tweet gives for the accounts it acts on."""
    for mention in named(tweet):
        if mention.handle:
            sink.account(mention.id, handle=mention.handle, name=mention.name)
    if tweet.reply_to and tweet.reply_handle:
        sink.account(tweet.reply_to, handle=tweet.reply_handle)


def named(tweet: Tweet) -> list[Mention]:
    """The mentions of accounts the tweet acts on: a retweet names only its original's author
    as its own (the other names are the original's)."""
    if tweet.retweet:
        return [mention for mention in tweet.mentions if mention.id == tweet.retweet_of]
    return list(tweet.mentions)


def mentions_given(tweet: Tweet) -> list[Mention]:
    """The tweet's mentions, but not of the account it replies to."""
    return [mention for mention in tweet.mentions if mention.id != tweet.reply_to]


def _interaction(sink: SnapshotSink, tweet: Tweet, target: str | None, kind: str) -> None:
    if target and target != tweet.author:
        sink.interaction(tweet.author, target, kind, at=tweet.at, post=tweet.id)


def plain_text(text: str | None) -> str | None:
    """Tweet text as typed: the APIs and the archive escape ``&``, ``<`` and ``>``."""
    return html.unescape(text) if text else text


# the id an archive gives a mentioned account that no longer exists (deleted or suspended):
# the same for every such account, so it names none of them
GONE = "-1"


def v1_mentions(entities: Any) -> tuple[Mention, ...]:
    """``entities.user_mentions`` of a v1.1 tweet or an archive tweet (ids may be numbers or,
    in archives, strings); a mention of an account that is gone is left out."""
    if not isinstance(entities, Mapping):
        return ()
    found = []
    for item in as_list(entities.get("user_mentions"), "entities.user_mentions"):
        if not isinstance(item, Mapping):
            raise RecordError("entities.user_mentions: expected objects")
        mention_id = optional_id(item.get("id_str", item.get("id")), "user_mentions id_str")
        if mention_id in (None, GONE):
            continue  # a mention of an account that no longer exists
        found.append(Mention(mention_id, text_or_none(item.get("screen_name")),
                             text_or_none(item.get("name"))))
    return tuple(found)


def text_id(value: Any, what: str) -> str:
    """An id as exact text: a string as given, a JSON integer written out (Python reads JSON
    integers exactly, so ids above 2**53 stay exact)."""
    if isinstance(value, bool) or value is None:
        raise RecordError(f"no '{what}': expected an id" if value is None else
                          f"'{what}': expected an id, got {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise RecordError(f"'{what}': expected an id, got {value!r}")


def optional_id(value: Any, what: str) -> str | None:
    return None if value is None or value == "" else text_id(value, what)


def text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def whole(value: Any) -> int | None:
    """A whole number given as a number or as text (archives write every number as text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def count(value: Any, what: str) -> int | None:
    """A profile count: a whole number of 0 or more, or nothing."""
    if value is None or value == "":
        return None
    number = whole(value)
    if number is None:
        raise RecordError(f"'{what}': expected a whole number, got {value!r}")
    return number


def time_of(value: Any, what: str = "created_at") -> str | None:
    """A date of either Twitter form, as ISO-8601 in UTC; nothing for a blank."""
    if value is None or value == "":
        return None
    try:
        return any_time(str(value))
    except ValueError as exc:
        raise RecordError(f"'{what}': {exc}") from None


def as_list(value: Any, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"'{what}': expected a list, got {type(value).__name__}")
    return value


def as_mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RecordError(f"'{what}': expected an object, got {type(value).__name__}")
    return value


def first(values: Iterable[Any]) -> Any:
    return next((value for value in values if value not in (None, "")), None)
