-- Investigates: the ten busiest client IP addresses (not AWS service principals).
-- Style: Athena docs "isolate activity by source IP address" and jq-to-SQL IR cheat sheets.
SELECT sourceipaddress,
       count(*) AS calls,
       count(DISTINCT useridentity.arn) AS principals
FROM cloudtrail_logs_pp
WHERE sourceipaddress NOT LIKE '%amazonaws.com'
  AND sourceipaddress <> 'AWS Internal'
  AND regexp_like(sourceipaddress, '^[0-9a-f.:]+$')
GROUP BY sourceipaddress
ORDER BY calls DESC
LIMIT 10
