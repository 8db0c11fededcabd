"""Change across a series of snapshots: class transitions, growth and each account's path.

Snapshots are joined on the account ``id`` (the key ``k`` is per snapshot). The per-account
results stay in DuckDB, in the ``series`` schema of the snapshots' connection:

- ``series.snapshots(i, name, taken, window_days)``: the series, oldest first (``i`` from 0);
- ``series.steps(step, comparable, run)``: whether each step's snapshots can be compared
  (``Step.comparable``), and its run: steps of one run have no step between them that cannot;
- ``series.account_path``: one row per account and snapshot it is in (class, followers,
  following, where they were counted, posts, engagement received, and the profile facts the
  audit reads);
- ``series.account_steps``: one row per account and step between consecutive snapshots it is
  in at either end, with ``from_class`` ``joined`` when it entered the data and ``to_class``
  ``left`` when it left, and the changes in followers, following and engagement (a change
  is NULL, not measured, where the two counts come from different places: a profile's
  count on one side, the follow edges on the other);
- ``series.engaged(step, src, dst)``: ``src`` replied to, reposted or quoted ``dst`` in the
  later snapshot of a step (keyed by that snapshot's ``k``);
- ``series.new_follows(step, src, dst, since)``: follows present in the later snapshot of a
  step and not in the earlier one, keyed by the later snapshot's ``k``.

Only what a page shows becomes Python objects: the transition counts, the network growth
per step, and one account's path on request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sitegen.analysis.classify import LABELS
from sitegen.analysis.report import Report

if TYPE_CHECKING:
    import duckdb

SCHEMA = "series"
JOINED, LEFT = "joined", "left"
FROM_ORDER = (JOINED, *LABELS)
TO_ORDER = (*LABELS, LEFT)
ENGAGEMENT_KINDS = ("reply", "repost", "quote")

# account_path: each account's figures in snapshot $i, where its followers and following were
# counted (its profile's count, else the follow edges: sitegen.analysis.metrics), plus the
# profile facts the follower audit needs: posts ever made (the profile's lifetime count, else
# the posts in the window; the audit's "no posts" check), when it was created, default
# profile. Engagement is NULL where the snapshot does not measure it (``engagement_measured``).
PATH_SQL = """
INSERT INTO series.account_path
WITH engagement AS (  -- replies, reposts and quotes received (each row counts `count` events)
  SELECT dst AS k, sum(count) AS n FROM {s}.interactions
  WHERE kind IN ('reply', 'repost', 'quote') GROUP BY dst)
SELECT $i AS i, c.k, c.id, c.class, c.followers, c.following,
  CASE WHEN a.followers_count IS NOT NULL THEN 'profile'
       WHEN c.followers IS NOT NULL THEN 'edges' END AS followers_from,
  CASE WHEN a.following_count IS NOT NULL THEN 'profile'
       WHEN c.following IS NOT NULL THEN 'edges' END AS following_from,
  coalesce(a.posts_count, c.posts) AS posts, coalesce(a.posts_count, c.posts) IS NOT NULL
  AS posts_known, a.created_at, a.default_profile,
  CAST(CASE WHEN $has_engagement THEN coalesce(e.n, 0) END AS BIGINT) AS engagement,
  c.posts AS window_posts
FROM {accounts} c JOIN {s}.accounts a USING (k) LEFT JOIN engagement e USING (k)
"""

PATH_TABLE_SQL = """
CREATE OR REPLACE TABLE series.account_path (
  i INTEGER, k INTEGER, id VARCHAR, class VARCHAR, followers BIGINT, following BIGINT,
  followers_from VARCHAR, following_from VARCHAR,
  posts BIGINT, posts_known BOOLEAN, created_at TIMESTAMP, default_profile BOOLEAN,
  engagement BIGINT, window_posts BIGINT)
"""

# account_steps: the accounts of snapshots $before and $before + 1 side by side (a full join
# on id, so accounts that joined or left the data appear with NULLs on the other side).
STEPS_SQL = """
CREATE OR REPLACE TABLE series.account_steps AS
WITH pairs AS (
  SELECT s.i AS step, s.i AS i_before, s.i + 1 AS i_after,
         date_diff('day', s.taken, t.taken) AS days
  FROM series.snapshots s JOIN series.snapshots t ON t.i = s.i + 1),
  earlier AS (SELECT p.step, p.days, b.* FROM pairs p JOIN series.account_path b
              ON b.i = p.i_before),
  later AS (SELECT p.step, p.days, a.* FROM pairs p JOIN series.account_path a
            ON a.i = p.i_after)
