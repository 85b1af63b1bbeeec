-- name: Redaction counts by type
-- description: How many values of each type the scrubber replaced, per event type, and in how many released events, over the last 30 days.
SELECT
  event_type,
  redaction_type,
  sum(redactions[redaction_type]) AS redacted_values,
  count(*) AS events_with_redactions
FROM released
CROSS JOIN UNNEST(map_keys(redactions)) AS r (redaction_type)
WHERE dt >= substr(CAST(current_date - INTERVAL '30' DAY AS varchar), 1, 10)
GROUP BY event_type, redaction_type
ORDER BY redacted_values DESC, event_type, redaction_type
