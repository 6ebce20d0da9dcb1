-- Investigates: busy 15-minute windows on one day (bursts worth a closer look).
-- Style: to_unixtime/from_unixtime bucketing from Athena time-series examples.
SELECT from_unixtime(floor(to_unixtime(from_iso8601_timestamp(eventtime)) / 900) * 900) AS bucket,
       count(*) AS events,
       count(DISTINCT useridentity.arn) AS principals
FROM cloudtrail_logs_pp
WHERE timestamp = '2025/03/03'
GROUP BY 1
HAVING count(*) >= 40
ORDER BY bucket
