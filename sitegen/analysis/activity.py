"""Amplification, burstiness, the network's weekly rhythm, and class mix by attribute.

Per-account results stay in DuckDB, beside the snapshot's other tables:

- ``{s}.repost_edges(src, dst)``: ``src`` reposted ``dst`` at least once;
- ``{s}.repost_reach(root, node, depth)``: ``node`` reposted ``root`` (depth 1) or reposted an
  account at depth d - 1 of ``root`` (depth d), each node at its shortest depth, up to
  ``max_depth``; ``{s}.amplification(k, reposters, reach, depth)`` sums it up per account;
- ``{s}.burstiness(k, posts_timed, mean_gap_seconds, sd_gap_seconds, burstiness,
  burstiness_corrected)``.

Repost chains follow the interaction graph of kind ``repost``: without post ids on
interactions, "reposted a reposter" stands for "reposted what the reposter shared".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sitegen.analysis.classify import LABELS
from sitegen.analysis.purpose import PostPurposes, summarize_purposes
from sitegen.analysis.report import Report
from sitegen.snapshots.model import Snapshot
from sitegen.snapshots.readers import ident
from sitegen.snapshots.validate import window_params

MAX_REPOST_DEPTH = 3  # proposed setting: analysis.repost_max_depth
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# repost_edges: who reposted whom, one row per pair; repost_reach, depth 1: the reposters
REACH_START_SQL = """
CREATE OR REPLACE TABLE {s}.repost_edges AS
SELECT DISTINCT src, dst FROM {s}.interactions WHERE kind = 'repost';
CREATE OR REPLACE TABLE {s}.repost_reach AS
SELECT dst AS root, src AS node, 1 AS depth FROM {s}.repost_edges
"""

# repost_reach, depth $depth: accounts that reposted an account reached at $depth - 1, not
# the root itself and not reached before
REACH_STEP_SQL = """
INSERT INTO {s}.repost_reach
SELECT DISTINCT f.root, r.src AS node, $depth AS depth
FROM {s}.repost_reach f JOIN {s}.repost_edges r ON r.dst = f.node
WHERE f.depth = $depth - 1 AND r.src <> f.root
  AND NOT EXISTS (SELECT 1 FROM {s}.repost_reach v WHERE v.root = f.root AND v.node = r.src)
"""

# amplification: per account, reposters, distinct accounts reached and the deepest chain
AMPLIFICATION_SQL = """
CREATE OR REPLACE TABLE {s}.amplification AS
WITH per_root AS (
  SELECT root AS k, count(*) FILTER (WHERE depth = 1) AS reposters, count(*) AS reach,
         max(depth) AS depth
  FROM {s}.repost_reach GROUP BY root)
SELECT a.k, coalesce(p.reposters, 0) AS reposters, coalesce(p.reach, 0) AS reach,
       coalesce(p.depth, 0) AS depth
FROM {s}.accounts a LEFT JOIN per_root p USING (k)
"""

# network amplification: reposts, accounts reposted, reach and depth over reposted accounts
NETWORK_AMPLIFICATION_SQL = """
SELECT
  (SELECT coalesce(sum(count), 0) FROM {s}.interactions WHERE kind = 'repost') AS reposts,
  count(*) FILTER (WHERE reach > 0) AS accounts_reposted,
  avg(reach) FILTER (WHERE reach > 0) AS mean_reach,
  coalesce(max(reach), 0) AS max_reach, coalesce(max(depth), 0) AS max_depth
