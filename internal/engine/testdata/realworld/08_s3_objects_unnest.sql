-- Investigates: which buckets' objects were touched, via the resources array.
-- Style: AWS Athena docs "CROSS JOIN UNNEST" on CloudTrail resources (an array of rows
-- expanded into one column per field).
SELECT split_part(t.arn, '/', 1) AS bucket_arn,
       count(*) AS object_events,
       count(DISTINCT t.arn) AS objects
FROM cloudtrail_logs_pp
CROSS JOIN UNNEST(resources) AS t(arn, accountid, type)
WHERE t.type = 'AWS::S3::Object'
GROUP BY 1
ORDER BY object_events DESC, bucket_arn
