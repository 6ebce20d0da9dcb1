-- Investigates: principals enumerating the account (many distinct List/Describe/Get APIs).
-- Style: stratus-red-team discovery techniques and invictus-ir's "enumeration" queries
-- (regexp_like(eventname, '^(List|Describe|Get)')).
SELECT useridentity.arn AS principal,
       count(*) AS calls,
       count(DISTINCT eventname) AS distinct_apis,
       count(DISTINCT eventsource) AS services
FROM cloudtrail_logs_pp
WHERE regexp_like(eventname, '^(List|Describe|Get)')
  AND useridentity.type IN ('IAMUser', 'AssumedRole')
GROUP BY useridentity.arn
HAVING count(DISTINCT eventname) >= 15
ORDER BY distinct_apis DESC, principal
