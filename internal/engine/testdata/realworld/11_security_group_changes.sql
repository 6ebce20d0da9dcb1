-- Investigates: every security-group change with its group, first CIDR and actor.
-- Style: the "who opened my security group" Athena gist (security-group-ingress.sql) and
-- stratus-red-team's ec2 exfiltration techniques.
SELECT eventtime,
       eventname,
       json_extract_scalar(requestparameters, '$.groupId') AS group_id,
       coalesce(json_extract_scalar(requestparameters, '$.ipPermissions.items[0].ipRanges.items[0].cidrIp'), '-') AS cidr,
       useridentity.arn AS actor,
       errorcode
FROM cloudtrail_logs_pp
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname IN ('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress',
                    'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
                    'CreateSecurityGroup', 'DeleteSecurityGroup', 'ModifySecurityGroupRules')
ORDER BY eventtime, eventname
