"""The follower audit: audiences that grow in a jump without engagement, or with empty followers.

For every account present at both ends of a step (two consecutive snapshots that can be
compared), its followers counted alike in both (a profile's count, or the follow edges) and
its engagement measured in both, two signals,
each from 0 to 1 (docs/audit.md gives the sources, a worked example and the limits):

**Jump without engagement** ``U = jump * shortfall``.
  ``jump = z^2 / (z^2 + jump_z^2)`` for a robust z-score ``z > 0`` (0 otherwise): the smaller
  of two scores ``(change - median) / spread`` of the follower change, one against the
  account's own other steps (median change per day, times this step's days), one against
  its peers (accounts in the same step whose followers before lie within the same power of
  two; at least ``min_peers`` of them). ``spread = max(1.4826 MAD, 1 + sqrt|m| + |m| / 10)``
  for the median m: a floor that keeps small or very regular histories from turning every
  wobble into a jump. With ``jump_z = 3.5`` (Iglewicz and Hoaglin's cut-off) z = 3.5 gives 0.5.
  ``shortfall = clip(1 - actual gain / expected gain, 0, 1) * z_e^2 / (z_e^2 + engagement_z^2)``:
  the share of the engagement gain that growing with the audience (g-fold) would have brought
  and that did not come, weighted by how surely it fell short: if engagement kept pace, each
  of the T events received in both snapshots falls in the later one with p = g / (1 + g), and
  ``z_e = (T p - after) / sqrt(T p (1 - p))``. No engagement before: no shortfall.

**Empty new followers** ``E = excess * z_b^2 / (z_b^2 + empty_z^2)``.
  A new follower (a follow present after the step and not before) looks empty when it meets
  at least ``min_checks`` of the checks its later profile allows (both when only two can be
  made): no posts; following at least ``many_following`` and either ``following_ratio``
  times its followers or while followed by fewer than ``few_followers``; created within
  ``fresh_days`` (or the snapshot's window) before the later snapshot or before the follow;
  default profile. ``excess = max(0, (s - b) / (1 - b))`` for the account's share s of empty
  new followers and the usual share b: the median share among accounts with at least
  ``baseline_min_new`` new followers in the step (when at least ``min_peers`` have as many),
  else the share among all other accounts' new followers.
  ``z_b = (e - N b) / sqrt(max(N b (1 - b), 1))`` for e empty of N new followers: how surely
  more looked empty than usual. A new follower that engaged with the account is never empty.

**Growth without engagement over several steps** ``D``: the same product as U, jump strength
  times engagement shortfall, for each span of two steps or more that ends with this step
  (from every earlier snapshot to the later one), judged against the peers alone (accounts
  of the same size at the span's start, over the same span), the shortfall's z with a
  continuity correction and a variance of at least 1, and no shortfall when the account
  posted nothing in the last window: a steady drip of silent followers becomes the
  account's own normal step by step, and only the span shows it.
  The strongest span counts, and its first snapshot is named in the evidence.

The score is ``1 - (1 - max(U, D)) * (1 - E)``: growth without engagement, in one step or over
several (one pattern, counted once), and empty new followers; both raise it more.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sitegen.analysis.series import SeriesReport

MIN_SCORE = 0.5  # flags below this score are not reported (proposed: analysis.audit_min_score)


@dataclass(frozen=True)
class AuditRules:
    """Thresholds of the audit; each may be overridden by an ``audit_<name>`` setting."""

    min_score: float = MIN_SCORE
    jump_z: float = 3.5
    min_peers: int = 5
    fresh_days: int = 30
    following_ratio: float = 10.0
    many_following: int = 100
    few_followers: int = 0
    min_checks: int = 2
    engagement_z: float = 2.0
    empty_z: float = 3.0
    baseline_min_new: int = 5

    @classmethod
    def from_settings(cls, settings) -> AuditRules:
        """Rules with defaults replaced by any ``audit_<name>`` field ``settings`` has."""
        found = {
            f.name: getattr(settings, f"audit_{f.name}")
            for f in dataclasses.fields(cls)
            if hasattr(settings, f"audit_{f.name}")
        }
        return cls(**found)


@dataclass(frozen=True)
class AuditFlag:
    """An account whose audience changed suspiciously over one step."""

    account: str
    before: str
    after: str
    score: float
    evidence: str
    followers_before: int
    followers_after: int
    engagement_before: int
    engagement_after: int
    new_followers: int
    empty_new_followers: int | None  # None: no new follower's profile allowed two checks
    handle: str | None = None  # as published, from the latest snapshot (set by the pipeline)


# the arithmetic both growth signals share (one step, or a span of several)
MACROS_SQL = """
-- how strong a robust z is: 0.5 at the cut-off z0, towards 1 above it, 0 for z <= 0
CREATE OR REPLACE TEMP MACRO audit_strength(z, z0) AS
  CASE WHEN z > 0 THEN z * z / (z * z + z0 * z0) ELSE 0 END;
