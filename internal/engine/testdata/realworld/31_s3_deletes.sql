-- Investigates: the 25 latest S3 deletions (objects, buckets, bucket policies): data
-- destruction or ransom.
-- Style: stratus-red-team "aws.impact.s3-ransomware-*" detection notes and AWS knowledge
-- center "who deleted my S3 object" Athena query.
SELECT eventtime,
       useridentity.arn AS actor,
       json_extract_scalar(requestparameters, '$.bucketName') AS bucket,
       json_extract_scalar(requestparameters, '$.key') AS object_key,
       errorcode
FROM cloudtrail_logs_pp
WHERE eventsource = 's3.amazonaws.com'
  AND eventname IN ('DeleteObject', 'DeleteObjects', 'DeleteBucket', 'DeleteBucketPolicy')
ORDER BY eventtime DESC
LIMIT 25
