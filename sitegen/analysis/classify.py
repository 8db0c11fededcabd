"""Ways of use: a score for each, a class by explicit rules, and the reason in words.

The rules use only what the snapshot measures (docs/method.md, "Usage classes", gives them
with the thresholds, the ``analysis`` settings). First, how active the account was:

- *active*: posts + interactions given >= active_min_actions (whatever of the two is measured);
- *inactive*: fewer, and the snapshot has posts (an account's posts are all it posted);
- *partly measured*: fewer, with interactions but no posts in the snapshot: cannot be told;
- *not measured*: the snapshot has neither posts nor interactions.

Then, in order:

1. inactive: following >= consumer_min_following: **consumer**, else **dormant**
   (whom it follows not measured: **unclassified**);
2. active: reciprocity >= reciprocator_min_reciprocity and at least reciprocator_min_given
   interactions given (when interactions are measured): **reciprocator**;
3. active: a measured audience ratio >= broadcaster_min_audience_ratio: **broadcaster**;
4. active otherwise: reciprocity times giving share over 0.5: **reciprocator**; else a
   measured audience of at least as many followers as followed: **broadcaster**; else
   **unclassified** (no way of use fits, or the audience is not measured);
5. activity not measured, from follows alone (Krishnamurthy et al. 2008): audience ratio >=
   broadcaster_min_audience_ratio: **broadcaster**; follow reciprocity >=
   reciprocator_min_reciprocity: **reciprocator**; following >= consumer_min_following and
   an audience ratio <= 1 / broadcaster_min_audience_ratio (follows far more accounts than
   follow it): **consumer**; else **unclassified**;
6. partly measured: **unclassified**.

Follow ties without direction (``ties: undirected``) measure no followers, following or
follow reciprocity: their accounts are classified by posts, interactions and profile counts
alone, and from those ties alone are **unclassified**, with that reason.

Scores sum to 1 and exist where posts, following and reciprocity (follows both ways, or
interactions received) are measured: inactivity
``i = m / (m + actions)`` splits into dormant and consumer by ``f = following / (following +
c)``; activity ``1 - i`` splits into reciprocator and broadcaster by ``r * g``, reciprocity
times the giving share ``g = min(1, given / n)`` (g = 1 when n is 0 or interactions are not
measured).
"""

from __future__ import annotations

from sitegen.config import AnalysisSettings
from sitegen.snapshots.coverage import UNDIRECTED, Coverage
from sitegen.snapshots.model import Snapshot

CLASSES = ("consumer", "reciprocator", "broadcaster", "dormant")
UNCLASSIFIED = "unclassified"
LABELS = (*CLASSES, UNCLASSIFIED)  # every value of the class column


def labels_in(counts: dict[str, int | None]) -> tuple[str, ...]:
    """The ways of use the snapshot can tell (a count of None: not measured, see
    ``unmeasured``), and ``unclassified`` when some account is (for charts, pages)."""
    return tuple(c for c in CLASSES if counts.get(c, 0) is not None) + (
        (UNCLASSIFIED,) if counts.get(UNCLASSIFIED) else ())


def unmeasured(held: Coverage, settings: AnalysisSettings) -> dict[str, str]:
    """The ways of use that no rule (CLASSIFY_SQL) can give with what a snapshot measures,
    each with why: their counts are "not measured", not 0. Inactivity is seen only in posts,
    whom an account follows and its audience only in follows or profile counts, reciprocity
    only in follows (both ways) or interactions (received too); a one-sided export
    (``observed``) sees its owners' side alone, and follow ties without direction
    (``ties: undirected``) none. A reciprocator threshold of 0 lets any active
    account be one, measured reciprocity or not."""
    both_ways = held.follow_ties_seen
    following = held.following_seen
    audience = following and held.followers_seen
    received = held.received_seen
    why = {}
    if not (held.posts.measured and following) and not (
            not held.activity and following and audience):
        why["consumer"] = ("a consumer is told by few posts and many accounts followed, or, "
                           "without posts or interactions, by follows alone")
    if not (both_ways or received) and not (
            held.activity and settings.reciprocator_min_reciprocity <= 0):
        why["reciprocator"] = ("a reciprocator is told by reciprocity, of follows (both ways) "
                               "or interactions (received too)")
    if not audience:
        why["broadcaster"] = ("a broadcaster is told by its audience: followers per account "
                              "followed")
    if not (held.posts.measured and following):
        why["dormant"] = ("a dormant account is told by few posts and few accounts followed, "
                          "and silence is seen only in posts")
    if held.undirected:
        why = {c: f"{text}; here {UNDIRECTED}" for c, text in why.items()}
    return why


