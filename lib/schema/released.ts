/**
 * The released row: what trainers read, derived from the stored row (columns.ts) by saying
 * which stored columns the release removes, which it re-keys and which it adds. The released
 * Glue table, the local `released` view and the checks of queries/release/ all come from here.
 */
import { type ColumnDef, type ColumnName, EVENT_COLUMNS } from './columns.ts';

/** Table names: the same in the Glue catalog and in the local DuckDB. The raw table is `events`. */
export const RELEASED_TABLE = 'released';
export const RELEASE_REPORT_TABLE = 'release_report';

/** Stored columns the release never carries over: they name a person or an event, or pin an instant. */
export const RELEASE_REMOVED_COLUMNS = [
  'event_id',
  'occurred_at',
  'received_at',
  'contributor',
  'pseudonym_window',
] as const satisfies readonly ColumnName[];

/**
 * Quasi-identifiers: alone they name nobody, but a rare value (one person's odd agent version,
 * a niche app) points at a person. Within a dt, a value seen from fewer than k distinct
 * contributors is released as NULL.
 */
export const QUASI_IDENTIFIER_COLUMNS = [
  'app',
  'os',
  'agent_version',
  'language',
  'tool',
  'domain',
] as const satisfies readonly ColumnName[];

export type QuasiIdentifier = (typeof QUASI_IDENTIFIER_COLUMNS)[number];

/** The stored `session` pseudonym is replaced by a release session id under the same name. */
const RELEASE_SESSION: ColumnDef = {
  name: 'session',
  type: 'string',
  required: true,
  doc: 'Release session id: random for each session, dt and release run; links the events of one session of this dt, never to raw data, other days or other releases.',
};

/** Columns the release computes in place of the instants, right after `session`. */
export const RELEASE_ADDED_COLUMNS = [
  {
    name: 'offset_ms',
    type: 'bigint',
    required: true,
    doc: 'Milliseconds from the first released event of the session to this one (device clock); the only time kept besides dt.',
  },
  {
    name: 'seq',
    type: 'int',
    required: true,
    doc: 'Position of the event in its session, 1, 2, … in time order.',
  },
] as const satisfies readonly ColumnDef[];

const REMOVED = new Set<string>(RELEASE_REMOVED_COLUMNS);
const QUASI = new Set<string>(QUASI_IDENTIFIER_COLUMNS);
const SUPPRESSION_NOTE = ' NULL when fewer than k contributors used the value that day.';

/** Released columns (without the `dt` partition), in table order. */
export const RELEASED_COLUMNS: readonly ColumnDef[] = EVENT_COLUMNS.flatMap((c): ColumnDef[] => {
  if (REMOVED.has(c.name)) return [];
  if (c.name === 'session') return [RELEASE_SESSION, ...RELEASE_ADDED_COLUMNS];
  if (QUASI.has(c.name)) return [{ ...c, doc: `${c.doc}${SUPPRESSION_NOTE}` }];
  return [c];
});

/** The release report: one row per dt and run, counts only. */
export const RELEASE_REPORT_COLUMNS: readonly ColumnDef[] = [
  { name: 'dt', type: 'string', required: true, doc: 'The day released, yyyy-MM-dd.' },
  {
    name: 'run_id',
    type: 'string',
    required: true,
    doc: 'The release run (execution name, or local run id).',
  },
  { name: 'released_at', type: 'timestamp', required: true, doc: 'When the run started (UTC).' },
  {
    name: 'min_contributors',
    type: 'int',
    required: true,
    doc: 'k: distinct contributors a value, and the day, need.',
  },
  {
    name: 'min_session_events',
    type: 'int',
    required: true,
    doc: 'Sessions with fewer events were dropped.',
  },
  { name: 'rows_in', type: 'bigint', required: true, doc: 'Raw rows of the dt, duplicates included.' },
  {
    name: 'duplicates_removed',
    type: 'bigint',
    required: true,
    doc: 'Raw rows whose event_id was received earlier (this dt or the day before).',
  },
  { name: 'sessions_in', type: 'bigint', required: true, doc: 'Sessions after de-duplication.' },
  {
    name: 'sessions_dropped',
    type: 'bigint',
    required: true,
    doc: 'Sessions with fewer than min_session_events events.',
  },
  {
    name: 'rows_in_dropped_sessions',
    type: 'bigint',
    required: true,
    doc: 'Rows of the dropped sessions.',
  },
  {
    name: 'contributors',
    type: 'bigint',
    required: true,
    doc: 'Distinct contributors of the sessions kept; fewer than k and nothing of the day is released.',
  },
  { name: 'rows_out', type: 'bigint', required: true, doc: 'Rows released.' },
  ...QUASI_IDENTIFIER_COLUMNS.map(
    (q): ColumnDef => ({
      name: `suppressed_${q}`,
      type: 'bigint',
      required: true,
      doc: `Released rows whose ${q} became NULL (seen from fewer than k contributors).`,
    }),
  ),
];
