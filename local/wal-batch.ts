/**
 * A conversion batch: several sealed write-ahead segments converted in one DuckDB pass and
 * published as one set of Parquet files, `part-<batch id>…`. To make that all-or-nothing
 * across a crash, the segments are first moved into `wal/<id>.batch/`:
 *
 *   loose segments ──rename──▶ <id>.batch/ ──publish Parquet──▶ rename to <id>.done/ ──▶ removed
 *
 * On start, a `.done` folder was fully published (it is just removed); a `.batch` folder may
 * have been published in part, so its files are removed and it is converted again; loose
 * segments were never published. Nothing is lost and nothing is stored twice.
 */
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../lib/fs/durable-fs.ts';
import { segmentIdOf } from './segment-id.ts';

export const BATCH_SUFFIX = '.batch';
const DONE_SUFFIX = '.done';

export interface SegmentRef {
  readonly id: string;
  readonly path: string;
  readonly bytes: number;
  /**
   * True for segments sealed by this process: `bytes` is exactly what was acknowledged, and
   * anything after it (a failed write the disk would not let us cut) is cut before converting.
   * False for segments found on disk, whose torn last line (if any) is cut instead.
   */
  readonly exact: boolean;
}

export interface Batch {
  /** The id of its first segment. */
  readonly id: string;
  readonly dir: string;
  readonly segments: readonly SegmentRef[];
}

/** Moves segments (in order) into a new batch folder and makes the moves durable. */
export async function createBatch(walDir: string, segments: readonly SegmentRef[]): Promise<Batch> {
  const id = segments[0]!.id;
  const dir = join(walDir, `${id}${BATCH_SUFFIX}`);
  await mkdir(dir, { recursive: true });
  const moved: SegmentRef[] = [];
  try {
    for (const s of segments) {
      const path = join(dir, `${s.id}.ndjson`);
      await rename(s.path, path);
      moved.push({ ...s, path });
    }
    await fsyncDir(dir);
    await fsyncDir(walDir);
  } catch (err) {
    // e.g. ENOSPC growing the new folder: put the segments back so a retry finds them where
    // they were (if even that fails, the next start recovers the folder as it is).
    for (const [k, m] of moved.entries()) await rename(m.path, segments[k]!.path).catch(() => {});
    await rmdir(dir).catch(() => {}); // only if empty: never removes a segment
    throw err;
  }
  return { id, dir, segments: moved };
}

/** Marks a batch as fully published, then removes it. */
export async function commitBatch(walDir: string, batch: Batch): Promise<void> {
  const done = join(walDir, `${batch.id}${DONE_SUFFIX}`);
  await rename(batch.dir, done);
  await fsyncDir(walDir);
  await rm(done, { recursive: true, force: true });
  await fsyncDir(walDir);
}

export interface Leftovers {
  /** Batches an earlier process had started: possibly published in part. */
  readonly batches: Batch[];
  /** Segments never published, oldest first. */
  readonly segments: SegmentRef[];
}

/** What an earlier process left in wal/; fully published batches are removed on the way. */
export async function findLeftovers(walDir: string): Promise<Leftovers> {
  const batches: Batch[] = [];
  const entries = (await readdir(walDir)).sort();
  for (const name of entries) {
    if (name.endsWith(DONE_SUFFIX)) await rm(join(walDir, name), { recursive: true, force: true });
    if (!name.endsWith(BATCH_SUFFIX)) continue;
    const dir = join(walDir, name);
    const segments = await segmentsIn(dir);
    if (segments.length === 0) await rm(dir, { recursive: true, force: true });
    else batches.push({ id: name.slice(0, -BATCH_SUFFIX.length), dir, segments });
  }
  return { batches, segments: await segmentsIn(walDir) };
}

async function segmentsIn(dir: string): Promise<SegmentRef[]> {
  const out: SegmentRef[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const id = segmentIdOf(name);
    if (id === null) continue;
    const path = join(dir, name);
    out.push({ id, path, bytes: (await stat(path)).size, exact: false });
  }
  return out;
}

/** When a segment was opened: its id starts with the creation time in ms. */
export function segmentOpenedAt(id: string): number {
  return Number(id.slice(0, 14));
}
