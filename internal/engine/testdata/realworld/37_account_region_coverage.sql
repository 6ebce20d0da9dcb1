-- Investigates: which accounts and regions the table covers and over which days (checks
-- that LOCATION selects one account's one-region folder).
-- Style: sanity query from the Athena CloudTrail docs before an investigation.
SELECT recipientaccountid,
       awsregion,
       count(*) AS events,
       min(timestamp) AS first_day,
       max(timestamp) AS last_day
FROM cloudtrail_logs_pp
GROUP BY 1, 2