SELECT
  coalesce(b.step, a.step) AS step, coalesce(b.days, a.days) AS days,
  coalesce(b.id, a.id) AS id, b.k AS k_before, a.k AS k_after,
  coalesce(b.class, 'joined') AS from_class, coalesce(a.class, 'left') AS to_class,
  b.followers AS followers_before, a.followers AS followers_after,
  b.followers_from AS followers_from_before, a.followers_from AS followers_from_after,
  CASE WHEN a.followers_from = b.followers_from THEN a.followers - b.followers END
    AS followers_change,
  b.following AS following_before, a.following AS following_after,
  CASE WHEN a.following_from = b.following_from THEN a.following - b.following END
    AS following_change,
  b.engagement AS engagement_before, a.engagement AS engagement_after,
  b.window_posts AS posts_before, a.window_posts AS posts_after
FROM earlier b FULL JOIN later a ON a.step = b.step AND a.id = b.id
"""

# new_follows: follows of the later snapshot whose pair of accounts did not follow in the
# earlier one (the earlier edges are first translated to the later snapshot's keys).
NEW_FOLLOWS_SQL = """
INSERT INTO series.new_follows
WITH keymap AS (
  SELECT k_before, k_after FROM series.account_steps
  WHERE step = $step AND k_before IS NOT NULL AND k_after IS NOT NULL),
  earlier AS (
    SELECT ms.k_after AS src, md.k_after AS dst FROM {before}.follows g
    JOIN keymap ms ON ms.k_before = g.src JOIN keymap md ON md.k_before = g.dst)
SELECT $step AS step, f.src, f.dst, f.since FROM {after}.follows f
WHERE NOT EXISTS (SELECT 1 FROM earlier e WHERE e.src = f.src AND e.dst = f.dst)
"""

# engaged: who replied to, reposted or quoted whom in the later snapshot of a step (its keys)
ENGAGED_SQL = """
INSERT INTO series.engaged
SELECT DISTINCT $step AS step, src, dst FROM {after}.interactions
WHERE kind IN ('reply', 'repost', 'quote')
"""

# transition counts: accounts per (step, from_class, to_class)
TRANSITIONS_SQL = """
SELECT step, from_class, to_class, count(*) AS accounts
FROM series.account_steps GROUP BY ALL ORDER BY step
"""

# network growth per step: accounts in and out, follow edges, follower and following totals
GROWTH_SQL = """
WITH per_step AS (
  SELECT step,
    count(k_before) AS accounts_before, count(k_after) AS accounts_after,
    count(*) FILTER (WHERE k_before IS NULL) AS joined,
    count(*) FILTER (WHERE k_after IS NULL) AS left_data,
    -- totals over the accounts where the figure is measured (NULL where it never is)
    sum(followers_before) AS followers_before, sum(followers_after) AS followers_after,
    sum(following_before) AS following_before, sum(following_after) AS following_after,
    median(followers_change) AS followers_median_change,
    median(following_change) AS following_median_change
  FROM series.account_steps GROUP BY step),
  fresh AS (SELECT step, count(*) AS new_follows FROM series.new_follows GROUP BY step)
