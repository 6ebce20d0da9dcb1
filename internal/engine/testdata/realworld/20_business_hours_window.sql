-- Investigates: what ran during a given working day's incident window, per service.
-- Style: IR timelines bounded with from_iso8601_timestamp(eventtime) BETWEEN TIMESTAMP
-- literals plus a partition filter, as AWS IR playbooks recommend.
SELECT eventsource,
       count(*) AS calls
FROM cloudtrail_logs_pp
WHERE timestamp = '2025/03/04'
  AND from_iso8601_timestamp(eventtime)
      BETWEEN TIMESTAMP '2025-03-04 09:00:00 UTC' AND TIMESTAMP '2025-03-04 17:00:00 UTC'
GROUP BY eventsource
ORDER BY calls DESC, eventsource
LIMIT 15
