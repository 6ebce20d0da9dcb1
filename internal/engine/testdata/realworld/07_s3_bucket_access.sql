-- Investigates: S3 data access per bucket: reads, writes, deletes and how many principals.
-- Style: AWS knowledge-center "Which user accessed my S3 objects" Athena queries using
-- json_extract_scalar(requestparameters, '$.bucketName') on data events.
SELECT json_extract_scalar(requestparameters, '$.bucketName') AS bucket,
       count_if(eventname = 'GetObject') AS reads,
       count_if(eventname IN ('PutObject', 'CopyObject', 'CompleteMultipartUpload')) AS writes,
       count_if(eventname = 'DeleteObject') AS deletes,
       approx_distinct(useridentity.arn) AS principals
FROM cloudtrail_logs_pp
WHERE eventsource = 's3.amazonaws.com'
  AND eventcategory = 'Data'
GROUP BY 1
ORDER BY reads DESC, bucket