-- if engagement kept pace with the audience (g-fold), each of the T = before + after events
-- falls in the later snapshot with p = g / (1 + g): how far below T p is the later count?
-- Over a span of steps (careful), with a continuity correction and a variance of at least 1:
-- far-apart snapshots meet one-off spikes, and a handful of events proves little
CREATE OR REPLACE TEMP MACRO audit_engagement_z(before, after, g, careful) AS
  CASE WHEN before + after > 0 THEN
    ((before + after) * g / (1 + g) - after - CASE WHEN careful THEN 0.5 ELSE 0 END)
    / sqrt(CASE WHEN careful THEN greatest((before + after) * g / (1 + g) / (1 + g), 1)
                ELSE (before + after) * g / (1 + g) / (1 + g) END) END;
-- the share of the expected gain that did not come, weighted by how surely (strength of z);
-- over a span, none for an account that posted nothing in its last window (posts_after 0:
-- nothing to engage with; NULL: not asked)
CREATE OR REPLACE TEMP MACRO audit_shortfall(before, after, expected, z, z0, posts_after) AS
  CASE WHEN expected > before AND coalesce(posts_after, 1) > 0 THEN
    least(greatest(1 - (after - before) / (expected - before), 0), 1) * audit_strength(z, z0)
  ELSE 0 END;