FROM {s}.amplification
"""

# reach by depth: accounts reached at each depth, summed over all accounts
REACH_BY_DEPTH_SQL = "SELECT depth, count(*) FROM {s}.repost_reach GROUP BY depth ORDER BY depth"

# burstiness: Goh and Barabasi's B = (sigma - mu) / (sigma + mu) of the gaps between an
# account's posts with a time of day (population standard deviation), NULL under $min_posts
# of them (a date alone would make every gap a whole number of days). B is biased for
# few events; Kim and Jo (2016) correct it with r = sigma / mu and n gaps:
#   A_n = (sqrt(n + 1) r - sqrt(n - 1)) / ((sqrt(n + 1) - 2) r + sqrt(n - 1)),
# which is -1 for a regular sequence and 1 at the largest r that n gaps allow, sqrt(n - 1).
# the gaps' mean and deviation summed in order: the same bits whatever DuckDB's threads do
# (a sum of floats depends on its order)
BURSTINESS_SQL = """
CREATE OR REPLACE TABLE {s}.burstiness AS
WITH gaps AS (
  SELECT author AS k, epoch(posted_at)
    - epoch(lag(posted_at) OVER (PARTITION BY author ORDER BY posted_at)) AS gap
  FROM {s}.posts WHERE posted_at IS NOT NULL AND timed),
  stats AS (SELECT k, count(gap) AS n, avg(gap ORDER BY gap) AS mu,
              stddev_pop(gap ORDER BY gap) AS sigma
            FROM gaps GROUP BY k)
SELECT k, n + 1 AS posts_timed, mu AS mean_gap_seconds, sigma AS sd_gap_seconds,
  CASE WHEN n + 1 >= $min_posts AND mu > 0 THEN (sigma - mu) / (sigma + mu) END AS burstiness,
  CASE WHEN n + 1 >= $min_posts AND mu > 0 THEN (sqrt(n + 1) * sigma / mu - sqrt(n - 1))
    / ((sqrt(n + 1) - 2) * sigma / mu + sqrt(n - 1)) END AS burstiness_corrected
FROM stats
"""

# burstiness over the network: how many accounts have a value, and the medians
NETWORK_BURSTINESS_SQL = """
SELECT count(burstiness), median(burstiness), median(burstiness_corrected)
FROM {s}.burstiness
"""

# rhythm: events with a time of day (a date alone has no hour) by ISO day of week
# (1 = Monday) and hour, on the clock of time zone $tz (times are stored in UTC)
RHYTHM_SQL = """
SELECT source, isodow(local_at) AS weekday, hour(local_at) AS hour, sum(n) AS events
FROM (SELECT source, {local_at} AS local_at, n
      FROM (SELECT 'posts' AS source, posted_at AS event_at, 1 AS n FROM {s}.posts
            WHERE timed
            UNION ALL
            SELECT 'interactions', interacted_at, count FROM {s}.interactions WHERE timed)
      WHERE event_at IS NOT NULL)
GROUP BY ALL
"""

# by attribute: per value of one account column, size, class counts, mean follow reciprocity
# (summed in order, as the burstiness: repeatable to the last bit)
GROUPS_SQL = """
SELECT a.{column} AS value, count(*) AS size,
  {class_counts},
  avg(c.follow_reciprocity ORDER BY c.follow_reciprocity) AS mean_follow_reciprocity,
  count(c.follow_reciprocity) AS with_follow_edges
FROM {s}.accounts a JOIN {s}.account_classes c USING (k)
GROUP BY a.{column} ORDER BY size DESC, value NULLS LAST
"""


@dataclass(frozen=True)
class NetworkAmplification:
    """How far reposts carry, over the whole network (reach: distinct accounts).
    ``measured`` is false when the snapshot holds no reposts (not collected, or none), or only
    its owners' (a one-sided export: ``reposts`` and ``accounts_reposted`` are theirs)."""

    reposts: int | None  # None (and the others None or empty): no reposts in the snapshot
    accounts_reposted: int | None
    mean_reach: float | None
    max_reach: int | None
    max_depth: int | None
    reach_by_depth: tuple[int, ...]  # accounts reached at depth 1, 2, ... summed over roots
    measured: bool = True


@dataclass(frozen=True)
class BurstinessSummary:
    accounts: int  # accounts with at least min_posts posts with a time of day
    median_burstiness: float | None
    median_corrected: float | None
    min_posts: int = 10


