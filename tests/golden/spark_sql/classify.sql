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
    CASE WHEN TRUE THEN 3 / NULLIF((
      3 + actions
    ), 0) END AS i,
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
  COALESCE(a.handle, a.id) AS handle,
  a.name,
  d.*
  EXCEPT (k, active_rule, r, g, i, f),
  CASE
    WHEN activity = 'inactive' AND following IS NULL
    THEN CASE
      WHEN CONCAT_WS(
        ' + ',
        CAST(posts AS STRING) || ' posts',
        CAST(given AS STRING) || ' interactions given'
      ) IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'inactive: %s < %d, but whom it follows is not measured: consumer or dormant cannot be told: unclassified',
        CONCAT_WS(
          ' + ',
          CAST(posts AS STRING) || ' posts',
          CAST(given AS STRING) || ' interactions given'
        ),
        3
      )
    END
    WHEN activity = 'inactive'
    THEN 'inactive: ' || CONCAT_WS(
      ' + ',
      CAST(posts AS STRING) || ' posts',
      CAST(given AS STRING) || ' interactions given'
    ) || ' < ' || CAST(3 AS STRING) || '; follows ' || CAST(following AS STRING) || ' (' || CASE WHEN class = 'consumer' THEN '>= ' ELSE '< ' END || CAST(10 AS STRING) || '): ' || class
    WHEN active_rule = 3
    THEN CASE
      WHEN CONCAT_WS(
        ' + ',
        CAST(posts AS STRING) || ' posts',
        CAST(given AS STRING) || ' interactions given'
      ) IS NULL
      OR CASE
        WHEN CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        THEN NULL
        ELSE FORMAT_STRING(
          '%s (%s, %s)',
          CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END
        )
      END IS NULL
      OR CAST('0.5' AS DOUBLE) IS NULL
      OR CASE
        WHEN TRUE
        THEN CASE
          WHEN given IS NULL
          THEN NULL
          ELSE FORMAT_STRING(' and %d given >= %d', given, 2)
        END
        ELSE ' (interactions given not measured)'
      END IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'active (%s); %s >= %s%s: reciprocator',
        CONCAT_WS(
          ' + ',
          CAST(posts AS STRING) || ' posts',
          CAST(given AS STRING) || ' interactions given'
        ),
        CASE
          WHEN CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s (%s, %s)',
            CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END
          )
        END,
        FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00'),
        CASE
          WHEN TRUE
          THEN CASE
            WHEN given IS NULL
            THEN NULL
            ELSE FORMAT_STRING(' and %d given >= %d', given, 2)
          END
          ELSE ' (interactions given not measured)'
        END
      )
    END
    WHEN active_rule = 4
    THEN CASE
      WHEN CONCAT_WS(
        ' + ',
        CAST(posts AS STRING) || ' posts',
        CAST(given AS STRING) || ' interactions given'
      ) IS NULL
      OR CASE
        WHEN r < CAST('0.5' AS DOUBLE)
        THEN CASE
          WHEN CASE
            WHEN CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s (%s, %s)',
              CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END
            )
          END IS NULL
          OR CAST('0.5' AS DOUBLE) IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s < %s',
            CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END,
            FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00')
          )
        END
        ELSE CASE
          WHEN CASE
            WHEN CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s (%s, %s)',
              CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END
            )
          END IS NULL
          OR given IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s but %d given < %d',
            CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END,
            given,
            2
          )
        END
      END IS NULL
      OR COALESCE(
        CASE
          WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            'audience ratio %s (%d followers / %d following)',
            FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
            followers,
            following
          )
        END,
        'audience not measured'
      ) IS NULL
      OR CAST('3.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'active (%s); %s; %s >= %s: broadcaster',
        CONCAT_WS(
          ' + ',
          CAST(posts AS STRING) || ' posts',
          CAST(given AS STRING) || ' interactions given'
        ),
        CASE
          WHEN r < CAST('0.5' AS DOUBLE)
          THEN CASE
            WHEN CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END IS NULL
            OR CAST('0.5' AS DOUBLE) IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s < %s',
              CASE
                WHEN CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                THEN NULL
                ELSE FORMAT_STRING(
                  '%s (%s, %s)',
                  CASE
                    WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                    THEN 'no reciprocity measured'
                    ELSE CASE
                      WHEN r IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'follow not measured'
                    WHEN follow_reciprocity IS NULL
                    THEN 'no follow ties'
                    ELSE CASE
                      WHEN follow_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'interaction not measured'
                    WHEN interaction_reciprocity IS NULL
                    THEN 'no interactions'
                    ELSE CASE
                      WHEN interaction_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                    END
                  END
                )
              END,
              FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00')
            )
          END
          ELSE CASE
            WHEN CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END IS NULL
            OR given IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s but %d given < %d',
              CASE
                WHEN CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                THEN NULL
                ELSE FORMAT_STRING(
                  '%s (%s, %s)',
                  CASE
                    WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                    THEN 'no reciprocity measured'
                    ELSE CASE
                      WHEN r IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'follow not measured'
                    WHEN follow_reciprocity IS NULL
                    THEN 'no follow ties'
                    ELSE CASE
                      WHEN follow_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'interaction not measured'
                    WHEN interaction_reciprocity IS NULL
                    THEN 'no interactions'
                    ELSE CASE
                      WHEN interaction_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                    END
                  END
                )
              END,
              given,
              2
            )
          END
        END,
        COALESCE(
          CASE
            WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              'audience ratio %s (%d followers / %d following)',
              FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
              followers,
              following
            )
          END,
          'audience not measured'
        ),
        FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0')
      )
    END
    WHEN class = 'reciprocator' AND activity = 'active'
    THEN CASE
      WHEN CONCAT_WS(
        ' + ',
        CAST(posts AS STRING) || ' posts',
        CAST(given AS STRING) || ' interactions given'
      ) IS NULL
      OR CASE
        WHEN CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        THEN NULL
        ELSE FORMAT_STRING(
          '%s (%s, %s)',
          CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END
        )
      END IS NULL
      OR COALESCE(
        CASE
          WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            'audience ratio %s (%d followers / %d following)',
            FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
            followers,
            following
          )
        END,
        'audience not measured'
      ) IS NULL
      OR r * g IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'active (%s); %s, %s: no rule matched, closest by score: reciprocity x giving share %s > 0.50: reciprocator',
        CONCAT_WS(
          ' + ',
          CAST(posts AS STRING) || ' posts',
          CAST(given AS STRING) || ' interactions given'
        ),
        CASE
          WHEN CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s (%s, %s)',
            CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END
          )
        END,
        COALESCE(
          CASE
            WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              'audience ratio %s (%d followers / %d following)',
              FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
              followers,
              following
            )
          END,
          'audience not measured'
        ),
        FORMAT_NUMBER(CAST(r * g AS DOUBLE), '0.00')
      )
    END
    WHEN class = 'broadcaster' AND activity = 'active'
    THEN CASE
      WHEN CONCAT_WS(
        ' + ',
        CAST(posts AS STRING) || ' posts',
        CAST(given AS STRING) || ' interactions given'
      ) IS NULL
      OR CASE
        WHEN CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        THEN NULL
        ELSE FORMAT_STRING(
          '%s (%s, %s)',
          CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END
        )
      END IS NULL
      OR COALESCE(
        CASE
          WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            'audience ratio %s (%d followers / %d following)',
            FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
            followers,
            following
          )
        END,
        'audience not measured'
      ) IS NULL
      OR CAST('3.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'active (%s); %s, %s < %s: no rule matched, closest: at least as many followers as followed: broadcaster',
        CONCAT_WS(
          ' + ',
          CAST(posts AS STRING) || ' posts',
          CAST(given AS STRING) || ' interactions given'
        ),
        CASE
          WHEN CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s (%s, %s)',
            CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END
          )
        END,
        COALESCE(
          CASE
            WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              'audience ratio %s (%d followers / %d following)',
              FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
              followers,
              following
            )
          END,
          'audience not measured'
        ),
        FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0')
      )
    END
    WHEN activity = 'active' AND audience_ratio IS NULL
    THEN CASE
      WHEN CONCAT_WS(
        ' + ',
        CAST(posts AS STRING) || ' posts',
        CAST(given AS STRING) || ' interactions given'
      ) IS NULL
      OR CASE
        WHEN r >= CAST('0.5' AS DOUBLE) AND TRUE
        THEN CASE
          WHEN CASE
            WHEN CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s (%s, %s)',
              CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END
            )
          END IS NULL
          OR given IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s but %d given < %d',
            CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END,
            given,
            2
          )
        END
        ELSE CASE
          WHEN CASE
            WHEN CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s (%s, %s)',
              CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END
            )
          END IS NULL
          OR CAST('0.5' AS DOUBLE) IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s < %s',
            CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END,
            FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00')
          )
        END
      END IS NULL
      OR COALESCE(
        CASE
          WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            'audience ratio %s (%d followers / %d following)',
            FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
            followers,
            following
          )
        END,
        'audience not measured'
      ) IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'active (%s); %s, %s: no rule matched: not reciprocal enough for a reciprocator, and with no measured audience a broadcaster cannot be told: unclassified',
        CONCAT_WS(
          ' + ',
          CAST(posts AS STRING) || ' posts',
          CAST(given AS STRING) || ' interactions given'
        ),
        CASE
          WHEN r >= CAST('0.5' AS DOUBLE) AND TRUE
          THEN CASE
            WHEN CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END IS NULL
            OR given IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s but %d given < %d',
              CASE
                WHEN CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                THEN NULL
                ELSE FORMAT_STRING(
                  '%s (%s, %s)',
                  CASE
                    WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                    THEN 'no reciprocity measured'
                    ELSE CASE
                      WHEN r IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'follow not measured'
                    WHEN follow_reciprocity IS NULL
                    THEN 'no follow ties'
                    ELSE CASE
                      WHEN follow_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'interaction not measured'
                    WHEN interaction_reciprocity IS NULL
                    THEN 'no interactions'
                    ELSE CASE
                      WHEN interaction_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                    END
                  END
                )
              END,
              given,
              2
            )
          END
          ELSE CASE
            WHEN CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END IS NULL
            OR CAST('0.5' AS DOUBLE) IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s < %s',
              CASE
                WHEN CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                THEN NULL
                ELSE FORMAT_STRING(
                  '%s (%s, %s)',
                  CASE
                    WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                    THEN 'no reciprocity measured'
                    ELSE CASE
                      WHEN r IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'follow not measured'
                    WHEN follow_reciprocity IS NULL
                    THEN 'no follow ties'
                    ELSE CASE
                      WHEN follow_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'interaction not measured'
                    WHEN interaction_reciprocity IS NULL
                    THEN 'no interactions'
                    ELSE CASE
                      WHEN interaction_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                    END
                  END
                )
              END,
              FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00')
            )
          END
        END,
        COALESCE(
          CASE
            WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              'audience ratio %s (%d followers / %d following)',
              FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
              followers,
              following
            )
          END,
          'audience not measured'
        )
      )
    END
    WHEN activity = 'active'
    THEN CASE
      WHEN CONCAT_WS(
        ' + ',
        CAST(posts AS STRING) || ' posts',
        CAST(given AS STRING) || ' interactions given'
      ) IS NULL
      OR CASE
        WHEN r >= CAST('0.5' AS DOUBLE) AND TRUE
        THEN CASE
          WHEN CASE
            WHEN CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s (%s, %s)',
              CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END
            )
          END IS NULL
          OR given IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s but %d given < %d',
            CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END,
            given,
            2
          )
        END
        ELSE CASE
          WHEN CASE
            WHEN CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            OR CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s (%s, %s)',
              CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END,
              CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END
            )
          END IS NULL
          OR CAST('0.5' AS DOUBLE) IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s < %s',
            CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END,
            FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00')
          )
        END
      END IS NULL
      OR COALESCE(
        CASE
          WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            'audience ratio %s (%d followers / %d following)',
            FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
            followers,
            following
          )
        END,
        'audience not measured'
      ) IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'active (%s); %s, %s < 1: no rule matched: not reciprocal enough for a reciprocator, followed by fewer than it follows for a broadcaster, no way of use fits: unclassified',
        CONCAT_WS(
          ' + ',
          CAST(posts AS STRING) || ' posts',
          CAST(given AS STRING) || ' interactions given'
        ),
        CASE
          WHEN r >= CAST('0.5' AS DOUBLE) AND TRUE
          THEN CASE
            WHEN CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END IS NULL
            OR given IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s but %d given < %d',
              CASE
                WHEN CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                THEN NULL
                ELSE FORMAT_STRING(
                  '%s (%s, %s)',
                  CASE
                    WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                    THEN 'no reciprocity measured'
                    ELSE CASE
                      WHEN r IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'follow not measured'
                    WHEN follow_reciprocity IS NULL
                    THEN 'no follow ties'
                    ELSE CASE
                      WHEN follow_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'interaction not measured'
                    WHEN interaction_reciprocity IS NULL
                    THEN 'no interactions'
                    ELSE CASE
                      WHEN interaction_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                    END
                  END
                )
              END,
              given,
              2
            )
          END
          ELSE CASE
            WHEN CASE
              WHEN CASE
                WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                THEN 'no reciprocity measured'
                ELSE CASE
                  WHEN r IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'follow not measured'
                WHEN follow_reciprocity IS NULL
                THEN 'no follow ties'
                ELSE CASE
                  WHEN follow_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              OR CASE
                WHEN NOT TRUE
                THEN 'interaction not measured'
                WHEN interaction_reciprocity IS NULL
                THEN 'no interactions'
                ELSE CASE
                  WHEN interaction_reciprocity IS NULL
                  THEN NULL
                  ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                END
              END IS NULL
              THEN NULL
              ELSE FORMAT_STRING(
                '%s (%s, %s)',
                CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END,
                CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END
              )
            END IS NULL
            OR CAST('0.5' AS DOUBLE) IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              '%s < %s',
              CASE
                WHEN CASE
                  WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                  THEN 'no reciprocity measured'
                  ELSE CASE
                    WHEN r IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'follow not measured'
                  WHEN follow_reciprocity IS NULL
                  THEN 'no follow ties'
                  ELSE CASE
                    WHEN follow_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                OR CASE
                  WHEN NOT TRUE
                  THEN 'interaction not measured'
                  WHEN interaction_reciprocity IS NULL
                  THEN 'no interactions'
                  ELSE CASE
                    WHEN interaction_reciprocity IS NULL
                    THEN NULL
                    ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                  END
                END IS NULL
                THEN NULL
                ELSE FORMAT_STRING(
                  '%s (%s, %s)',
                  CASE
                    WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
                    THEN 'no reciprocity measured'
                    ELSE CASE
                      WHEN r IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'follow not measured'
                    WHEN follow_reciprocity IS NULL
                    THEN 'no follow ties'
                    ELSE CASE
                      WHEN follow_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
                    END
                  END,
                  CASE
                    WHEN NOT TRUE
                    THEN 'interaction not measured'
                    WHEN interaction_reciprocity IS NULL
                    THEN 'no interactions'
                    ELSE CASE
                      WHEN interaction_reciprocity IS NULL
                      THEN NULL
                      ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
                    END
                  END
                )
              END,
              FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00')
            )
          END
        END,
        COALESCE(
          CASE
            WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              'audience ratio %s (%d followers / %d following)',
              FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
              followers,
              following
            )
          END,
          'audience not measured'
        )
      )
    END
    WHEN activity = 'partly measured'
    THEN CASE
      WHEN CONCAT_WS(
        ' + ',
        CAST(posts AS STRING) || ' posts',
        CAST(given AS STRING) || ' interactions given'
      ) IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'posts not measured and %s < %d: active or not cannot be told: unclassified',
        CONCAT_WS(
          ' + ',
          CAST(posts AS STRING) || ' posts',
          CAST(given AS STRING) || ' interactions given'
        ),
        3
      )
    END
    WHEN class = 'broadcaster'
    THEN CASE
      WHEN COALESCE(
        CASE
          WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            'audience ratio %s (%d followers / %d following)',
            FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
            followers,
            following
          )
        END,
        'audience not measured'
      ) IS NULL
      OR CAST('3.0' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'from follows alone (posts and interactions not measured): %s >= %s: broadcaster',
        COALESCE(
          CASE
            WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              'audience ratio %s (%d followers / %d following)',
              FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
              followers,
              following
            )
          END,
          'audience not measured'
        ),
        FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0')
      )
    END
    WHEN class = 'reciprocator'
    THEN CASE
      WHEN COALESCE(
        CASE
          WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            'audience ratio %s (%d followers / %d following)',
            FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
            followers,
            following
          )
        END,
        'audience not measured'
      ) IS NULL
      OR CAST('3.0' AS DOUBLE) IS NULL
      OR follow_reciprocity IS NULL
      OR CAST('0.5' AS DOUBLE) IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'from follows alone (posts and interactions not measured): %s < %s; follow reciprocity %s >= %s: reciprocator',
        COALESCE(
          CASE
            WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              'audience ratio %s (%d followers / %d following)',
              FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
              followers,
              following
            )
          END,
          'audience not measured'
        ),
        FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0'),
        FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'),
        FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00')
      )
    END
    WHEN class = 'consumer'
    THEN CASE
      WHEN COALESCE(
        CASE
          WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            'audience ratio %s (%d followers / %d following)',
            FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
            followers,
            following
          )
        END,
        'audience not measured'
      ) IS NULL
      OR CAST('3.0' AS DOUBLE) IS NULL
      OR CASE
        WHEN CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        THEN NULL
        ELSE FORMAT_STRING(
          '%s (%s, %s)',
          CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END
        )
      END IS NULL
      OR CAST('0.5' AS DOUBLE) IS NULL
      OR following IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'from follows alone (posts and interactions not measured): %s <= 1/%s, %s < %s; follows %d >= %d: consumer',
        COALESCE(
          CASE
            WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              'audience ratio %s (%d followers / %d following)',
              FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
              followers,
              following
            )
          END,
          'audience not measured'
        ),
        FORMAT_NUMBER(CAST('3.0' AS DOUBLE), '0.0'),
        CASE
          WHEN CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s (%s, %s)',
            CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END
          )
        END,
        FORMAT_NUMBER(CAST('0.5' AS DOUBLE), '0.00'),
        following,
        10
      )
    END
    WHEN followers IS NULL AND following IS NULL AND follow_reciprocity IS NULL
    THEN CONCAT(
      'not measured: the snapshot has no posts, interactions, follows or profile counts ',
      'for this account: unclassified'
    )
    ELSE CASE
      WHEN COALESCE(
        CASE
          WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            'audience ratio %s (%d followers / %d following)',
            FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
            followers,
            following
          )
        END,
        'audience not measured'
      ) IS NULL
      OR CASE
        WHEN CASE
          WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
          THEN 'no reciprocity measured'
          ELSE CASE
            WHEN r IS NULL
            THEN NULL
            ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'follow not measured'
          WHEN follow_reciprocity IS NULL
          THEN 'no follow ties'
          ELSE CASE
            WHEN follow_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        OR CASE
          WHEN NOT TRUE
          THEN 'interaction not measured'
          WHEN interaction_reciprocity IS NULL
          THEN 'no interactions'
          ELSE CASE
            WHEN interaction_reciprocity IS NULL
            THEN NULL
            ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
          END
        END IS NULL
        THEN NULL
        ELSE FORMAT_STRING(
          '%s (%s, %s)',
          CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END,
          CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END
        )
      END IS NULL
      OR COALESCE(
        CASE
          WHEN following IS NULL
          THEN NULL
          ELSE FORMAT_STRING('follows %d', following)
        END,
        'following not measured'
      ) IS NULL
      THEN NULL
      ELSE FORMAT_STRING(
        'from follows alone (posts and interactions not measured): %s, %s, %s: neither lopsided nor mostly returned, and without activity no way of use can be told: unclassified',
        COALESCE(
          CASE
            WHEN audience_ratio IS NULL OR followers IS NULL OR following IS NULL
            THEN NULL
            ELSE FORMAT_STRING(
              'audience ratio %s (%d followers / %d following)',
              FORMAT_NUMBER(CAST(audience_ratio AS DOUBLE), '0.0'),
              followers,
              following
            )
          END,
          'audience not measured'
        ),
        CASE
          WHEN CASE
            WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
            THEN 'no reciprocity measured'
            ELSE CASE
              WHEN r IS NULL
              THEN NULL
              ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'follow not measured'
            WHEN follow_reciprocity IS NULL
            THEN 'no follow ties'
            ELSE CASE
              WHEN follow_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          OR CASE
            WHEN NOT TRUE
            THEN 'interaction not measured'
            WHEN interaction_reciprocity IS NULL
            THEN 'no interactions'
            ELSE CASE
              WHEN interaction_reciprocity IS NULL
              THEN NULL
              ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
            END
          END IS NULL
          THEN NULL
          ELSE FORMAT_STRING(
            '%s (%s, %s)',
            CASE
              WHEN follow_reciprocity IS NULL AND interaction_reciprocity IS NULL
              THEN 'no reciprocity measured'
              ELSE CASE
                WHEN r IS NULL
                THEN NULL
                ELSE FORMAT_STRING('reciprocity %s', FORMAT_NUMBER(CAST(r AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'follow not measured'
              WHEN follow_reciprocity IS NULL
              THEN 'no follow ties'
              ELSE CASE
                WHEN follow_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('follow %s', FORMAT_NUMBER(CAST(follow_reciprocity AS DOUBLE), '0.00'))
              END
            END,
            CASE
              WHEN NOT TRUE
              THEN 'interaction not measured'
              WHEN interaction_reciprocity IS NULL
              THEN 'no interactions'
              ELSE CASE
                WHEN interaction_reciprocity IS NULL
                THEN NULL
                ELSE FORMAT_STRING('interaction %s', FORMAT_NUMBER(CAST(interaction_reciprocity AS DOUBLE), '0.00'))
              END
            END
          )
        END,
        COALESCE(
          CASE
            WHEN following IS NULL
            THEN NULL
            ELSE FORMAT_STRING('follows %d', following)
          END,
          'following not measured'
        )
      )
    END
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
