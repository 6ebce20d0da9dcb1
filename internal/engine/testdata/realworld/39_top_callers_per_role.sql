-- Investigates: for every role assumed through STS, its two most frequent callers.
-- Style: panther-analysis STS AssumeRole rules, with row_number() top-N per role.
WITH calls AS (
  SELECT json_extract_scalar(requestparameters, '$.roleArn') AS role_arn,
         coalesce(useridentity.arn, useridentity.invokedby, useridentity.type) AS caller,
         count(*) AS n
  FROM cloudtrail_logs_pp
  WHERE eventsource = 'sts.amazonaws.com'
    AND eventname LIKE 'AssumeRole%'
  GROUP BY 1, 2
)
SELECT role_arn, caller, n
FROM (
  SELECT *, row_number() OVER (PARTITION BY role_arn ORDER BY n DESC, caller) AS rn
  FROM calls
)
WHERE rn <= 2
ORDER BY role_arn, n DESC, caller
