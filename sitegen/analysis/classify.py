"""Ways of use: a score for each, a class by explicit rules, and the reason in words.

The rules, in order (thresholds from ``analysis`` settings, see docs/method.md):

1. inactive (posts + interactions given < active_min_actions) and following at least
   consumer_min_following: **consumer**;
2. inactive otherwise: **dormant**;
3. reciprocity (the higher of follow and interaction reciprocity) at least
   reciprocator_min_reciprocity and at least reciprocator_min_given interactions given:
   **reciprocator**;
4. audience ratio (followers per account followed) at least
   broadcaster_min_audience_ratio: **broadcaster**;
5. otherwise the active way of use with the higher score.

Scores sum to 1: inactivity ``i = m / (m + actions)`` splits into dormant and consumer
by ``f = following / (following + c)``; activity ``1 - i`` splits into reciprocator and
broadcaster by ``r * g``, reciprocity times the giving share ``g = min(1, given / n)``
(n = reciprocator_min_given; g = 1 when n is 0): an account that gives nothing back does
not score as a reciprocator however many of its follows are mutual.
"""

from __future__ import annotations

from sitegen.config import AnalysisSettings
from sitegen.snapshots.model import Snapshot

CLASSES = ("consumer", "reciprocator", "broadcaster", "dormant")

CLASSIFY_SQL = """
CREATE OR REPLACE TABLE {s}.account_classes AS
WITH inputs AS (
  SELECT *,
    posts + given AS actions,
    greatest(coalesce(follow_reciprocity, 0), coalesce(interaction_reciprocity, 0)) AS r
  FROM {s}.account_metrics),
shares AS (
  SELECT *,
    $active_min / ($active_min + actions) AS i,
    following / (following + $consumer_min) AS f,
    CASE WHEN $recip_min_given = 0 THEN 1.0
         ELSE least(1.0, given / $recip_min_given) END AS g
  FROM inputs),
scored AS (
  SELECT *,
    i * (1 - f) AS dormant_score, i * f AS consumer_score,
    (1 - i) * r * g AS reciprocator_score, (1 - i) * (1 - r * g) AS broadcaster_score,
    printf('%d posts + %d interactions given', posts, given) AS activity,
    printf('reciprocity %.2f (follow %s, interaction %s)', r,
           coalesce(printf('%.2f', follow_reciprocity), 'n/a'),
           coalesce(printf('%.2f', interaction_reciprocity), 'n/a')) AS recip_text
  FROM shares)
SELECT * EXCLUDE (activity, recip_text),
  CASE
    WHEN actions < $active_min AND following >= $consumer_min THEN 'consumer'
    WHEN actions < $active_min THEN 'dormant'
    WHEN r >= $recip_min AND given >= $recip_min_given THEN 'reciprocator'
    WHEN audience_ratio >= $audience_min THEN 'broadcaster'
    WHEN reciprocator_score > broadcaster_score THEN 'reciprocator'
    ELSE 'broadcaster'
  END AS class,
  CASE
    WHEN actions < $active_min THEN printf(
      'inactive: %s < %d; follows %d (%s %d): %s', activity, $active_min, following,
      CASE WHEN following >= $consumer_min THEN '>=' ELSE '<' END, $consumer_min,
      CASE WHEN following >= $consumer_min THEN 'consumer' ELSE 'dormant' END)
    WHEN r >= $recip_min AND given >= $recip_min_given THEN printf(
      'active (%s); %s >= %.2f and %d given >= %d: reciprocator',
      activity, recip_text, $recip_min, given, $recip_min_given)
    WHEN audience_ratio >= $audience_min THEN printf(
      'active (%s); %s; audience ratio %.1f (%d followers / %d following) >= %.1f: '
      'broadcaster', activity,
      CASE WHEN r < $recip_min THEN printf('%s < %.2f', recip_text, $recip_min)
           ELSE printf('%s but %d given < %d', recip_text, given, $recip_min_given) END,
      audience_ratio, followers, following, $audience_min)
    ELSE printf(
      'active (%s); %s, audience ratio %.1f: no rule matched, closest by score: %s',
      activity, recip_text, audience_ratio,
      CASE WHEN reciprocator_score > broadcaster_score
           THEN printf('reciprocator %.2f', reciprocator_score)
           ELSE printf('broadcaster %.2f', broadcaster_score) END)
  END AS reason
FROM scored
"""


def classify_accounts(snapshot: Snapshot, settings: AnalysisSettings) -> str:
    """Create ``account_classes`` (metrics, scores, class, reason); return its name."""
    snapshot.db.execute(
        CLASSIFY_SQL.format(s=snapshot.schema),
        {
            "active_min": settings.active_min_actions,
            "consumer_min": settings.consumer_min_following,
            "recip_min": settings.reciprocator_min_reciprocity,
            "recip_min_given": settings.reciprocator_min_given,
            "audience_min": settings.broadcaster_min_audience_ratio,
        },
    )
    return snapshot.table("account_classes")
