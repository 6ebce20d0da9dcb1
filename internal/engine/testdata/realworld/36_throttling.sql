-- Investigates: throttled callers (runaway automation or brute-force enumeration).
-- Style: AWS re:Post "find which principal is being throttled" Athena query.
SELECT useridentity.arn AS principal,
       eventsource,
       count(*) AS throttled
FROM cloudtrail_logs_pp
WHERE errorcode IN ('ThrottlingException', 'Throttling', 'Client.RequestLimitExceeded',
                    'SlowDown', 'TooManyRequestsException', 'RequestLimitExceeded')
GROUP BY 1, 2
ORDER BY throttled DESC, principal, eventsource
