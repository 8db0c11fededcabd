"""What a snapshot is: its tables, their columns, the aliases we accept, and the loaded value."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sitegen.snapshots.coverage import Coverage

if TYPE_CHECKING:
    import duckdb

    from sitegen.snapshots.location import Location


@dataclass(frozen=True)
class TableSpec:
    """The columns of one snapshot table and the export names accepted for them."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)
    extra_columns_are_attributes: bool = False

    def canonical(self, column: str) -> str:
        """Map a column name as found in a file to our name for it."""
        key = column.strip().lower()
        return self.aliases.get(key, key)


INTERACTION_KINDS = ("reply", "repost", "quote", "mention", "like")
COUNT_COLUMNS = ("followers_count", "following_count", "posts_count")

TABLES = {
    "accounts": TableSpec(
        "accounts",
        required=("id",),
        optional=("handle", "name", "bio", "created_at", *COUNT_COLUMNS, "default_profile"),
        aliases={
            "user_id": "id", "account_id": "id", "id_str": "id",
            "screen_name": "handle", "username": "handle", "acct": "handle",
            "display_name": "name", "description": "bio", "note": "bio",
            "followers": "followers_count",
            "friends_count": "following_count", "followings_count": "following_count",
            "statuses_count": "posts_count", "tweet_count": "posts_count",
            "tweets_count": "posts_count",
            "default_profile_image": "default_profile",
        },
        extra_columns_are_attributes=True,
    ),
    "follows": TableSpec(
        "follows",
        required=("follower", "followed"),
        optional=("since",),
        aliases={"source_id": "follower", "source": "follower", "from": "follower",
                 "target_id": "followed", "target": "followed", "to": "followed",
                 "friend": "followed", "created_at": "since"},
    ),
    "interactions": TableSpec(
        "interactions",
        required=("source", "target", "kind"),
        optional=("at", "count"),
        aliases={"source_id": "source", "from": "source", "target_id": "target",
                 "to": "target", "type": "kind", "created_at": "at", "timestamp": "at",
                 "weight": "count"},
    ),
    "posts": TableSpec(
        "posts",
        required=("author",),
        optional=("at", "id", "text"),
        aliases={"author_id": "author", "user_id": "author", "account": "author",
                 "created_at": "at", "timestamp": "at", "post_id": "id", "tweet_id": "id"},
    ),
}


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One network observed over one time window, loaded into DuckDB tables.

    The tables live in ``db`` under ``schema``: ``accounts`` (with an integer key ``k``),
    ``follows(src, dst, since)``, ``interactions(src, dst, kind, interacted_at, timed,
    count)`` and ``posts(author, posted_at, timed, id)``; edges refer to accounts by ``k``;
    ``timed`` says a value had a time of day, not a date alone. ``coverage`` says what the
    snapshot measures.
    """

    name: str
    taken: date | None  # None: a lone snapshot without a date
    network: str
    window_days: int | None
    source: Location  # a local Path, or a Url (sitegen.snapshots.location)
    db: duckdb.DuckDBPyConnection
    schema: str
    present: frozenset[str]
    attributes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)

    def table(self, name: str) -> str:
        """Qualified name of one of this snapshot's tables, for SQL text."""
        return f"{self.schema}.{name}"


def network_key(name: str) -> str:
    """A network name as compared: its letters in one form and case, without the spaces
    around it or characters that show nothing: ``Riverside`` and `` riverside`` are one."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in text if unicodedata.category(c) != "Cf").strip()
