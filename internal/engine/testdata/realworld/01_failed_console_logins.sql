-- Investigates: failed AWS console sign-ins (password guessing, brute force), newest first.
-- Style: AWS Security Incident Response Guide and the invictus-ir AWS playbooks, which
-- filter ConsoleLogin on json_extract_scalar(responseelements, '$.ConsoleLogin').
SELECT eventtime,
       useridentity.type AS identity_type,
       useridentity.arn,
       sourceipaddress,
       errormessage
FROM cloudtrail_logs_pp
WHERE eventname = 'ConsoleLogin'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure'
ORDER BY eventtime DESC
