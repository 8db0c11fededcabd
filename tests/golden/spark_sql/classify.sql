-- materialise s0__account_classes
WITH inputs AS (
  SELECT
    *,
    CASE WHEN TRUE OR TRUE THEN COALESCE(posts, 0) + COALESCE(given, 0) END AS actions,
    COALESCE(GREATEST(follow_reciprocity, interaction_reciprocity), 0) AS r,
    CASE
      WHEN NOT TRUE OR 2 = 0
      THEN CAST(1.0 AS DOUBLE)
      ELSE LEAST(CAST(1.0 AS DOUBLE), given / NULLIF(2, 0))
    END AS g
  FROM s0__account_metrics
), shares AS (
  SELECT
    *,
    CASE
      WHEN actions >= 3
      THEN 'active'
      WHEN TRUE
      THEN 'inactive'
      WHEN TRUE
      THEN 'partly measured'
      ELSE 'not measured'
    END AS activity,
    CASE WHEN TRUE AND (
      TRUE OR TRUE
    ) THEN 3 / NULLIF((
      3 + actions
    ), 0) END AS i, /* no scores without posts, nor without reciprocity (follows both ways or interactions */ /* received): activity would all lean to broadcaster, as if no tie were returned */
    following / NULLIF((
      following + 10
    ), 0) AS f
  FROM inputs
), scored AS (
  SELECT
    *,
    i * (
      1 - f
    ) AS dormant_score,
    i * f AS consumer_score,
    CASE WHEN NOT f IS NULL THEN (
      1 - i
    ) * r * g END AS reciprocator_score,
    CASE WHEN NOT f IS NULL THEN (
      1 - i
    ) * (
      1 - r * g
    ) END AS broadcaster_score
  FROM shares
), decided AS (
  SELECT
    *,
    CASE
      WHEN activity = 'inactive' AND following >= 10
      THEN 'consumer'
      WHEN activity = 'inactive' AND following < 10
      THEN 'dormant'
      WHEN activity = 'active'
      AND r >= CAST('0.5' AS DOUBLE)
      AND (
        NOT TRUE OR given >= 2
      )
      THEN 'reciprocator'
      WHEN activity = 'active' AND audience_ratio >= CAST('3.0' AS DOUBLE)
      THEN 'broadcaster'
      WHEN activity = 'active' AND r * g > CAST(0.5 AS DOUBLE)
      THEN 'reciprocator'
      WHEN activity = 'active' AND audience_ratio >= 1
      THEN 'broadcaster'
      WHEN activity = 'not measured' AND audience_ratio >= CAST('3.0' AS DOUBLE)
      THEN 'broadcaster'
      WHEN activity = 'not measured' AND follow_reciprocity >= CAST('0.5' AS DOUBLE)
      THEN 'reciprocator'
      WHEN activity = 'not measured'
      AND following >= 10
      AND audience_ratio <= 1 / NULLIF(CAST('3.0' AS DOUBLE), 0)
      THEN 'consumer'
      ELSE 'unclassified'
    END AS class,
    CASE
      WHEN activity = 'active'
      AND r >= CAST('0.5' AS DOUBLE)
      AND (
        NOT TRUE OR given >= 2
      )
      THEN 3
      WHEN activity = 'active' AND audience_ratio >= CAST('3.0' AS DOUBLE)
      THEN 4
      WHEN activity = 'active'
      THEN 5
    END AS active_rule
  FROM scored
)
SELECT
  d.k,
  a.id,
  a.handle,
  a.name,
  d.*
  EXCEPT (k, active_rule, r, g, i, f),
  CASE
    WHEN activity = 'inactive' AND following IS NULL
    THEN 'inactive: ' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || ' < ' || CAST(3 AS STRING) || CONCAT(
      ', but whom it follows is not measured: consumer ',
      'or dormant cannot be told: unclassified'
    )
    WHEN activity = 'inactive'
    THEN 'inactive: ' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || ' < ' || CAST(3 AS STRING) || '; follows ' || CAST(following AS STRING) || ' (' || CASE WHEN class = 'consumer' THEN '>= ' ELSE '< ' END || CAST(10 AS STRING) || '): ' || class
    WHEN active_rule = 3
    THEN 'active (' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || '); ' || (
      CASE
        WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
        THEN 'no reciprocity measured'
        ELSE CASE
          WHEN r IS NULL
          THEN NULL
          ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
        END
      END || ' (' || CASE
        WHEN FALSE
        THEN 'follow not measured: the ties have no direction'
        WHEN NOT TRUE
        THEN 'follow not measured'
        WHEN follow_reciprocity IS NULL
        THEN 'no follow ties'
        ELSE CASE
          WHEN follow_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
        END
      END || ', ' || CASE
        WHEN NOT TRUE
        THEN 'interaction not measured'
        WHEN interaction_reciprocity IS NULL
        THEN 'no interactions'
        ELSE CASE
          WHEN interaction_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
        END
      END || ')'
    ) || ' >= ' || CASE
      WHEN CAST('0.5' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00'))
    END || CASE
      WHEN TRUE
      THEN ' and ' || CAST(given AS STRING) || ' given >= ' || CAST(2 AS STRING)
      ELSE ' (interactions given not measured)'
    END || ': reciprocator'
    WHEN active_rule = 4
    THEN 'active (' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || '); ' || CASE
      WHEN r < CAST('0.5' AS DOUBLE)
      THEN (
        CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END || ' (' || CASE
          WHEN FALSE
          THEN 'follow not measured: the ties have no direction'
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END || ', ' || CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END || ')'
      ) || ' < ' || CASE
        WHEN CAST('0.5' AS DOUBLE) IS NULL
        THEN NULL
        ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00'))
      END
      ELSE (
        CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END || ' (' || CASE
          WHEN FALSE
          THEN 'follow not measured: the ties have no direction'
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END || ', ' || CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END || ')'
      ) || ' but ' || CAST(given AS STRING) || ' given < ' || CAST(2 AS STRING)
    END || '; ' || COALESCE(
      CASE
        WHEN audience_ratio IS NULL
        THEN NULL
        ELSE FORMAT_STRING('audience ratio %s', FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'))
      END || ' (' || CAST(followers AS STRING) || ' followers / ' || CAST(following AS STRING) || ' following)',
      'audience not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || ' >= ' || CASE
      WHEN CAST('3.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0'))
    END || ': broadcaster'
    WHEN class = 'reciprocator' AND activity = 'active'
    THEN 'active (' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || '); ' || (
      CASE
        WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
        THEN 'no reciprocity measured'
        ELSE CASE
          WHEN r IS NULL
          THEN NULL
          ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
        END
      END || ' (' || CASE
        WHEN FALSE
        THEN 'follow not measured: the ties have no direction'
        WHEN NOT TRUE
        THEN 'follow not measured'
        WHEN follow_reciprocity IS NULL
        THEN 'no follow ties'
        ELSE CASE
          WHEN follow_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
        END
      END || ', ' || CASE
        WHEN NOT TRUE
        THEN 'interaction not measured'
        WHEN interaction_reciprocity IS NULL
        THEN 'no interactions'
        ELSE CASE
          WHEN interaction_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
        END
      END || ')'
    ) || ', ' || COALESCE(
      CASE
        WHEN audience_ratio IS NULL
        THEN NULL
        ELSE FORMAT_STRING('audience ratio %s', FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'))
      END || ' (' || CAST(followers AS STRING) || ' followers / ' || CAST(following AS STRING) || ' following)',
      'audience not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || CONCAT(': no rule matched, closest by score: ', 'reciprocity x giving share ') || CASE
      WHEN r * g IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST(r * g AS DOUBLE), '0.00'))
    END || ' > 0.50: reciprocator'
    WHEN class = 'broadcaster' AND activity = 'active'
    THEN 'active (' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || '); ' || (
      CASE
        WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
        THEN 'no reciprocity measured'
        ELSE CASE
          WHEN r IS NULL
          THEN NULL
          ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
        END
      END || ' (' || CASE
        WHEN FALSE
        THEN 'follow not measured: the ties have no direction'
        WHEN NOT TRUE
        THEN 'follow not measured'
        WHEN follow_reciprocity IS NULL
        THEN 'no follow ties'
        ELSE CASE
          WHEN follow_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
        END
      END || ', ' || CASE
        WHEN NOT TRUE
        THEN 'interaction not measured'
        WHEN interaction_reciprocity IS NULL
        THEN 'no interactions'
        ELSE CASE
          WHEN interaction_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
        END
      END || ')'
    ) || ', ' || COALESCE(
      CASE
        WHEN audience_ratio IS NULL
        THEN NULL
        ELSE FORMAT_STRING('audience ratio %s', FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'))
      END || ' (' || CAST(followers AS STRING) || ' followers / ' || CAST(following AS STRING) || ' following)',
      'audience not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || ' < ' || CASE
      WHEN CAST('3.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0'))
    END || ': no rule matched, closest: at least as many followers as followed: broadcaster'
    WHEN activity = 'active' AND audience_ratio IS NULL
    THEN 'active (' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || '); ' || CASE
      WHEN r >= CAST('0.5' AS DOUBLE) AND TRUE
      THEN (
        CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END || ' (' || CASE
          WHEN FALSE
          THEN 'follow not measured: the ties have no direction'
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END || ', ' || CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END || ')'
      ) || ' but ' || CAST(given AS STRING) || ' given < ' || CAST(2 AS STRING)
      ELSE (
        CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END || ' (' || CASE
          WHEN FALSE
          THEN 'follow not measured: the ties have no direction'
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END || ', ' || CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END || ')'
      ) || ' < ' || CASE
        WHEN CAST('0.5' AS DOUBLE) IS NULL
        THEN NULL
        ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00'))
      END
    END || ', ' || COALESCE(
      CASE
        WHEN audience_ratio IS NULL
        THEN NULL
        ELSE FORMAT_STRING('audience ratio %s', FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'))
      END || ' (' || CAST(followers AS STRING) || ' followers / ' || CAST(following AS STRING) || ' following)',
      'audience not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || CONCAT(
      ': no rule matched: not reciprocal ',
      'enough for a reciprocator, and with no measured audience a broadcaster cannot be ',
      'told: unclassified'
    )
    WHEN activity = 'active'
    THEN 'active (' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || '); ' || CASE
      WHEN r >= CAST('0.5' AS DOUBLE) AND TRUE
      THEN (
        CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END || ' (' || CASE
          WHEN FALSE
          THEN 'follow not measured: the ties have no direction'
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END || ', ' || CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END || ')'
      ) || ' but ' || CAST(given AS STRING) || ' given < ' || CAST(2 AS STRING)
      ELSE (
        CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END || ' (' || CASE
          WHEN FALSE
          THEN 'follow not measured: the ties have no direction'
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END || ', ' || CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END || ')'
      ) || ' < ' || CASE
        WHEN CAST('0.5' AS DOUBLE) IS NULL
        THEN NULL
        ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00'))
      END
    END || ', ' || COALESCE(
      CASE
        WHEN audience_ratio IS NULL
        THEN NULL
        ELSE FORMAT_STRING('audience ratio %s', FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'))
      END || ' (' || CAST(followers AS STRING) || ' followers / ' || CAST(following AS STRING) || ' following)',
      'audience not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || CONCAT(
      ' < 1: no rule matched: not reciprocal enough for a ',
      'reciprocator, followed by fewer than it follows for a broadcaster, no way of use ',
      'fits: unclassified'
    )
    WHEN activity = 'partly measured'
    THEN 'posts not measured and ' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || ' < ' || CAST(3 AS STRING) || ': active or not cannot be told: unclassified'
    WHEN class = 'broadcaster'
    THEN CONCAT('from follows alone (posts and interactions not ', 'measured): ') || COALESCE(
      CASE
        WHEN audience_ratio IS NULL
        THEN NULL
        ELSE FORMAT_STRING('audience ratio %s', FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'))
      END || ' (' || CAST(followers AS STRING) || ' followers / ' || CAST(following AS STRING) || ' following)',
      'audience not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || ' >= ' || CASE
      WHEN CAST('3.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0'))
    END || ': broadcaster'
    WHEN class = 'reciprocator'
    THEN CONCAT('from follows alone (posts and interactions not ', 'measured): ') || COALESCE(
      CASE
        WHEN audience_ratio IS NULL
        THEN NULL
        ELSE FORMAT_STRING('audience ratio %s', FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'))
      END || ' (' || CAST(followers AS STRING) || ' followers / ' || CAST(following AS STRING) || ' following)',
      'audience not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || ' < ' || CASE
      WHEN CAST('3.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0'))
    END || '; follow reciprocity ' || CASE
      WHEN follow_reciprocity IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
    END || ' >= ' || CASE
      WHEN CAST('0.5' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00'))
    END || ': reciprocator'
    WHEN class = 'consumer'
    THEN CONCAT('from follows alone (posts and interactions not ', 'measured): ') || COALESCE(
      CASE
        WHEN audience_ratio IS NULL
        THEN NULL
        ELSE FORMAT_STRING('audience ratio %s', FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'))
      END || ' (' || CAST(followers AS STRING) || ' followers / ' || CAST(following AS STRING) || ' following)',
      'audience not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || ' <= 1/' || CASE
      WHEN CAST('3.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0'))
    END || ', ' || (
      CASE
        WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
        THEN 'no reciprocity measured'
        ELSE CASE
          WHEN r IS NULL
          THEN NULL
          ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
        END
      END || ' (' || CASE
        WHEN FALSE
        THEN 'follow not measured: the ties have no direction'
        WHEN NOT TRUE
        THEN 'follow not measured'
        WHEN follow_reciprocity IS NULL
        THEN 'no follow ties'
        ELSE CASE
          WHEN follow_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
        END
      END || ', ' || CASE
        WHEN NOT TRUE
        THEN 'interaction not measured'
        WHEN interaction_reciprocity IS NULL
        THEN 'no interactions'
        ELSE CASE
          WHEN interaction_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
        END
      END || ')'
    ) || ' < ' || CASE
      WHEN CAST('0.5' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING('%s', FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00'))
    END || '; follows ' || CAST(following AS STRING) || ' >= ' || CAST(10 AS STRING) || ': consumer'
    WHEN FALSE AND followers IS NULL AND following IS NULL
    THEN 'from follows alone (posts and interactions not measured): the follow ties have no direction (an undirected tie says that two accounts are connected, not who follows whom), so followers, following, follow reciprocity and the audience are not measured (' || COALESCE(CAST(ties AS STRING) || ' ties', 'ties not measured') || '); without them no way of use can be told: unclassified'
    WHEN followers IS NULL AND following IS NULL AND follow_reciprocity IS NULL
    THEN CONCAT(
      'not measured: the snapshot has no posts, interactions, follows or profile counts ',
      'for this account: unclassified'
    )
    ELSE 'from follows alone (posts and interactions not measured): ' || COALESCE(
      CASE
        WHEN audience_ratio IS NULL
        THEN NULL
        ELSE FORMAT_STRING('audience ratio %s', FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'))
      END || ' (' || CAST(followers AS STRING) || ' followers / ' || CAST(following AS STRING) || ' following)',
      'audience not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || ', ' || (
      CASE
        WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
        THEN 'no reciprocity measured'
        ELSE CASE
          WHEN r IS NULL
          THEN NULL
          ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
        END
      END || ' (' || CASE
        WHEN FALSE
        THEN 'follow not measured: the ties have no direction'
        WHEN NOT TRUE
        THEN 'follow not measured'
        WHEN follow_reciprocity IS NULL
        THEN 'no follow ties'
        ELSE CASE
          WHEN follow_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
        END
      END || ', ' || CASE
        WHEN NOT TRUE
        THEN 'interaction not measured'
        WHEN interaction_reciprocity IS NULL
        THEN 'no interactions'
        ELSE CASE
          WHEN interaction_reciprocity IS NULL
          THEN NULL
          ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
        END
      END || ')'
    ) || ', ' || COALESCE(
      'follows ' || CAST(following AS STRING),
      'following not measured' || CASE WHEN FALSE THEN ' (the ties have no direction)' ELSE '' END
    ) || CONCAT(
      ': neither lopsided nor mostly ',
      'returned, and without activity no way of use can be told: unclassified'
    )
  END AS reason,
  ap.promotional_share, /* what the account's posts are for (sitegen.analysis.purpose), NULL without post text */
  CASE
    WHEN NOT ap.k IS NULL
    THEN ap.purpose_reason
    WHEN TRUE
    THEN 'no posts with text'
  END AS purpose_reason
FROM decided AS d
JOIN (
  SELECT
    k,
    id,
    handle,
    name
  FROM s0__accounts
) AS a
  ON a.k = d.k
LEFT JOIN s0__account_purpose AS ap
  ON ap.k = d.k
