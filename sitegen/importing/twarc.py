"""``sitegen import --from twarc``: the JSON Lines files twarc (v1.1 API) and twarc2 (v2) write.

Each source is a file (``.gz`` or not) or a folder of them. Every line is read on its own, so a
file of any size imports in bounded memory. A line may be:

- twarc2: a response page (``data``, ``includes``, ``__twarc``), a flattened tweet
  (``twarc2 flatten``) or a user object;
- twarc: a v1.1 tweet, a v1.1 user object, or a stream notice (deletions, limits: skipped).

``twarc followers USER`` and ``twarc friends USER`` write one account id a line and never say
whose list it is, so such a file must be named for its account: ``followers-<id>.txt`` (these
accounts follow <id>) or ``friends-<id>.txt`` / ``following-<id>.txt`` (<id> follows them).

What the snapshot observes: tweets and users alone are a collection (no ``observed``). A
follower or following list sees every follow of its account and none of anyone else's, so an
import holding such lists is one-sided for follows only: ``observed`` names the lists'
accounts, with ``follows: owners`` when both lists of every account were read (else
``followers`` or ``following``: ``coverage.follows_claim``; an error when neither fits),
``interactions: all`` and ``posts: all`` (the tweets of a search are not one account's own
view). A list some accounts have and others lack is left unused, with a warning.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.errors import Problem, SnapshotError
from sitegen.importing import twarc_v1, twarc_v2
from sitegen.importing.sink import SnapshotSink
from sitegen.importing.twarc_lines import file_lines, source_files
from sitegen.importing.twitter_tweets import RecordError, Where, time_of
from sitegen.snapshots.coverage import Observed, follows_claim, unclaimable

if TYPE_CHECKING:
    from rich.progress import Progress

    from sitegen.importing.run import ImportOptions

log = logging.getLogger(__name__)

ID_LINE = re.compile(r"\d+", re.ASCII)
ID_FILE = re.compile(r"(followers|friends|following)[-_](\d+)(?:\..*)?", re.ASCII)
JSON_HINT = ("twarc writes one JSON object a line; a line cut off at the end of a file is "
             "what an interrupted collection leaves: remove it")
LINES_HINT = ("twarc writes one JSON object a line: give its files as written (a list of "
              "objects becomes one a line with: jq -c '.[]' FILE)")


class Collection:
    """What the whole import has seen: the accounts whose follow lists were read (and which
    lists: ``followers``, ``following``), and when the latest page was retrieved
    (``__twarc.retrieved_at``: the snapshot's ``taken``)."""

    def __init__(self):
        self.lists: dict[str, set[str]] = {}
        self.retrieved: str | None = None

    def observed(self) -> Observed | None:
        if not self.lists:
            return None
        follows = follows_claim(self.lists)
        if follows is None:
            raise SnapshotError(Problem(
                unclaimable(self.lists),
                hint="import each account's followers and following lists (or only "
                     "followers lists, or only following lists)"))
        other = {"followers": "following", "following": "followers"}.get(follows)
        if other and any(other in read for read in self.lists.values()):
            lacking = sorted(o for o, read in self.lists.items() if other not in read)
            log.warning("not every account's %s list was imported, so none is used: %s is not "
                        "measured (the %s list is missing for %s)", other, other, other,
                        ", ".join(lacking))
        return Observed(tuple(sorted(self.lists)), follows=follows, interactions="all",
                        posts="all")

    def note_retrieved(self, line: Mapping[str, Any]) -> None:
        meta = line.get("__twarc")
        when = time_of(meta.get("retrieved_at"), "__twarc.retrieved_at") \
            if isinstance(meta, Mapping) else None
        if when and (self.retrieved is None or when > self.retrieved):
            self.retrieved = when


def read(sources: list[Path], sink: SnapshotSink, options: ImportOptions,
         progress: Progress | None) -> None:
    """Import every twarc file in ``sources`` into ``sink``."""
    collection = Collection()
    for path in source_files(sources):
        _read_file(path, sink, collection, progress)
    sink.observed = collection.observed()
    sink.taken = collection.retrieved[:10] if collection.retrieved else None


def _read_file(path: Path, sink: SnapshotSink, collection: Collection,
               progress: Progress | None) -> None:
    """A file of account ids (its first line is a number) or of JSON objects."""
    lines = file_lines(path, progress)
    first = next((item for item in lines if item[1].strip()), None)
    if first is None:  # an empty list of ids (an account nobody follows) still says so
        if ID_FILE.fullmatch(path.name):
            _read_ids(path, iter(()), sink, collection)
        return
    rest = itertools.chain([first], lines)
    if ID_LINE.fullmatch(first[1].strip()):
        _read_ids(path, rest, sink, collection)
    else:
        _read_json(path, rest, sink, collection)


def _read_ids(path: Path, lines: Iterator[tuple[int, str]], sink: SnapshotSink,
              collection: Collection) -> None:
    """``twarc followers|friends`` output; whose list it is comes from the file name."""
    named = ID_FILE.fullmatch(path.name)
    if named is None:
        raise SnapshotError(Problem(
            "a list of account ids, but the file name does not say whose list it is", path, 1,
            hint="name it followers-<account id>.txt (the accounts following it) or "
                 "friends-<account id>.txt (the accounts it follows)"))
    direction, owner = ("followers" if named[1] == "followers" else "following"), named[2]
    collection.lists.setdefault(owner, set()).add(direction)
    sink.measured.add("follows")
    sink.account(owner)
    for number, text in lines:
        other = text.strip()
        if not other:
            continue
        if not ID_LINE.fullmatch(other):
            raise SnapshotError(Problem(f"expected an account id (digits), got {other[:40]!r}",
                                        path, number, hint="a file of ids holds one id a line"))
        if other != owner:
            sink.follow(*((other, owner) if direction == "followers" else (owner, other)))


def _read_json(path: Path, lines: Iterator[tuple[int, str]], sink: SnapshotSink,
               collection: Collection) -> None:
    for number, text in lines:
        if not text.strip():
            continue
        where = Where(str(path), number)
        if number == 1 and text.strip() in ("{", "["):
            raise where.error("not JSON Lines: the file is one JSON document over many lines "
                              "(pretty-printed)", LINES_HINT)
        try:
            line = json.loads(text)
        except json.JSONDecodeError as exc:
            raise where.error(_json_problem(text, exc), JSON_HINT) from None
        except RecursionError:
            raise where.error("not valid JSON: nested too deeply", JSON_HINT) from None
        if not isinstance(line, dict):
            raise where.error(f"expected a JSON object, got {type(line).__name__}", LINES_HINT)
        try:
            _read_line(line, sink, collection)
        except RecordError as exc:
            raise where.error(str(exc), exc.hint) from None


def _json_problem(text: str, exc: json.JSONDecodeError) -> str:
    if exc.pos >= len(text.rstrip()):
        return "not valid JSON: the line ends before its object does (cut off?)"
    return f"not valid JSON: {exc.msg} (column {exc.colno})"


def _read_line(line: dict, sink: SnapshotSink, collection: Collection) -> None:
    collection.note_retrieved(line)
    if twarc_v2.is_page(line):
        twarc_v2.read_page(line, sink, collection.lists)
    elif twarc_v1.is_tweet(line):
        twarc_v1.read_tweet(line, sink)
    elif twarc_v1.is_user(line):
        twarc_v1.write_user(line, sink)
    elif twarc_v2.is_tweet(line):
        twarc_v2.read_flat_tweet(line, sink)
    elif twarc_v2.is_user(line):
        twarc_v2.write_user(line, sink)
    elif not twarc_v1.is_notice(line):
        keys = ", ".join(sorted(line)[:6]) or "none"
        raise RecordError(f"expected a tweet, a user or a twarc2 response page; got an object "
                          f"with keys {keys}",
                          hint="give files written by twarc or twarc2 (search, timeline, "
                               "users, followers, following, flatten)")
