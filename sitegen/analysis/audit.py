"""The follower audit: audiences that grow in a jump without engagement, or with empty followers.

For every account present at both ends of a step (two consecutive snapshots), two signals,
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

The score is ``1 - (1 - U) * (1 - E)``: either pattern can raise it, both raise it more.
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
    empty_new_followers: int
    handle: str | None = None  # as published, from the latest snapshot (set by the pipeline)


# audit_signals: the measurements and both signals for every account in both snapshots of a
# step. Parameters: the AuditRules fields.
SIGNALS_SQL = """
CREATE OR REPLACE TABLE series.audit_signals AS
WITH
  steps AS (  -- each step's later snapshot, and from when a follower counts as fresh
    SELECT s.i AS step, t.i AS i_after,
      t.taken - to_days(greatest($fresh_days, coalesce(t.window_days, 0))) AS fresh_from
    FROM series.snapshots s JOIN series.snapshots t ON t.i = s.i + 1),
  stayed AS (  -- accounts judged: in both snapshots, audience and engagement measured in both
    SELECT *, followers_change / greatest(days, 1) AS rate,
      CAST(floor(log2(followers_before + 1)) AS INTEGER) AS band
    FROM series.account_steps WHERE k_before IS NOT NULL AND k_after IS NOT NULL
      AND followers_change IS NOT NULL AND engagement_before IS NOT NULL
      AND engagement_after IS NOT NULL),
  -- own history: median and MAD of the account's growth per day in its earlier steps (never
  -- a later one: no look-ahead)
  own_pairs AS (SELECT c.step, c.id, o.rate FROM stayed c
                JOIN stayed o ON o.id = c.id AND o.step < c.step),
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

  newcomers AS (
    SELECT step, k_after, count(*) AS new_followers,
      count(*) FILTER (WHERE NOT engaged AND known >= 2 AND met >= least($min_checks, known))
        AS empty,
      count(*) FILTER (WHERE engaged) AS engaged,
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
      own.m * s.days AS own_median, own.mad * s.days AS own_mad, own.n AS own_steps,
      peer.m AS peer_median, peer.mad AS peer_mad, peer.n AS peers,
      coalesce(nc.new_followers, 0) AS new_followers, coalesce(nc.empty, 0) AS empty,
      coalesce(nc.no_posts, 0) AS no_posts, coalesce(nc.follows_many, 0) AS follows_many,
      coalesce(nc.engaged, 0) AS engaged,
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
      LEFT JOIN usual us USING (step)),
  zscores AS (
    SELECT *,
      (followers_change - own_median) / greatest(1.4826 * own_mad,
        1 + sqrt(abs(own_median)) + abs(own_median) / 10) AS z_own,
      CASE WHEN peers >= $min_peers THEN (followers_change - peer_median) / greatest(
        1.4826 * peer_mad, 1 + sqrt(abs(peer_median)) + abs(peer_median) / 10) END AS z_peer,
      engagement_expected - engagement_before AS gain_expected,
      -- if engagement kept pace, each of the T events of both snapshots falls in the later
      -- one with p = g / (1 + g), g the audience ratio: how far below T p is the later count?
      CASE WHEN engagement_before + engagement_after > 0 THEN
        ((engagement_before + engagement_after) * g / (1 + g) - engagement_after)
        / sqrt((engagement_before + engagement_after) * g / (1 + g) / (1 + g)) END AS z_engagement
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
      CASE WHEN z > 0 THEN z * z / (z * z + $jump_z * $jump_z) ELSE 0 END AS jump,
      CASE WHEN gain_expected > 0 AND z_engagement > 0 THEN
        least(greatest(1 - (engagement_after - engagement_before) / gain_expected, 0), 1)
        * z_engagement * z_engagement
        / (z_engagement * z_engagement + $engagement_z * $engagement_z) ELSE 0 END AS shortfall,
      CASE WHEN new_followers > 0 AND empty_baseline < 1 AND z_empty > 0 THEN
        greatest(0, (empty / new_followers - empty_baseline) / (1 - empty_baseline))
        * z_empty * z_empty / (z_empty * z_empty + $empty_z * $empty_z) ELSE 0 END
        AS empty_newcomers
    FROM (SELECT *,  -- how surely more looked empty than usual: a binomial z-score
            (empty - new_followers * empty_baseline) / sqrt(greatest(
              new_followers * empty_baseline * (1 - empty_baseline), 1)) AS z_empty
          FROM combined))
