-- Investigates: management versus data events, read-only versus mutating.
-- Style: CloudTrail docs eventCategory/readOnly fields in an Athena summary.
SELECT eventcategory,
       readonly,
       count(*) AS events,
       approx_distinct(eventname) AS apis
FROM cloudtrail_logs_pp
GROUP BY eventcategory, readonly
ORDER BY eventcategory, readonly
