-- Investigates: the share of events by identity type (a baseline for anomaly hunting).
-- Style: window over an aggregate (sum(count(*)) OVER ()) as in Athena analyst notebooks.
SELECT useridentity.type AS identity_type,
       count(*) AS events,
       CAST(count(*) AS double) * 100 / sum(count(*)) OVER () AS pct
FROM cloudtrail_logs_pp
GROUP BY useridentity.type
ORDER BY events DESC
