-- Investigates: console-session activity at weekends or outside 07:00-19:59 UTC.
-- Style: panther-analysis off-hours console rules, as an Athena query with day_of_week
-- and hour over from_iso8601_timestamp.
SELECT date_format(from_iso8601_timestamp(eventtime), '%Y-%m-%d') AS day,
       day_of_week(from_iso8601_timestamp(eventtime)) AS dow,
       count(*) AS console_calls
FROM cloudtrail_logs_pp
WHERE sessioncredentialfromconsole = 'true'
  AND (day_of_week(from_iso8601_timestamp(eventtime)) IN (6, 7)
       OR hour(from_iso8601_timestamp(eventtime)) NOT BETWEEN 7 AND 19)
GROUP BY 1, 2
ORDER BY 1
