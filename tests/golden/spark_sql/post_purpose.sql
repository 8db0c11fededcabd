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
    LISTAGG(
      
        CASE
          WHEN rule IS NULL OR n IS NULL
          THEN NULL
          ELSE FORMAT_STRING('%s %d', rule, n)
        END,
        ', '
      
    ) WITHIN GROUP (ORDER BY
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
  CASE
    WHEN promotional IS NULL
    OR with_text IS NULL
    OR CAST(100.0 AS DOUBLE) * promotional / NULLIF(with_text, 0) IS NULL
    THEN NULL
    ELSE FORMAT_STRING(
      '%d of %d posts with text promotional (%s%%)',
      promotional,
      with_text,
      FORMAT_NUMBER(CAST(CAST(100.0 AS DOUBLE) * promotional / NULLIF(with_text, 0) AS DOUBLE), '0')
    )
  END || CASE WHEN rules.text IS NULL THEN '' ELSE ': ' || rules.text END || CASE
    WHEN conversational IS NULL OR with_text - promotional - conversational IS NULL
    THEN NULL
    ELSE FORMAT_STRING(
      '; %d conversational, %d other',
      conversational,
      with_text - promotional - conversational
    )
  END AS purpose_reason
FROM counts
LEFT JOIN rules
  USING (k)
