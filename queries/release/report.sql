-- The release report of one dt and run: steps.sql followed by this SELECT. Counts only; the
-- columns are the report table's (lib/schema/released.ts), in its order.
-- Further placeholders: run_id, and released_at (yyyy-MM-dd HH:mm:ss.SSS, UTC).
SELECT
  '{{dt}}' AS dt,
  '{{run_id}}' AS run_id,
  TIMESTAMP '{{released_at}}' AS released_at,
  CAST({{min_contributors}} AS integer) AS min_contributors,
  CAST({{min_session_events}} AS integer) AS min_session_events,
  raw_counts.rows_in,
  raw_counts.duplicates_removed,
  session_counts.sessions_in,
  session_counts.sessions_dropped,
  session_counts.rows_in_dropped_sessions,
  contributor_counts.contributors,
  released_counts.rows_out,
  released_counts.suppressed_app,
  released_counts.suppressed_os,
  released_counts.suppressed_agent_version,
  released_counts.suppressed_language,
  released_counts.suppressed_tool,
  released_counts.suppressed_domain
FROM (
  SELECT
    count(*) AS rows_in,
    count(*) FILTER (WHERE copy_number > 1) AS duplicates_removed
  FROM candidates
  WHERE dt = '{{dt}}'
) raw_counts
CROSS JOIN (
  SELECT
    count(*) AS sessions_in,
    count(*) FILTER (WHERE events < {{min_session_events}}) AS sessions_dropped,
    CAST(coalesce(sum(events) FILTER (WHERE events < {{min_session_events}}), 0) AS bigint)
      AS rows_in_dropped_sessions
  FROM session_sizes
) session_counts
CROSS JOIN (
  SELECT count(DISTINCT contributor) AS contributors FROM long_sessions
) contributor_counts
CROSS JOIN (
  SELECT
    count(*) AS rows_out,
    count(*) FILTER (WHERE suppressed_app) AS suppressed_app,
    count(*) FILTER (WHERE suppressed_os) AS suppressed_os,
    count(*) FILTER (WHERE suppressed_agent_version) AS suppressed_agent_version,
    count(*) FILTER (WHERE suppressed_language) AS suppressed_language,
    count(*) FILTER (WHERE suppressed_tool) AS suppressed_tool,
    count(*) FILTER (WHERE suppressed_domain) AS suppressed_domain
  FROM released_rows
) released_counts
