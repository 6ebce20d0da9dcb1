-- Investigates: per IAM user, how many calls came within a second of the previous one
-- (scripted use of a key) and the longest quiet gap.
-- Style: lag() over eventtime with date_diff, as in Athena session-analysis examples.
WITH seq AS (
  SELECT useridentity.arn AS principal,
         from_iso8601_timestamp(eventtime) AS t,
         lag(from_iso8601_timestamp(eventtime))
           OVER (PARTITION BY useridentity.arn ORDER BY eventtime, eventid) AS prev_t
  FROM cloudtrail_logs_pp
  WHERE useridentity.type = 'IAMUser'
)
SELECT principal,
       count(*) AS events,
       count_if(date_diff('second', prev_t, t) <= 1) AS within_1s,
       max(date_diff('second', prev_t, t)) AS longest_gap_s
FROM seq
GROUP BY principal
ORDER BY principal
