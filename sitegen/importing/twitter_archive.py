"""``sitegen import --from twitter-archive``: a Twitter/X account archive, zipped or unzipped.

An archive is one account's own view: its followers and the accounts it follows (ids only, no
dates), its own tweets, and nothing anyone else did. So the snapshot is one-sided (``observed``:
the owner, ``follows: owners``, ``interactions: given``, ``posts: owners``): the analysis then
reports what the archive cannot see as not measured, never as zero.

The files are found through ``data/manifest.js`` when the archive has one (it lists every part
of every table), else by name (``tweets.js``, ``tweet.js``, ``tweets-part1.js``...). What each
file gives:

- ``manifest.js``: the owner (``userInfo``) and the day the archive was made (``taken``);
- ``account.js``, ``profile.js``: the owner's handle, name, creation date and bio;
- ``follower.js``, ``following.js``: follows into and out of the owner; an empty file means
  none (the table is then known to be empty, not missing);
- ``tweets.js`` (and ``community-tweet.js``): the owner's posts and the replies, mentions,
  retweets and quotes they make (see ``twitter_tweets``). The archive keeps no
  ``retweeted_status``: a retweet is a tweet whose text starts ``RT @name:``, and its author is
  the mention of ``name``. Quotes are kept as a link to the quoted tweet at the end of the text;
  the quoted account is known when the archive names its handle in a mention or reply.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.sink import SnapshotSink
from sitegen.importing.twitter_archive_files import ArchiveFiles, open_archive
from sitegen.importing.twitter_archive_parts import ArchiveLayout, find_layout, unwrap
from sitegen.importing.twitter_jsarray import read_records
from sitegen.importing.twitter_tweets import (
    RecordError,
    Tweet,
    Where,
    as_list,
    as_mapping,
    named,
    optional_id,
    plain_text,
    text_id,
    text_or_none,
    time_of,
    v1_mentions,
    whole,
    write_tweet,
)
from sitegen.snapshots.coverage import Observed, follows_claim, unclaimable

if TYPE_CHECKING:
    from rich.progress import Progress

    from sitegen.importing.run import ImportOptions

log = logging.getLogger(__name__)

RETWEET = re.compile(r"RT @(\w+)")
STATUS_LINK = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w{1,15})/status(?:es)?/\d+", re.ASCII)


def read(sources: list[Path], sink: SnapshotSink, options: ImportOptions,
         progress: Progress | None) -> None:
    """Import each archive in ``sources`` (one archive per source) into ``sink``."""
    owners, days, lists = [], [], {}
    for source in sources:
        archive = open_archive(source)
        try:
            layout = find_layout(archive)
            _read_archive(archive, layout, sink, progress)
        finally:
            archive.close()
        owners.append(layout.owner)
        days += [layout.taken] if layout.taken else []
        lists.setdefault(layout.owner, set()).update(
            side for side, kind in (("followers", "follower"), ("following", "following"))
            if layout.files[kind])
    # without follower.js (following.js) the owners' followers (following) are not measured:
    # they read 0, and a follow reciprocity of 0, when the snapshot said it held them
    follows = follows_claim(lists if any(lists.values()) else {})
    if follows is None:
        raise SnapshotError(Problem(unclaimable(lists),
                                    hint="import each archive as a snapshot of its own"))
    sink.observed = Observed(tuple(owners), follows=follows, interactions="given",
                             posts="owners")
    sink.taken = max(days) if days else None


def _read_archive(archive: ArchiveFiles, layout: ArchiveLayout, sink: SnapshotSink,
                  progress: Progress | None) -> None:
    """Follows, then tweets (whose handles and quotes are settled once all are read), then
    the owner's own account, so that its handle is the one ``account.js`` gives."""
    task = progress.add_task(f"twitter-archive {archive.source.name}",
                             total=layout.records or None) if progress is not None else None
    advance = (lambda: progress.advance(task)) if task is not None else (lambda: None)
    for kind in ("follower", "following"):
        if not layout.files[kind]:
            log.warning("%s: no data/%s.js: the archive does not say whom the owner %s",
                        archive.source, kind, "is followed by" if kind == "follower"
                        else "follows")
        for name in layout.files[kind]:
            _read_follows(archive, name, kind, layout.owner, sink, advance)
    book = HandleBook()
    for name in layout.files["tweets"]:
        _read_tweets(archive, name, layout.owner, sink, book, advance)
    book.write(sink, layout.owner)
    sink.account(layout.owner, handle=layout.handle, name=layout.name, bio=layout.bio,
                 created_at=layout.created_at)


def _read_follows(archive: ArchiveFiles, name: str, kind: str, owner: str,
                  sink: SnapshotSink, advance) -> None:
    """``follower.js``: each account follows the owner; ``following.js``: the owner follows it."""
    sink.measured.add("follows")
    for record in _records(archive, name):
        where = Where(archive.label(name), record.line, record.index)
        try:
            entry = as_mapping(unwrap(record.value, kind), kind)
            other = text_id(entry.get("accountId"), f"{kind}.accountId")
        except RecordError as exc:
            raise where.error(str(exc), exc.hint) from None
        if other != owner:
            sink.follow(*((other, owner) if kind == "follower" else (owner, other)))
        advance()


