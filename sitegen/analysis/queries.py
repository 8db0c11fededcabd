"""What pages, charts and exports may ask of an analysed snapshot: the only SQL they use.

Every function takes a ``Report`` (or the series' connection) and returns Python values. The
published table (``report.accounts_table``) carries pseudonyms when privacy is on; names an
author writes (handles, ids) are looked up in the snapshot's own ``accounts`` table, so an
author can refer to accounts by the names they know: the account whose handle or id is written
exactly so, else the one that looks alike (``sitegen.slugs.lookalike_key``); a name that may
mean two or more accounts means none of them.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, NamedTuple

from sitegen.analysis.report import ACCOUNT_COLUMNS, Account, Report
from sitegen.analysis.series import PathPoint
from sitegen.errors import ContentError
from sitegen.slugs import lookalike_key
from sitegen.snapshots.readers import ident

if TYPE_CHECKING:
    import duckdb

BATCH = 50_000
MAX_POINTS = 4000  # accounts drawn in a scatter chart, at most


def top_accounts(report: Report, limit: int, klass: str | None = None) -> list[Account]:
    """The most prominent accounts (of one class, when given): by ``Report.prominence``,
    the most followed where followers are measured; only accounts whose figure is measured
    (a list of the "most followed" holds no account whose followers are not measured: it
    may be shorter than ``limit``), or the first by id when nothing ranks them."""
    order, words = report.prominence
    where, params = ("class = $c", {"c": klass}) if klass else ("true", None)
    if words:
        where += f" AND {order.split()[0]} IS NOT NULL"
    return report.accounts(order=order, limit=limit, where=where, params=params)


def accounts_with_ids(report: Report, ids: list[str]) -> list[Account]:
    """The accounts with these published ids, by id."""
    return report.accounts(where="id IN (SELECT unnest($ids))", params={"ids": ids})


class Match(NamedTuple):
    """An account a written name may mean: published id and handle, and the original ones."""

    id: str
    handle: str | None  # None: the data gives none
    original_handle: str | None
    original_id: str

    def describe(self) -> str:
        """``@handle (id ID)``, with the handle's escapes when it is not plain ASCII."""
        handle = self.original_handle
        if not handle:
            return f"id {self.original_id}"
        shown = "" if handle.isascii() else ", " + handle.encode("ascii", "backslashreplace"
                                                                 ).decode()
        return f"@{handle} (id {self.original_id}{shown})"


def ambiguous(written: str, found: list[Match], outcome: str = "") -> str:
    """The message for a name (as written: ``'Kate'``, ``@Kate``) that may mean several
    accounts, and what comes of it (``outcome``: ", so it links to none")."""
    return (f"{written} may mean {len(found)} accounts ("
            + ", ".join(m.describe() for m in found)
            + f"){outcome}; write the handle exactly as the data has it, or the id")


# per report, a cursor (a connection of its own to the snapshot's database) holding a temporary
# table lookalike(k, key): lookalike_key of each original handle and id
_LOOKALIKE: weakref.WeakKeyDictionary[Report, duckdb.DuckDBPyConnection] = \
    weakref.WeakKeyDictionary()
# Python computes the keys of names that are not plain ASCII (strlen, in bytes, differs from
# length, in characters); for the others lower() gives the same key, faster
KEY = "CASE WHEN strlen({0}) = length({0}) THEN lower({0}) ELSE {1}({0}) END"
# each cursor's own name for the function: DuckDB keeps Python functions in the database's
# catalog, where a second snapshot's cursor could not register the same name again
_FUNCTION_NAMES = itertools.count()


def _lookalike_cursor(report: Report) -> duckdb.DuckDBPyConnection:
    """The report's cursor with its table of lookalike keys, made on first use."""
    cursor = _LOOKALIKE.get(report)
    if cursor is None:
        accounts = report.snapshot.table("accounts")
        cursor = report.snapshot.db.cursor()
        function = f"lookalike_{next(_FUNCTION_NAMES)}"
        cursor.create_function(function, lookalike_key, ["VARCHAR"], "VARCHAR",
                               side_effects=False)
        cursor.execute(f"CREATE TEMP TABLE lookalike AS SELECT k, "
                       f"{KEY.format('handle', function)} AS key FROM {accounts} "
                       f"WHERE handle IS NOT NULL UNION SELECT k, {KEY.format('id', function)} "
                       f"FROM {accounts}")
        _LOOKALIKE[report] = cursor
    return cursor


