/**
 * The stored event row: the single source of truth for what lands in S3.
 *
 * Glue columns, the Parquet/DuckDB schema of the local mode, the JSON Schema of a
 * Firehose-ready row and the TypeScript row type are all derived from this list
 * (see `derive-*.ts`); nothing else may spell a column out again.
 */

/** Logical column types, named as Glue/Hive spells them. */
export type ColumnType =
  | 'string'
  | 'timestamp'
  | 'bigint'
  | 'int'
  | 'boolean'
  | 'map<string,bigint>'
  | 'map<string,int>';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  /** Every stored column may be null except these: the ingest function always sets them. */
  readonly required: boolean;
  /** One line for trainers: shown as the Glue column comment. */
  readonly doc: string;
}

/** Bumped when the meaning of a column changes; stored with every row. */
export const SCHEMA_VERSION = 1;

export const EVENT_COLUMNS = [
  {
    name: 'event_id',
    type: 'string',
    required: true,
    doc: 'Client-generated UUID; de-duplicate on it (delivery is at-least-once).',
  },
  {
    name: 'event_type',
    type: 'string',
    required: true,
    doc: 'Event type, e.g. file_edit, terminal_command, test_run.',
  },
  {
    name: 'occurred_at',
    type: 'timestamp',
    required: true,
    doc: 'When the event happened on the device (UTC).',
  },
  {
    name: 'received_at',
    type: 'timestamp',
    required: true,
    doc: 'When the ingest function accepted the event (UTC); dt is its day.',
  },
  {
    name: 'contributor',
    type: 'string',
    required: true,
    doc: 'Keyed pseudonym of the employee; links rows within one pseudonym window only.',
  },
  {
    name: 'session',
    type: 'string',
    required: true,
    doc: 'Keyed pseudonym of the agent session; links rows within one pseudonym window only.',
  },
  {
    name: 'pseudonym_window',
    type: 'string',
    required: true,
    doc: 'The window the pseudonyms are valid in, e.g. 2026-11-27, 2026-W48, 2026-11.',
  },
  {
    name: 'app',
    type: 'string',
    required: false,
    doc: 'Application the event came from, e.g. vscode, iterm2.',
  },
  { name: 'os', type: 'string', required: false, doc: 'Operating system family reported by the agent.' },
  { name: 'agent_version', type: 'string', required: false, doc: 'Agent name and version, name/version.' },
  {
    name: 'tool',
    type: 'string',
    required: false,
    doc: 'Build tool, test framework, shell or AI assistant involved.',
  },
  {
    name: 'outcome',
    type: 'string',
    required: false,
    doc: 'Result: success/failure (build), passed/failed (test_run), accepted/rejected/partial (ai_assist).',
  },
  {
    name: 'duration_ms',
    type: 'bigint',
    required: false,
    doc: 'Duration of the command, run, build or focus period in milliseconds.',
  },
  {
    name: 'language',
    type: 'string',
    required: false,
    doc: 'Programming language of the file or suggestion.',
  },
  {
    name: 'path',
    type: 'string',
    required: false,
    doc: 'File path relative to the project, home directory and user names removed.',
  },
  {
    name: 'domain',
    type: 'string',
    required: false,
    doc: 'Registrable domain of a visited URL; never path or query.',
  },
  {
    name: 'content',
    type: 'string',
    required: false,
    doc: 'Scrubbed text: diff, shell command or build diagnostics. Secrets and personal data are replaced by <TYPE> placeholders.',
  },
  {
    name: 'content_truncated',
    type: 'boolean',
    required: false,
    doc: 'True when content was cut at the per-field cap.',
  },
  { name: 'exit_code', type: 'int', required: false, doc: 'Exit code of a terminal command.' },
  {
    name: 'counts',
    type: 'map<string,bigint>',
    required: false,
    doc: 'Numeric facts of the event, e.g. lines_added, passed, keys, length.',
  },
  {
    name: 'redactions',
    type: 'map<string,int>',
    required: false,
    doc: 'How many values of each type the scrubber replaced, e.g. {EMAIL: 1}.',
  },
  { name: 'schema_version', type: 'int', required: true, doc: 'Version of this row schema.' },
] as const satisfies readonly ColumnDef[];

/** Partition keys: not inside the Parquet files, but in the S3 key (`dt=YYYY-MM-DD/`). */
export const PARTITION_COLUMNS = [
  {
    name: 'dt',
    type: 'string',
    required: true,
    doc: 'UTC day the row was received, yyyy-MM-dd (partition, projected).',
  },
] as const satisfies readonly ColumnDef[];

/** Format of `dt`, in Java's date pattern for Glue partition projection and Firehose prefixes. */
export const DT_FORMAT = 'yyyy-MM-dd';

export type EventColumn = (typeof EVENT_COLUMNS)[number];
export type ColumnName = EventColumn['name'];
export const COLUMN_NAMES: readonly ColumnName[] = EVENT_COLUMNS.map((c) => c.name);
