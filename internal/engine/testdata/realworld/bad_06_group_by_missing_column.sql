-- error: EXPRESSION_NOT_AGGREGATE: line 3:21: 'eventname' must be an aggregate expression or appear in GROUP BY clause
-- A selected column that is neither grouped nor aggregated.
SELECT eventsource, eventname, count(*) AS calls
FROM cloudtrail_logs_pp
GROUP BY eventsource
