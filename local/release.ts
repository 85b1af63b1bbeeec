/**
 * The release, locally: the SQL of queries/release/ (the same text Athena runs in AWS) run by
 * DuckDB over the raw Parquet files, writing `released/dt=…/data.parquet` (ZSTD) and one
 * `release-reports/<dt>_<run>.parquet` row per dt and run.
 *
 * Releasing a dt again replaces its output atomically: the new file is written under
 * release-tmp/, fsynced and renamed over the old one (rename replaces), then any other file of
 * that dt folder is removed. A crash leaves the old release or the new one, never both.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ensureDirDurable, fsyncFile, renameDurable, unlinkDurable } from '../lib/fs/durable-fs.ts';
import { checkDt } from '../lib/release/day.ts';
import type { ReleaseSettings } from '../lib/release/settings.ts';
import {
  bindRun,
  bindSettings,
  loadReleaseQueries,
  orderedRows,
  type ReleaseRun,
} from '../lib/release/sql.ts';
import { type Cell, toCell } from './cells.ts';
import { type DataLayout, dataLayout } from './layout.ts';
import { sqlString } from './sql.ts';
import { createView, parquetFiles, RAW_EVENTS_TABLE } from './tables.ts';

/** The one file of a released dt. */
export const RELEASED_FILE_NAME = 'data.parquet';

export interface LocalReleaseOptions {
  readonly settings: ReleaseSettings;
  /** @default a new id from the time and 6 random hex digits */
  readonly runId?: string;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

export interface ReleasedDay {
  readonly dt: string;
  /** The released file, or null when nothing of the dt was released. */
  readonly file: string | null;
  /** The release_report row of this dt and run. */
  readonly report: Readonly<Record<string, Cell>>;
  /**
   * Whether the dt had raw rows: the operator's to know, not the report's (a withheld day's report
   * holds only zeros, like an empty day's).
   */
  readonly hadRawRows: boolean;
}

/** `local-20261128T013000Z-1a2b3c`: sorts by time, unique across concurrent runs. */
export function newRunId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `local-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** The days that have raw Parquet files, sorted. */
export async function rawDays(dataDir: string): Promise<string[]> {
  const files = await parquetFiles(dataLayout(dataDir).events, true);
  return [...new Set(files.map((f) => /dt=([^/\\]+)/.exec(f)?.[1] ?? ''))].filter(Boolean).sort();
}

/** Releases each day in turn, as one run (one run id and time for all of them). */
export async function releaseDays(
  dataDir: string,
  days: readonly string[],
  options: LocalReleaseOptions,
): Promise<ReleasedDay[]> {
  for (const dt of days) checkDt(dt);
  const layout = dataLayout(dataDir);
  const releasedAt = (options.clock ?? (() => new Date()))();
  const runId = options.runId ?? newRunId(releasedAt);
  const queries = loadReleaseQueries();
  const rowsSql = orderedRows(bindSettings(queries.rows, options.settings));
  const reportSql = bindSettings(queries.report, options.settings);

  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(await createView(RAW_EVENTS_TABLE, layout));
    await ensureDirDurable(layout.releaseTmp);
    const withRawRows = new Set(await rawDays(dataDir));
    const out: ReleasedDay[] = [];
    for (const dt of days) {
      const run: ReleaseRun = { dt, runId, releasedAt };
      const file = await releaseRows(conn, layout, run, bindRun(rowsSql, run));
      const report = await writeReport(conn, layout, run, bindRun(reportSql, run));
      out.push({ dt, file, report, hadRawRows: withRawRows.has(dt) });
    }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function copyTo(conn: DuckDBConnection, sql: string, path: string): Promise<number> {
  const reader = await conn.runAndReadAll(
    `COPY (${sql}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

async function releaseRows(
  conn: DuckDBConnection,
  layout: DataLayout,
  run: ReleaseRun,
  sql: string,
): Promise<string | null> {
  const scratch = join(layout.releaseTmp, `${run.runId}_${run.dt}.parquet`);
  const dir = join(layout.released, `dt=${run.dt}`);
  const target = join(dir, RELEASED_FILE_NAME);
  const rows = await copyTo(conn, sql, scratch);
  if (rows > 0) {
    await fsyncFile(scratch);
    await ensureDirDurable(dir);
    await renameDurable(scratch, target);
  } else {
    await unlinkDurable(scratch);
  }
  // Whatever else is in the folder is an older release (or a stray file): it must not be read twice.
  const others = (await readdir(dir).catch(() => [] as string[])).filter((f) => join(dir, f) !== target);
  for (const f of others) await unlinkDurable(join(dir, f));
  if (rows === 0) await rm(dir, { recursive: true, force: true });
  return rows > 0 ? target : null;
}

async function writeReport(
  conn: DuckDBConnection,
  layout: DataLayout,
  run: ReleaseRun,
  sql: string,
): Promise<Record<string, Cell>> {
  const scratch = join(layout.releaseTmp, `report_${run.runId}_${run.dt}.parquet`);
  await copyTo(conn, sql, scratch);
  const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(scratch)})`);
  const types = reader.columnTypes();
  const names = reader.columnNames();
  const row = reader.getRowsJson()[0] ?? [];
  await fsyncFile(scratch);
  await ensureDirDurable(layout.releaseReports);
  await renameDurable(scratch, join(layout.releaseReports, `${run.dt}_${run.runId}.parquet`));
  return Object.fromEntries(names.map((n, i) => [n, toCell(row[i], types[i]!)]));
}
