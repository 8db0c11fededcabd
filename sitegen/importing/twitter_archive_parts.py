"""Whose archive it is, when it was made, and which of its files hold the follows and tweets.

``manifest.js`` lists every part of every table (``dataTypes.tweets.files[].fileName``); an
archive without it (or a table it does not list) is read by file name: ``tweets.js``, the older
``tweet.js``, ``tweets-part1.js``... in part order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.twitter_archive_files import DATA_NAME, ArchiveFiles
from sitegen.importing.twitter_dates import iso_time
from sitegen.importing.twitter_jsarray import read_manifest, read_records
from sitegen.importing.twitter_tweets import RecordError, Where, text_id, text_or_none, whole

MANIFEST = "data/manifest.js"
# the tables read, and the manifest data types and file names that hold them
TABLES = {
    "tweets": (("tweets", "tweet", "communityTweet"),
               re.compile(r"data/(?:tweets?|community-tweet)(?:-part(\d+))?\.js")),
    "follower": (("follower",), re.compile(r"data/follower(?:-part(\d+))?\.js")),
    "following": (("following",), re.compile(r"data/following(?:-part(\d+))?\.js")),
}


@dataclass(frozen=True)
class ArchiveLayout:
    owner: str
    handle: str | None = None
    name: str | None = None
    bio: str | None = None
    created_at: str | None = None
    taken: str | None = None  # YYYY-MM-DD, from manifest.js
    files: dict[str, list[str]] = field(default_factory=dict)
    records: int = 0  # the records manifest.js counts in those files (0: not known)


def find_layout(archive: ArchiveFiles) -> ArchiveLayout:
    """The owner and the files to read; an error when there is no owner or no tweets file."""
    manifest = _manifest(archive)
    files, records = _files(archive, manifest)
    if not files["tweets"]:
        raise SnapshotError(Problem(
            "no tweets in this archive: expected data/tweets.js (or tweet.js, tweets-part1.js)",
            archive.label(MANIFEST) if archive.has(MANIFEST) else archive.source,
            hint="a public copy may have left tweets.js out; use the archive as downloaded"))
    user = _mapping(manifest.get("userInfo"), archive, MANIFEST, "userInfo")
    account = _first_record(archive, "data/account.js", "account")
    profile = _first_record(archive, "data/profile.js", "profile")
    description = profile.get("description")
    return ArchiveLayout(
        owner=_owner(archive, user, account),
        handle=text_or_none(account.get("username")) or text_or_none(user.get("userName")),
        name=text_or_none(account.get("accountDisplayName"))
        or text_or_none(user.get("displayName")),
        bio=text_or_none(description.get("bio")) if isinstance(description, Mapping) else None,
        created_at=_iso(account.get("createdAt"), archive, "data/account.js", "createdAt"),
        taken=_taken(manifest, archive), files=files, records=records)


def unwrap(value: Any, key: str) -> Any:
    """A record's content: archives wrap each record, ``{"tweet": {...}}``."""
    if isinstance(value, Mapping) and key in value and len(value) == 1:
        return value[key]
    return value


def _manifest(archive: ArchiveFiles) -> Mapping[str, Any]:
    if not archive.has(MANIFEST):
        return {}
    with archive.open(MANIFEST) as stream:
        try:
            manifest = read_manifest(stream, archive.label(MANIFEST))
        except UnicodeDecodeError:
            raise SnapshotError(Problem("not UTF-8 text", archive.label(MANIFEST))) from None
    return _mapping(manifest, archive, MANIFEST, "window.__THAR_CONFIG")


def _files(archive: ArchiveFiles, manifest: Mapping[str, Any]) -> tuple[dict, int]:
    """For each table, its files in order, and the number of records the manifest counts."""
    types = _mapping(manifest.get("dataTypes"), archive, MANIFEST, "dataTypes")
    files, records = {}, 0
    for table, (type_names, pattern) in TABLES.items():
        listed = [entry for name in type_names
                  for entry in _listed(archive, types.get(name), f"dataTypes.{name}")]
        if listed:
            files[table] = [entry["fileName"] for entry in listed]
            records += sum(whole(entry.get("count")) or 0 for entry in listed)
        else:
            files[table] = sorted((name for name in archive.names() if pattern.fullmatch(name)),
                                  key=lambda name: _part(pattern, name))
    return files, records


