-- Investigates: what sessions created by AssumeRole went on to do (role chaining / lateral
-- movement): AssumeRole responses joined to the actions of the assumed session.
-- Style: public IR SQL that joins assume_role_events to later actions on the assumed
-- session ARN (responseElements.assumedRoleUser.arn = userIdentity.arn).
WITH assumed AS (
  SELECT DISTINCT
         json_extract_scalar(responseelements, '$.assumedRoleUser.arn') AS session_arn,
         json_extract_scalar(requestparameters, '$.roleArn') AS role_arn
  FROM cloudtrail_logs_pp
  WHERE eventname = 'AssumeRole'
    AND errorcode IS NULL
), actions AS (
  SELECT useridentity.arn AS session_arn, eventsource, eventname
  FROM cloudtrail_logs_pp
  WHERE useridentity.type = 'AssumedRole'
)
SELECT a.role_arn,
       count(*) AS actions,
       count(DISTINCT b.eventsource) AS services
FROM assumed a
JOIN actions b ON a.session_arn = b.session_arn
GROUP BY a.role_arn
ORDER BY actions DESC, a.role_arn
