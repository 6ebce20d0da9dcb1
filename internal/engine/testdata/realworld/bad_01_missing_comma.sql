-- error: SYNTAX_ERROR: line 5:23: mismatched input '('. Expecting: 
-- A missing comma between two select items: "eventname count(*)" reads as eventname
-- aliased "count", and Trino's parser stops at the "(" that follows.
SELECT eventsource,
       eventname count(*) AS calls
FROM cloudtrail_logs_pp
GROUP BY eventsource, eventname