@dataclass(frozen=True)
class ActivityRhythm:
    """Events with a time of day by weekday (rows, Monday first) and hour of day (columns,
    0-23), on the clock of ``time_zone``; a weekday the snapshot's window holds no day of is
    not observed (its rows None, not 0). ``days_seen``: per weekday, the days of the window
    on it (None: the snapshot has no window, nothing is known of the days it covers)."""

    posts: tuple[tuple[int, ...] | None, ...]
    interactions: tuple[tuple[int, ...] | None, ...]
    time_zone: str = "UTC"
    days_seen: tuple[float, ...] | None = None

    @property
    def events(self) -> int:
        return sum(sum(row) for row in (*self.posts, *self.interactions) if row)

    @property
    def unobserved(self) -> list[int]:
        """The weekdays (0 Monday) the window holds no moment of."""
        return [d for d, n in enumerate(self.days_seen or ()) if n == 0]

    @property
    def every_day_whole(self) -> bool:
        """Each weekday is seen for a whole day at least (no window: taken as so), so that
        events per day of each can be compared."""
        return all(n >= 1 for n in self.days_seen or (1,))


@dataclass(frozen=True)
class AttributeGroup:
    """Accounts sharing one value of an attribute; ``value`` None means not given."""

    attribute: str
    value: str | None
    size: int
    classes: dict[str, int | None]  # None: a way of use no rule can give (not measured)
    mean_follow_reciprocity: float | None
    with_follow_edges: int
    small: bool


@dataclass(frozen=True)
class AccountActivity:
    """How far one account's posts carry and how bursty its posting is."""

    reposters: int
    reach: int
    depth: int
    posts_timed: int
    burstiness: float | None
    burstiness_corrected: float | None


@dataclass(frozen=True)
class Activity:
    amplification: NetworkAmplification
    burstiness: BurstinessSummary
    rhythm: ActivityRhythm
    groups: tuple[AttributeGroup, ...]
    purposes: PostPurposes


def analyze_activity(report: Report) -> Activity:
    """Amplification, burstiness, rhythm and attribute groups of one analysed snapshot."""
    snapshot, settings = report.snapshot, report.settings
    return Activity(
        amplification=compute_amplification(snapshot, settings.repost_max_depth),
        burstiness=compute_burstiness(snapshot, settings.burstiness_min_posts),
        rhythm=activity_rhythm(snapshot, settings.time_zone),
        groups=attribute_groups(report, settings.min_group_size),
        purposes=summarize_purposes(snapshot, report.accounts_table),
    )


def compute_amplification(
    snapshot: Snapshot, max_depth: int = MAX_REPOST_DEPTH
) -> NetworkAmplification:
    """Build ``repost_reach`` level by level and ``amplification``; sum up the network."""
    db, s = snapshot.db, snapshot.schema
    db.execute(REACH_START_SQL.format(s=s))
    for depth in range(2, max_depth + 1):
        db.execute(REACH_STEP_SQL.format(s=s), {"depth": depth})
    db.execute(AMPLIFICATION_SQL.format(s=s))
    reposts, reposted, mean_reach, max_reach, deepest = db.execute(
        NETWORK_AMPLIFICATION_SQL.format(s=s)
    ).fetchone()
    by_depth = dict(db.execute(REACH_BY_DEPTH_SQL.format(s=s)).fetchall())
    if "repost" not in snapshot.coverage.interaction_kinds:
        return NetworkAmplification(None, None, None, None, None, (), measured=False)
    if not snapshot.coverage.received_seen:
        # a one-sided export holds its owners' reposts alone: who else reposted is not in it
        return NetworkAmplification(int(reposts), reposted, None, None, None, (), measured=False)
    return NetworkAmplification(
        reposts=int(reposts),
        accounts_reposted=reposted,
        mean_reach=mean_reach,
        max_reach=max_reach,
        max_depth=deepest,
        reach_by_depth=tuple(by_depth.get(d, 0) for d in range(1, deepest + 1)),
    )


def compute_burstiness(snapshot: Snapshot, min_posts: int = 10) -> BurstinessSummary:
    """Build ``burstiness`` per account; the network's medians."""
    db, s = snapshot.db, snapshot.schema
    db.execute(BURSTINESS_SQL.format(s=s), {"min_posts": min_posts})
    accounts, median_b, median_a = db.execute(NETWORK_BURSTINESS_SQL.format(s=s)).fetchone()
    return BurstinessSummary(accounts, median_b, median_a, min_posts)


