"""``sitegen import --from mastodon``: a Mastodon account's archive and CSV exports.

SOURCES, in any order and number:

- the archive (Settings > Import and export > Request your archive) as downloaded, ``.zip`` or
  ``.tar.gz``, or unpacked into a folder: ``actor.json`` gives the owner's account,
  ``outbox.json`` the owner's public posts, replies, mentions and boosts (mastodon_outbox);
- ``following_accounts.csv`` (Data export > Follows): the owner follows each account listed;
  a followers CSV, where the server offers one: each account listed follows the owner
  (mastodon_csv). The CSVs do not name their owner: it is the owner of the archive given with
  them, or of a lone ``actor.json`` given as a source.

Accounts are named ``user@domain`` (mastodon_ids). The archive is one account's view: only its
owner's follows, posts and actions are in it (``observed`` in snapshot.yml, with
``follows: following`` unless a followers CSV was given).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.bluesky_time import instant
from sitegen.importing.mastodon_archive import is_archive, parse_json, read_archive
from sitegen.importing.mastodon_csv import accounts, csv_kind
from sitegen.importing.mastodon_ids import AccountIds, host
from sitegen.importing.mastodon_outbox import Outbox
from sitegen.importing.mastodon_text import plain_text
from sitegen.importing.sink import SnapshotSink
from sitegen.snapshots.coverage import Observed, follows_claim

if TYPE_CHECKING:
    from sitegen.importing.run import ImportOptions

SOURCE_HINT = ("give the archive (.zip, .tar.gz or its folder), following_accounts.csv, a "
               "followers CSV or actor.json")


def read(sources: list[Path], sink: SnapshotSink, options: ImportOptions,
         progress=None) -> None:
    """Read every source into ``sink`` (see the module's docstring)."""
    archives, actors, lists = _sort(sources)
    ids = AccountIds()
    owners = [_read_archive(path, sink, ids, progress) for path in archives]
    owners += [_read_owner(parse_json(path.read_bytes(), str(path)), str(path), sink, ids)
               for path in actors]
    if lists and not owners:  # --merge into an archive imported before: its owner
        owners = list(options.known_owners)
    for path, kind in lists:
        _read_follows(path, kind, _owner_of(owners, path), sink)
    if owners:
        # the followers are known only from a followers CSV, whom the owners follow only
        # from following_accounts.csv: a side without its list is not measured (the lists
        # are one owner's: _owner_of)
        kinds = {kind for _, kind in lists}
        follows = follows_claim({owners[0]: kinds} if kinds else {})
        sink.observed = Observed(owners=tuple(dict.fromkeys(owners)), follows=follows,
                                 interactions="given", posts="owners")


def _sort(sources: list[Path]) -> tuple[list[Path], list[Path], list[tuple[Path, str]]]:
    """Archives, lone actor.json files and follow lists (with their kind)."""
    archives, actors, lists = [], [], []
    for path in sources:
        if path.is_dir():
            archives.append(path)
        elif path.suffix.lower() == ".csv":
            lists.append((path, _kind(path)))
        elif path.suffix.lower() == ".json":
            actors.append(path)
        elif is_archive(path):
            archives.append(path)
        else:
            raise SnapshotError(Problem("not a Mastodon archive or export", path,
                                        hint=SOURCE_HINT))
    return archives, actors, lists


def _kind(path: Path) -> str:
    kind = csv_kind(path)
    if kind is None:
        raise SnapshotError(Problem("cannot tell from the name whether this CSV lists the "
                                    "accounts followed or the followers", path,
                                    hint="keep Mastodon's name, following_accounts.csv, or "
                                         "name a followers export follower_accounts.csv"))
    return kind


def _read_archive(path: Path, sink: SnapshotSink, ids: AccountIds, progress) -> str:
    """The archive's owner and outbox; returns the owner's id."""
    archive = read_archive(path)
    owner = _read_owner(archive.json("actor.json"), archive.label("actor.json"), sink, ids)
    outbox = archive.json("outbox.json")
    if isinstance(outbox, dict):
        sink.account(owner, posts_count=_count(outbox.get("totalItems")))
    Outbox(sink, ids, owner, archive.label("outbox.json")).read(outbox, progress)
    sink.measured.update(("posts", "interactions"))
    if archive.taken and (sink.taken is None or archive.taken > sink.taken):
        sink.taken = archive.taken
    return owner


def _read_owner(actor, label: str, sink: SnapshotSink, ids: AccountIds) -> str:
    """The owner's account from ``actor.json``; returns its id, ``preferredUsername@host``."""
    uri = actor.get("id") if isinstance(actor, dict) else None
    name = actor.get("preferredUsername") if isinstance(actor, dict) else None
    if not isinstance(name, str) or not name.strip() or host(uri) is None:
        raise SnapshotError(Problem("expected an actor: an object with 'id' (its URI) and "
                                    "'preferredUsername'", label,
                                    hint="give actor.json from the Mastodon archive"))
    owner = f"{name.strip()}@{host(uri)}"
    ids.known[uri.strip().rstrip("/")] = owner
    created = instant(actor.get("published"))
    sink.account(owner, handle=owner, name=_plain(actor.get("name")),
                 bio=plain_text(actor.get("summary")),
                 created_at=created[:10] if created else None,  # Mastodon gives the day only
                 followers_count=_collection_count(actor, "followers"),
                 following_count=_collection_count(actor, "following"),
                 posts_count=_count(actor.get("statuses_count")))
    return owner


def _read_follows(path: Path, kind: str, owner: str, sink: SnapshotSink) -> None:
    """Follows between ``owner`` and each account of a CSV export."""
    sink.measured.add("follows")
    for _, account in accounts(path):
        sink.account(account, handle=account)
        if account == owner:
            continue
        if kind == "following":
            sink.follow(owner, account)
        else:
            sink.follow(account, owner)


def _owner_of(owners: list[str], path: Path) -> str:
    distinct = list(dict.fromkeys(owners))
    if len(distinct) == 1:
        return distinct[0]
    if not distinct:
        raise SnapshotError(Problem("a follow list names no owner: whose follows are these?",
                                    path, hint="pass the account's archive (or its actor.json) "
                                               "in the same import, or --merge it into the "
                                               "archive's snapshot"))
    raise SnapshotError(Problem(f"the archives of {len(distinct)} accounts were given: whose "
                                "follows are these?", path,
                                hint="import each account on its own, then add the next with "
                                     "--merge"))


def _collection_count(actor: dict, collection: str) -> int | None:
    """A profile count: the REST API's ``followers_count`` (-1 when hidden: blank), or the
    ``totalItems`` of an embedded collection; the archive's actor.json holds neither."""
    value = actor.get(f"{collection}_count")
    if value is None and isinstance(actor.get(collection), dict):
        value = actor[collection].get("totalItems")
    return _count(value)


def _count(value) -> int | None:
    """A whole number >= 0, else None (hidden or unknown: never -1 or 0)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _plain(value) -> str | None:
    if not isinstance(value, str):
        return None
    return value.replace("\x00", "").strip() or None
