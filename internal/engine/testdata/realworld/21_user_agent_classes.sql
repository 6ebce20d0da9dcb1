-- Investigates: which clients call the APIs (CLI, SDKs, console, Terraform, AWS services);
-- an unexpected CLI on a role used only by an SDK is a compromise signal.
-- Style: AWS security blog "user agent" triage queries using CASE WHEN useragent LIKE.
SELECT CASE
         WHEN useragent LIKE 'aws-cli/%' THEN 'cli'
         WHEN useragent LIKE 'Boto3/%' OR useragent LIKE 'aws-sdk-%' THEN 'sdk'
         WHEN useragent LIKE 'Mozilla/%' OR useragent = 'console.amazonaws.com' THEN 'console'
         WHEN useragent LIKE '%HashiCorp%' OR useragent LIKE '%Terraform%' THEN 'terraform'
         WHEN useragent LIKE '%.amazonaws.com' OR useragent = 'AWS Internal' THEN 'aws-service'
         ELSE 'other'
       END AS client,
       count(*) AS calls,
       count(DISTINCT useridentity.principalid) AS principals
FROM cloudtrail_logs_pp
GROUP BY 1
ORDER BY calls DESC
