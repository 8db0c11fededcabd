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
    COUNT(*) AS with_text,
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
  promotional / NULLIF(with_text, 0) AS promotional_share,
  CAST(promotional AS STRING) || ' of ' || CAST(with_text AS STRING) || ' posts with text promotional (' || CASE
    WHEN CAST(100.0 AS DOUBLE) * promotional / NULLIF(with_text, 0) IS NULL
    THEN NULL
    ELSE FORMAT_STRING(
      '%s',
      FORMAT_NUMBER(CAST(CAST(100.0 AS DOUBLE) * promotional / NULLIF(with_text, 0) AS DOUBLE), '0')
    )
  END || '%)' || CASE WHEN rules.text IS NULL THEN '' ELSE ': ' || rules.text END || '; ' || CAST(conversational AS STRING) || ' conversational, ' || CAST(with_text - promotional - conversational AS STRING) || ' other' AS purpose_reason
FROM counts
LEFT JOIN rules
  USING (k)
