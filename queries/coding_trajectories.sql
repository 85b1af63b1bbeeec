-- name: Ordered coding trajectories
-- description: The coding events of each session in time order (step 1, 2, …) with the previous event type, over the last 7 days; one trajectory per session pseudonym and window.
SELECT
  pseudonym_window,
  "session",
  row_number() OVER (PARTITION BY pseudonym_window, "session" ORDER BY occurred_at, event_id) AS step,
  lag(event_type) OVER (PARTITION BY pseudonym_window, "session" ORDER BY occurred_at, event_id) AS previous_event_type,
  occurred_at,
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
FROM events
WHERE dt >= substr(CAST(current_date - INTERVAL '7' DAY AS varchar), 1, 10)
  AND event_type IN ('file_edit', 'terminal_command', 'test_run', 'build', 'ai_assist')
ORDER BY pseudonym_window, "session", step
