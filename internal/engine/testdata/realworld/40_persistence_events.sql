-- Investigates: persistence, privilege-escalation and defense-evasion events, by category.
-- Style: invictus-ir / jq cheat sheet event lists (CreateAccessKey, CreateLoginProfile,
-- AttachUserPolicy, StopLogging, ...) combined with UNION ALL.
SELECT 'iam-credential' AS category, eventname, count(*) AS n
FROM cloudtrail_logs_pp
WHERE eventname IN ('CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'CreateUser')
GROUP BY eventname
UNION ALL
SELECT 'policy-change', eventname, count(*)
FROM cloudtrail_logs_pp
WHERE eventname IN ('AttachUserPolicy', 'AttachRolePolicy', 'PutRolePolicy', 'PutUserPolicy',
                    'DetachRolePolicy', 'CreatePolicyVersion')
GROUP BY eventname
UNION ALL
SELECT 'defense-evasion', eventname, count(*)
FROM cloudtrail_logs_pp
WHERE eventname IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors',
                    'DeleteDetector', 'UpdateDetector', 'DeleteFlowLogs',
                    'PutBucketPolicy', 'DeleteBucketPolicy')
GROUP BY eventname
ORDER BY category, eventname
