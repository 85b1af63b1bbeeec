-- name: Daily volume by event type
-- description: Events and distinct sessions per day and event type over the last 30 days (duplicates from retries included; see dedup_by_event_id).
SELECT
  dt,
  event_type,
  count(*) AS events,
  count(DISTINCT "session") AS sessions
FROM events
WHERE dt >= substr(CAST(current_date - INTERVAL '30' DAY AS varchar), 1, 10)
GROUP BY dt, event_type
ORDER BY dt DESC, events DESC, event_type
