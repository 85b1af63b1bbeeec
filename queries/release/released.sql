-- The released rows of one dt: steps.sql followed by this SELECT. The columns are the released
-- table's (lib/schema/released.ts), in its order; dt is the partition, in the path only.
SELECT
  event_type,
  "session",
  offset_ms,
  seq,
  app,
  os,
  agent_version,
  tool,
  outcome,
  duration_ms,
  language,
  "path",
  domain,
  content,
  content_truncated,
  exit_code,
  counts,
  redactions,
  schema_version
FROM released_rows