SELECT p.*, coalesce(f.new_follows, 0) AS new_follows
FROM per_step p LEFT JOIN fresh f USING (step) ORDER BY step
"""

# one account's path: every snapshot of the series, with NULLs where it is absent
ACCOUNT_PATH_SQL = """
SELECT s.name, s.taken, p.class, p.followers, p.following, p.posts, p.engagement
FROM series.snapshots s LEFT JOIN series.account_path p ON p.i = s.i AND p.id = $id
ORDER BY s.i
"""


@dataclass(frozen=True)
class Step:
    """Two consecutive snapshots of the series."""

    index: int
    before: str
    after: str
    before_taken: date
    after_taken: date
    differences: tuple[str, ...] = ()  # what one snapshot measures and the other does not
    shared: int | None = None  # accounts in both snapshots (None: not counted)

    @property
    def comparable(self) -> bool:
        """Both snapshots measure the same kinds of data and have accounts in common, so their
        classes can be compared (with none in common they are not one network over time)."""
        return not self.differences and self.shared != 0

    @property
    def days(self) -> int:
        return (self.after_taken - self.before_taken).days


@dataclass(frozen=True)
class Transition:
    """How many accounts went from one class (or ``joined``) to another (or ``left``)."""

    from_class: str
    to_class: str
    accounts: int


@dataclass(frozen=True)
class StepTransitions:
    step: Step
    counts: tuple[Transition, ...]


@dataclass(frozen=True)
class Change:
    """A total before and after a step, and the median change per account present in both."""

    before: int | None  # None: not measured in that snapshot
    after: int | None
    median_change: float | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class NetworkGrowth:
    """How the network changed over one step."""

    step: Step
    accounts_before: int
    accounts_after: int
    joined: int
    left: int
    follows_before: int | None  # None: the snapshot has no follow edges
    follows_after: int | None
    follows_new: int | None
    followers: Change
    following: Change
    followers_from: tuple[str | None, str | None] = (None, None)  # profile or edges, by end
    following_from: tuple[str | None, str | None] = (None, None)

    @property
    def follows_lost(self) -> int | None:
        """Follows of the earlier snapshot missing from the later one (after = kept + new)."""
        if self.follows_before is None or self.follows_after is None:
            return None
        return self.follows_before - (self.follows_after - self.follows_new)


@dataclass(frozen=True)
class PathPoint:
    """An account in one snapshot; ``klass`` and the figures are None where it is absent."""

    snapshot: str
    taken: date
    klass: str | None
    followers: int | None
    following: int | None
    posts: int | None
    engagement: int | None


@dataclass(frozen=True, eq=False)
class SeriesReport:
    """What changed across a series; per-account rows stay in the ``series`` tables."""

    reports: tuple[Report, ...]
    steps: tuple[Step, ...]
    transitions: tuple[StepTransitions, ...]
    growth: tuple[NetworkGrowth, ...]

    @property
    def db(self) -> duckdb.DuckDBPyConnection:
        return self.reports[0].snapshot.db

    def account_path(self, account_id: str) -> tuple[PathPoint, ...]:
        """One account across every snapshot, oldest first (absent: class None)."""
        rows = self.db.execute(ACCOUNT_PATH_SQL, {"id": account_id}).fetchall()
        return tuple(PathPoint(*row) for row in rows)


def analyze_changes(reports: list[Report]) -> SeriesReport:
    """Build the ``series`` tables for analysed snapshots (oldest first) and count changes."""
    db = reports[0].snapshot.db
    _build_tables(db, reports)
    # per step (none where neither snapshot has an account: then no account, nothing summed)
    rows = {i: (i, 0, 0, 0, 0, None, None, None, None, None, None, 0)
            for i in range(len(reports) - 1)}
    rows.update((r[0], r) for r in db.execute(GROWTH_SQL).fetchall())
    steps = tuple(
        Step(i, a.snapshot.name, b.snapshot.name, a.snapshot.taken, b.snapshot.taken,
             tuple(a.snapshot.coverage.differences(b.snapshot.coverage)),
             rows[i][1] - rows[i][4])  # accounts before, less those that left
        for i, (a, b) in enumerate(zip(reports, reports[1:]))
    )
    _record_steps(db, steps)
    return SeriesReport(tuple(reports), steps, _transitions(db, steps),
                        _growth(rows, steps, reports))


def _record_steps(db: duckdb.DuckDBPyConnection, steps: tuple[Step, ...]) -> None:
    """series.steps: each step, whether it is compared, and its run (the steps not compared
    before it: two compared steps with none between them share a run)."""
    db.execute("CREATE OR REPLACE TABLE series.steps (step INTEGER, comparable BOOLEAN, "
               "run INTEGER)")
    run = 0
    for step in steps:
        db.execute("INSERT INTO series.steps VALUES ($step, $comparable, $run)",
                   {"step": step.index, "comparable": step.comparable, "run": run})
        run += not step.comparable


def engagement_measured(coverage) -> bool:
    """Whether a snapshot measures the engagement each account received (replies, reposts
    and quotes): its interactions are of every account, not only what the owners of a
    one-sided export gave, and hold at least one of those kinds (interactions of other kinds
    alone, mentions or likes, say nothing of them: engagement read 0 for every account)."""
    return coverage.received_seen and any(kind in ENGAGEMENT_KINDS
                                          for kind in coverage.interaction_kinds)


def _build_tables(db: duckdb.DuckDBPyConnection, reports: list[Report]) -> None:
    """series.snapshots, account_path, account_steps and new_follows (one query per snapshot)."""
    db.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    db.execute(
        "CREATE OR REPLACE TABLE series.snapshots "
        "(i INTEGER, name VARCHAR, taken DATE, window_days INTEGER, schema VARCHAR)"
    )
    db.execute(PATH_TABLE_SQL)
    for i, report in enumerate(reports):
        snap = report.snapshot
        db.execute(
            "INSERT INTO series.snapshots VALUES ($i, $name, $taken, $window, $schema)",
            {
                "i": i,
                "name": snap.name,
                "taken": snap.taken,
                "window": snap.coverage.window.days if snap.coverage.window else None,
                "schema": snap.schema,
            },
        )
        # the report's own account table: with privacy on, it carries the pseudonyms
        sql = PATH_SQL.format(s=snap.schema, accounts=report.accounts_table)
        db.execute(sql, {"i": i, "has_engagement": engagement_measured(snap.coverage)})
    db.execute(STEPS_SQL)
    db.execute(
        "CREATE OR REPLACE TABLE series.new_follows "
        "(step INTEGER, src INTEGER, dst INTEGER, since TIMESTAMP)"
    )
    db.execute("CREATE OR REPLACE TABLE series.engaged (step INTEGER, src INTEGER, dst INTEGER)")
    for i, (a, b) in enumerate(zip(reports, reports[1:])):
        sql = NEW_FOLLOWS_SQL.format(before=a.snapshot.schema, after=b.snapshot.schema)
        db.execute(sql, {"step": i})
        db.execute(ENGAGED_SQL.format(after=b.snapshot.schema), {"step": i})


def _transitions(db, steps: tuple[Step, ...]) -> tuple[StepTransitions, ...]:
    """Counts per step and (from, to) pair, in class order (joined first, left last)."""
    found: dict[int, list[Transition]] = {s.index: [] for s in steps}
    for step, from_class, to_class, accounts in db.execute(TRANSITIONS_SQL).fetchall():
        found[step].append(Transition(from_class, to_class, accounts))
    order = {c: n for n, c in enumerate(FROM_ORDER)}, {c: n for n, c in enumerate(TO_ORDER)}
    return tuple(
        StepTransitions(
            s,
            tuple(
                sorted(found[s.index], key=lambda t: (order[0][t.from_class], order[1][t.to_class]))
            ),
        )
        for s in steps
    )


def _growth(rows: dict[int, tuple], steps: tuple[Step, ...], reports: list[Report]
            ) -> tuple[NetworkGrowth, ...]:
    """One NetworkGrowth per step, from ``GROWTH_SQL``'s rows by step (edge totals from the
    reports' network figures)."""
    growth = []
    for step in steps:
        before, after = (reports[i].snapshot.coverage for i in (step.index, step.index + 1))
        # new follows: follows at both ends, with a direction (ties without one are no follows)
        measured = before.follows and after.follows and not (before.undirected
                                                             or after.undirected)
        (_, acc_b, acc_a, joined, left, fol_b, fol_a, fing_b, fing_a, fol_med, fing_med, new) = (
            rows[step.index]
        )
        growth.append(
            NetworkGrowth(
                step=step,
                accounts_before=acc_b,
                accounts_after=acc_a,
                joined=joined,
                left=left,
                follows_before=reports[step.index].network.follows,
                follows_after=reports[step.index + 1].network.follows,
                follows_new=new if measured else None,
                followers=Change(_int(fol_b), _int(fol_a), _float(fol_med)),
                following=Change(_int(fing_b), _int(fing_a), _float(fing_med)),
                followers_from=(before.audience("followers_count"),
                                after.audience("followers_count")),
                following_from=(before.audience("following_count"),
                                after.audience("following_count")),
            )
        )
    return tuple(growth)


def _float(value) -> float | None:
    return None if value is None else float(value)


def _int(value) -> int | None:
    return None if value is None else int(value)
