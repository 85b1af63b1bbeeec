/**
 * `npm run query -- --summary`: what a data folder holds, counts and sizes only — partitions,
 * rows and bytes of the raw and released tables, the write-ahead backlog, refused rows, and the
 * last release. Nothing of any row's content.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataLayout } from './layout.ts';
import type { QueryEngine } from './query-engine.ts';
import { parquetFiles } from './tables.ts';
import { BATCH_SUFFIX } from './wal-batch.ts';

export interface ZoneSummary {
  readonly partitions: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly files: number;
  readonly bytes: number;
  readonly rows: number;
}

export interface DataSummary {
  readonly raw: ZoneSummary;
  readonly released: ZoneSummary;
  readonly backlog: {
    readonly segments: number;
    readonly bytes: number;
    readonly oldestAgeSeconds: number | null;
  };
  readonly refused: { readonly files: number; readonly bytes: number };
  readonly lastRelease: { readonly dt: string; readonly releasedAt: string; readonly rowsOut: number } | null;
}

async function sizes(files: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const f of files) bytes += (await stat(f).catch(() => ({ size: 0 }))).size;
  return bytes;
}

async function zone(engine: QueryEngine, table: string, dir: string): Promise<ZoneSummary> {
  const files = await parquetFiles(dir, true);
  const partitions = (await readdir(dir).catch(() => [] as string[]))
    .filter((p) => p.startsWith('dt='))
    .sort();
  const rows = Number((await engine.query(`SELECT count(*) FROM ${table}`)).rows[0]?.[0] ?? 0);
  return {
    partitions: partitions.length,
    first: partitions[0]?.slice(3) ?? null,
    last: partitions.at(-1)?.slice(3) ?? null,
    files: files.length,
    bytes: await sizes(files),
    rows,
  };
}

/** Write-ahead segments on disk, loose and in conversion batches: accepted rows not yet in Parquet. */
export async function walBacklog(wal: string): Promise<DataSummary['backlog']> {
  const segments: string[] = [];
  for (const entry of await readdir(wal).catch(() => [] as string[])) {
    if (entry.endsWith('.ndjson')) segments.push(join(wal, entry));
    else if (entry.endsWith(BATCH_SUFFIX)) {
      for (const f of await readdir(join(wal, entry)).catch(() => [] as string[]))
        if (f.endsWith('.ndjson')) segments.push(join(wal, entry, f));
    }
  }
  let bytes = 0;
  let oldest: number | null = null;
  for (const s of segments) {
    const info = await stat(s).catch(() => null);
    if (!info) continue;
    bytes += info.size;
    oldest = oldest === null ? info.mtimeMs : Math.min(oldest, info.mtimeMs);
  }
  return {
    segments: segments.length,
    bytes,
    oldestAgeSeconds: oldest === null ? null : Math.max(0, Math.round((Date.now() - oldest) / 1000)),
  };
}

/** `engine` must have the raw table open (`{ raw: true }`): counting rows reads no content. */
export async function summarize(layout: DataLayout, engine: QueryEngine): Promise<DataSummary> {
  const refusedFiles = (await readdir(layout.errors).catch(() => [] as string[])).map((f) =>
    join(layout.errors, f),
  );
  const last = await engine.query(
    'SELECT dt, CAST(released_at AS VARCHAR), rows_out FROM release_report ORDER BY released_at DESC LIMIT 1',
  );
  const row = last.rows[0];
  return {
    raw: await zone(engine, 'events', layout.events),
    released: await zone(engine, 'released', layout.released),
    backlog: await walBacklog(layout.wal),
    refused: { files: refusedFiles.length, bytes: await sizes(refusedFiles) },
    lastRelease: row ? { dt: String(row[0]), releasedAt: String(row[1]), rowsOut: Number(row[2]) } : null,
  };
}

/** The summary as a two-column table (what, value). */
export function summaryRows(s: DataSummary): [string, string][] {
  const zoneRows = (name: string, z: ZoneSummary): [string, string][] => [
    [`${name} partitions`, z.partitions === 0 ? '0' : `${z.partitions} (${z.first} … ${z.last})`],
    [`${name} rows`, String(z.rows)],
    [`${name} Parquet`, `${z.files} files, ${z.bytes} bytes`],
  ];
  return [
    ...zoneRows('raw (events)', s.raw),
    ...zoneRows('released', s.released),
    [
      'write-ahead backlog',
      `${s.backlog.segments} segments, ${s.backlog.bytes} bytes${s.backlog.oldestAgeSeconds === null ? '' : `, oldest ${s.backlog.oldestAgeSeconds} s old`}`,
    ],
    ['refused rows (errors/)', `${s.refused.files} files, ${s.refused.bytes} bytes`],
    [
      'last release',
      s.lastRelease
        ? `dt ${s.lastRelease.dt} at ${s.lastRelease.releasedAt} (${s.lastRelease.rowsOut} rows out)`
        : 'none yet (npm run release)',
    ],
  ];
}
