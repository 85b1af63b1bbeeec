-- name: Daily volume by event type
-- description: Released events and sessions per day and event type over the last 30 days (the release has already removed duplicate deliveries).
SELECT
  dt,
  event_type,
  count(*) AS events,
  count(DISTINCT "session") AS sessions
FROM released
WHERE dt >= substr(CAST(current_date - INTERVAL '30' DAY AS varchar), 1, 10)
GROUP BY dt, event_type
ORDER BY dt DESC, events DESC, event_type