def named_accounts(report: Report, names: set[str]) -> dict[str, list[Match]]:
    """For each name an author wrote (a handle or id, without '@'), the accounts it may mean,
    by published id: those whose original handle or id is written exactly so, else those whose
    handle or id looks alike. Names that mean no account are left out."""
    ordered = sorted(names)
    if not ordered:
        return {}
    accounts = report.snapshot.table("accounts")
    rows = _lookalike_cursor(report).execute(
        f"WITH wanted AS (SELECT unnest($names) AS name, unnest($keys) AS key), "
        f"matches AS (SELECT w.name, o.k, 0 AS tier FROM wanted w JOIN {accounts} o "
        "ON o.handle = w.name "
        f"UNION SELECT w.name, o.k, 0 FROM wanted w JOIN {accounts} o ON o.id = w.name "
        "UNION SELECT w.name, l.k, 1 FROM wanted w JOIN temp.main.lookalike l "
        "ON l.key = w.key) "
        "SELECT name, id, handle, original_handle, original_id FROM ("
        "SELECT m.name, p.id, p.handle, o.handle AS original_handle, o.id AS original_id, "
        "m.tier, min(m.tier) OVER (PARTITION BY m.name) AS best FROM matches m "
        f"JOIN {report.accounts_table} p USING (k) JOIN {accounts} o USING (k)) "
        "WHERE tier = best ORDER BY name, id",
        {"names": ordered, "keys": [lookalike_key(n) for n in ordered]}).fetchall()
    found: dict[str, list[Match]] = {}
    for name, *match in rows:
        found.setdefault(name, []).append(Match(*match))
    return found


def find_account(report: Report, name: str) -> Account | None:
    """The account an author means by ``name`` (a handle or id, with or without '@'): the
    one written exactly so, else the one that looks alike; a ``ContentError`` naming them
    when it may mean several."""
    wanted = name.lstrip("@")
    found = named_accounts(report, {wanted}).get(wanted, [])
    if len(found) > 1:
        raise ContentError(ambiguous(f"'{wanted}'", found))
    return accounts_with_ids(report, [found[0].id])[0] if found else None


def find_published(report: Report, name: str) -> tuple[str, str] | None:
    """(published id, handle) of an account by published id, else as ``find_account``."""
    row = published_id(report, name)
    if row is not None:
        return row
    account = find_account(report, name)
    return (account.id, account.handle) if account else None


def published_id(report: Report, account_id: str) -> tuple[str, str | None] | None:
    """(published id, handle) of the account with this published id: fetched with the
    others when it is expected (``expect_accounts``), else asked alone."""
    expected = _EXPECTED.get(report)
    if expected is not None and account_id in expected.ids:
        handles = expected.handles(report)
        return (account_id, handles[account_id]) if account_id in handles else None
    return report.snapshot.db.execute(
        f"SELECT id, handle FROM {report.accounts_table} WHERE id = $id", {"id": account_id}
    ).fetchone()


def handles_of(report: Report, ids: list[str]) -> dict[str, str]:
    """Published handles of some accounts, by published id."""
    rows = report.snapshot.db.execute(
        f"SELECT id, handle FROM {report.accounts_table} WHERE id IN (SELECT unnest($ids))",
        {"ids": ids}).fetchall()
    return dict(rows)


def accounts_for_pages(report: Report, top: int, names: set[str],
                       ids: Collection[str] = ()) -> list[tuple[str, str]]:
    """(published id, handle), by id, of the ``top`` most prominent accounts (the most
    followed, where followers are measured: ``Report.prominence``), of those that
    ``names`` mean (one account each, as ``find_account``) and of those with published
    ``ids``."""
    meant = [found[0].id for found in named_accounts(report, names).values() if len(found) == 1]
    return report.snapshot.db.execute(
        f"SELECT id, handle FROM {report.accounts_table} "
        f"WHERE k IN (SELECT k FROM {report.accounts_table} "
        f"ORDER BY {report.prominence[0]}, id LIMIT {int(top)}) "
        "OR id IN (SELECT unnest($ids)) ORDER BY id", {"ids": sorted({*meant, *ids})}).fetchall()


def chart_sample(report: Report, columns: tuple[str, ...], measured: tuple[str, ...]
                 ) -> list[tuple]:
    """Some columns of the most prominent accounts (``Report.prominence``) plus a stable
    pseudo-random sample of the
    rest (``MAX_POINTS`` at most), leaving out accounts where a ``measured`` column is NULL."""
    where = " AND ".join(f"{ident(c)} IS NOT NULL" for c in measured) or "true"
    return report.snapshot.db.execute(
        f"SELECT {', '.join(map(ident, columns))} FROM {report.accounts_table} WHERE {where} "
        f"ORDER BY {report.prominence[0]}, md5(id) LIMIT {MAX_POINTS}").fetchall()


def audience_medians(report: Report) -> list[tuple[str, int, float, float]]:
    """Per class: accounts with followers and following measured, and their medians."""
    return report.snapshot.db.execute(
        f"SELECT class, count(*), median(followers), median(following) "
        f"FROM {report.accounts_table} WHERE followers IS NOT NULL AND following IS NOT "
        "NULL GROUP BY class ORDER BY class").fetchall()


def reciprocity_bands(report: Report) -> dict[int, int]:
    """Accounts by follow reciprocity in tenths (band 9 holds 0.9 to 1.0)."""
    rows = report.snapshot.db.execute(
        f"SELECT least(floor(follow_reciprocity * 10), 9) AS band, count(*) "
        f"FROM {report.accounts_table} WHERE follow_reciprocity IS NOT NULL "
        "GROUP BY band ORDER BY band").fetchall()
    return {int(band): n for band, n in rows}


