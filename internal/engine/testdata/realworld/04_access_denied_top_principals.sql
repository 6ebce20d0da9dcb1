-- Investigates: principals collecting the most access-denied errors (a stolen key probing
-- permissions), top 10.
-- Style: invictus-ir "AWS incident response" Athena queries and the AWS blog's
-- "errorcode IS NOT NULL ... GROUP BY ... ORDER BY count DESC LIMIT" pattern.
SELECT useridentity.arn AS principal,
       count(*) AS denied,
       count(DISTINCT eventname) AS distinct_apis,
       approx_distinct(sourceipaddress) AS ips
FROM cloudtrail_logs_pp
WHERE errorcode IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation')
  AND timestamp BETWEEN '2025/03/01' AND '2025/03/07'
GROUP BY useridentity.arn
ORDER BY denied DESC
LIMIT 10
