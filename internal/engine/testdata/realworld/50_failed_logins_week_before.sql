-- Investigates: password guessing from one address: for each failed console sign-in, how
-- many failed sign-ins the same source IP made in the seven days before it.
-- Style: detection rules that count prior attempts with a correlated subquery over a time
-- range (the subquery's WHERE ties it to the outer row by IP and by eventtime bounds).
SELECT o.sourceipaddress,
       o.eventtime,
       (SELECT count(*)
          FROM cloudtrail_logs_pp i
         WHERE i.eventname = 'ConsoleLogin'
           AND json_extract_scalar(i.responseelements, '$.ConsoleLogin') = 'Failure'
           AND i.sourceipaddress = o.sourceipaddress
           AND from_iso8601_timestamp(i.eventtime) >= from_iso8601_timestamp(o.eventtime) - INTERVAL '7' DAY
           AND i.eventtime < o.eventtime) AS failures_week_before
FROM cloudtrail_logs_pp o
WHERE o.eventname = 'ConsoleLogin'
  AND json_extract_scalar(o.responseelements, '$.ConsoleLogin') = 'Failure'
ORDER BY failures_week_before DESC, o.eventtime, o.sourceipaddress
