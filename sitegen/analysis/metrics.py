"""Per-account figures, computed in one SQL pass over a snapshot's typed tables.

Follow reciprocity of an account equals NetworkX's ``reciprocity(G, node)``:
2 * mutual ties / (in-degree + out-degree), NULL for an account with no follow edges.
Interaction reciprocity uses the same formula on the graph of who interacted with whom
(any kind, self-interactions already dropped at load time).
"""

from __future__ import annotations

from sitegen.snapshots.model import Snapshot

ACCOUNT_METRICS_SQL = """
CREATE OR REPLACE TABLE {s}.account_metrics AS
WITH
  -- follow degrees: who follows an account (in) and whom it follows (out)
  follow_out AS (SELECT src AS k, count(*) AS n FROM {s}.follows GROUP BY src),
  follow_in  AS (SELECT dst AS k, count(*) AS n FROM {s}.follows GROUP BY dst),
  -- follows that are returned: a -> b with b -> a
  follow_mutual AS (
    SELECT f.src AS k, count(*) AS n
    FROM {s}.follows f JOIN {s}.follows g ON f.src = g.dst AND f.dst = g.src
    GROUP BY f.src),
  -- the interaction graph: one edge per ordered pair that interacted at all
  pairs AS (SELECT DISTINCT src, dst FROM {s}.interactions),
  pair_out AS (SELECT src AS k, count(*) AS n FROM pairs GROUP BY src),
  pair_in  AS (SELECT dst AS k, count(*) AS n FROM pairs GROUP BY dst),
  pair_mutual AS (
    SELECT p.src AS k, count(*) AS n
    FROM pairs p JOIN pairs q ON p.src = q.dst AND p.dst = q.src
    GROUP BY p.src),
  -- interaction volumes (each row may stand for several events via count)
  given    AS (SELECT src AS k, sum(count) AS n FROM {s}.interactions GROUP BY src),
  received AS (SELECT dst AS k, sum(count) AS n FROM {s}.interactions GROUP BY dst),
  posted   AS (SELECT author AS k, count(*) AS n FROM {s}.posts GROUP BY author)
SELECT
  a.k, a.id, coalesce(a.handle, a.id) AS handle, a.name,
  coalesce(a.followers_count, follow_in.n, 0) AS followers,
  coalesce(a.following_count, follow_out.n, 0) AS following,
  coalesce(follow_in.n, 0) AS followers_in_data,
  coalesce(follow_out.n, 0) AS following_in_data,
  CAST({posts} AS BIGINT) AS posts,
  CAST(coalesce(given.n, 0) AS BIGINT) AS given,
  CAST(coalesce(received.n, 0) AS BIGINT) AS received,
  2.0 * coalesce(follow_mutual.n, 0)
      / nullif(coalesce(follow_in.n, 0) + coalesce(follow_out.n, 0), 0) AS follow_reciprocity,
  2.0 * coalesce(pair_mutual.n, 0)
      / nullif(coalesce(pair_in.n, 0) + coalesce(pair_out.n, 0), 0) AS interaction_reciprocity,
  coalesce(a.followers_count, follow_in.n, 0)
      / greatest(coalesce(a.following_count, follow_out.n, 0), 1) AS audience_ratio,
  -- tie counts, summed by the network figures
  coalesce(follow_mutual.n, 0) AS follow_mutual_ties,
  coalesce(pair_out.n, 0) AS interaction_partners_out,
  coalesce(pair_mutual.n, 0) AS interaction_mutual_ties
FROM {s}.accounts a
  LEFT JOIN follow_out USING (k) LEFT JOIN follow_in USING (k) LEFT JOIN follow_mutual USING (k)
  LEFT JOIN pair_out USING (k) LEFT JOIN pair_in USING (k) LEFT JOIN pair_mutual USING (k)
  LEFT JOIN given USING (k) LEFT JOIN received USING (k) LEFT JOIN posted USING (k)
"""


def compute_account_metrics(snapshot: Snapshot) -> str:
    """Create ``account_metrics`` for a snapshot; return its qualified name.

    Posts come from the posts table when the snapshot has one, else from the
    profile's ``posts_count``, else 0.
    """
    posts = ("coalesce(posted.n, 0)" if "posts" in snapshot.present
             else "coalesce(a.posts_count, 0)")
    snapshot.db.execute(ACCOUNT_METRICS_SQL.format(s=snapshot.schema, posts=posts))
    return snapshot.table("account_metrics")