# Pieces of the reason, written into the branches of its CASE that use them (DuckDB computes
# a branch only for its rows; as columns they were computed for every account)
# (joined by ||, a whole number written by a cast, printf only for a number with decimals:
# printf parses its pattern for every row; at 1M accounts the reasons took 0.8 instead of
# 1.1 CPU s, the same texts)
DONE_TEXT = ("concat_ws(' + ', CAST(posts AS VARCHAR) || ' posts', "
             "CAST(given AS VARCHAR) || ' interactions given')")
RECIP_TEXT = """(CASE WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
           THEN 'no reciprocity measured' ELSE printf('reciprocity %.2f', r) END
      || ' (' || CASE WHEN $undirected THEN 'follow not measured: the ties have no direction'
           WHEN NOT $has_follows THEN 'follow not measured'
           WHEN follow_reciprocity IS NULL THEN 'no follow ties'
           ELSE printf('follow %.2f', follow_reciprocity) END
      || ', ' || CASE WHEN NOT $has_received THEN 'interaction not measured'
           WHEN interaction_reciprocity IS NULL THEN 'no interactions'
           ELSE printf('interaction %.2f', interaction_reciprocity) END || ')')"""
AUDIENCE_TEXT = ("coalesce(printf('audience ratio %.1f', audience_ratio) || ' (' "
                 "|| CAST(followers AS VARCHAR) || ' followers / ' "
                 "|| CAST(following AS VARCHAR) || ' following)', 'audience not measured' "
                 "|| CASE WHEN $undirected THEN ' (the ties have no direction)' ELSE '' END)")
FOLLOWS_TEXT = ("coalesce('follows ' || CAST(following AS VARCHAR), 'following not measured' "
                "|| CASE WHEN $undirected THEN ' (the ties have no direction)' ELSE '' END)")
# from follow ties without direction alone, what cannot be told (and what is measured)
UNDIRECTED_TEXT = ("'from follows alone (posts and interactions not measured): the follow ties "
                   "have no direction (an undirected tie says that two accounts are connected, "
                   "not who follows whom), so followers, following, follow reciprocity and the "
                   "audience are not measured (' || coalesce(CAST(ties AS VARCHAR) || ' ties', "
                   "'ties not measured') || '); without them no way of use can be told: "
                   "unclassified'")
# why reciprocity did not make an active account a reciprocator
SHORT_TEXT = f"""CASE WHEN r >= $recip_min AND $has_interactions
         THEN {RECIP_TEXT} || ' but ' || CAST(given AS VARCHAR) || ' given < '
              || CAST($recip_min_given AS VARCHAR)
         ELSE {RECIP_TEXT} || ' < ' || printf('%.2f', $recip_min) END"""
TEXTS = {"done": DONE_TEXT, "recip_text": RECIP_TEXT, "audience_text": AUDIENCE_TEXT,
         "follows_text": FOLLOWS_TEXT, "short_text": SHORT_TEXT,
         "undirected_text": UNDIRECTED_TEXT}

