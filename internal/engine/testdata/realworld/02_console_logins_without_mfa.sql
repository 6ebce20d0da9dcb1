-- Investigates: console sign-ins made without MFA, per identity (CIS AWS 3.2 / 1.10).
-- Style: panther-analysis "AWS Console Login Without MFA" rule, and the AWS CloudTrail
-- docs sign-in event reference (additionalEventData.MFAUsed), written as an Athena query.
SELECT useridentity.type,
       coalesce(useridentity.username, useridentity.arn) AS who,
       count(*) AS logins,
       count_if(json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success') AS successes
FROM cloudtrail_logs_pp
WHERE eventname = 'ConsoleLogin'
  AND json_extract_scalar(additionaleventdata, '$.MFAUsed') = 'No'
GROUP BY 1, 2
ORDER BY logins DESC, who
