-- Investigates: how many services each IAM user touched, and which (blast radius of a
-- leaked key).
-- Style: array_agg(DISTINCT ...) summaries from Athena IR notebooks.
SELECT useridentity.username AS username,
       cardinality(array_agg(DISTINCT eventsource)) AS services,
       array_join(array_sort(array_agg(DISTINCT split_part(eventsource, '.', 1))), ' ') AS service_list
FROM cloudtrail_logs_pp
WHERE useridentity.type = 'IAMUser'
GROUP BY useridentity.username
ORDER BY services DESC, username
