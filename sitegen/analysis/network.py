"""Network-level figures for one snapshot.

Follow reciprocity equals NetworkX's ``overall_reciprocity`` (share of follow edges whose
reverse exists); rho is Garlaschelli and Loffredo's (2004) ``(r - a) / (1 - a)`` with
density ``a = L / (N (N - 1))``. Figures that need follows or interactions are None
when the snapshot has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.analysis.classify import CLASSES
from sitegen.snapshots.model import Snapshot

NETWORK_SQL = """
WITH
  follow_totals AS (
    SELECT count(*) AS edges,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM {s}.follows g WHERE g.src = f.dst AND g.dst = f.src)) AS mutual
    FROM {s}.follows f),
  pairs AS (SELECT DISTINCT src, dst FROM {s}.interactions),
  pair_totals AS (
    SELECT count(*) AS edges,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM pairs q WHERE q.src = p.dst AND q.dst = p.src)) AS mutual
    FROM pairs p)
SELECT
  (SELECT count(*) FROM {s}.accounts) AS accounts,
  follow_totals.edges AS follows,
  (SELECT coalesce(sum(count), 0) FROM {s}.interactions) AS interactions,
  (SELECT count(*) FROM {s}.posts) AS posts,
  follow_totals.mutual AS follow_mutual,
  pair_totals.edges AS interaction_pairs,
  pair_totals.mutual AS interaction_mutual
FROM follow_totals, pair_totals
"""


@dataclass(frozen=True)
class NetworkFigures:
    accounts: int
    follows: int
    interactions: int
    posts: int
    density: float | None
    reciprocity: float | None
    rho: float | None
    interaction_reciprocity: float | None
    classes: dict[str, int] = field(default_factory=dict)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def network_figures(snapshot: Snapshot, classes_table: str) -> NetworkFigures:
    """Totals, density, reciprocity, rho and class counts of one snapshot."""
    db = snapshot.db
    row = db.execute(NETWORK_SQL.format(s=snapshot.schema)).fetchone()
    accounts, follows, interactions, posts, mutual, pairs, pair_mutual = row
    possible = accounts * (accounts - 1)
    density = _ratio(follows, possible)
    reciprocity = _ratio(mutual, follows)
    rho = None
    if reciprocity is not None and density is not None and density < 1:
        rho = (reciprocity - density) / (1 - density)
    counts = dict(db.execute(f"SELECT class, count(*) FROM {classes_table} GROUP BY class")
                  .fetchall())
    return NetworkFigures(
        accounts=accounts, follows=follows, interactions=int(interactions), posts=posts,
        density=density if follows else None, reciprocity=reciprocity, rho=rho,
        interaction_reciprocity=_ratio(pair_mutual, pairs),
        classes={c: counts.get(c, 0) for c in CLASSES},
    )
