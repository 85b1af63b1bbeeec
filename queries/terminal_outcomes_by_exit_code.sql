-- name: Terminal command outcomes by exit code
-- description: How released terminal commands end: count, share and mean duration per exit code over the last 30 days.
SELECT
  exit_code,
  count(*) AS commands,
  round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS percent,
  round(avg(duration_ms), 1) AS mean_duration_ms
FROM released
WHERE dt >= substr(CAST(current_date - INTERVAL '30' DAY AS varchar), 1, 10)
  AND event_type = 'terminal_command'
GROUP BY exit_code
ORDER BY commands DESC, exit_code
