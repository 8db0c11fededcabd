-- materialise s0__account_metrics
WITH follow_out /* follow degrees: who follows an account (in) and whom it follows (out) */ AS (
  SELECT
    src AS k,
    COUNT(*) AS n
  FROM s0__follows
  GROUP BY
    src
), follow_in AS (
  SELECT
    dst AS k,
    COUNT(*) AS n
  FROM s0__follows
  GROUP BY
    dst
), follow_both /* follows that are returned: a -> b with b -> a, each such pair found once, from its */ /* lower key (half the follows on each side of the join: half its cost), and counted for */ /* both of its accounts (a follow of oneself was dropped at load) */ AS (
  SELECT
    f.src AS a,
    f.dst AS b
  FROM s0__follows AS f
  JOIN s0__follows AS g
    ON (
      CAST(f.src AS BIGINT) * 4294967296 + f.dst
    ) = (
      CAST(g.dst AS BIGINT) * 4294967296 + g.src
    )
  WHERE
    f.src < f.dst AND g.src > g.dst
), follow_mutual AS (
  SELECT
    k,
    COUNT(*) AS n
  FROM (
    SELECT
      a AS k
    FROM follow_both
    UNION ALL
    SELECT
      b
    FROM follow_both
  )
  GROUP BY
    k
), pairs /* the interaction graph: one edge per ordered pair that interacted at all, with its */ /* events (each row may stand for several via count), summed per account below: the */ /* volumes given and received (grouped by one number naming the pair: faster than by two) */ AS (
  SELECT
    pair,
    CAST(pair DIV 4294967296 AS INT) AS src,
    CAST(pair % 4294967296 AS INT) AS dst,
    events
  FROM (
    SELECT
      (
        CAST(src AS BIGINT) * 4294967296 + dst
      ) AS pair,
      SUM(count) AS events
    FROM s0__interactions
    GROUP BY
      pair
  )
), pair_out AS (
  SELECT
    src AS k,
    COUNT(*) AS n,
    SUM(events) AS given
  FROM pairs
  GROUP BY
    src
), pair_in AS (
  SELECT
    dst AS k,
    COUNT(*) AS n,
    SUM(events) AS received
  FROM pairs
  GROUP BY
    dst
), pair_both AS (
  SELECT
    p.src AS a,
    p.dst AS b
  FROM pairs AS p
  JOIN pairs AS q
    ON p.pair = (
      CAST(q.dst AS BIGINT) * 4294967296 + q.src
    )
  WHERE
    p.src < p.dst AND q.src > q.dst
), pair_mutual AS (
  SELECT
    k,
    COUNT(*) AS n
  FROM (
    SELECT
      a AS k
    FROM pair_both
    UNION ALL
    SELECT
      b
    FROM pair_both
  )
  GROUP BY
    k
), posted AS (
  SELECT
    author AS k,
    COUNT(*) AS n
  FROM s0__posts
  GROUP BY
    author
)
/* a figure whose table the snapshot lacks is NULL (not measured), never 0 */
SELECT
  a.k, /* the account's id, handle and name are joined by classify, not copied here */
  COALESCE(a.followers_count, CASE WHEN TRUE THEN COALESCE(follow_in.n, 0) END) AS followers,
  COALESCE(a.following_count, CASE WHEN TRUE THEN COALESCE(follow_out.n, 0) END) AS following,
  COALESCE(follow_in.n, 0) AS followers_in_data,
  COALESCE(follow_out.n, 0) AS following_in_data,
  CAST(CASE WHEN TRUE THEN COALESCE(posted.n, 0) END AS BIGINT) AS posts,
  a.posts_count AS lifetime_posts,
  CAST(CASE WHEN TRUE THEN COALESCE(pair_out.given, 0) END AS BIGINT) AS given,
  CAST(CASE WHEN TRUE THEN COALESCE(pair_in.received, 0) END AS BIGINT) AS received,
  CASE
    WHEN (
      TRUE
    ) AND (
      TRUE
    )
    THEN CAST(2.0 AS DOUBLE) * COALESCE(follow_mutual.n, 0) / NULLIF(COALESCE(follow_in.n, 0) + COALESCE(follow_out.n, 0), 0)
  END AS follow_reciprocity,
  CASE
    WHEN TRUE
    THEN CAST(2.0 AS DOUBLE) * COALESCE(pair_mutual.n, 0) / NULLIF(COALESCE(pair_in.n, 0) + COALESCE(pair_out.n, 0), 0)
  END AS interaction_reciprocity,
  COALESCE(a.followers_count, CASE WHEN TRUE THEN COALESCE(follow_in.n, 0) END) /* NULL unless both are measured (greatest() would skip a NULL following) */ / NULLIF(
    CASE
      WHEN NOT a.following_count IS NULL OR TRUE
      THEN GREATEST(COALESCE(a.following_count, follow_out.n, 0), 1)
    END,
    0
  ) AS audience_ratio,
  CASE
    WHEN TRUE
    THEN COALESCE(follow_in.n, 0) + COALESCE(follow_out.n, 0) - COALESCE(follow_mutual.n, 0)
  END AS ties, /* the accounts tied to it either way (a tie without direction is stored both ways) */
  COALESCE(follow_mutual.n, 0) AS follow_mutual_ties, /* tie counts, summed by the network figures */
  COALESCE(pair_out.n, 0) AS interaction_partners_out,
  COALESCE(pair_mutual.n, 0) AS interaction_mutual_ties
FROM s0__accounts AS a
LEFT JOIN follow_out
  USING (k)
LEFT JOIN follow_in
  USING (k)
LEFT JOIN follow_mutual
  USING (k)
LEFT JOIN pair_out
  USING (k)
LEFT JOIN pair_in
  USING (k)
LEFT JOIN pair_mutual
  USING (k)
LEFT JOIN posted
  USING (k)