"""

# audit_signals: the measurements and both signals for every account in both snapshots of a
# step. Parameters: the AuditRules fields.
SIGNALS_SQL = """
CREATE OR REPLACE TABLE series.audit_signals AS
WITH
  steps AS (  -- each step's later snapshot, and from when a follower counts as fresh
    SELECT s.i AS step, t.i AS i_after,
      t.taken - to_days(greatest($fresh_days, coalesce(t.window_days, 0))) AS fresh_from
    FROM series.snapshots s JOIN series.snapshots t ON t.i = s.i + 1),
  stayed AS (  -- accounts judged: over a step that is compared (series.steps), in both
    -- snapshots, audience (counted alike) and engagement measured in both
    SELECT a.*, r.run, a.followers_change / greatest(a.days, 1) AS rate,
      CAST(floor(log2(a.followers_before + 1)) AS INTEGER) AS band
    FROM series.account_steps a JOIN series.steps r ON r.step = a.step AND r.comparable
    WHERE a.k_before IS NOT NULL AND a.k_after IS NOT NULL
      AND a.followers_change IS NOT NULL AND a.engagement_before IS NOT NULL
      AND a.engagement_after IS NOT NULL),
  -- spans of two steps or more ending with each step: the audience at both ends, for growth
  -- that no single step shows (a steady drip); peers are the accounts of the same size at
  -- the span's start, over the same span
  span_ends AS (
    SELECT t.step, t.id, b.step AS first_step, t.step - b.step + 1 AS span_steps,
      b.followers_before AS f0, t.followers_after AS f1,
      t.followers_after - b.followers_before AS change,
      b.engagement_before AS e0, t.engagement_after AS e1,
      (t.followers_after + 1.0) / (b.followers_before + 1)
        * coalesce((t.posts_after + 1.0) / (b.posts_before + 1), 1) AS g,
      b.posts_before AS p0, t.posts_after AS p1, b.band
    -- 2 steps or more, none between them not compared, followers counted alike at both ends
    FROM stayed t JOIN stayed b ON b.id = t.id AND b.step < t.step AND b.run = t.run
      AND b.followers_from_before = t.followers_from_after),
  span_peer_median AS (SELECT step, first_step, band, median(change) AS m, count(*) AS n
                       FROM span_ends GROUP BY ALL),
  span_peer AS (SELECT step, first_step, band, any_value(p.m) AS m, any_value(p.n) AS n,
                       median(abs(e.change - p.m)) AS mad
                FROM span_ends e JOIN span_peer_median p USING (step, first_step, band)
                GROUP BY ALL),
  span_scored AS (
    SELECT e.*, p.m AS span_peer_median, p.n AS span_peers,
      CASE WHEN p.n >= $min_peers THEN (e.change - p.m) / greatest(1.4826 * p.mad,
        1 + sqrt(abs(p.m)) + abs(p.m) / 10) END AS z_span,
      audit_engagement_z(e0, e1, g, true) AS z_span_engagement
    FROM span_ends e LEFT JOIN span_peer p USING (step, first_step, band)),
  -- the strongest of k spans is kept (k earlier steps), so each cut-off z0 is raised to
  -- sqrt(z0^2 + 2 ln k): the tail of the largest of k normal scores
  span_signals AS (
    SELECT *,
      audit_strength(z_span, sqrt($jump_z * $jump_z + 2 * ln(step)))
      * audit_shortfall(e0, e1, e0 * g, z_span_engagement,
                        sqrt($engagement_z * $engagement_z + 2 * ln(step)), p1) AS drift
    FROM span_scored),
  drift AS (  -- the strongest span ending with each step
    SELECT step, id, arg_max(first_step, drift) AS drift_first_step, max(drift) AS drift,
      arg_max(span_steps, drift) AS drift_steps, arg_max(f0, drift) AS drift_f0,
      arg_max(e0, drift) AS drift_e0, arg_max(e0 * g, drift) AS drift_expected,
      arg_max(span_peer_median, drift) AS drift_peer_median
    FROM span_signals GROUP BY ALL),
  -- own history: median and MAD of the account's growth per day in its earlier steps (never
  -- a later one: no look-ahead)
  own_pairs AS (SELECT c.step, c.id, o.rate FROM stayed c
                JOIN stayed o ON o.id = c.id AND o.step < c.step
                  AND o.followers_from_after = c.followers_from_after),
  own_median AS (SELECT step, id, median(rate) AS m, count(*) AS n FROM own_pairs GROUP BY ALL),
  own AS (SELECT step, id, any_value(o.m) AS m, any_value(o.n) AS n,
                 median(abs(p.rate - o.m)) AS mad
          FROM own_pairs p JOIN own_median o USING (step, id) GROUP BY ALL),
  -- peers: median and MAD of the follower change of accounts in the same band and step
  peer_median AS (SELECT step, band, median(followers_change) AS m, count(*) AS n
                  FROM stayed GROUP BY ALL),
  peer AS (SELECT step, band, any_value(p.m) AS m, any_value(p.n) AS n,
                  median(abs(s.followers_change - p.m)) AS mad
           FROM stayed s JOIN peer_median p USING (step, band) GROUP BY ALL),
  -- new followers: the checks on each new follower's profile in the later snapshot; one that
  -- replied to, reposted or quoted the account in that snapshot is engaged, never empty
  checks AS (
    SELECT n.step, n.dst AS k_after,
      EXISTS (SELECT 1 FROM series.engaged e
              WHERE e.step = n.step AND e.src = n.src AND e.dst = n.dst) AS engaged,
      CASE WHEN p.posts_known THEN p.posts = 0 END AS no_posts,
      -- following far more than followed means something only with enough follows
      p.following >= $many_following AND (p.following >= $following_ratio
        * greatest(p.followers, 1) OR p.followers < $few_followers) AS follows_many,
      CASE WHEN p.created_at IS NOT NULL THEN p.created_at >= st.fresh_from
        OR coalesce(p.created_at >= n.since - to_days($fresh_days), false) END AS fresh,
      p.default_profile
    FROM series.new_follows n JOIN steps st USING (step)
    JOIN series.account_path p ON p.i = st.i_after AND p.k = n.src),

  verdicts AS (
    SELECT *, CAST(no_posts IS NOT NULL AS INTEGER) + CAST(follows_many IS NOT NULL AS INTEGER)
        + CAST(fresh IS NOT NULL AS INTEGER)
        + CAST(default_profile IS NOT NULL AS INTEGER) AS known,
      CAST(coalesce(no_posts, false) AS INTEGER) + CAST(coalesce(follows_many, false) AS INTEGER)
        + CAST(coalesce(fresh, false) AS INTEGER)
        + CAST(coalesce(default_profile, false) AS INTEGER) AS met
    FROM checks),

  -- per account: its new followers, those that look empty, how many could be checked at
  -- all (two checks known) and each check's known count (a check the data does not allow
  -- is "not measured", never 0), and each check met
  newcomers AS (
    SELECT step, k_after, count(*) AS new_followers,
      count(*) FILTER (WHERE NOT engaged AND known >= 2 AND met >= least($min_checks, known))
        AS empty,
      count(*) FILTER (WHERE engaged) AS engaged,
      count(*) FILTER (WHERE known >= 2) AS checkable,
      count(no_posts) AS posts_known, count(follows_many) AS follows_known,
      count(fresh) AS created_known, count(default_profile) AS profile_known,
      count(*) FILTER (WHERE no_posts) AS no_posts,
      count(*) FILTER (WHERE follows_many) AS follows_many,
      count(*) FILTER (WHERE fresh) AS fresh,
      count(*) FILTER (WHERE default_profile) AS default_profile
    FROM verdicts GROUP BY ALL),
  -- what is usual: the median share of empty new followers among accounts with at least
  -- $baseline_min_new of them, when there are at least $min_peers such accounts ...
  usual AS (SELECT step, median(empty / new_followers) AS share, count(*) AS n
            FROM newcomers WHERE new_followers >= $baseline_min_new GROUP BY step),
  -- ... else the share among all the other accounts' new followers
  pooled AS (SELECT step, sum(new_followers) AS n, sum(empty) AS e FROM newcomers GROUP BY step),
  measured AS (
    SELECT s.step, s.id, s.days, s.followers_before, s.followers_after, s.followers_change,
      s.engagement_before, s.engagement_after, s.band, s.posts_before, s.posts_after,
      coalesce(dr.drift, 0) AS drift, dr.drift_first_step, dr.drift_steps, dr.drift_f0,
      dr.drift_e0, dr.drift_expected, dr.drift_peer_median,
      own.m * s.days AS own_median, own.mad * s.days AS own_mad, own.n AS own_steps,
      peer.m AS peer_median, peer.mad AS peer_mad, peer.n AS peers,
      coalesce(nc.new_followers, 0) AS new_followers, coalesce(nc.empty, 0) AS empty,
      coalesce(nc.no_posts, 0) AS no_posts, coalesce(nc.follows_many, 0) AS follows_many,
      coalesce(nc.engaged, 0) AS engaged, coalesce(nc.checkable, 0) AS checkable,
      nc.posts_known, nc.follows_known, nc.created_known, nc.profile_known,
      coalesce(nc.fresh, 0) AS fresh, coalesce(nc.default_profile, 0) AS default_profile,
      CASE WHEN us.n >= $min_peers THEN us.share
        ELSE coalesce((pl.e - coalesce(nc.empty, 0))
                      / nullif(pl.n - coalesce(nc.new_followers, 0), 0), 0) END
        AS empty_baseline,
      -- engagement is expected to grow with the audience and with how much the account
      -- posted (posts in each window, when measured): g is the product of both ratios
      (s.followers_after + 1.0) / (s.followers_before + 1)
        * coalesce((s.posts_after + 1.0) / (s.posts_before + 1), 1) AS g,
      s.engagement_before * (s.followers_after + 1.0) / (s.followers_before + 1)
        * coalesce((s.posts_after + 1.0) / (s.posts_before + 1), 1) AS engagement_expected
    FROM stayed s
      LEFT JOIN own USING (step, id) LEFT JOIN peer USING (step, band)
      LEFT JOIN newcomers nc USING (step, k_after) LEFT JOIN pooled pl USING (step)
      LEFT JOIN usual us USING (step) LEFT JOIN drift dr USING (step, id)),
  zscores AS (
    SELECT *,
      (followers_change - own_median) / greatest(1.4826 * own_mad,
        1 + sqrt(abs(own_median)) + abs(own_median) / 10) AS z_own,
      CASE WHEN peers >= $min_peers THEN (followers_change - peer_median) / greatest(
        1.4826 * peer_mad, 1 + sqrt(abs(peer_median)) + abs(peer_median) / 10) END AS z_peer,
      engagement_expected - engagement_before AS gain_expected,
      audit_engagement_z(engagement_before, engagement_after, g, false) AS z_engagement
    FROM measured),
  -- the jump must hold against both baselines (the smaller z, NULLs ignored), unless a
  -- robust one (peers, or at least 3 earlier steps of its own) finds it extreme (twice the
  -- cut-off): then that one is not vetoed by the other
  robust AS (SELECT *, greatest(CASE WHEN own_steps >= 3 THEN z_own END, z_peer) AS z_robust
             FROM zscores),
  combined AS (
    SELECT *, CASE WHEN z_robust >= 2 * $jump_z THEN z_robust
                   ELSE least(z_own, z_peer) END AS z
    FROM robust),
  signals AS (
    SELECT *,
      audit_strength(z, $jump_z) AS jump,
      audit_shortfall(engagement_before, engagement_after, engagement_expected, z_engagement,
                      $engagement_z, NULL) AS shortfall,
      CASE WHEN new_followers > 0 AND empty_baseline < 1 AND z_empty > 0 THEN
        greatest(0, (empty / new_followers - empty_baseline) / (1 - empty_baseline))
        * z_empty * z_empty / (z_empty * z_empty + $empty_z * $empty_z) ELSE 0 END
        AS empty_newcomers
    FROM (SELECT *,  -- how surely more looked empty than usual: a binomial z-score
            (empty - new_followers * empty_baseline) / sqrt(greatest(
              new_followers * empty_baseline * (1 - empty_baseline), 1)) AS z_empty
          FROM combined))