def classes_by_attribute(report: Report, attribute: str) -> list[tuple[str, str, int]]:
    """(value, or '(none)'; class; accounts) for one attribute column."""
    accounts = report.snapshot.table("accounts")
    return report.snapshot.db.execute(
        f"SELECT coalesce(a.{ident(attribute)}, '(none)') AS grp, m.class, "
        f"count(*) FROM {report.accounts_table} m JOIN {accounts} a "
        "USING (k) GROUP BY ALL ORDER BY grp, m.class").fetchall()


PROFILE = ("accounts", "followers", "following", "posts", "given", "received",
           "follow_reciprocity", "interaction_reciprocity")


def class_profile(report: Report, klass: str) -> dict:
    """Medians of a class's figures (each over the accounts where it is measured)."""
    row = report.snapshot.db.execute(
        "SELECT count(*), " + ", ".join(f"median({c})" for c in PROFILE[1:])
        + f" FROM {report.accounts_table} WHERE class = $c", {"c": klass}).fetchone()
    return dict(zip(PROFILE, row))


def account_path(report: Report, account_id: str) -> tuple[PathPoint, ...]:
    """One account (published id) in every snapshot of the series, oldest first."""
    expected = _EXPECTED.get(report)
    if expected is not None and account_id in expected.ids:
        return expected.paths(report)[account_id]
    return account_paths(report, [account_id])[account_id]


# each account's path: every snapshot of the series, with NULLs where it is absent
ACCOUNT_PATHS_SQL = """
SELECT w.id, s.name, s.taken, p.class, p.followers, p.following, p.posts, p.engagement
FROM (SELECT DISTINCT unnest($ids) AS id) w CROSS JOIN series.snapshots s
LEFT JOIN series.account_path p ON p.i = s.i AND p.id = w.id
ORDER BY w.id, s.i
"""


def account_paths(report: Report, ids: Collection[str]) -> dict[str, tuple[PathPoint, ...]]:
    """Some accounts (published ids) in every snapshot of the series, each oldest first."""
    paths: dict[str, list[PathPoint]] = {i: [] for i in ids}
    for account_id, *point in report.snapshot.db.execute(
            ACCOUNT_PATHS_SQL, {"ids": sorted(paths)}).fetchall():
        paths[account_id].append(PathPoint(*point))
    return {i: tuple(points) for i, points in paths.items()}


class _Expected:
    """Accounts whose path and handle will be asked one at a time (each account page's
    chart): the first question fetches the answers for all of them, in one query. (It holds
    no reference to its report, the key it is kept under: the report stays collectable.)"""

    def __init__(self, ids: Collection[str]):
        self.ids = frozenset(ids)
        self._paths: dict[str, tuple[PathPoint, ...]] | None = None
        self._handles: dict[str, str] | None = None

    def paths(self, report: Report) -> dict[str, tuple[PathPoint, ...]]:
        if self._paths is None:
            self._paths = account_paths(report, self.ids)
        return self._paths

    def handles(self, report: Report) -> dict[str, str]:
        if self._handles is None:
            self._handles = handles_of(report, sorted(self.ids))
        return self._handles


_EXPECTED: weakref.WeakKeyDictionary[Report, _Expected] = weakref.WeakKeyDictionary()


def expect_accounts(report: Report, ids: Collection[str]) -> None:
    """Say that ``account_path`` and ``find_published`` will be asked about each of these
    accounts (published ids): the first question answers all of them at once."""
    _EXPECTED[report] = _Expected(ids)


def example_posts_of(report: Report, ids: Collection[str], purpose: str = "promotional",
                     limit: int = 3) -> dict[str, list[tuple[str, str | None]]]:
    """Up to ``limit`` of each account's posts of one purpose, newest first: (text, rule),
    by id (original ids: the snapshot's own accounts table)."""
    s = report.snapshot.schema
    rows = report.snapshot.db.execute(
        f"SELECT id, text, rule FROM (SELECT a.id, p.text, p.rule, row_number() OVER ("
        "PARTITION BY a.id ORDER BY p.posted_at DESC NULLS LAST, p.id NULLS LAST, p.text"
        f") AS n FROM {s}.post_purpose p JOIN {s}.accounts a USING (k) "
        "WHERE a.id IN (SELECT unnest($ids)) AND p.purpose = $purpose) "
        f"WHERE n <= {int(limit)} ORDER BY id, n",
        {"ids": sorted(ids), "purpose": purpose}).fetchall()
    examples: dict[str, list[tuple[str, str | None]]] = {i: [] for i in ids}
    for account_id, text, rule in rows:
        examples[account_id].append((text, rule))
    return examples


def iter_accounts(report: Report) -> Iterator[Account]:
    """All accounts in id order, fetched in batches (never all at once)."""
    cursor = report.snapshot.db.cursor()
    cursor.execute(f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM {report.accounts_table} "
                   f"ORDER BY {report.id_order}")
    while rows := cursor.fetchmany(BATCH):
        yield from (Account.from_row(r) for r in rows)
