-- materialise s0__account_purpose
WITH by_rule AS (
  SELECT
    k,
    rule,
    COUNT(*) AS n
  FROM s0__post_purpose
  WHERE
    purpose = 'promotional'
  GROUP BY ALL
), rules AS (
  SELECT
    k,
    LISTAGG(rule || ' ' || CAST(n AS STRING), ', ') WITHIN GROUP (ORDER BY
      n DESC,
      rule NULLS LAST) AS text
  FROM by_rule
  GROUP BY
    k
), counts AS (
  SELECT
    k,
    COUNT(*) FILTER(WHERE
      purpose <> 'retweet') AS with_text,
    COUNT(*) FILTER(WHERE
      purpose = 'retweet') AS retweets,
    COUNT(*) FILTER(WHERE
      NOT purpose IN ('unread', 'retweet')) AS read,
    COUNT(*) FILTER(WHERE
      purpose = 'promotional') AS promotional,
    COUNT(*) FILTER(WHERE
      purpose = 'conversational') AS conversational
  FROM s0__post_purpose
  GROUP BY
    k
)
SELECT
  k,
  with_text,
  promotional,
  conversational,
  CASE WHEN read >= :min_posts THEN promotional / NULLIF(read, 0) END AS promotional_share,
  CONCAT_WS(
    '; ',
    CASE
      WHEN read > 0
      THEN CAST(promotional AS STRING) || ' of ' || CAST(read AS STRING) || CASE WHEN read = with_text THEN ' posts with text' ELSE ' posts read' END || ' promotional (' || CASE
        WHEN CAST(100.0 AS DOUBLE) * promotional / NULLIF(read, 0) IS NULL
        THEN NULL
        ELSE FORMAT_STRING(
          '%s',
          FORMAT_NUMBER(CAST(CAST(100.0 AS DOUBLE) * promotional / NULLIF(read, 0) AS DOUBLE), '0')
        )
      END || '%)' || CASE WHEN rules.text IS NULL THEN '' ELSE ': ' || rules.text END || '; ' || CAST(conversational AS STRING) || ' conversational, ' || CAST(read - promotional - conversational AS STRING) || ' other'
    END,
    CASE
      WHEN read > 0 AND read < :min_posts
      THEN 'too few posts read for a share (fewer than ' || CAST(:min_posts AS STRING) || ')'
    END,
    CASE
      WHEN read < with_text
      THEN CASE WHEN read = 0 THEN 'not measured: ' ELSE '' END || CAST(with_text - read AS STRING) || ' of ' || CAST(with_text AS STRING) || ' posts with text in a language no lexicon reads (no common word of it)'
    END,
    CASE
      WHEN retweets > 0
      THEN CASE WHEN with_text = 0 THEN 'not measured: ' ELSE '' END || CAST(retweets AS STRING) || CASE WHEN retweets = 1 THEN ' retweet' ELSE ' retweets' END || ' (another\'s words: not labelled)'
    END
  ) AS purpose_reason
FROM counts
LEFT JOIN rules
  USING (k)
