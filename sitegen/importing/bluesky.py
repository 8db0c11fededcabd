"""``sitegen import --from bluesky``: a Bluesky account's repository export, read offline.

SOURCES: one ``.car`` file per account (bsky.app Settings > Account > Export my data, or
``com.atproto.sync.getRepo``). The repository holds what its owner did (bluesky_repo):

- ``app.bsky.graph.follow``: the owner follows ``subject`` (a DID; the early form
  ``{did, declarationCid}`` too) since ``createdAt``;
- ``app.bsky.feed.post``: a post (id: its ``at://`` URI, rebuilt from the key in the repository
  tree, else the record's CID), and a **reply** to the author of ``reply.parent``, a **quote** of
  the author of an embedded post (``app.bsky.embed.record``, or ``recordWithMedia``'s
  ``record.record``), a **mention** of each DID in the mention facets (or the early
  ``entities``), the reply's target not counted twice;
- ``app.bsky.feed.repost`` and ``app.bsky.feed.like``: a repost or like of the author of
  ``subject.uri`` (the early ``app.bsky.feed.vote`` with direction ``up`` is a like);
- ``app.bsky.actor.profile``: the owner's display name and description.

Accounts are DIDs: handles need the network, so none is written. An author is read from the
DID in an ``at://`` URI; a URI naming a handle instead is left out. Actions on one's own
posts are no interactions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.bluesky_repo import DID, Repository, read_repository
from sitegen.importing.bluesky_time import instant
from sitegen.importing.sink import SnapshotSink
from sitegen.snapshots.coverage import Observed

if TYPE_CHECKING:
    from sitegen.importing.run import ImportOptions

POST, FOLLOW, REPOST, LIKE, VOTE, PROFILE = (
    "app.bsky.feed.post", "app.bsky.graph.follow", "app.bsky.feed.repost",
    "app.bsky.feed.like", "app.bsky.feed.vote", "app.bsky.actor.profile")
QUOTES = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")
MENTION = "app.bsky.richtext.facet#mention"


@dataclass(frozen=True, slots=True)
class Action:
    """What is kept of one record: its collection, date and the accounts it names."""

    collection: str
    at: str | None = None
    subject: str | None = None  # follow: the DID followed; repost, like: the post's author
    text: str | None = None  # post: its text; profile: the display name
    reply: str | None = None  # post: the author of the post replied to
    quote: str | None = None  # post: the author of the post quoted
    mentions: tuple[str, ...] = ()  # post: the DIDs mentioned
    bio: str | None = None  # profile: the description


def read(sources: list[Path], sink: SnapshotSink, options: ImportOptions,
         progress=None) -> None:
    """Read each repository export into ``sink``."""
    owners = []
    for path in sources:
        if not path.is_file():
            raise SnapshotError(Problem("expected a .car file (a Bluesky repository export)",
                                        path))
        repository = read_repository(path, extract, progress)
        _emit(repository, sink)
        owners.append(repository.did)
    sink.measured.update(("follows", "posts", "interactions"))
    # the repository holds whom the owner follows, never who follows the owner
    sink.observed = Observed(owners=tuple(dict.fromkeys(owners)), follows="following",
                             interactions="given", posts="owners")


def extract(record: dict) -> Action | None:
    """The Action of a record of a known collection (None for the others)."""
    kind = record.get("$type")
    at = instant(record.get("createdAt"))
    if kind == FOLLOW:
        subject = record.get("subject")
        return Action(FOLLOW, at, _did(subject.get("did") if isinstance(subject, dict)
                                       else subject))
    if kind == POST:
        return _post(record, at)
    if kind in (REPOST, LIKE) or (kind == VOTE and record.get("direction") == "up"):
        subject = record.get("subject")
        return Action(LIKE if kind == VOTE else kind, at,
                      _author(subject.get("uri") if isinstance(subject, dict) else None))
    if kind == PROFILE:
        return Action(PROFILE, text=_text(record.get("displayName")),
                      bio=_text(record.get("description")))
    return None


def _post(record: dict, at: str | None) -> Action:
    reply = record.get("reply")
    parent = reply.get("parent") if isinstance(reply, dict) else None
    return Action(POST, at, text=_text(record.get("text")),
                  reply=_author(parent.get("uri") if isinstance(parent, dict) else None),
                  quote=_quoted(record.get("embed")), mentions=_mentions(record))


def _quoted(embed) -> str | None:
    """The author of the post an embed quotes (an embedded feed or list is no quote)."""
    if not isinstance(embed, dict) or embed.get("$type") not in QUOTES:
        return None
    quoted = embed.get("record")
    if embed["$type"] == QUOTES[1] and isinstance(quoted, dict):
        quoted = quoted.get("record")
    uri = quoted.get("uri") if isinstance(quoted, dict) else None
    return _author(uri) if isinstance(uri, str) and f"/{POST}/" in uri else None


def _mentions(record: dict) -> tuple[str, ...]:
    """The DIDs of the mention facets (and of the early ``entities``), each once."""
    found = []
    for facet in _list(record.get("facets")):
        for feature in _list(facet.get("features") if isinstance(facet, dict) else None):
            if isinstance(feature, dict) and feature.get("$type") == MENTION:
                found.append(_did(feature.get("did")))
    for entity in _list(record.get("entities")):
        if isinstance(entity, dict) and entity.get("type") == "mention":
            found.append(_did(entity.get("value")))
    return tuple(dict.fromkeys(did for did in found if did))


def _emit(repository: Repository, sink: SnapshotSink) -> None:
    """The owner's account, follows, posts and interactions."""
    owner = repository.did
    sink.account(owner)
    for key, cid, action in repository.records:
        uri = f"at://{owner}/{key}" if key else cid
        if action.collection == PROFILE:
            sink.account(owner, name=action.text, bio=action.bio)
        elif action.collection == FOLLOW and action.subject not in (None, owner):
            sink.follow(owner, action.subject, since=action.at)
        elif action.collection == POST:
            _emit_post(owner, uri, action, sink)
        elif action.collection in (REPOST, LIKE):
            _interact(sink, owner, action.subject, action.collection.rsplit(".", 1)[1],
                      action.at, uri)


def _emit_post(owner: str, uri: str, post: Action, sink: SnapshotSink) -> None:
    sink.post(owner, post.at, uri, post.text)
    _interact(sink, owner, post.reply, "reply", post.at, uri)
    _interact(sink, owner, post.quote, "quote", post.at, uri)
    for mentioned in post.mentions:
        if mentioned != post.reply:
            _interact(sink, owner, mentioned, "mention", post.at, uri)


def _interact(sink: SnapshotSink, owner: str, target: str | None, kind: str, at: str | None,
              post: str) -> None:
    if target is not None and target != owner:
        sink.interaction(owner, target, kind, at, post)


def _author(uri) -> str | None:
    """The DID in ``at://DID/collection/rkey`` (None for a handle or anything else)."""
    if not isinstance(uri, str) or not uri.startswith("at://"):
        return None
    return _did(uri[len("at://"):].split("/", 1)[0])


def _did(value) -> str | None:
    return value if isinstance(value, str) and DID.fullmatch(value) else None


def _text(value) -> str | None:
    if not isinstance(value, str):
        return None
    return value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip() or None


def _list(value) -> list:
    return value if isinstance(value, list) else []
