-- Investigates: IAM roles named as resources of events (assumed, passed, modified).
-- Style: resource searches with UNNEST(resources) from the Athena docs and the
-- invictus-ir "resources affected" triage queries.
SELECT t.arn AS role_arn,
       count(*) AS events,
       count(DISTINCT eventname) AS apis
FROM cloudtrail_logs_pp
CROSS JOIN UNNEST(resources) AS t(arn, accountid, type)
WHERE t.type = 'AWS::IAM::Role'
  AND t.arn LIKE '%:role/%'
GROUP BY t.arn
HAVING count(*) >= 5
ORDER BY events DESC, role_arn
