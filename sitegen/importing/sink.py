"""Where importers put what they read: rows staged on disk, merged into one snapshot folder.

An importer calls ``account``, ``follow``, ``interaction`` and ``post`` once per record it
reads, in any order and as often as a record repeats; nothing is held in memory but the
open files. ``finish`` then merges the staged rows with DuckDB (one row per account, the
latest value of each field winning; one follow per pair; posts and interactions once per
post id) and writes the snapshot's CSV files, sorted, so the same sources give the same
bytes.

Readers of big files (an edge list of ten million lines) may instead hand whole queries to
``stage_query``: DuckDB then writes their rows straight into a staged file of their own, with
the same ``seq`` numbering, and no row passes through Python.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import duckdb

from sitegen import csvfile
from sitegen.snapshots.coverage import Observed
from sitegen.snapshots.readers import ident

ACCOUNT_FIELDS = ("id", "handle", "name", "bio", "created_at", "followers_count",
                  "following_count", "posts_count", "default_profile")
FOLLOW_FIELDS = ("follower", "followed", "since")
INTERACTION_FIELDS = ("source", "target", "kind", "at", "post", "count")
POST_FIELDS = ("id", "author", "at", "text")
FIELDS = {"follows": FOLLOW_FIELDS, "interactions": INTERACTION_FIELDS, "posts": POST_FIELDS}
# fields a row cannot do without (``_required`` below, ``stage_query`` in SQL)
REQUIRED = {"follows": ("follower", "followed"), "interactions": ("source", "target"),
            "posts": ("author",)}


class SnapshotSink:
    """Staged rows of one snapshot being imported, in ``folder`` (a scratch folder)."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.observed: Observed | None = None  # set by readers of one-sided exports
        self.measured: set[str] = set()  # tables the source holds, even when empty
        self.taken: str | None = None  # the day the export was made, when the source says
        self.undirected = False  # some follows have no direction (``ties: undirected``)
        self.account_keys: set[str] = {"id"}
        self.counts = {"accounts": 0, "follows": 0, "interactions": 0, "posts": 0}
        # interactions left out, their account unknown: (post id, kind, n), so that a post
        # read twice (overlapping searches) counts once, as it is imported once
        self._lost: set[tuple[str, str, int]] = set()
        self._accounts = open(folder / "accounts.jsonl", "w", encoding="utf-8")  # noqa: SIM115 (closed by close())
        self._tables = {name: self._writer(name, fields) for name, fields in FIELDS.items()}
        self._bulk: dict[str, list[Path]] = {name: [] for name in FIELDS}

    def _writer(self, name: str, fields: tuple[str, ...]):
        handle = open(self.folder / f"{name}.staged.csv", "w", encoding="utf-8",  # noqa: SIM115
                      newline="")
        writer = csvfile.writer(handle)
        writer.writerow(("seq", *fields))
        return handle, writer

    def lose(self, post: str, kinds: tuple[str, ...]) -> None:
        """Interactions of the post ``post`` left out (their account is not known)."""
        self._lost.update((post, kind, kinds[:n].count(kind)) for n, kind in enumerate(kinds))

    @property
    def lost(self) -> Counter[str]:
        """Interactions left out, by kind."""
        return Counter(kind for _, kind, _ in self._lost)

    def account(self, id: str, **fields) -> None:
        """One account record; blank fields say nothing (an earlier value stays). Fields other
        than ``ACCOUNT_FIELDS`` become attribute columns."""
        record = {k: _text(v) for k, v in fields.items() if _text(v) is not None}
        record["id"] = _required(id, "account id")
        self.account_keys.update(record)
        record["seq"] = self._next("accounts")
        self.measured.add("accounts")
        self._accounts.write(json.dumps(record, ensure_ascii=False) + "\n")

    def follow(self, follower: str, followed: str, since: str | None = None) -> None:
        self._row("follows", _required(follower, "follower"), _required(followed, "followed"),
                  _text(since))

    def interaction(self, source: str, target: str, kind: str, at: str | None = None,
                    post: str | None = None, count: int | str | None = None) -> None:
        """``post``: the id of the post that made it (a reply, repost...), so that the same
        post read twice counts once. ``count``: how many such events the row stands for
        (blank: one)."""
        self._row("interactions", _required(source, "source"), _required(target, "target"),
                  kind, _text(at), _text(post), _text(count))

    def post(self, author: str, at: str | None = None, id: str | None = None,
             text: str | None = None) -> None:
        self._row("posts", _text(id), _required(author, "author"), _text(at), _text(text))

    def stage_query(self, table: str, db, query: str, params: list | None = None) -> int:
        """Stage every row of ``query`` (SQL run on ``db``, a DuckDB connection) as a row of
        ``table``, written by DuckDB straight into a staged file; returns how many.

        The query names its columns as the table's fields (a field it leaves out is blank);
        values are trimmed and blanks say nothing, as for one row at a time. The rows take
        the next ``seq`` numbers in the order the query returns them (give it an ORDER BY
        when a tie between its rows matters), so rows staged later still win ties. A row
        without a required field (a follower...) raises ValueError, as ``follow`` does."""
        fields = FIELDS[table]
        named = {c[0] for c in db.execute(f"SELECT * FROM ({query}) LIMIT 0",
                                          params or []).description}
        values = ", ".join(_bulk_value(f, f in named, f in REQUIRED[table]) for f in fields)
        target = self.folder / f"{table}.staged.{len(self._bulk[table]) + 1}.csv"
        start = self.counts[table]
        try:
            rows = db.execute(
                f"COPY (SELECT {start} + row_number() OVER () AS seq, {values} "
                f"FROM ({query})) TO '{_quoted(target)}' (HEADER, DELIMITER ',')",
                params or []).fetchone()[0]
        except duckdb.InvalidInputException as error:
            if "no value for a required field" not in str(error):
                raise
            raise ValueError(f"no value for a required field of {table}") from None
        self._bulk[table].append(target)
        self.counts[table] += rows
        self.measured.add(table)
        return rows

    def staged_files(self, table: str) -> list[Path]:
        """The files holding the staged rows of ``table``: one at a time, then each bulk."""
        return [self.folder / f"{table}.staged.csv", *self._bulk[table]]

    def _row(self, table: str, *values) -> None:
        self.measured.add(table)
        self._tables[table][1].writerow((self._next(table), *values))

    def _next(self, table: str) -> int:
        self.counts[table] += 1
        return self.counts[table]

    def close(self) -> None:
        self._accounts.close()
        for handle, _ in self._tables.values():
            handle.close()


