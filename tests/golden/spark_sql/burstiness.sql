-- materialise s0__burstiness
WITH gaps AS (
  SELECT
    author AS k,
    (
      CAST(UNIX_MICROS(CAST(posted_at AS TIMESTAMP_LTZ)) AS DOUBLE) / CAST(1000000 AS DOUBLE)
    ) - (
      CAST(UNIX_MICROS(
        CAST(LAG(posted_at) OVER (PARTITION BY author ORDER BY posted_at NULLS LAST) AS TIMESTAMP_LTZ)
      ) AS DOUBLE) / CAST(1000000 AS DOUBLE)
    ) AS gap
  FROM s0__posts
  WHERE
    NOT posted_at IS NULL AND timed
), stats AS (
  SELECT
    k,
    COUNT(gap) AS n,
    AVG(gap) AS mu,
    STDDEV_POP(gap) AS sigma
  FROM gaps
  GROUP BY
    k
)
SELECT
  k,
  n + 1 AS posts_timed,
  mu AS mean_gap_seconds,
  sigma AS sd_gap_seconds,
  CASE
    WHEN n + 1 >= 10 AND mu > 0
    THEN (
      sigma - mu
    ) / NULLIF((
      sigma + mu
    ), 0)
  END AS burstiness,
  CASE
    WHEN n + 1 >= 10 AND mu > 0
    THEN (
      SQRT(n + 1) * sigma / NULLIF(mu, 0) - SQRT(n - 1)
    ) / NULLIF((
      (
        SQRT(n + 1) - 2
      ) * sigma / NULLIF(mu, 0) + SQRT(n - 1)
    ), 0)
  END AS burstiness_corrected
FROM stats
