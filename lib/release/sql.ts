/**
 * The release SQL (queries/release/), composed and filled in. One definition runs in both
 * engines: Athena (Trino) in AWS, DuckDB locally. The composed text keeps `{{name}}`
 * placeholders; settings (k, shortest session) are bound at synth time or by the local
 * command, the run (dt, run id, time) at run time — by the AWS state machine or locally here.
 * Every value is checked before it is written into SQL, so nothing else can end up there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RELEASED_COLUMNS } from '../schema/index.ts';
import { checkDt, previousDt } from './day.ts';
import { checkReleaseSettings, ReleaseInputError, type ReleaseSettings } from './settings.ts';

export const RELEASE_QUERIES_DIR = fileURLToPath(new URL('../../queries/release/', import.meta.url));

/** The two queries of a release, each `steps.sql` followed by its own final SELECT. */
export interface ReleaseQueries {
  /** The released rows of one dt, in table order, without `dt` (it is the partition). */
  readonly rows: string;
  /** One release_report row for the dt and run. */
  readonly report: string;
}

/** One run of the release for one day. */
export interface ReleaseRun {
  readonly dt: string;
  /** The run's id: letters, digits, `-` and `_` (a Step Functions execution name, or a local id). */
  readonly runId: string;
  /** When the run started. */
  readonly releasedAt: Date;
}

/** Placeholders bound at run time; the state machine fills the same names (see release-job.ts). */
export const RUN_PLACEHOLDERS = ['dt', 'previous_dt', 'run_id', 'released_at'] as const;
export const SETTING_PLACEHOLDERS = ['min_contributors', 'min_session_events'] as const;

/** How Athena (UNLOAD) and DuckDB (COPY) order the rows they write: by the random session id. */
export const RELEASED_ORDER = '"session", seq';

const RUN_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** `event_type, "session", …`: the released columns, in table order, from lib/schema. */
export function releasedColumnList(): string {
  return RELEASED_COLUMNS.map((c) => `"${c.name}"`).join(', ');
}

export function loadReleaseQueries(dir: string = RELEASE_QUERIES_DIR): ReleaseQueries {
  const read = (file: string) => readFileSync(join(dir, file), 'utf8').trimEnd();
  const steps = read('steps.sql');
  const rows = fill(read('released.sql'), { released_columns: releasedColumnList() });
  return { rows: `${steps}\n${rows}`, report: `${steps}\n${read('report.sql')}` };
}

function fill(sql: string, values: Record<string, string>): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Binds k and the shortest session; the run placeholders stay for `bindRun`. */
export function bindSettings(sql: string, settings: ReleaseSettings): string {
  checkReleaseSettings(settings);
  return fill(sql, {
    min_contributors: String(settings.minContributors),
    min_session_events: String(settings.minSessionEvents),
  });
}

/** `2026-11-28 01:30:00.000`: a SQL TIMESTAMP literal's text, UTC. */
export function timestampLiteralText(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new ReleaseInputError('releasedAt must be a valid time');
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

/** The run's placeholder values, checked. */
export function runValues(run: ReleaseRun): Record<(typeof RUN_PLACEHOLDERS)[number], string> {
  if (!RUN_ID.test(run.runId)) {
    throw new ReleaseInputError('runId must be 1–80 letters, digits, - or _');
  }
  return {
    dt: checkDt(run.dt),
    previous_dt: previousDt(run.dt),
    run_id: run.runId,
    released_at: timestampLiteralText(run.releasedAt),
  };
}

/** Binds the run; throws if any placeholder is left (a typo in a .sql file must not run). */
export function bindRun(sql: string, run: ReleaseRun): string {
  const bound = fill(sql, runValues(run));
  const left = /\{\{(\w+)\}\}/.exec(bound);
  if (left) throw new ReleaseInputError(`release SQL has an unbound placeholder {{${left[1]}}}`);
  return bound;
}

/** The rows query as both engines write it: sorted by release session, so file order says nothing of raw order. */
export function orderedRows(rowsSql: string): string {
  return `SELECT * FROM (\n${rowsSql}\n) ORDER BY ${RELEASED_ORDER}`;
}
