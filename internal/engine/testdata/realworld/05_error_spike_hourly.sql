-- Investigates: hours with an error spike (scanners, broken deployments), worst first.
-- Style: AWS Athena docs CloudTrail examples with date_trunc('hour',
-- from_iso8601_timestamp(eventtime)) and count_if, as in AWS re:Inforce IR workshops.
WITH hourly AS (
  SELECT date_trunc('hour', from_iso8601_timestamp(eventtime)) AS hour,
         count(*) AS calls,
         count_if(errorcode IS NOT NULL) AS errors
  FROM cloudtrail_logs_pp
  GROUP BY 1
)
SELECT hour,
       calls,
       errors,
       round(CAST(errors AS double) * 100 / calls, 2) AS error_pct
FROM hourly
WHERE errors >= 5
ORDER BY errors DESC, hour
LIMIT 20
