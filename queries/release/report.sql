-- The release report of one dt and run: steps.sql followed by this SELECT. Counts only; the
-- columns are the report table's (lib/schema/released.ts), in its order. Trainers read reports:
-- a day withheld for having fewer than k contributors reports every count as 0, since its counts
-- (rows, sessions, contributors) would describe those few people.
-- Further placeholders: run_id, and released_at (yyyy-MM-dd HH:mm:ss.SSS, UTC).
SELECT
  '{{dt}}' AS dt,
  '{{run_id}}' AS run_id,
  TIMESTAMP '{{released_at}}' AS released_at,
  CAST({{min_contributors}} AS integer) AS min_contributors,
  CAST({{min_session_events}} AS integer) AS min_session_events,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN raw_counts.rows_in ELSE 0 END AS rows_in,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN raw_counts.duplicates_removed ELSE 0 END AS duplicates_removed,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN session_counts.sessions_in ELSE 0 END AS sessions_in,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN session_counts.sessions_dropped ELSE 0 END AS sessions_dropped,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN session_counts.rows_in_dropped_sessions ELSE 0 END AS rows_in_dropped_sessions,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN contributor_counts.contributors ELSE 0 END AS contributors,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN released_counts.rows_out ELSE 0 END AS rows_out,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN released_counts.suppressed_app ELSE 0 END AS suppressed_app,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN released_counts.suppressed_os ELSE 0 END AS suppressed_os,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN released_counts.suppressed_agent_version ELSE 0 END AS suppressed_agent_version,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN released_counts.suppressed_language ELSE 0 END AS suppressed_language,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN released_counts.suppressed_tool ELSE 0 END AS suppressed_tool,
  CASE WHEN contributor_counts.contributors >= {{min_contributors}} THEN released_counts.suppressed_domain ELSE 0 END AS suppressed_domain
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
CROSS JOIN contributor_counts
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