def _listed(archive: ArchiveFiles, data_type: Any, what: str) -> list[Mapping[str, Any]]:
    """The file entries of one manifest data type; each must name a file of the archive."""
    if data_type is None:
        return []
    entries = _mapping(data_type, archive, MANIFEST, what).get("files") or []
    if not isinstance(entries, list):
        raise SnapshotError(Problem(f"'{what}.files': expected a list", archive.label(MANIFEST)))
    for entry in entries:
        name = entry.get("fileName") if isinstance(entry, Mapping) else None
        if not isinstance(name, str) or not DATA_NAME.fullmatch(name):
            raise SnapshotError(Problem(f"'{what}.files': expected file names like "
                                        f"'data/tweets.js', got {name!r}",
                                        archive.label(MANIFEST)))
        if not archive.has(name):
            raise SnapshotError(Problem(
                f"'{name}' is listed in manifest.js but not in the archive",
                archive.label(MANIFEST),
                hint="a public copy may have left it out; use the archive as downloaded"))
    return entries


def _part(pattern: re.Pattern, name: str) -> tuple[int, str]:
    number = pattern.fullmatch(name)[1]
    return (int(number) if number else 0, name)


def _first_record(archive: ArchiveFiles, name: str, key: str) -> Mapping[str, Any]:
    """The content of the first record of ``account.js`` or ``profile.js`` ({} without one)."""
    if not archive.has(name):
        return {}
    with archive.open(name) as stream:
        try:
            record = next(iter(read_records(stream, archive.label(name))), None)
        except UnicodeDecodeError:
            raise SnapshotError(Problem("not UTF-8 text", archive.label(name))) from None
    if record is None:
        return {}
    content = unwrap(record.value, key)
    if not isinstance(content, Mapping):
        raise Where(archive.label(name), record.line, 1).error(
            f"expected an object {{\"{key}\": {{...}}}}")
    return content


def _owner(archive: ArchiveFiles, user: Mapping, account: Mapping) -> str:
    try:
        from_manifest = _optional(user.get("accountId"), "userInfo.accountId")
        from_account = _optional(account.get("accountId"), "account.accountId")
    except RecordError as exc:
        raise SnapshotError(Problem(str(exc), archive.source)) from None
    if from_manifest and from_account and from_manifest != from_account:
        raise SnapshotError(Problem(
            f"manifest.js and account.js name different accounts ({from_manifest}, "
            f"{from_account})", archive.source, hint="is this one archive?"))
    owner = from_account or from_manifest
    if owner is None:
        raise SnapshotError(Problem(
            "no owner: expected 'userInfo.accountId' in data/manifest.js or 'accountId' in "
            "data/account.js", archive.source))
    return owner


def _optional(value: Any, what: str) -> str | None:
    return None if value in (None, "") else text_id(value, what)


def _taken(manifest: Mapping[str, Any], archive: ArchiveFiles) -> str | None:
    info = _mapping(manifest.get("archiveInfo"), archive, MANIFEST, "archiveInfo")
    made = _iso(info.get("generationDate"), archive, MANIFEST, "archiveInfo.generationDate")
    return made[:10] if made else None


def _iso(value: Any, archive: ArchiveFiles, name: str, what: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return iso_time(str(value))
    except ValueError as exc:
        raise SnapshotError(Problem(f"'{what}': {exc}", archive.label(name))) from None


def _mapping(value: Any, archive: ArchiveFiles, name: str, what: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SnapshotError(Problem(f"'{what}': expected an object, got "
                                    f"{type(value).__name__}", archive.label(name)))
    return value
