/**
 * Compaction of the raw zone: a day's many small part files (one per write-ahead batch) become
 * one ZSTD file, which is several times smaller and faster to read. Safe beside a running server
 * and across a crash:
 *
 *   1. merge the day's settled part files into compact-tmp/<id>.parquet, fsync;
 *   2. write a journal, compact-journal/<id>.json (the sources and the target), fsync;
 *   3. rename the merged file into events/dt=…/part-compact-<id>.parquet (directory fsynced);
 *   4. unlink the sources (directory fsynced); 5. remove the journal.
 *
 * A crash before 3 leaves the sources (the journal's scratch is removed on the next run); after 3,
 * the next run finishes step 4. Part files of a batch the server is still publishing
 * (`wal/<id>.batch/`) are left alone, so the server's own crash recovery finds them. A reader
 * between 3 and 4 may see rows twice for an instant; the release keeps one per `event_id`.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  ensureDirDurable,
  fsyncDir,
  fsyncFile,
  renameDurable,
  unlinkDurable,
  writeFileSynced,
} from '../lib/fs/durable-fs.ts';
import { lockFolder } from '../lib/fs/folder-lock.ts';
import type { DataLayout } from './layout.ts';
import { castStoredColumns, sqlString } from './sql.ts';
import { BATCH_SUFFIX } from './wal-batch.ts';

export const COMPACT_LOCK_NAME = 'compact.lock';
/** Files at least this large are left as they are: compaction is for the small ones. */
const LARGE_FILE_BYTES = 64 * 1024 * 1024;

export interface CompactedDay {
  readonly dt: string;
  readonly filesBefore: number;
  readonly bytesBefore: number;
  readonly filesAfter: number;
  readonly bytesAfter: number;
}

interface Journal {
  readonly dt: string;
  readonly sources: readonly string[];
  readonly target: string;
  readonly scratch: string;
}

/** Compacts the given days (default: every raw day); returns what changed per day. */
export async function compactRaw(layout: DataLayout, days?: readonly string[]): Promise<CompactedDay[]> {
  const lock = await lockFolder(layout.root, COMPACT_LOCK_NAME);
  try {
    await recover(layout);
    const all = (await readdir(layout.events).catch(() => [] as string[]))
      .filter((p) => p.startsWith('dt='))
      .map((p) => p.slice(3))
      .sort();
    const wanted = days ? all.filter((d) => days.includes(d)) : all;
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const out: CompactedDay[] = [];
    try {
      for (const dt of wanted) {
        const day = await compactDay(layout, dt, async (sql) => {
          await conn.run(sql);
        });
        if (day) out.push(day);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    return out;
  } finally {
    await lock.release();
  }
}

async function compactDay(
  layout: DataLayout,
  dt: string,
  run: (sql: string) => Promise<void>,
): Promise<CompactedDay | null> {
  const dir = join(layout.events, `dt=${dt}`);
  const names = (await readdir(dir)).filter((f) => f.endsWith('.parquet')).sort();
  // The batches in flight are listed after the day's files: a batch's folder exists from before
  // its part files are published until after it commits, so each file listed is either of a batch
  // still listed here or of a committed one. (Listed before, a batch begun in between would have
  // its fresh part files merged, and a rollback of that batch would then store its rows twice.)
  const inFlight = await batchesInFlight(layout);
  const files: { name: string; bytes: number }[] = [];
  for (const name of names) {
    if (ofBatchInFlight(name, inFlight)) continue;
    const bytes = (await stat(join(dir, name))).size;
    if (bytes < LARGE_FILE_BYTES) files.push({ name, bytes });
  }
  if (files.length < 2) return null;

  const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const scratch = join(layout.compactTmp, `${id}.parquet`);
  const target = `part-compact-${id}.parquet`;
  await ensureDirDurable(layout.compactTmp);
  const sources = files.map((f) => join(dir, f.name));
  // Exactly the stored columns with their Glue types, as the server writes them: `dt` stays in the
  // path. (read_parquet would otherwise take it from the `dt=…` folder and write it into the file.)
  await run(
    `COPY (SELECT ${castStoredColumns()}
             FROM read_parquet([${sources.map(sqlString).join(', ')}], hive_partitioning = false, union_by_name = true))
       TO ${sqlString(scratch)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
  );
  await fsyncFile(scratch);
  const journal: Journal = { dt, sources: files.map((f) => f.name), target, scratch: `${id}.parquet` };
  const journalPath = join(layout.compactJournal, `${id}.json`);
  await ensureDirDurable(layout.compactJournal);
  await writeFileSynced(journalPath, JSON.stringify(journal));
  await fsyncDir(layout.compactJournal);
  await renameDurable(scratch, join(dir, target));
  await finish(layout, journal, journalPath);
  return {
    dt,
    filesBefore: files.length,
    bytesBefore: files.reduce((n, f) => n + f.bytes, 0),
    filesAfter: 1,
    bytesAfter: (await stat(join(dir, target))).size,
  };
}

/** Steps 4–5: the merged file is in place, so its sources go. Idempotent. */
async function finish(layout: DataLayout, journal: Journal, journalPath: string): Promise<void> {
  const dir = join(layout.events, `dt=${journal.dt}`);
  for (const name of journal.sources) {
    await unlinkDurable(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
  await unlinkDurable(journalPath);
}

/** Finishes or undoes what a crashed compaction left. */
async function recover(layout: DataLayout): Promise<void> {
  for (const name of await readdir(layout.compactJournal).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const path = join(layout.compactJournal, name);
    const journal = JSON.parse(await readFile(path, 'utf8')) as Journal;
    const placed = await stat(join(layout.events, `dt=${journal.dt}`, journal.target)).then(
      () => true,
      () => false,
    );
    if (placed) await finish(layout, journal, path);
    else await unlinkDurable(path);
  }
  // Merged files never placed (a crash before the journal, or the journal removed above).
  await rm(layout.compactTmp, { recursive: true, force: true });
}

/** Ids of batches the server is still publishing: their part files are its to roll back. */
async function batchesInFlight(layout: DataLayout): Promise<Set<string>> {
  return new Set(
    (await readdir(layout.wal).catch(() => [] as string[]))
      .filter((e) => e.endsWith(BATCH_SUFFIX))
      .map((e) => e.slice(0, -BATCH_SUFFIX.length)),
  );
}

/** Whether `part-<batch>[-k].parquet` belongs to one of these batches (ids may hold dashes and digits). */
function ofBatchInFlight(file: string, batches: ReadonlySet<string>): boolean {
  for (const id of batches) {
    if (file === `part-${id}.parquet` || file.startsWith(`part-${id}-`)) return true;
  }
  return false;
}
