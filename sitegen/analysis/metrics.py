"""Per-account figures, computed in one SQL pass over a snapshot's typed tables.

Follow reciprocity of an account equals NetworkX's ``reciprocity(G, node)``:
2 * mutual ties / (in-degree + out-degree), NULL for an account with no follow edges.
Interaction reciprocity uses the same formula on the graph of who interacted with whom
(any kind, self-interactions already dropped at load time). Follow ties without direction
(``ties: undirected``) measure no followers, following or reciprocity: only ``ties``, the
accounts tied to each account either way.
"""

from __future__ import annotations

from sitegen.snapshots.coverage import EDGE_SIDES
from sitegen.snapshots.model import Snapshot
from sitegen.snapshots.validate import pair_ends, pair_key

ACCOUNT_METRICS_SQL = """
CREATE OR REPLACE TABLE {s}.account_metrics AS
WITH
  -- follow degrees: who follows an account (in) and whom it follows (out)
  follow_out AS (SELECT src AS k, count(*) AS n FROM {s}.follows GROUP BY src),
  follow_in  AS (SELECT dst AS k, count(*) AS n FROM {s}.follows GROUP BY dst),
  -- follows that are returned: a -> b with b -> a, each such pair found once, from its
  -- lower key (half the follows on each side of the join: half its cost), and counted for
  -- both of its accounts (a follow of oneself was dropped at load)
  follow_both AS (
    SELECT f.src AS a, f.dst AS b
    FROM {s}.follows f JOIN {s}.follows g ON {f_pair} = {g_back}
    WHERE f.src < f.dst AND g.src > g.dst),
  follow_mutual AS (SELECT k, count(*) AS n
                    FROM (SELECT a AS k FROM follow_both UNION ALL SELECT b FROM follow_both)
                    GROUP BY k),
  -- the interaction graph: one edge per ordered pair that interacted at all, with its
  -- events (each row may stand for several via count), summed per account below: the
  -- volumes given and received (grouped by one number naming the pair: faster than by two)
  pairs AS (
    SELECT pair, {i_ends}, events
    FROM (SELECT {i_pair} AS pair, sum(count) AS events FROM {s}.interactions GROUP BY pair)),
  pair_out AS (SELECT src AS k, count(*) AS n, sum(events) AS given FROM pairs GROUP BY src),
  pair_in  AS (SELECT dst AS k, count(*) AS n, sum(events) AS received FROM pairs
               GROUP BY dst),
  pair_both AS (  -- pairs that interacted both ways, found once as the follows above
    SELECT p.src AS a, p.dst AS b
    FROM pairs p JOIN pairs q ON p.pair = {q_back}
    WHERE p.src < p.dst AND q.src > q.dst),
  pair_mutual AS (SELECT k, count(*) AS n
                  FROM (SELECT a AS k FROM pair_both UNION ALL SELECT b FROM pair_both)
                  GROUP BY k),
  posted   AS (SELECT author AS k, count(*) AS n FROM {s}.posts GROUP BY author)
-- a figure whose table the snapshot lacks is NULL (not measured), never 0
SELECT
  a.k,  -- the account's id, handle and name are joined by classify, not copied here
  coalesce(a.followers_count, CASE WHEN {followers_seen} THEN coalesce(follow_in.n, 0) END)
      AS followers,
  coalesce(a.following_count, CASE WHEN {following_seen} THEN coalesce(follow_out.n, 0) END)
      AS following,
  coalesce(follow_in.n, 0) AS followers_in_data,
  coalesce(follow_out.n, 0) AS following_in_data,
  CAST(CASE WHEN {posts_seen} THEN coalesce(posted.n, 0) END AS BIGINT) AS posts,
  a.posts_count AS lifetime_posts,
  CAST(CASE WHEN {given_seen} THEN coalesce(pair_out.given, 0) END AS BIGINT) AS given,
  CAST(CASE WHEN {received_seen} THEN coalesce(pair_in.received, 0) END AS BIGINT)
      AS received,
  CASE WHEN ({followers_seen}) AND ({following_seen}) THEN 2.0 * coalesce(follow_mutual.n, 0)
      / nullif(coalesce(follow_in.n, 0) + coalesce(follow_out.n, 0), 0) END
      AS follow_reciprocity,
  CASE WHEN {received_seen} THEN 2.0 * coalesce(pair_mutual.n, 0)
      / nullif(coalesce(pair_in.n, 0) + coalesce(pair_out.n, 0), 0) END
      AS interaction_reciprocity,
  -- NULL unless both are measured (greatest() would skip a NULL following)
  coalesce(a.followers_count, CASE WHEN {followers_seen} THEN coalesce(follow_in.n, 0) END)
      / CASE WHEN a.following_count IS NOT NULL OR {following_seen}
             THEN greatest(coalesce(a.following_count, follow_out.n, 0), 1) END
      AS audience_ratio,
  -- the accounts tied to it either way (a tie without direction is stored both ways)
  CASE WHEN {ties_seen} THEN coalesce(follow_in.n, 0) + coalesce(follow_out.n, 0)
      - coalesce(follow_mutual.n, 0) END AS ties,
  -- tie counts, summed by the network figures
  coalesce(follow_mutual.n, 0) AS follow_mutual_ties,
  coalesce(pair_out.n, 0) AS interaction_partners_out,
  coalesce(pair_mutual.n, 0) AS interaction_mutual_ties
FROM {s}.accounts a
  LEFT JOIN follow_out USING (k) LEFT JOIN follow_in USING (k) LEFT JOIN follow_mutual USING (k)
  LEFT JOIN pair_out USING (k) LEFT JOIN pair_in USING (k) LEFT JOIN pair_mutual USING (k)
  LEFT JOIN posted USING (k)
"""

