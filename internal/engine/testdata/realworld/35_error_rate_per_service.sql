-- Investigates: error rate of every busy service (at least 100 calls).
-- Style: AWS Athena CloudTrail operational queries with count_if and HAVING.
SELECT eventsource,
       count(*) AS calls,
       count_if(errorcode IS NOT NULL) AS errors,
       CAST(count_if(errorcode IS NOT NULL) AS double) / count(*) AS error_rate
FROM cloudtrail_logs_pp
GROUP BY eventsource
HAVING count(*) >= 100
ORDER BY error_rate DESC, eventsource
