-- Investigates: which APIs touch KMS keys, found with a lambda over the resources array.
-- Style: Trino any_match(array, x -> ...) as used in CloudTrail Lake / Athena v3 samples.
SELECT eventname,
       count(*) AS n
FROM cloudtrail_logs_pp
WHERE any_match(resources, r -> r.type = 'AWS::KMS::Key')
GROUP BY eventname
ORDER BY n DESC, eventname
