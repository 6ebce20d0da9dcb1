-- Investigates: IAM changes (non-read-only calls) per actor and API.
-- Style: AWS Big Data blog CloudTrail/Athena IAM-change queries (eventsource =
-- 'iam.amazonaws.com' AND readonly = 'false').
SELECT useridentity.arn AS actor,
       eventname,
       count(*) AS n
FROM cloudtrail_logs_pp
WHERE eventsource = 'iam.amazonaws.com'
  AND readonly = 'false'
GROUP BY useridentity.arn, eventname
ORDER BY n DESC, eventname, actor
