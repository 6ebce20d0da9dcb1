-- Investigates: who read which Secrets Manager secret (credential access, T1555).
-- Style: stratus-red-team "aws.credential-access.secretsmanager-retrieve-secrets" and its
-- detection guidance, written as an Athena aggregation.
SELECT json_extract_scalar(requestparameters, '$.secretId') AS secret,
       useridentity.sessioncontext.sessionissuer.username AS role,
       count(*) AS reads,
       count_if(errorcode IS NOT NULL) AS failed
FROM cloudtrail_logs_pp
WHERE eventsource = 'secretsmanager.amazonaws.com'
  AND eventname = 'GetSecretValue'
GROUP BY 1, 2
ORDER BY reads DESC, secret, role
