SELECT
  source,
  (
    WEEKDAY(local_at) + 1
  ) AS weekday,
  HOUR(local_at) AS hour,
  SUM(n) AS events
FROM (
  SELECT
    source,
    CONVERT_TIMEZONE('UTC', 'Europe/Paris', event_at) AS local_at,
    n
  FROM (
    SELECT
      'posts' AS source,
      posted_at AS event_at,
      1 AS n
    FROM s0__posts
    WHERE
      timed
    UNION ALL
    SELECT
      'interactions',
      interacted_at,
      count
    FROM s0__interactions
    WHERE
      timed
  )
  WHERE
    NOT event_at IS NULL
)
GROUP BY ALL
