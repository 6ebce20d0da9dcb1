-- error: EXPRESSION_NOT_SCALAR: line 8:71: WHERE clause cannot contain aggregations, window functions or grouping operations
-- A window function used as a filter (it must go in a subquery). Trino reports the error
-- at the location of the WHERE predicate (StatementAnalyzer.analyzeWhere passes the
-- predicate to verifyNoAggregateWindowOrGroupingFunctions), and a comparison's location is
-- its operator (AstBuilder.visitComparison: getLocation(context.comparisonOperator())), so
-- line 8:71, the "<=". PENDING: trawl reports line 8:7, the window function.
SELECT eventsource, eventname, eventtime FROM cloudtrail_logs_pp
WHERE row_number() OVER (PARTITION BY eventsource ORDER BY eventtime) <= 3
