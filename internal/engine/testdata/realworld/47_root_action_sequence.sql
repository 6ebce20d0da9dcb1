-- Investigates: the ordered sequence of the root user's first five actions each day.
-- Style: IR timelines with array_agg(x ORDER BY eventtime), as in Athena/Trino docs.
SELECT timestamp AS day,
       array_join(slice(array_agg(eventname ORDER BY eventtime, eventid), 1, 5), ' > ') AS first_actions,
       count(*) AS root_events
FROM cloudtrail_logs_pp
WHERE useridentity.type = 'Root'
GROUP BY timestamp
ORDER BY day
