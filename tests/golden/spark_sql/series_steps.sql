-- materialise series__account_steps
WITH pairs AS (
  SELECT
    s.i AS step,
    s.i AS i_before,
    s.i + 1 AS i_after,
    DATEDIFF(DAY, s.taken, t.taken) AS days
  FROM series__snapshots AS s
  JOIN series__snapshots AS t
    ON t.i = s.i + 1
), earlier AS (
  SELECT
    p.step,
    p.days,
    b.*
  FROM pairs AS p
  JOIN series__account_path AS b
    ON b.i = p.i_before
), later AS (
  SELECT
    p.step,
    p.days,
    a.*
  FROM pairs AS p
  JOIN series__account_path AS a
    ON a.i = p.i_after
)
SELECT
  COALESCE(b.step, a.step) AS step,
  COALESCE(b.days, a.days) AS days,
  COALESCE(b.id, a.id) AS id,
  b.k AS k_before,
  a.k AS k_after,
  COALESCE(b.class, 'joined') AS from_class,
  COALESCE(a.class, 'left') AS to_class,
  b.followers AS followers_before,
  a.followers AS followers_after,
  b.followers_from AS followers_from_before,
  a.followers_from AS followers_from_after,
  CASE WHEN a.followers_from = b.followers_from THEN a.followers - b.followers END AS followers_change,
  b.following AS following_before,
  a.following AS following_after,
  CASE WHEN a.following_from = b.following_from THEN a.following - b.following END AS following_change,
  b.engagement AS engagement_before,
  a.engagement AS engagement_after,
  b.window_posts AS posts_before,
  a.window_posts AS posts_after
FROM earlier AS b
FULL JOIN later AS a
  ON a.step = b.step AND a.id = b.id;
WITH per_step AS (
  SELECT
    step,
    COUNT(k_before) AS accounts_before,
    COUNT(k_after) AS accounts_after,
    COUNT(*) FILTER(WHERE
      k_before IS NULL) AS joined,
    COUNT(*) FILTER(WHERE
      k_after IS NULL) AS left_data,
    SUM(followers_before) AS followers_before, /* totals over the accounts where the figure is measured (NULL where it never is) */
    SUM(followers_after) AS followers_after,
    SUM(following_before) AS following_before,
    SUM(following_after) AS following_after,
    MEDIAN(followers_change) AS followers_median_change,
    MEDIAN(following_change) AS following_median_change
  FROM series__account_steps
  GROUP BY
    step
), fresh AS (
  SELECT
    step,
    COUNT(*) AS new_follows
  FROM series__new_follows
  GROUP BY
    step
)
SELECT
  p.*,
  COALESCE(f.new_follows, 0) AS new_follows
FROM per_step AS p
LEFT JOIN fresh AS f
  USING (step)
ORDER BY
  step NULLS LAST