SELECT *, jump * shortfall AS unengaged_jump,
  -- growth without engagement in one step or over several is one pattern: the stronger counts
  1 - (1 - greatest(jump * shortfall, drift)) * (1 - empty_newcomers) AS score
FROM signals
"""

# each check on the new followers, counted, or "not measured" when no new follower's profile
# allows it (no posts, no follows, no creation dates or no default-profile flags in the data)
CHECKS_TEXT = "concat_ws(', ', " + ", ".join(
    f"CASE WHEN a.{known} > 0 THEN printf('%,d {text}', a.{count}) "
    f"ELSE '{missing} not measured' END"
    for count, known, text, missing in (
        ("no_posts", "posts_known", "without posts", "posts"),
        ("follows_many", "follows_known", "following far more than followed", "follows"),
        ("fresh", "created_known", "created within ' || $fresh_days || ' days",
         "creation dates"),
        ("default_profile", "profile_known", "with a default profile", "default profiles"))
) + ")"

# flags: the steps scoring at least $min_score, with the evidence in words and numbers
FLAGS_SQL = """
SELECT a.id, s.name, t.name, a.score, concat_ws('; ',
  printf('followers %+,d (from %,d to %,d) in %d days against ', a.followers_change,
         a.followers_before, a.followers_after, a.days)
  || CASE WHEN a.own_steps IS NULL THEN 'no other step of its own to compare with'
     ELSE printf('a median step of %+,.0f for this account (over %d other step%s)',
                 a.own_median, a.own_steps, CASE WHEN a.own_steps = 1 THEN '' ELSE 's' END) END
  || CASE WHEN a.peers >= $min_peers THEN printf(
       ' and %+,.0f for peers (%,d accounts with %,d to %,d followers)', a.peer_median,
       a.peers, CAST(power(2, a.band) AS BIGINT) - 1, CAST(power(2, a.band + 1) AS BIGINT) - 2)
     ELSE ' and too few peers of its size' END,
  printf('engagement received (replies, reposts, quotes) %,d -> %,d', a.engagement_before,
         a.engagement_after)
  || CASE WHEN a.gain_expected > 0 THEN printf(
       ', where growing with the audience%s would give about %,.0f',
       CASE WHEN a.posts_before IS NOT NULL AND a.posts_after IS NOT NULL
            THEN printf(' and its posts (%,d -> %,d)', a.posts_before, a.posts_after)
            ELSE '' END, a.engagement_expected)
     ELSE '' END,
  CASE WHEN a.new_followers = 0 THEN 'no new followers in the data to check'
    WHEN a.checkable = 0 THEN printf('%,d new followers in the data; whether they look empty '
      || 'is not measured (it takes two checks of a profile, and the data allows fewer: %s)',
      a.new_followers, {checks})
    ELSE printf('%,d of %,d new followers in the data look empty (typically %.0f%% in this '
      || 'step): %s; %,d engaged with it (never counted as empty)', a.empty, a.new_followers,
      100 * a.empty_baseline, {checks}, a.engaged) END,
  CASE WHEN a.drift > 0 THEN printf(
    'over %d steps from %s: followers %,d -> %,d against a median change of %+,.0f for peers '
    || 'of its size then, engagement received %,d -> %,d where growing with the audience%s '
    || 'would give about %,.0f', a.drift_steps, f.name, a.drift_f0, a.followers_after,
    a.drift_peer_median, a.drift_e0, a.engagement_after,
    CASE WHEN a.posts_after IS NOT NULL THEN ' and its posts' ELSE '' END, a.drift_expected)
  END,
  printf('signals: jump without engagement %.2f (jump %.2f x engagement shortfall %.2f), '
         || 'empty new followers %s, growth without engagement over several steps %.2f',
         a.unengaged_jump, a.jump, a.shortfall,
         CASE WHEN a.checkable > 0 OR a.new_followers = 0
              THEN printf('%.2f', a.empty_newcomers) ELSE 'not measured' END, a.drift)
  ) AS evidence,
  a.followers_before, a.followers_after, a.engagement_before, a.engagement_after,
  a.new_followers, CASE WHEN a.checkable > 0 OR a.new_followers = 0 THEN a.empty END
