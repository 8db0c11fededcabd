"""What pages, charts and exports may ask of an analysed snapshot: the only SQL they use.

Every function takes a ``Report`` (or the series' connection) and returns Python values. The
published table (``report.accounts_table``) carries pseudonyms when privacy is on; names an
author writes (handles, ids) are looked up in the snapshot's own ``accounts`` table, so an
author can refer to accounts by the names they know.
"""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.analysis.report import ACCOUNT_COLUMNS, Account, Report
from sitegen.analysis.series import ACCOUNT_PATH_SQL, PathPoint
from sitegen.snapshots.readers import ident

BATCH = 50_000
MAX_POINTS = 4000  # accounts drawn in a scatter chart, at most

# accounts whose original handle or id is one of $names (lowercase)
NAMED = ("k IN (SELECT k FROM {accounts} WHERE lower(handle) IN (SELECT unnest($names)) "
         "OR lower(id) IN (SELECT unnest($names)))")


def top_accounts(report: Report, limit: int, klass: str | None = None) -> list[Account]:
    """The most followed accounts (of one class, when given); unmeasured followers last."""
    where, params = ("class = $c", {"c": klass}) if klass else ("true", None)
    return report.accounts(order="followers DESC NULLS LAST", limit=limit, where=where,
                           params=params)


def accounts_with_ids(report: Report, ids: list[str]) -> list[Account]:
    """The accounts with these published ids, by id."""
    return report.accounts(where="id IN (SELECT unnest($ids))", params={"ids": ids})


def find_account(report: Report, name: str) -> Account | None:
    """The account an author means by ``name`` (a handle or id, with or without '@'): the
    one written exactly so, else one that differs in case only."""
    wanted = name.lstrip("@")
    accounts = report.snapshot.table("accounts")
    exact = f"k IN (SELECT k FROM {accounts} WHERE handle = $exact OR id = $exact)"
    found = report.accounts(where=NAMED.format(accounts=accounts), order=exact + " DESC",
                            params={"names": [wanted.lower()], "exact": wanted}, limit=1)
    return found[0] if found else None


def find_published(report: Report, name: str) -> tuple[str, str] | None:
    """(published id, handle) of an account by published id, else as ``find_account``."""
    row = report.snapshot.db.execute(
        f"SELECT id, handle FROM {report.accounts_table} WHERE id = $id", {"id": name}
    ).fetchone()
    if row is not None:
        return row
    account = find_account(report, name)
    return (account.id, account.handle) if account else None


def handles_of(report: Report, ids: list[str]) -> dict[str, str]:
    """Published handles of some accounts, by published id."""
    rows = report.snapshot.db.execute(
        f"SELECT id, handle FROM {report.accounts_table} WHERE id IN (SELECT unnest($ids))",
        {"ids": ids}).fetchall()
    return dict(rows)


def accounts_for_pages(report: Report, top: int, names: set[str]) -> list[tuple[str, str]]:
    """(published id, handle), by id, of the ``top`` most followed accounts and of those
    named (by original handle or id, or published id; lowercase)."""
    accounts = report.snapshot.table("accounts")
    return report.snapshot.db.execute(
        f"SELECT id, handle FROM {report.accounts_table} "
        f"WHERE k IN (SELECT k FROM {report.accounts_table} "
        f"ORDER BY followers DESC NULLS LAST, id LIMIT {int(top)}) "
        f"OR {NAMED.format(accounts=accounts)} OR lower(id) IN (SELECT unnest($names)) "
        "ORDER BY id", {"names": sorted(names)}).fetchall()


def mention_candidates(report: Report, names: set[str]) -> list[tuple]:
    """(original handle, original id, published handle, published id), by published id, of
    the accounts whose original handle or id is one of ``names`` in any case."""
    accounts = report.snapshot.table("accounts")
    return report.snapshot.db.execute(
        f"SELECT o.handle, o.id, p.handle, p.id FROM {accounts} o "
        f"JOIN {report.accounts_table} p USING (k) WHERE lower(o.handle) IN "
        "(SELECT unnest($names)) OR lower(o.id) IN (SELECT unnest($names)) ORDER BY p.id",
        {"names": sorted({n.lower() for n in names})}).fetchall()


def chart_sample(report: Report, columns: tuple[str, ...], measured: tuple[str, ...]
                 ) -> list[tuple]:
    """Some columns of the most followed accounts plus a stable pseudo-random sample of the
    rest (``MAX_POINTS`` at most), leaving out accounts where a ``measured`` column is NULL."""
    where = " AND ".join(f"{ident(c)} IS NOT NULL" for c in measured) or "true"
    return report.snapshot.db.execute(
        f"SELECT {', '.join(map(ident, columns))} FROM {report.accounts_table} WHERE {where} "
        f"ORDER BY followers DESC NULLS LAST, md5(id) LIMIT {MAX_POINTS}").fetchall()


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
    rows = report.snapshot.db.execute(ACCOUNT_PATH_SQL, {"id": account_id}).fetchall()
    return tuple(PathPoint(*row) for row in rows)


def iter_accounts(report: Report) -> Iterator[Account]:
    """All accounts in id order, fetched in batches (never all at once)."""
    cursor = report.snapshot.db.cursor()
    cursor.execute(f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM {report.accounts_table} "
                   "ORDER BY id")
    while rows := cursor.fetchmany(BATCH):
        yield from (Account.from_row(r) for r in rows)
