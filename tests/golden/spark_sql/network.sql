/* totals; mutual ties and interaction pairs are summed from the per-account metrics */
SELECT
  (
    SELECT
      COUNT(*)
    FROM s0__accounts
  ) AS accounts,
  (
    SELECT
      COUNT(*)
    FROM s0__follows
  ) AS follows,
  (
    SELECT
      COALESCE(SUM(count), 0)
    FROM s0__interactions
  ) AS interactions,
  (
    SELECT
      COUNT(*)
    FROM s0__posts
  ) AS posts,
  COALESCE(SUM(follow_mutual_ties), 0) AS follow_mutual,
  COALESCE(SUM(interaction_partners_out), 0) AS interaction_pairs,
  COALESCE(SUM(interaction_mutual_ties), 0) AS interaction_mutual
FROM s0__account_metrics
