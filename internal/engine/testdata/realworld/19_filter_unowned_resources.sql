-- Investigates: resources logged without an owning account (objects, cross-account ARNs).
-- Style: Trino filter()/cardinality() lambdas over CloudTrail resources, as in Athena v3
-- examples for arrays of rows.
SELECT eventname,
       sum(cardinality(filter(resources, r -> r.accountid IS NULL))) AS unowned,
       count(*) AS events
FROM cloudtrail_logs_pp
WHERE cardinality(filter(resources, r -> r.accountid IS NULL)) > 0
GROUP BY eventname
ORDER BY unowned DESC, eventname
