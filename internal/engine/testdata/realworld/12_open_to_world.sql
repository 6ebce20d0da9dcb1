-- Investigates: security-group calls that mention 0.0.0.0/0 (opened to the internet).
-- Style: panther-analysis "AWS EC2 Security Group Modified to Allow Ingress from 0.0.0.0/0"
-- done the quick analyst way, with LIKE on the raw JSON columns.
SELECT eventtime,
       eventname,
       json_extract_scalar(requestparameters, '$.groupId') AS group_id,
       useridentity.arn AS actor
FROM cloudtrail_logs_pp
WHERE eventname LIKE '%SecurityGroup%'
  AND (requestparameters LIKE '%0.0.0.0/0%' OR responseelements LIKE '%0.0.0.0/0%')
ORDER BY eventtime
