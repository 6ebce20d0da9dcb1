-- Investigates: what the root user did, when it was first and last seen, and from where.
-- Style: AWS Big Data blog "Analyze security, compliance, and operational activity using
-- AWS CloudTrail and Amazon Athena" (root activity) and CIS 1.7 root-usage checks.
SELECT eventname,
       eventsource,
       count(*) AS calls,
       min(from_iso8601_timestamp(eventtime)) AS first_seen,
       max(from_iso8601_timestamp(eventtime)) AS last_seen,
       array_join(array_sort(array_agg(DISTINCT sourceipaddress)), ',') AS ips
FROM cloudtrail_logs_pp
WHERE useridentity.type = 'Root'
  AND useridentity.invokedby IS NULL
  AND eventtype <> 'AwsServiceEvent'
GROUP BY eventname, eventsource
ORDER BY calls DESC, eventname
