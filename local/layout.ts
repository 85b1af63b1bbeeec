import { join } from 'node:path';

/**
 * Where the local mode keeps things inside its data folder. `events/`, `released/` and
 * `release-reports/` mirror the S3 prefixes; everything else is local-only.
 */
export interface DataLayout {
  readonly root: string;
  /** Raw Parquet files, hive-partitioned by `dt`: read by the release (and `query --raw`) only. */
  readonly events: string;
  /** Released Parquet files (`dt=YYYY-MM-DD/data.parquet`, ZSTD): what trainers query. */
  readonly released: string;
  /** One Parquet file per release run and dt: counts only. */
  readonly releaseReports: string;
  /** Release scratch; a file here is an interrupted release's and is never read. */
  readonly releaseTmp: string;
  /** Raw compaction's journal: one file per compaction under way, finished or undone by the next run. */
  readonly compactJournal: string;
  /** Raw compaction scratch; a file here is an interrupted compaction's and is never read. */
  readonly compactTmp: string;
  /** Write-ahead NDJSON segments: accepted rows not yet converted to Parquet. */
  readonly wal: string;
  /** Conversion scratch; never read, emptied on start. */
  readonly tmp: string;
  /** Rows Parquet conversion refused, like Firehose's error output. */
  readonly errors: string;
  /** The local pseudonym key (32 random bytes, mode 0600). */
  readonly keyFile: string;
  /** Name of the lock directory a running server holds inside `root` (see folder-lock.ts). */
  readonly lockName: string;
}

export const KEY_FILE_NAME = 'pseudonym.key';
export const SERVER_LOCK_NAME = 'server.lock';

export function dataLayout(root: string): DataLayout {
  return {
    root,
    events: join(root, 'events'),
    released: join(root, 'released'),
    releaseReports: join(root, 'release-reports'),
    releaseTmp: join(root, 'release-tmp'),
    compactJournal: join(root, 'compact-journal'),
    compactTmp: join(root, 'compact-tmp'),
    wal: join(root, 'wal'),
    tmp: join(root, 'tmp'),
    errors: join(root, 'errors'),
    keyFile: join(root, KEY_FILE_NAME),
    lockName: SERVER_LOCK_NAME,
  };
}
