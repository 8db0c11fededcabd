"""Posts and interactions from a Mastodon archive's ``outbox.json``.

Each ``Create`` of a ``Note`` or ``Question`` is a post of the owner (id: the object's URI; at:
``published``; text: the HTML ``content`` as plain text), and makes:

- a **reply** to the author of the post it answers. ``inReplyTo`` is that post's URI: its author
  is read from the URI's path (``/users/bob/statuses/1``), else it is the one account on the
  post's server among the ``Mention`` tags, else among the addressees (``to``, ``cc``);
  a reply to one's own post (a thread) is no interaction;
- a **mention** of every other account in the ``Mention`` tags (the reply's target, which
  Mastodon also tags, is not counted twice).

Each ``Announce`` (a boost) is a **repost** of the boosted post's author: the one account the
boost is addressed to (``cc``, where Mastodon puts the author), else the author read from the
post URI's path (a guess from the URL).

Only public and unlisted activities are read: followers-only posts and direct messages are left
out, as a report is public.
"""

from __future__ import annotations

import logging
from collections import Counter

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.bluesky_time import instant
from sitegen.importing.mastodon_ids import PUBLIC, AccountIds, author_uri, host, is_audience
from sitegen.importing.mastodon_text import plain_text
from sitegen.importing.sink import SnapshotSink

log = logging.getLogger(__name__)
POST_TYPES = ("Note", "Question")
STEP = 500  # items between two advances of the progress bar


CHOSEN = {"followers-only and direct activities"}  # left out by sitegen's choice


