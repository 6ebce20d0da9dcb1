-- Investigates: the first event, time and IP of every IAM user in the window (first
-- use of a leaked long-term key).
-- Style: row_number() OVER (PARTITION BY user ORDER BY eventtime) = 1 from IR runbooks.
SELECT username, first_time, first_ip, first_event
FROM (
  SELECT useridentity.username AS username,
         eventtime AS first_time,
         sourceipaddress AS first_ip,
         eventname AS first_event,
         row_number() OVER (PARTITION BY useridentity.username ORDER BY eventtime, eventid) AS rn
  FROM cloudtrail_logs_pp
  WHERE useridentity.type = 'IAMUser'
)
WHERE rn = 1
ORDER BY username