FROM series.audit_signals a
  JOIN series.snapshots s ON s.i = a.step JOIN series.snapshots t ON t.i = a.step + 1
  LEFT JOIN series.snapshots f ON f.i = a.drift_first_step
WHERE a.score >= $min_score
ORDER BY a.score DESC, a.id, a.step
"""


def audit_followers(
    series: SeriesReport, rules: AuditRules = AuditRules()
) -> tuple[AuditFlag, ...]:
    """Score every account and step into ``series.audit_signals``; return the flags."""
    params = dataclasses.asdict(rules)
    series.db.execute(MACROS_SQL)
    series.db.execute(SIGNALS_SQL, {k: v for k, v in params.items() if k != "min_score"})
    flags_params = {k: params[k] for k in ("min_score", "min_peers", "fresh_days")}
    rows = series.db.execute(FLAGS_SQL.replace("{checks}", CHECKS_TEXT), flags_params
                             ).fetchall()
    return tuple(AuditFlag(*row) for row in rows)


@dataclass(frozen=True)
class AuditScope:
    """Whom the audit could judge over one step, and why not the others: an account is judged
    only over a step that is compared (``Step.comparable``), when it is in both snapshots with
    its audience (counted alike: a profile's count in both, or the follow edges in both) and
    its engagement measured in both."""

    before: str
    after: str
    judged: int
    not_judged: int
    why_not: dict[str, int]  # reason -> accounts, in the order of SCOPE_REASONS


SCOPE_REASONS = ("in one snapshot only", "over a step not compared", "audience not measured",
                 "audience counted differently (a profile's count and the follow edges)",
                 "engagement not measured")

# scope: per step, the accounts the audit judged and, for the others, the first reason
SCOPE_SQL = """
SELECT a.step, CASE
    WHEN k_before IS NULL OR k_after IS NULL THEN 'in one snapshot only'
    WHEN NOT r.comparable THEN 'over a step not compared'
    WHEN followers_before IS NULL OR followers_after IS NULL THEN 'audience not measured'
    WHEN followers_change IS NULL
      THEN 'audience counted differently (a profile''s count and the follow edges)'
    WHEN engagement_before IS NULL OR engagement_after IS NULL THEN 'engagement not measured'
  END AS reason, count(*)
FROM series.account_steps a JOIN series.steps r USING (step) GROUP BY ALL
"""


def audit_scope(series: SeriesReport) -> tuple[AuditScope, ...]:
    """For each step, how many accounts the audit judged and why it could not judge the rest
    (an audience not measured because the follow ties of a snapshot have no direction says
    so)."""
    counts: dict[int, dict[str | None, int]] = {s.index: {} for s in series.steps}
    for step, reason, n in series.db.execute(SCOPE_SQL).fetchall():
        counts[step][reason] = n
    undirected = [r.snapshot.coverage.undirected for r in series.reports]

    def named(reason: str, step: int) -> str:
        if reason == "audience not measured" and (undirected[step] or undirected[step + 1]):
            return f"{reason} (the follow ties have no direction)"
        return reason

    return tuple(
        AuditScope(s.before, s.after, counts[s.index].get(None, 0),
                   sum(n for r, n in counts[s.index].items() if r is not None),
                   {named(r, s.index): counts[s.index][r] for r in SCOPE_REASONS
                    if counts[s.index].get(r)})
        for s in series.steps)


def scope_document(scope: tuple[AuditScope, ...]) -> list[dict]:
    """The ``"audit_scope"`` JSON value: one object per step."""
    return [{"from": s.before, "to": s.after, "judged": s.judged, "not_judged": s.not_judged,
             "why_not": dict(s.why_not)} for s in scope]


def audit_document(flags: tuple[AuditFlag, ...]) -> list[dict]:
    """The ``"audit"`` JSON value: one object per flag, highest score first."""
    return [
        {
            "account": f.account,
            "from": f.before,
            "to": f.after,
            "score": f.score,
            "evidence": f.evidence,
        }
        for f in flags
    ]
