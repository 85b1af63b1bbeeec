-- name: Session summary by day
-- description: Released sessions per day over the last 30 days: how many, their mean and largest number of events, and their mean span from first to last event.
WITH sessions AS (
  SELECT
    dt,
    "session",
    count(*) AS events,
    max(offset_ms) AS span_ms
  FROM released
  WHERE dt >= substr(CAST(current_date - INTERVAL '30' DAY AS varchar), 1, 10)
  GROUP BY dt, "session"
)
SELECT
  dt,
  count(*) AS sessions,
  sum(events) AS events,
  round(avg(events), 1) AS mean_events_per_session,
  max(events) AS most_events_in_a_session,
  round(avg(span_ms) / 1000.0, 1) AS mean_span_seconds
FROM sessions
GROUP BY dt
ORDER BY dt DESC