# what JSON may write (``\u0000``; ``\ud83d`` alone, half of an emoji a truncated tweet cut)
# and a snapshot cannot hold: a NUL, and a lone surrogate, which UTF-8 cannot encode
UNWRITABLE = re.compile("[\x00\ud800-\udfff]")


def _text(value) -> str | None:
    """Ids, counts and flags as text (ids above 2^53 stay exact); blanks are None. A
    character no snapshot can hold (``UNWRITABLE``) becomes U+FFFD, visibly, as pages show
    control characters: distinct ids stay distinct."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = UNWRITABLE.sub("\ufffd", str(value)).strip()
    return text or None


def _bulk_value(field: str, present: bool, required: bool) -> str:
    """The SQL for one field of a bulk-staged row: trimmed text, blank as NULL, an error
    when a required field is blank."""
    if not present:
        return f"NULL AS {ident(field)}"
    value = f"NULLIF(trim(CAST({ident(field)} AS VARCHAR)), '')"
    if required:
        value = (f"CASE WHEN {value} IS NULL THEN error('no value for a required field') "
                 f"ELSE {value} END")
    return f"{value} AS {ident(field)}"


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _required(value, what: str) -> str:
    text = _text(value)
    if text is None:
        raise ValueError(f"no {what}")
    return text