class Outbox:
    """Reads one outbox into ``sink`` for the owner ``owner`` (an account id)."""

    def __init__(self, sink: SnapshotSink, ids: AccountIds, owner: str, label: str):
        self.sink, self.ids, self.owner, self.label = sink, ids, owner, label
        self.skipped: Counter[str] = Counter()
        self.described: set[str] = {owner}

    def read(self, document, progress=None) -> None:
        """Every item of the parsed ``outbox.json`` ``document``."""
        items = self._items(document)
        for item in items:
            self._learn(item)
        task = progress.add_task("mastodon: outbox", total=len(items)) if progress else None
        for number, item in enumerate(items, 1):
            self._item(number, item)
            if task is not None and (number % STEP == 0 or number == len(items)):
                progress.update(task, completed=number)
        for reason, count in sorted(self.skipped.items()):
            # what is left out by choice (private posts, activities that are no post) is
            # noted; what could not be read is said
            said = log.info if reason in CHOSEN or reason.endswith(" activities") \
                else log.warning
            said("%s: left out %d %s", self.label, count, reason)

    def _items(self, document) -> list:
        items = document.get("orderedItems") if isinstance(document, dict) else None
        if not isinstance(items, list):
            raise SnapshotError(Problem("expected an OrderedCollection with 'orderedItems', a "
                                        "list of activities", self.label))
        return items

    def _learn(self, item) -> None:
        """The address the server wrote for each mentioned actor (see mastodon_ids)."""
        post = item.get("object") if isinstance(item, dict) else None
        for tag in _as_list(post.get("tag")) if isinstance(post, dict) else ():
            if _is_mention(tag):
                self.ids.learn(tag.get("href"), tag.get("name"))

    def _item(self, number: int, item) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            self._fail(number, "expected an activity: an object with a 'type'")
        if item["type"] not in ("Create", "Announce"):
            self.skipped[f"{item['type']} activities"] += 1
        elif not _public(item, item.get("object")):
            self.skipped["followers-only and direct activities"] += 1
        elif item["type"] == "Create":
            self._create(number, item)
        else:
            self._announce(number, item)

    def _create(self, number: int, item: dict) -> None:
        post = item.get("object")
        if isinstance(post, str):  # a server that gives the object by reference
            self.sink.post(self.owner, self._at(item.get("published")), post)
            return
        if not isinstance(post, dict):
            self._fail(number, "'object': expected a post (an object) or its URI")
        if post.get("type") not in POST_TYPES:
            self.skipped[f"Create activities of a {post.get('type')}"] += 1
            return
        post_id = self._uri(number, post, "id")
        at = self._at(post.get("published") or item.get("published"))
        self.sink.post(self.owner, at, post_id, plain_text(post.get("content")))
        replied = self._reply_target(post)
        if replied is not None:
            self._interact(replied, "reply", at, post_id)
        for mentioned in self._mentioned(number, post):
            if replied is None or self.ids.of(mentioned) != self.ids.of(replied):
                self._interact(mentioned, "mention", at, post_id)

    def _announce(self, number: int, item: dict) -> None:
        boosted = item.get("object")
        if not isinstance(boosted, (str, dict)):
            self._fail(number, "'object': expected the boosted post's URI")
        author = self._boosted_author(item, boosted)
        if author is None:
            self.skipped["boosts whose author is not known"] += 1
        else:
            self._interact(author, "repost", self._at(item.get("published")),
                           self._uri(number, item, "id"))

    def _reply_target(self, post: dict) -> str | None:
        """The actor URI of the replied-to post's author (None: no reply, a thread of one's
        own, or an author that cannot be told)."""
        parent = post.get("inReplyTo")
        parent = parent.get("id") if isinstance(parent, dict) else parent
        if not isinstance(parent, str) or not parent.strip():
            return None
        author = author_uri(parent) or self._only_one_at(host(parent), post)
        if author is None:
            self.skipped["replies whose replied-to author is not known"] += 1
            return None
        return None if self.ids.of(author) == self.owner else author

    def _only_one_at(self, server: str | None, post: dict) -> str | None:
        """The one account at ``server`` among the Mention tags, else among the addressees."""
        mentioned = [tag.get("href") for tag in _as_list(post.get("tag")) if _is_mention(tag)]
        addressed = [*_as_list(post.get("to")), *_as_list(post.get("cc"))]
        for candidates in (mentioned, addressed):
            found = {self.ids.of(uri): uri for uri in candidates if isinstance(uri, str)
                     and not is_audience(uri) and host(uri) == server}
            if server is not None and len(found) == 1:
                return next(iter(found.values()))
        return None

    def _mentioned(self, number: int, post: dict) -> list[str]:
        """The actor URIs of the Mention tags, each once, the owner left out."""
        tags = post.get("tag")
        if tags is not None and not isinstance(tags, (list, dict)):
            self._fail(number, "'tag': expected a list of tags")
        found = {}
        for tag in _as_list(tags):
            href = tag.get("href") if _is_mention(tag) else None
            if isinstance(href, str) and host(href):
                found.setdefault(self.ids.of(href), href)
        found.pop(self.owner, None)
        return list(found.values())

    def _boosted_author(self, item: dict, boosted) -> str | None:
        """The actor URI of the boosted post's author (see the module)."""
        if isinstance(boosted, dict):
            attributed = [a for a in _as_list(boosted.get("attributedTo")) if isinstance(a, str)]
            if attributed:
                return attributed[0]
            boosted = boosted.get("id")
        addressed = {self.ids.of(uri): uri for uri in [*_as_list(item.get("cc")),
                                                        *_as_list(item.get("to"))]
                     if isinstance(uri, str) and not is_audience(uri) and host(uri)}
        addressed.pop(self.owner, None)
        if len(addressed) == 1:
            return next(iter(addressed.values()))
        return author_uri(boosted)

    def _interact(self, account: str, kind: str, at: str | None, post_id: str | None) -> None:
        """An interaction with the account at ``account`` (an actor URI or an id)."""
        target = self.ids.of(account)
        if target == self.owner:
            return
        if target not in self.described:
            self.described.add(target)
            handle = self.ids.handle(account)
            if handle is not None:
                self.sink.account(target, handle=handle)
        self.sink.interaction(self.owner, target, kind, at, post_id)

    def _at(self, value) -> str | None:
        at = instant(value)
        if at is None and value is not None:
            self.skipped["dates that are not ISO-8601 (kept without a date)"] += 1
        return at

    def _uri(self, number: int, mapping: dict, key: str) -> str | None:
        value = mapping.get(key)
        if value is not None and not isinstance(value, str):
            self._fail(number, f"'{key}': expected a URI, got {type(value).__name__}")
        return value

    def _fail(self, number: int, message: str):
        raise SnapshotError(Problem(f"outbox item {number}: {message}", self.label,
                                    hint="the archive may be damaged: request a new one"))


def _is_mention(tag) -> bool:
    return isinstance(tag, dict) and tag.get("type") == "Mention"


def _as_list(value) -> list:
    """ActivityStreams allows one value where a list is expected."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _public(item: dict, post) -> bool:
    """Addressed to the public collection (public or unlisted), by the activity or its post."""
    audiences = [*_as_list(item.get("to")), *_as_list(item.get("cc"))]
    if isinstance(post, dict):
        audiences += [*_as_list(post.get("to")), *_as_list(post.get("cc"))]
    return any(isinstance(uri, str) and uri in PUBLIC for uri in audiences)