def rhythm_sql(schema: str, time_zone: str) -> tuple[str, dict | None]:
    """RHYTHM_SQL and its parameters: times are in UTC, converted to another zone's clock
    (UTC's is read as it is)."""
    if time_zone == "UTC":
        return RHYTHM_SQL.format(s=schema, local_at="event_at"), None
    return (RHYTHM_SQL.format(s=schema, local_at="timezone($tz, timezone('UTC', event_at))"),
            {"tz": time_zone})


def activity_rhythm(snapshot: Snapshot, time_zone: str = "UTC") -> ActivityRhythm:
    """Posts and interaction events by weekday and hour (7 x 24 counts each; None for a
    weekday the window holds no day of: a window of one day observed no Sunday)."""
    grids = {"posts": [[0] * 24 for _ in WEEKDAYS], "interactions": [[0] * 24 for _ in WEEKDAYS]}
    for source, weekday, hour, events in snapshot.db.execute(
        *rhythm_sql(snapshot.schema, time_zone)).fetchall():
        grids[source][weekday - 1][hour] = int(events)
    seen = days_seen(snapshot, time_zone)
    return ActivityRhythm(
        *(tuple(None if seen and not seen[d] else tuple(row) for d, row in enumerate(grids[g]))
          for g in ("posts", "interactions")), time_zone, seen)


def days_seen(snapshot: Snapshot, time_zone: str) -> tuple[float, ...] | None:
    """Per weekday (Monday first), how many days of the snapshot's window fall on it, on the
    clock of ``time_zone``: its first and last local day count for the part of them inside
    the window (a week of UTC days is, in New York, a Monday evening to a Monday evening:
    one Monday, not two); None when the snapshot has no window."""
    window = snapshot.coverage.window
    if window is None:
        return None
    bounds = window_params(window)  # the bounds the loading kept dated rows within (UTC)
    start, stop = bounds["start"], bounds["stop"]
    if time_zone != "UTC":  # the window's ends on the zone's clock, as RHYTHM_SQL's events
        start, stop = snapshot.db.execute(
            "SELECT timezone($tz, timezone('UTC', $start)), timezone($tz, timezone('UTC', $stop))",
            {"tz": time_zone, **bounds}).fetchone()
    seen = [0.0] * 7
    day = start.date()
    while (begins := datetime.combine(day, time())) < stop:
        ends = begins + timedelta(days=1)
        seen[day.weekday()] += (min(ends, stop) - max(begins, start)) / timedelta(days=1)
        day += timedelta(days=1)
    return tuple(round(n, 4) for n in seen)


def attribute_groups(report: Report, min_group_size: int) -> tuple[AttributeGroup, ...]:
    """For each attribute column, its groups (largest first): size, classes, reciprocity."""
    snapshot = report.snapshot
    counts = ", ".join(f"count(*) FILTER (WHERE c.class = '{c}') AS {c}" for c in LABELS)
    unknown = {c for c, n in report.network.classes.items() if n is None}  # no rule gives
    groups = []
    for attribute in snapshot.attributes:
        sql = GROUPS_SQL.format(s=snapshot.schema, column=ident(attribute), class_counts=counts)
        for value, size, *by_class, reciprocity, with_edges in snapshot.db.execute(sql).fetchall():
            groups.append(
                AttributeGroup(
                    attribute=attribute,
                    value=value,
                    size=size,
                    classes={c: None if c in unknown else n  # no rule can give it
                             for c, n in zip(LABELS, by_class)},
                    mean_follow_reciprocity=reciprocity,
                    with_follow_edges=with_edges,
                    small=size < min_group_size,
                )
            )
    return tuple(groups)


def account_activity(snapshot: Snapshot, account_id: str) -> AccountActivity | None:
    """One account's amplification and burstiness (after ``analyze_activity``)."""
    s = snapshot.schema
    row = snapshot.db.execute(
        f"SELECT m.reposters, m.reach, m.depth, coalesce(b.posts_timed, 0), b.burstiness, "
        f"b.burstiness_corrected FROM {s}.accounts a JOIN {s}.amplification m USING (k) "
        f"LEFT JOIN {s}.burstiness b USING (k) WHERE a.id = $id",
        {"id": account_id},
    ).fetchone()
    return AccountActivity(*row) if row else None
