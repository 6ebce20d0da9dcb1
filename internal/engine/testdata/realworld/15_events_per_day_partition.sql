-- Investigates: activity per day over an incident window, pruned on the partition column.
-- Style: AWS knowledge-center partition-projection examples (timestamp BETWEEN 'yyyy/MM/dd').
SELECT timestamp AS day,
       count(*) AS events,
       count_if(readonly = 'false') AS writes
FROM cloudtrail_logs_pp
WHERE timestamp BETWEEN '2025/03/02' AND '2025/03/05'
GROUP BY timestamp
ORDER BY day
