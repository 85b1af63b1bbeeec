-- name: Ordered coding trajectories
-- description: The coding events of each released session in order (step 1, 2, …) with the previous event type and the time since the session's first event, over the last 7 days. Session ids are re-keyed by every release and link events of one day only.
SELECT
  dt,
  "session",
  row_number() OVER (PARTITION BY dt, "session" ORDER BY seq) AS step,
  lag(event_type) OVER (PARTITION BY dt, "session" ORDER BY seq) AS previous_event_type,
  offset_ms,
  event_type,
  app,
  tool,
  language,
  "path",
  exit_code,
  outcome,
  duration_ms,
  content,
  content_truncated
FROM released
WHERE dt >= substr(CAST(current_date - INTERVAL '7' DAY AS varchar), 1, 10)
  AND event_type IN ('file_edit', 'terminal_command', 'test_run', 'build', 'ai_assist')
ORDER BY dt, "session", step
