-- Investigates: the two most frequent error codes of every service (top-N per group).
-- Style: the row_number() OVER (PARTITION BY ... ORDER BY ...) idiom of Athena/Trino
-- analysts, applied to the blog post's error-code breakdown.
WITH errs AS (
  SELECT eventsource, errorcode, count(*) AS n
  FROM cloudtrail_logs_pp
  WHERE errorcode IS NOT NULL
  GROUP BY eventsource, errorcode
), ranked AS (
  SELECT eventsource, errorcode, n,
         row_number() OVER (PARTITION BY eventsource ORDER BY n DESC, errorcode) AS rn
  FROM errs
)
SELECT eventsource, errorcode, n, rn
FROM ranked
WHERE rn <= 2
ORDER BY eventsource, rn
