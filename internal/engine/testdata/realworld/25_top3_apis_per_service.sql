-- Investigates: each service's three busiest APIs, ties included (rank()).
-- Style: top-N per group with rank() over an aggregate, as in the AWS Athena
-- "top N per category" examples.
SELECT eventsource, eventname, calls
FROM (
  SELECT eventsource, eventname, count(*) AS calls,
         rank() OVER (PARTITION BY eventsource ORDER BY count(*) DESC) AS rnk
  FROM cloudtrail_logs_pp
  GROUP BY eventsource, eventname
)
WHERE rnk <= 3
ORDER BY eventsource, calls DESC, eventname
