-- The release steps, one definition for Athena (Trino) and the local DuckDB: the common part of
-- released.sql and report.sql, each of which is this file followed by its own final SELECT.
-- Placeholders in double braces are filled in by lib/release/sql.ts (values checked there) or, in
-- AWS, by the release state machine: dt, previous_dt, min_contributors (k), min_session_events.
WITH
-- The day's raw rows and the day before's, so that an event retried across midnight is released
-- once: the first received copy of each event_id wins.
candidates AS (
  SELECT
    events.*,
    row_number() OVER (PARTITION BY event_id ORDER BY received_at, dt) AS copy_number
  FROM events
  WHERE dt IN ('{{dt}}', '{{previous_dt}}')
),
unique_rows AS (
  SELECT * FROM candidates WHERE dt = '{{dt}}' AND copy_number = 1
),
session_sizes AS (
  SELECT "session", count(*) AS events FROM unique_rows GROUP BY "session"
),
-- Short sessions say little about how work is done and much about who did it: dropped.
long_sessions AS (
  SELECT u.*
  FROM unique_rows u
  JOIN session_sizes s ON s."session" = u."session"
  WHERE s.events >= {{min_session_events}}
),
-- How many people worked the day, in the sessions long enough to release (also reported).
contributor_counts AS (
  SELECT count(DISTINCT contributor) AS contributors FROM long_sessions
),
-- A day that fewer than k people worked would be a view of those few people: none of it is released.
kept AS (
  SELECT *
  FROM long_sessions
  WHERE (SELECT contributors FROM contributor_counts) >= {{min_contributors}}
),
quasi_identifier_values AS (
  SELECT 'app' AS column_name, app AS value, contributor FROM kept WHERE app IS NOT NULL
  UNION ALL
  SELECT 'os', os, contributor FROM kept WHERE os IS NOT NULL
  UNION ALL
  SELECT 'agent_version', agent_version, contributor FROM kept WHERE agent_version IS NOT NULL
  UNION ALL
  SELECT 'language', language, contributor FROM kept WHERE language IS NOT NULL
  UNION ALL
  SELECT 'tool', tool, contributor FROM kept WHERE tool IS NOT NULL
  UNION ALL
  SELECT 'domain', domain, contributor FROM kept WHERE domain IS NOT NULL
),
-- k-anonymity per quasi-identifier: only values that at least k distinct contributors used this day.
common_values AS (
  SELECT column_name, value
  FROM quasi_identifier_values
  GROUP BY column_name, value
  HAVING count(DISTINCT contributor) >= {{min_contributors}}
),
-- A fresh random id for each released session of this run: nothing is derived from the raw
-- pseudonym, so there is no salt to keep secret and no way back to raw rows or other releases.
release_sessions AS (
  SELECT "session", CAST(uuid() AS varchar) AS release_session
  FROM session_sizes
  WHERE events >= {{min_session_events}}
),
released_rows AS (
  SELECT
    k.event_type,
    r.release_session AS "session",
    CAST(date_diff('millisecond', min(k.occurred_at) OVER (PARTITION BY k."session"), k.occurred_at) AS bigint)
      AS offset_ms,
    CAST(row_number() OVER (PARTITION BY k."session" ORDER BY k.occurred_at, k.event_id) AS integer) AS seq,
    CASE WHEN c_app.value IS NULL THEN NULL ELSE k.app END AS app,
    CASE WHEN c_os.value IS NULL THEN NULL ELSE k.os END AS os,
    CASE WHEN c_agent_version.value IS NULL THEN NULL ELSE k.agent_version END AS agent_version,
    CASE WHEN c_tool.value IS NULL THEN NULL ELSE k.tool END AS tool,
    k.outcome,
    k.duration_ms,
    CASE WHEN c_language.value IS NULL THEN NULL ELSE k.language END AS language,
    k."path",
    CASE WHEN c_domain.value IS NULL THEN NULL ELSE k.domain END AS domain,
    k.content,
    k.content_truncated,
    k.exit_code,
    k.counts,
    k.redactions,
    k.schema_version,
    k.app IS NOT NULL AND c_app.value IS NULL AS suppressed_app,
    k.os IS NOT NULL AND c_os.value IS NULL AS suppressed_os,
    k.agent_version IS NOT NULL AND c_agent_version.value IS NULL AS suppressed_agent_version,
    k.language IS NOT NULL AND c_language.value IS NULL AS suppressed_language,
    k.tool IS NOT NULL AND c_tool.value IS NULL AS suppressed_tool,
    k.domain IS NOT NULL AND c_domain.value IS NULL AS suppressed_domain
  FROM kept k
  JOIN release_sessions r ON r."session" = k."session"
  LEFT JOIN common_values c_app ON c_app.column_name = 'app' AND c_app.value = k.app
  LEFT JOIN common_values c_os ON c_os.column_name = 'os' AND c_os.value = k.os
  LEFT JOIN common_values c_agent_version
    ON c_agent_version.column_name = 'agent_version' AND c_agent_version.value = k.agent_version
  LEFT JOIN common_values c_language ON c_language.column_name = 'language' AND c_language.value = k.language
  LEFT JOIN common_values c_tool ON c_tool.column_name = 'tool' AND c_tool.value = k.tool
  LEFT JOIN common_values c_domain ON c_domain.column_name = 'domain' AND c_domain.value = k.domain
)
