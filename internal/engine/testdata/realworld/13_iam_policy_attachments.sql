-- Investigates: policy attachments and inline policies (privilege escalation, e.g.
-- AdministratorAccess attached to a user).
-- Style: panther-analysis "AWS IAM Policy Modified" / "Attach Admin User Policy" rules and
-- the aldosimon IR notes ("check for attaching user policy eventname").
SELECT eventtime,
       eventname,
       useridentity.arn AS actor,
       coalesce(json_extract_scalar(requestparameters, '$.userName'),
                json_extract_scalar(requestparameters, '$.roleName'),
                json_extract_scalar(requestparameters, '$.groupName')) AS target,
       json_extract_scalar(requestparameters, '$.policyArn') AS policy_arn
FROM cloudtrail_logs_pp
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy',
                    'DetachRolePolicy', 'PutRolePolicy', 'PutUserPolicy')
ORDER BY eventtime
