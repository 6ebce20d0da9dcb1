-- Investigates: for each successful console sign-in, how much the same identity did on
-- that day (LEFT JOIN keeps sign-ins with no follow-up activity).
-- Style: AWS IR playbook "scope the session after ConsoleLogin" as a self-join.
WITH logins AS (
  SELECT DISTINCT useridentity.arn AS arn, timestamp AS day
  FROM cloudtrail_logs_pp
  WHERE eventname = 'ConsoleLogin'
    AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
)
SELECT l.day, l.arn, count(c.eventid) AS actions_that_day
FROM logins l
LEFT JOIN cloudtrail_logs_pp c
  ON c.useridentity.arn = l.arn
 AND c.timestamp = l.day
 AND c.eventname <> 'ConsoleLogin'
GROUP BY l.day, l.arn
ORDER BY l.day, l.arn