# the ordered pairs grouped and joined above, each as one BIGINT
PAIRS = {"f_pair": pair_key("f.src", "f.dst"), "g_back": pair_key("g.dst", "g.src"),
         "i_pair": pair_key("src", "dst"), "i_ends": pair_ends("pair"),
         "q_back": pair_key("q.dst", "q.src")}


def compute_account_metrics(snapshot: Snapshot) -> str:
    """Create ``account_metrics`` for a snapshot; return its qualified name.

    Posts come from the posts table alone (in the window): a profile's ``posts_count`` is a
    lifetime total, kept as ``lifetime_posts``, not activity in the snapshot. Followers and
    following come from the profile, else from the follow edges; NULL when neither exists.
    """
    if snapshot.coverage.observed is not None:  # the owners, for the conditions below
        snapshot.db.execute(f"CREATE OR REPLACE TABLE {snapshot.schema}.observed_owners AS "
                            "SELECT unnest(?::VARCHAR[]) AS id",
                            [list(snapshot.coverage.observed.owners)])
    snapshot.db.execute(ACCOUNT_METRICS_SQL.format(s=snapshot.schema, **PAIRS,
                                                   **seen_conditions(snapshot)))
    return snapshot.table("account_metrics")


def seen_conditions(snapshot: Snapshot) -> dict[str, str]:
    """For each per-account figure, the SQL condition (on accounts ``a``) under which the
    snapshot measures it. A one-sided export (``observed``) measures its owners' side only:
    whom they follow (and who follows them, when ``follows: owners``), what they posted and
    gave; nobody's received interactions, and nothing of the strangers seen through them
    (the owners are in ``observed_owners``, made by ``compute_account_metrics``). Follow
    ties without direction measure neither side."""
    held, seen = snapshot.coverage, snapshot.coverage.observed
    owner = f"a.id IN (SELECT id FROM {snapshot.schema}.observed_owners)"

    def when(measured: bool, choice: str | None, owners_see: tuple[str, ...]) -> str:
        if not measured:
            return "false"
        if seen is None or choice == "all":
            return "true"
        return owner if choice in owners_see else "false"

    directed = held.follows and not held.undirected
    return {
        "followers_seen": when(directed, seen and seen.follows, EDGE_SIDES["followers"]),
        "following_seen": when(directed, seen and seen.follows, EDGE_SIDES["following"]),
        "ties_seen": when(held.ties_seen, None, ()),
        "posts_seen": when(held.posts.measured, seen and seen.posts, ("owners",)),
        "given_seen": when(held.interactions.measured, seen and seen.interactions, ("given",)),
        "received_seen": when(held.interactions.measured, seen and seen.interactions, ()),
    }
