-- name: De-duplicated events (by event_id)
-- description: Pattern for every analysis: Firehose delivers at least once and agents retry, so keep the first received copy of each event_id. Widen the dt range by a day on each side to catch retries that crossed midnight.
WITH ranked AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY event_id ORDER BY received_at, dt) AS copy_number
  FROM events
  WHERE dt >= substr(CAST(current_date - INTERVAL '7' DAY AS varchar), 1, 10)
)
SELECT
  event_id,
  event_type,
  occurred_at,
  received_at,
  pseudonym_window,
  "session",
  app,
  tool,
  outcome,
  duration_ms,
  dt
FROM ranked
WHERE copy_number = 1
ORDER BY occurred_at, event_id