CLASSIFY_SQL = """
CREATE OR REPLACE TABLE {s}.account_classes AS
WITH inputs AS (
  SELECT *,
    CASE WHEN $has_posts OR $has_interactions
         THEN coalesce(posts, 0) + coalesce(given, 0) END AS actions,
    coalesce(greatest(follow_reciprocity, interaction_reciprocity), 0) AS r,
    CASE WHEN NOT $has_interactions OR $recip_min_given = 0 THEN 1.0
         ELSE least(1.0, given / $recip_min_given) END AS g
  FROM {s}.account_metrics),
shares AS (
  SELECT *,
    CASE WHEN actions >= $active_min THEN 'active'
         WHEN $has_posts THEN 'inactive'
         WHEN $has_interactions THEN 'partly measured'
         ELSE 'not measured' END AS activity,
    -- no scores without posts, nor without reciprocity (follows both ways or interactions
    -- received): activity would all lean to broadcaster, as if no tie were returned
    CASE WHEN $has_posts AND ($has_follows OR $has_received)
         THEN $active_min / ($active_min + actions) END AS i,
    following / (following + $consumer_min) AS f
  FROM inputs),
scored AS (
  SELECT *,
    i * (1 - f) AS dormant_score, i * f AS consumer_score,
    CASE WHEN f IS NOT NULL THEN (1 - i) * r * g END AS reciprocator_score,
    CASE WHEN f IS NOT NULL THEN (1 - i) * (1 - r * g) END AS broadcaster_score
  FROM shares),
decided AS (
  SELECT *,
    CASE
      WHEN activity = 'inactive' AND following >= $consumer_min THEN 'consumer'
      WHEN activity = 'inactive' AND following < $consumer_min THEN 'dormant'
      WHEN activity = 'active' AND r >= $recip_min
           AND (NOT $has_interactions OR given >= $recip_min_given) THEN 'reciprocator'
      WHEN activity = 'active' AND audience_ratio >= $audience_min THEN 'broadcaster'
      WHEN activity = 'active' AND r * g > 0.5 THEN 'reciprocator'
      WHEN activity = 'active' AND audience_ratio >= 1 THEN 'broadcaster'
      WHEN activity = 'not measured' AND audience_ratio >= $audience_min THEN 'broadcaster'
      WHEN activity = 'not measured' AND follow_reciprocity >= $recip_min THEN 'reciprocator'
      WHEN activity = 'not measured' AND following >= $consumer_min
           AND audience_ratio <= 1 / $audience_min THEN 'consumer'
      ELSE 'unclassified'
    END AS class,
    CASE
      WHEN activity = 'active' AND r >= $recip_min
           AND (NOT $has_interactions OR given >= $recip_min_given) THEN 3
      WHEN activity = 'active' AND audience_ratio >= $audience_min THEN 4
      WHEN activity = 'active' THEN 5
    END AS active_rule
  FROM scored)
SELECT d.k, a.id, a.handle, a.name,
  d.* EXCLUDE (k, active_rule, r, g, i, f),
  CASE
    WHEN activity = 'inactive' AND following IS NULL THEN 'inactive: ' || {done} || ' < '
      || CAST($active_min AS VARCHAR) || ', but whom it follows is not measured: consumer '
      'or dormant cannot be told: unclassified'
    WHEN activity = 'inactive' THEN 'inactive: ' || {done} || ' < '
      || CAST($active_min AS VARCHAR) || '; follows ' || CAST(following AS VARCHAR) || ' ('
      || CASE WHEN class = 'consumer' THEN '>= ' ELSE '< ' END
      || CAST($consumer_min AS VARCHAR) || '): ' || class
    WHEN active_rule = 3 THEN 'active (' || {done} || '); ' || {recip_text} || ' >= '
      || printf('%.2f', $recip_min)
      || CASE WHEN $has_interactions THEN ' and ' || CAST(given AS VARCHAR) || ' given >= '
              || CAST($recip_min_given AS VARCHAR)
         ELSE ' (interactions given not measured)' END || ': reciprocator'
    WHEN active_rule = 4 THEN 'active (' || {done} || '); '
      || CASE WHEN r < $recip_min THEN {recip_text} || ' < ' || printf('%.2f', $recip_min)
         ELSE {recip_text} || ' but ' || CAST(given AS VARCHAR) || ' given < '
              || CAST($recip_min_given AS VARCHAR) END
      || '; ' || {audience_text} || ' >= ' || printf('%.1f', $audience_min) || ': broadcaster'
    WHEN class = 'reciprocator' AND activity = 'active' THEN 'active (' || {done} || '); '
      || {recip_text} || ', ' || {audience_text} || ': no rule matched, closest by score: '
      'reciprocity x giving share ' || printf('%.2f', r * g) || ' > 0.50: reciprocator'
    WHEN class = 'broadcaster' AND activity = 'active' THEN 'active (' || {done} || '); '
      || {recip_text} || ', ' || {audience_text} || ' < ' || printf('%.1f', $audience_min)
      || ': no rule matched, closest: at least as many followers as followed: broadcaster'
    WHEN activity = 'active' AND audience_ratio IS NULL THEN 'active (' || {done} || '); '
      || {short_text} || ', ' || {audience_text} || ': no rule matched: not reciprocal '
      'enough for a reciprocator, and with no measured audience a broadcaster cannot be '
      'told: unclassified'
    WHEN activity = 'active' THEN 'active (' || {done} || '); ' || {short_text} || ', '
      || {audience_text} || ' < 1: no rule matched: not reciprocal enough for a '
      'reciprocator, followed by fewer than it follows for a broadcaster, no way of use '
      'fits: unclassified'
    WHEN activity = 'partly measured' THEN 'posts not measured and ' || {done} || ' < '
      || CAST($active_min AS VARCHAR) || ': active or not cannot be told: unclassified'
    WHEN class = 'broadcaster' THEN 'from follows alone (posts and interactions not '
      'measured): ' || {audience_text} || ' >= ' || printf('%.1f', $audience_min)
      || ': broadcaster'
    WHEN class = 'reciprocator' THEN 'from follows alone (posts and interactions not '
      'measured): ' || {audience_text} || ' < ' || printf('%.1f', $audience_min)
      || '; follow reciprocity ' || printf('%.2f', follow_reciprocity) || ' >= '
      || printf('%.2f', $recip_min) || ': reciprocator'
    WHEN class = 'consumer' THEN 'from follows alone (posts and interactions not '
      'measured): ' || {audience_text} || ' <= 1/' || printf('%.1f', $audience_min) || ', '
      || {recip_text} || ' < ' || printf('%.2f', $recip_min) || '; follows '
      || CAST(following AS VARCHAR) || ' >= ' || CAST($consumer_min AS VARCHAR)
      || ': consumer'
    WHEN $undirected AND followers IS NULL AND following IS NULL THEN {undirected_text}
    WHEN followers IS NULL AND following IS NULL AND follow_reciprocity IS NULL THEN
      'not measured: the snapshot has no posts, interactions, follows or profile counts '
      'for this account: unclassified'
    ELSE 'from follows alone (posts and interactions not measured): ' || {audience_text}
      || ', ' || {recip_text} || ', ' || {follows_text} || ': neither lopsided nor mostly '
      'returned, and without activity no way of use can be told: unclassified'
  END AS reason,
  -- what the account's posts are for (sitegen.analysis.purpose), NULL without post text
  ap.promotional_share,
  CASE WHEN ap.k IS NOT NULL THEN ap.purpose_reason
       WHEN $has_text THEN 'no posts with text' END AS purpose_reason
FROM decided d JOIN (SELECT k, id, handle, name FROM {s}.accounts) a ON a.k = d.k
  LEFT JOIN {s}.account_purpose ap ON ap.k = d.k
"""