def _read_tweets(archive: ArchiveFiles, name: str, owner: str, sink: SnapshotSink,
                 book: HandleBook, advance) -> None:
    for record in _records(archive, name):
        where = Where(archive.label(name), record.line, record.index)
        try:
            raw = as_mapping(unwrap(record.value, "tweet"), "tweet")
            tweet = archive_tweet(raw, owner)
            quoted = quoted_handle(raw, tweet.text)
        except RecordError as exc:
            raise where.error(str(exc), exc.hint) from None
        write_tweet(sink, tweet)
        book.note(tweet)
        if quoted and not tweet.retweet:
            book.quote(tweet, quoted)
        advance()


def _records(archive: ArchiveFiles, name: str):
    """The records of one file; a file that is not UTF-8 is an error naming it."""
    with archive.open(name) as stream:
        try:
            yield from read_records(stream, archive.label(name))
        except UnicodeDecodeError as exc:
            raise SnapshotError(Problem(f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                                        archive.label(name))) from None


def archive_tweet(raw: Any, owner: str) -> Tweet:
    """One record of ``tweets.js`` (a v1.1 tweet without ``user``, every number as text)."""
    text = raw.get("full_text", raw.get("text"))
    text = text if isinstance(text, str) else None
    mentions = v1_mentions(raw.get("entities"))
    retweet = RETWEET.match(text or "")
    retweet_of = None
    if retweet:
        retweet_of = next((m.id for m in mentions
                           if (m.handle or "").lower() == retweet[1].lower()), None)
    return Tweet(
        id=text_id(raw.get("id_str", raw.get("id")), "id_str"),
        author=owner, at=time_of(raw.get("created_at")), text=text,
        reply_to=optional_id(raw.get("in_reply_to_user_id_str",
                                     raw.get("in_reply_to_user_id")), "in_reply_to_user_id_str"),
        reply_handle=text_or_none(raw.get("in_reply_to_screen_name")),
        retweet=retweet is not None, retweet_of=retweet_of, mentions=mentions)


def quoted_handle(raw: Any, text: str | None) -> str | None:
    """The handle of the tweet this one quotes: the archive keeps a quote as a link to the
    quoted tweet at the very end of the text (``x.com/i/status/...`` names no one)."""
    entities = raw.get("entities")
    urls = as_list(entities.get("urls"), "entities.urls") if isinstance(entities, dict) else []
    if not urls or not isinstance(urls[-1], dict) or not text:
        return None
    link = STATUS_LINK.match(str(urls[-1].get("expanded_url") or ""))
    indices = urls[-1].get("indices")
    end = whole(indices[1]) if isinstance(indices, list) and len(indices) > 1 else None
    if link is None or link[1].lower() == "i" or end not in (len(text), len(plain_text(text))):
        return None
    return link[1].lower()


class HandleBook:
    """Each account's latest handle and name as the owner's tweets give them (tweets.js runs
    newest first, but parts and community tweets need not), and the quotes to settle once
    every handle is known. It holds one entry per account the owner named: a few thousand."""

    def __init__(self):
        self.latest: dict[str, tuple[str, str, str | None]] = {}  # id: (at, handle, name)
        self.acted_on: set[str] = set()  # accounts written: those the tweets act on
        self.quotes: list[tuple[Tweet, str]] = []

    def note(self, tweet: Tweet) -> None:
        """Every handle the tweet gives (to settle quotes), and whom it acts on."""
        for mention in tweet.mentions:
            self._note(mention.id, tweet.at or "", mention.handle, mention.name)
        if tweet.reply_to:
            self._note(tweet.reply_to, tweet.at or "", tweet.reply_handle, None)
            self.acted_on.add(tweet.reply_to)
        self.acted_on.update(mention.id for mention in named(tweet))

    def _note(self, account: str, at: str, handle: str | None, name: str | None) -> None:
        known = self.latest.get(account)
        if handle and (known is None or at >= known[0]):
            self.latest[account] = (at, handle, name or (known[2] if known else None))

    def quote(self, tweet: Tweet, handle: str) -> None:
        self.quotes.append((tweet, handle))

    def write(self, sink: SnapshotSink, owner: str) -> None:
        """The quotes whose account is known, then the handles of the accounts acted on."""
        ids = {handle.lower(): account for account, (_, handle, _) in
               sorted(self.latest.items(), key=lambda item: item[1][0])}
        unknown = 0
        for tweet, handle in self.quotes:
            target = ids.get(handle)
            if target is None:
                unknown += 1
            elif target != owner:
                sink.interaction(owner, target, "quote", at=tweet.at, post=tweet.id)
                self.acted_on.add(target)
        for account in sorted(self.acted_on & self.latest.keys()):
            _, handle, name = self.latest[account]
            sink.account(account, handle=handle, name=name)
        if unknown:
            log.warning("%d quoted tweets are by accounts the archive names only by handle: "
                        "not imported as quotes", unknown)
