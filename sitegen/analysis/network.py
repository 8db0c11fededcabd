"""Network-level figures for one snapshot.

Follow reciprocity equals NetworkX's ``overall_reciprocity`` (share of follow edges whose
reverse exists); rho is Garlaschelli and Loffredo's (2004) ``(r - a) / (1 - a)`` with
density ``a = L / (N (N - 1))``. Figures that need follows or interactions are None
when the snapshot has none. Ties are the pairs of accounts tied either way; when they have
no direction (``ties: undirected``) follows, reciprocity and rho are None and the density
is that of the ties, ``T / (N (N - 1) / 2)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.analysis.classify import LABELS, unmeasured
from sitegen.config import AnalysisSettings
from sitegen.snapshots.model import Snapshot

NETWORK_SQL = """
-- totals; mutual ties and interaction pairs are summed from the per-account metrics
SELECT
  (SELECT count(*) FROM {s}.accounts) AS accounts,
  (SELECT count(*) FROM {s}.follows) AS follows,
  (SELECT coalesce(sum(count), 0) FROM {s}.interactions) AS interactions,
  (SELECT count(*) FROM {s}.posts) AS posts,
  coalesce(sum(follow_mutual_ties), 0) AS follow_mutual,
  coalesce(sum(interaction_partners_out), 0) AS interaction_pairs,
  coalesce(sum(interaction_mutual_ties), 0) AS interaction_mutual
FROM {s}.account_metrics
"""


@dataclass(frozen=True)
class NetworkFigures:
    """One snapshot's network figures; None where the snapshot lacks the table."""

    accounts: int
    follows: int | None  # None without follows, or when the ties have no direction
    ties: int | None  # pairs of accounts tied either way (None: not measured)
    interactions: int | None
    posts: int | None
    density: float | None
    reciprocity: float | None
    rho: float | None
    interaction_reciprocity: float | None
    classes: dict[str, int | None] = field(default_factory=dict)  # None: not measured


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def network_figures(snapshot: Snapshot, classes_table: str,
                    settings: AnalysisSettings) -> NetworkFigures:
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
    interaction_reciprocity = _ratio(pair_mutual, pairs)
    held, seen = snapshot.coverage, snapshot.coverage.observed
    ties = follows - mutual // 2  # a mutual pair is one tie (each of its accounts counts it)
    if held.undirected:  # who follows whom is not measured: only who is tied to whom
        density = _ratio(2 * ties, possible)
        follows = reciprocity = rho = None
    unmeasurable = unmeasured(held, settings)  # ways of use no rule can give: not 0
    if seen is not None:  # one-sided: no density of the whole; the owners' reciprocity only
        density = rho = None
        reciprocity = reciprocity if held.follow_ties_seen else None
        if seen.interactions != "all":  # what others did is not in it
            interaction_reciprocity = None
    return NetworkFigures(
        accounts=accounts, follows=follows if held.follows else None,
        ties=ties if held.ties_seen else None,
        interactions=int(interactions) if held.interactions.measured else None,
        posts=posts if held.posts.measured else None,
        density=density if ties else None, reciprocity=reciprocity, rho=rho,
        interaction_reciprocity=interaction_reciprocity,
        classes={c: None if c in unmeasurable else counts.get(c, 0) for c in LABELS},
    )