SELECT *, jump * shortfall AS unengaged_jump,
  1 - (1 - jump * shortfall) * (1 - empty_newcomers) AS score
FROM signals
"""

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
    ELSE printf('%,d of %,d new followers in the data look empty (typically %.0f%% in this step): '
      || '%,d without posts, %,d following far more than followed, %,d created within '
      || '%d days, %,d with a default profile; %,d engaged with it (never counted as empty)',
      a.empty, a.new_followers, 100 * a.empty_baseline, a.no_posts, a.follows_many, a.fresh,
      $fresh_days, a.default_profile, a.engaged) END,
  printf('signals: jump without engagement %.2f (jump %.2f x engagement shortfall %.2f), '
         || 'empty new followers %.2f', a.unengaged_jump, a.jump, a.shortfall,
         a.empty_newcomers)) AS evidence,
  a.followers_before, a.followers_after, a.engagement_before, a.engagement_after,
  a.new_followers, a.empty
FROM series.audit_signals a
  JOIN series.snapshots s ON s.i = a.step JOIN series.snapshots t ON t.i = a.step + 1
WHERE a.score >= $min_score
ORDER BY a.score DESC, a.id, a.step
"""


def audit_followers(
    series: SeriesReport, rules: AuditRules = AuditRules()
) -> tuple[AuditFlag, ...]:
    """Score every account and step into ``series.audit_signals``; return the flags."""
    params = dataclasses.asdict(rules)
    series.db.execute(SIGNALS_SQL, {k: v for k, v in params.items() if k != "min_score"})
    flags_params = {k: params[k] for k in ("min_score", "min_peers", "fresh_days")}
    rows = series.db.execute(FLAGS_SQL, flags_params).fetchall()
    return tuple(AuditFlag(*row) for row in rows)


@dataclass(frozen=True)
class AuditScope:
    """Whom the audit could judge over one step, and why not the others: an account is judged
    only when it is in both snapshots with its audience and its engagement measured in both."""

    before: str
    after: str
    judged: int
    not_judged: int
    why_not: dict[str, int]  # reason -> accounts, in the order of SCOPE_REASONS


SCOPE_REASONS = ("in one snapshot only", "audience not measured", "engagement not measured")

# scope: per step, the accounts the audit judged and, for the others, the first reason
SCOPE_SQL = """
SELECT step, CASE
    WHEN k_before IS NULL OR k_after IS NULL THEN 'in one snapshot only'
    WHEN followers_change IS NULL THEN 'audience not measured'
    WHEN engagement_before IS NULL OR engagement_after IS NULL THEN 'engagement not measured'
  END AS reason, count(*)
FROM series.account_steps GROUP BY ALL
"""


def audit_scope(series: SeriesReport) -> tuple[AuditScope, ...]:
    """For each step, how many accounts the audit judged and why it could not judge the rest."""
    counts: dict[int, dict[str | None, int]] = {s.index: {} for s in series.steps}
    for step, reason, n in series.db.execute(SCOPE_SQL).fetchall():
        counts[step][reason] = n
    return tuple(
        AuditScope(s.before, s.after, counts[s.index].get(None, 0),
                   sum(n for r, n in counts[s.index].items() if r is not None),
                   {r: counts[s.index][r] for r in SCOPE_REASONS if counts[s.index].get(r)})
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
