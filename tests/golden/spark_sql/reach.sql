-- materialise s0__repost_edges
SELECT DISTINCT
  src,
  dst
FROM s0__interactions
WHERE
  kind = 'repost';
-- materialise s0__repost_reach
SELECT
  dst AS root,
  src AS node,
  1 AS depth
FROM s0__repost_edges;
-- insert s0__repost_reach
SELECT DISTINCT
  f.root,
  r.src AS node,
  2 AS depth
FROM s0__repost_reach AS f
JOIN s0__repost_edges AS r
  ON r.dst = f.node
WHERE
  f.depth = 2 - 1
  AND r.src <> f.root
  AND NOT EXISTS(
    SELECT
      1
    FROM s0__repost_reach AS v
    WHERE
      v.root = f.root AND v.node = r.src
  )
