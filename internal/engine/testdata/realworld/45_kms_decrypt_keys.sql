-- Investigates: KMS Decrypt per key and how many roles decrypt with it.
-- Style: AWS KMS developer guide CloudTrail examples, with UNNEST(resources) and
-- regexp_extract on the key ARN.
SELECT regexp_extract(t.arn, 'key/([0-9a-f-]+)$', 1) AS key_id,
       count(*) AS decrypts,
       count(DISTINCT useridentity.sessioncontext.sessionissuer.username) AS roles
FROM cloudtrail_logs_pp
CROSS JOIN UNNEST(resources) AS t(arn, accountid, type)
WHERE eventsource = 'kms.amazonaws.com'
  AND eventname = 'Decrypt'
  AND t.type = 'AWS::KMS::Key'
GROUP BY 1
ORDER BY decrypts DESC, key_id
