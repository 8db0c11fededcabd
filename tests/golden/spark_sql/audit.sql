-- macro audit_strength;
-- macro audit_engagement_z;
-- macro audit_shortfall;
-- materialise series__audit_signals
WITH steps AS (
  SELECT
    s.i AS step,
    t.i AS i_after,
    t.taken - MAKE_DT_INTERVAL(GREATEST(30, COALESCE(t.window_days, 0))) AS fresh_from
  FROM series__snapshots AS s
  JOIN series__snapshots AS t
    ON t.i = s.i + 1
), stayed AS (
  /* snapshots, audience (counted alike) and engagement measured in both */
  SELECT
    a.*,
    r.run,
    a.followers_change / NULLIF(GREATEST(a.days, 1), 0) AS rate,
    CAST(FLOOR(LOG(2, a.followers_before + 1)) AS INT) AS band
  FROM series__account_steps AS a
  JOIN series__steps AS r
    ON r.step = a.step AND r.comparable
  WHERE
    NOT a.k_before IS NULL
    AND NOT a.k_after IS NULL
    AND NOT a.followers_change IS NULL
    AND NOT a.engagement_before IS NULL
    AND NOT a.engagement_after IS NULL
), span_ends /* spans of two steps or more ending with each step: the audience at both ends, for growth */ /* that no single step shows (a steady drip); peers are the accounts of the same size at */ /* the span's start, over the same span */ AS (
  SELECT
    t.step,
    t.id,
    b.step AS first_step,
    t.step - b.step + 1 AS span_steps,
    b.followers_before AS f0,
    t.followers_after AS f1,
    t.followers_after - b.followers_before AS change,
    b.engagement_before AS e0,
    t.engagement_after AS e1,
    (
      t.followers_after + CAST(1.0 AS DOUBLE)
    ) / NULLIF((
      b.followers_before + 1
    ), 0) * COALESCE((
      t.posts_after + CAST(1.0 AS DOUBLE)
    ) / NULLIF((
      b.posts_before + 1
    ), 0), 1) AS g,
    b.posts_before AS p0,
    t.posts_after AS p1,
    b.band
  /* 2 steps or more, none between them not compared, followers counted alike at both ends */
  FROM stayed AS t
  JOIN stayed AS b
    ON b.id = t.id
    AND b.step < t.step
    AND b.run = t.run
    AND b.followers_from_before = t.followers_from_after
), span_peer_median AS (
  SELECT
    step,
    first_step,
    band,
    MEDIAN(change) AS m,
    COUNT(*) AS n
  FROM span_ends
  GROUP BY ALL
), span_peer AS (
  SELECT
    step,
    first_step,
    band,
    ANY_VALUE(p.m) IGNORE NULLS AS m,
    ANY_VALUE(p.n) IGNORE NULLS AS n,
    MEDIAN(ABS(e.change - p.m)) AS mad
  FROM span_ends AS e
  JOIN span_peer_median AS p
    USING (step, first_step, band)
  GROUP BY ALL
), span_scored AS (
  SELECT
    e.*,
    p.m AS span_peer_median,
    p.n AS span_peers,
    CASE
      WHEN p.n >= 5
      THEN (
        e.change - p.m
      ) / NULLIF(
        GREATEST(CAST(1.4826 AS DOUBLE) * p.mad, 1 + SQRT(ABS(p.m)) + ABS(p.m) / NULLIF(10, 0)),
        0
      )
    END AS z_span,
    (
      CASE
        WHEN e0 + e1 > 0
        THEN (
          (
            e0 + e1
          ) * g / NULLIF((
            1 + g
          ), 0) - e1 - CASE WHEN (
            TRUE
          ) THEN CAST(0.5 AS DOUBLE) ELSE 0 END
        ) / NULLIF(
          SQRT(
            CASE
              WHEN (
                TRUE
              )
              THEN GREATEST((
                e0 + e1
              ) * g / NULLIF((
                1 + g
              ), 0) / NULLIF((
                1 + g
              ), 0), 1)
              ELSE (
                e0 + e1
              ) * g / NULLIF((
                1 + g
              ), 0) / NULLIF((
                1 + g
              ), 0)
            END
          ),
          0
        )
      END
    ) AS z_span_engagement
  FROM span_ends AS e
  LEFT JOIN span_peer AS p
    USING (step, first_step, band)
), span_signals /* the strongest of k spans is kept (k earlier steps), so each cut-off z0 is raised to */ /* sqrt(z0^2 + 2 ln k): the tail of the largest of k normal scores */ AS (
  SELECT
    *,
    (
      CASE
        WHEN z_span > 0
        THEN z_span * z_span / NULLIF(
          (
            z_span * z_span + (
              SQRT(CAST('3.5' AS DOUBLE) * CAST('3.5' AS DOUBLE) + 2 * LN(step))
            ) * (
              SQRT(CAST('3.5' AS DOUBLE) * CAST('3.5' AS DOUBLE) + 2 * LN(step))
            )
          ),
          0
        )
        ELSE 0
      END
    ) * (
      CASE
        WHEN (
          e0 * g
        ) > e0 AND COALESCE(p1, 1) > 0
        THEN LEAST(GREATEST(1 - (
          e1 - e0
        ) / NULLIF((
          (
            e0 * g
          ) - e0
        ), 0), 0), 1) * (
          CASE
            WHEN z_span_engagement > 0
            THEN z_span_engagement * z_span_engagement / NULLIF(
              (
                z_span_engagement * z_span_engagement + (
                  SQRT(CAST('2.0' AS DOUBLE) * CAST('2.0' AS DOUBLE) + 2 * LN(step))
                ) * (
                  SQRT(CAST('2.0' AS DOUBLE) * CAST('2.0' AS DOUBLE) + 2 * LN(step))
                )
              ),
              0
            )
            ELSE 0
          END
        )
        ELSE 0
      END
    ) AS drift
  FROM span_scored
), drift AS (
  SELECT
    step,
    id,
    MAX_BY(first_step, drift) AS drift_first_step,
    MAX(drift) AS drift,
    MAX_BY(span_steps, drift) AS drift_steps,
    MAX_BY(f0, drift) AS drift_f0,
    MAX_BY(e0, drift) AS drift_e0,
    MAX_BY(e0 * g, drift) AS drift_expected,
    MAX_BY(span_peer_median, drift) AS drift_peer_median
  FROM span_signals
  GROUP BY ALL
), own_pairs /* own history: median and MAD of the account's growth per day in its earlier steps (never */ /* a later one: no look-ahead) */ AS (
  SELECT
    c.step,
    c.id,
    o.rate
  FROM stayed AS c
  JOIN stayed AS o
    ON o.id = c.id
    AND o.step < c.step
    AND o.followers_from_after = c.followers_from_after
), own_median AS (
  SELECT
    step,
    id,
    MEDIAN(rate) AS m,
    COUNT(*) AS n
  FROM own_pairs
  GROUP BY ALL
), own AS (
  SELECT
    step,
    id,
    ANY_VALUE(o.m) IGNORE NULLS AS m,
    ANY_VALUE(o.n) IGNORE NULLS AS n,
    MEDIAN(ABS(p.rate - o.m)) AS mad
  FROM own_pairs AS p
  JOIN own_median AS o
    USING (step, id)
  GROUP BY ALL
), peer_median /* peers: median and MAD of the follower change of accounts in the same band and step */ AS (
  SELECT
    step,
    band,
    MEDIAN(followers_change) AS m,
    COUNT(*) AS n
  FROM stayed
  GROUP BY ALL
), peer AS (
  SELECT
    step,
    band,
    ANY_VALUE(p.m) IGNORE NULLS AS m,
    ANY_VALUE(p.n) IGNORE NULLS AS n,
    MEDIAN(ABS(s.followers_change - p.m)) AS mad
  FROM stayed AS s
  JOIN peer_median AS p
    USING (step, band)
  GROUP BY ALL
), checks /* new followers: the checks on each new follower's profile in the later snapshot; one that */ /* replied to, reposted or quoted the account in that snapshot is engaged, never empty */ AS (
  SELECT
    n.step,
    n.dst AS k_after,
    EXISTS(
      SELECT
        1
      FROM series__engaged AS e
      WHERE
        e.step = n.step AND e.src = n.src AND e.dst = n.dst
    ) AS engaged,
    CASE WHEN p.posts_known THEN p.posts = 0 END AS no_posts,
    p.following /* following far more than followed means something only with enough follows */ >= 100
    AND (
      p.following >= CAST('10.0' AS DOUBLE) * GREATEST(p.followers, 1)
      OR p.followers < 0
    ) AS follows_many,
    CASE
      WHEN NOT p.created_at IS NULL
      THEN p.created_at >= st.fresh_from
      OR COALESCE(p.created_at >= n.since - MAKE_DT_INTERVAL(30), FALSE)
    END AS fresh,
    p.default_profile
  FROM series__new_follows AS n
  JOIN steps AS st
    USING (step)
  JOIN series__account_path AS p
    ON p.i = st.i_after AND p.k = n.src
), verdicts AS (
  SELECT
    *,
    CAST(NOT no_posts IS NULL AS INT) + CAST(NOT follows_many IS NULL AS INT) + CAST(NOT fresh IS NULL AS INT) + CAST(NOT default_profile IS NULL AS INT) AS known,
    CAST(COALESCE(no_posts, FALSE) AS INT) + CAST(COALESCE(follows_many, FALSE) AS INT) + CAST(COALESCE(fresh, FALSE) AS INT) + CAST(COALESCE(default_profile, FALSE) AS INT) AS met
  FROM checks
), newcomers /* per account: its new followers, those that look empty, how many could be checked at */ /* all (two checks known) and each check's known count (a check the data does not allow */ /* is "not measured", never 0), and each check met */ AS (
  SELECT
    step,
    k_after,
    COUNT(*) AS new_followers,
    COUNT(*) FILTER(WHERE
      NOT engaged AND known >= 2 AND met >= LEAST(2, known)) AS empty,
    COUNT(*) FILTER(WHERE
      engaged) AS engaged,
    COUNT(*) FILTER(WHERE
      known >= 2) AS checkable,
    COUNT(no_posts) AS posts_known,
    COUNT(follows_many) AS follows_known,
    COUNT(fresh) AS created_known,
    COUNT(default_profile) AS profile_known,
    COUNT(*) FILTER(WHERE
      no_posts) AS no_posts,
    COUNT(*) FILTER(WHERE
      follows_many) AS follows_many,
    COUNT(*) FILTER(WHERE
      fresh) AS fresh,
    COUNT(*) FILTER(WHERE
      default_profile) AS default_profile
  FROM verdicts
  GROUP BY ALL
), usual /* what is usual: the median share of empty new followers among accounts with at least */ /* $baseline_min_new of them, when there are at least $min_peers such accounts ... */ AS (
  SELECT
    step,
    MEDIAN(empty / NULLIF(new_followers, 0)) AS share,
    COUNT(*) AS n
  FROM newcomers
  WHERE
    new_followers >= 5
  GROUP BY
    step
), pooled /* ... else the share among all the other accounts' new followers */ AS (
  SELECT
    step,
    SUM(new_followers) AS n,
    SUM(empty) AS e
  FROM newcomers
  GROUP BY
    step
), measured AS (
  SELECT
    s.step,
    s.id,
    s.days,
    s.followers_before,
    s.followers_after,
    s.followers_change,
    s.engagement_before,
    s.engagement_after,
    s.band,
    s.posts_before,
    s.posts_after,
    COALESCE(dr.drift, 0) AS drift,
    dr.drift_first_step,
    dr.drift_steps,
    dr.drift_f0,
    dr.drift_e0,
    dr.drift_expected,
    dr.drift_peer_median,
    own.m * s.days AS own_median,
    own.mad * s.days AS own_mad,
    own.n AS own_steps,
    peer.m AS peer_median,
    peer.mad AS peer_mad,
    peer.n AS peers,
    COALESCE(nc.new_followers, 0) AS new_followers,
    COALESCE(nc.empty, 0) AS empty,
    COALESCE(nc.no_posts, 0) AS no_posts,
    COALESCE(nc.follows_many, 0) AS follows_many,
    COALESCE(nc.engaged, 0) AS engaged,
    COALESCE(nc.checkable, 0) AS checkable,
    nc.posts_known,
    nc.follows_known,
    nc.created_known,
    nc.profile_known,
    COALESCE(nc.fresh, 0) AS fresh,
    COALESCE(nc.default_profile, 0) AS default_profile,
    CASE
      WHEN us.n >= 5
      THEN us.share
      ELSE COALESCE(
        (
          pl.e - COALESCE(nc.empty, 0)
        ) / NULLIF(pl.n - COALESCE(nc.new_followers, 0), 0),
        0
      )
    END AS empty_baseline,
    (
      s.followers_after + CAST(1.0 AS DOUBLE)
    ) /* engagement is expected to grow with the audience and with how much the account */ /* posted (posts in each window, when measured): g is the product of both ratios */ / NULLIF((
      s.followers_before + 1
    ), 0) * COALESCE((
      s.posts_after + CAST(1.0 AS DOUBLE)
    ) / NULLIF((
      s.posts_before + 1
    ), 0), 1) AS g,
    s.engagement_before * (
      s.followers_after + CAST(1.0 AS DOUBLE)
    ) / NULLIF((
      s.followers_before + 1
    ), 0) * COALESCE((
      s.posts_after + CAST(1.0 AS DOUBLE)
    ) / NULLIF((
      s.posts_before + 1
    ), 0), 1) AS engagement_expected
  FROM stayed AS s
  LEFT JOIN own
    USING (step, id)
  LEFT JOIN peer
    USING (step, band)
  LEFT JOIN newcomers AS nc
    USING (step, k_after)
  LEFT JOIN pooled AS pl
    USING (step)
  LEFT JOIN usual AS us
    USING (step)
  LEFT JOIN drift AS dr
    USING (step, id)
), zscores AS (
  SELECT
    *,
    (
      followers_change - own_median
    ) / NULLIF(
      GREATEST(
        CAST(1.4826 AS DOUBLE) * own_mad,
        1 + SQRT(ABS(own_median)) + ABS(own_median) / NULLIF(10, 0)
      ),
      0
    ) AS z_own,
    CASE
      WHEN peers >= 5
      THEN (
        followers_change - peer_median
      ) / NULLIF(
        GREATEST(
          CAST(1.4826 AS DOUBLE) * peer_mad,
          1 + SQRT(ABS(peer_median)) + ABS(peer_median) / NULLIF(10, 0)
        ),
        0
      )
    END AS z_peer,
    engagement_expected - engagement_before AS gain_expected,
    (
      CASE
        WHEN engagement_before + engagement_after > 0
        THEN (
          (
            engagement_before + engagement_after
          ) * g / NULLIF((
            1 + g
          ), 0) - engagement_after - CASE WHEN (
            FALSE
          ) THEN CAST(0.5 AS DOUBLE) ELSE 0 END
        ) / NULLIF(
          SQRT(
            CASE
              WHEN (
                FALSE
              )
              THEN GREATEST(
                (
                  engagement_before + engagement_after
                ) * g / NULLIF((
                  1 + g
                ), 0) / NULLIF((
                  1 + g
                ), 0),
                1
              )
              ELSE (
                engagement_before + engagement_after
              ) * g / NULLIF((
                1 + g
              ), 0) / NULLIF((
                1 + g
              ), 0)
            END
          ),
          0
        )
      END
    ) AS z_engagement
  FROM measured
), robust /* the jump must hold against both baselines (the smaller z, NULLs ignored), unless a */ /* robust one (peers, or at least 3 earlier steps of its own) finds it extreme (twice the */ /* cut-off): then that one is not vetoed by the other */ AS (
  SELECT
    *,
    GREATEST(CASE WHEN own_steps >= 3 THEN z_own END, z_peer) AS z_robust
  FROM zscores
), combined AS (
  SELECT
    *,
    CASE
      WHEN z_robust >= 2 * CAST('3.5' AS DOUBLE)
      THEN z_robust
      ELSE LEAST(z_own, z_peer)
    END AS z
  FROM robust
), signals AS (
  SELECT
    *,
    (
      CASE
        WHEN z > 0
        THEN z * z / NULLIF((
          z * z + (
            CAST('3.5' AS DOUBLE)
          ) * (
            CAST('3.5' AS DOUBLE)
          )
        ), 0)
        ELSE 0
      END
    ) AS jump,
    (
      CASE
        WHEN engagement_expected > engagement_before AND COALESCE((
          NULL
        ), 1) > 0
        THEN LEAST(
          GREATEST(
            1 - (
              engagement_after - engagement_before
            ) / NULLIF((
              engagement_expected - engagement_before
            ), 0),
            0
          ),
          1
        ) * (
          CASE
            WHEN z_engagement > 0
            THEN z_engagement * z_engagement / NULLIF(
              (
                z_engagement * z_engagement + (
                  CAST('2.0' AS DOUBLE)
                ) * (
                  CAST('2.0' AS DOUBLE)
                )
              ),
              0
            )
            ELSE 0
          END
        )
        ELSE 0
      END
    ) AS shortfall,
    CASE
      WHEN new_followers > 0 AND empty_baseline < 1 AND z_empty > 0
      THEN GREATEST(
        0,
        (
          empty / NULLIF(new_followers, 0) - empty_baseline
        ) / NULLIF((
          1 - empty_baseline
        ), 0)
      ) * z_empty * z_empty / NULLIF((
        z_empty * z_empty + CAST('3.0' AS DOUBLE) * CAST('3.0' AS DOUBLE)
      ), 0)
      ELSE 0
    END AS empty_newcomers
  FROM (
    SELECT
      *, /* how surely more looked empty than usual: a binomial z-score */
      (
        empty - new_followers * empty_baseline
      ) / NULLIF(SQRT(GREATEST(new_followers * empty_baseline * (
        1 - empty_baseline
      ), 1)), 0) AS z_empty
    FROM combined
  )
)
SELECT
  *,
  jump * shortfall AS unengaged_jump,
  1 /* growth without engagement in one step or over several is one pattern: the stronger counts */ - (
    1 - GREATEST(jump * shortfall, drift)
  ) * (
    1 - empty_newcomers
  ) AS score
FROM signals