def classify_accounts(snapshot: Snapshot, settings: AnalysisSettings) -> str:
    """Create ``account_classes`` (metrics, scores, class, reason, and what the posts are
    for, from ``account_purpose``); return its name."""
    held = snapshot.coverage
    snapshot.db.execute(
        CLASSIFY_SQL.format(s=snapshot.schema, **TEXTS),
        {
            "active_min": settings.active_min_actions,
            "consumer_min": settings.consumer_min_following,
            "recip_min": settings.reciprocator_min_reciprocity,
            "recip_min_given": settings.reciprocator_min_given,
            "audience_min": settings.broadcaster_min_audience_ratio,
            "has_posts": held.posts.measured,
            "has_interactions": held.interactions.measured,
            "has_follows": held.follow_ties_seen,
            "has_received": held.interactions.measured
            and (held.observed is None or held.observed.interactions == "all"),
            "has_text": held.posts.with_text > 0,
            "undirected": held.undirected,
        },
    )
    if held.observed is not None:
        _only_owners_classified(snapshot)
    return snapshot.table("account_classes")


def _only_owners_classified(snapshot: Snapshot) -> None:
    """In a one-sided export, an account other than the owners is seen only through its ties
    with them: its way of use is not measured."""
    snapshot.db.execute(f"""
        UPDATE {snapshot.schema}.account_classes
        SET class = 'unclassified', activity = 'not measured',
            dormant_score = NULL, consumer_score = NULL, reciprocator_score = NULL,
            broadcaster_score = NULL,
            reason = 'seen only through the owners of a one-sided export (its own follows, '
                     'posts and interactions were not collected): unclassified'
        WHERE id NOT IN (SELECT id FROM {snapshot.schema}.observed_owners)""")
