-- Investigates: EC2 instance, volume and snapshot changes (crypto-mining launches,
-- snapshot exfiltration), with who made them.
-- Style: stratus-red-team ec2 techniques (share snapshot, launch instances) as an Athena
-- summary with array_agg(DISTINCT ...).
SELECT eventname,
       count(*) AS calls,
       count_if(errorcode IS NULL) AS succeeded,
       array_join(array_sort(array_agg(DISTINCT useridentity.type)), ',') AS identity_types
FROM cloudtrail_logs_pp
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname IN ('RunInstances', 'StartInstances', 'StopInstances', 'TerminateInstances',
                    'ModifyInstanceAttribute', 'CreateSnapshot', 'ModifySnapshotAttribute',
                    'CreateVolume', 'AttachVolume')
GROUP BY eventname
ORDER BY eventname
