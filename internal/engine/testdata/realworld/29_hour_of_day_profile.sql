-- Investigates: activity by hour of day (UTC), and how much of it is IAM users or root.
-- Style: hour(from_iso8601_timestamp(eventtime)) baselines from AWS IR workshops.
SELECT hour(from_iso8601_timestamp(eventtime)) AS hour_utc,
       count(*) AS events,
       count_if(useridentity.type IN ('IAMUser', 'Root')) AS human_key_events
FROM cloudtrail_logs_pp
GROUP BY 1
ORDER BY 1
