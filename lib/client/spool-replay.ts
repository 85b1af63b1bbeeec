/**
 * Reading a spool folder without changing it: which events are still waiting (queued and not
 * settled), and whose they are. The spool itself replays with this at start; `activity-agent
 * preview --spool` reads with it while the agent may still be running.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Segment files, `seg-<8 digits>.ndjson`; the number orders them. */
export const SEGMENT = /^seg-(\d{8})\.ndjson$/;

export class SpoolMismatchError extends Error {
  override readonly name = 'SpoolMismatchError';
}

export interface SpoolContents {
  /** Segment file names, oldest first. */
  readonly segments: string[];
  /** The employee of the segments' header lines; undefined when no segment has one. */
  readonly employeeId: string | undefined;
  /** Unsettled events, oldest first: event_id → the event's JSON. */
  readonly live: Map<string, string>;
}

interface SpoolRecord {
  h?: number;
  employee_id?: string;
  e?: { event_id?: unknown };
  a?: string[];
  d?: string[];
}

/** Attempts at a consistent read while a running agent compacts (a listed segment may vanish). */
const READ_ATTEMPTS = 5;

/**
 * Replays the segments of `dir` in order. With `employeeId`, a segment of anyone else is an
 * error; without it, all segments must name the same employee. A torn last line is ignored: that
 * append was never acknowledged.
 */
export async function readSpool(dir: string, employeeId?: string): Promise<SpoolContents> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(dir, employeeId);
    } catch (err) {
      // A compaction renames a new segment in before it removes the old ones: read again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= READ_ATTEMPTS) throw err;
    }
  }
}

async function readOnce(dir: string, expected: string | undefined): Promise<SpoolContents> {
  const segments = (await readdir(dir)).filter((n) => SEGMENT.test(n)).sort();
  const live = new Map<string, string>();
  let owner = expected;
  for (const name of segments) {
    const text = await readFile(join(dir, name), 'utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let rec: SpoolRecord;
      try {
        rec = JSON.parse(line);
      } catch {
        continue; // a torn write from a crash: that append was never acknowledged to the caller
      }
      if (rec.h !== undefined) {
        if (owner !== undefined && rec.employee_id !== owner) {
          throw new SpoolMismatchError(`spool ${dir} holds events of another employee_id`);
        }
        owner = rec.employee_id;
      }
      if (rec.e && typeof rec.e.event_id === 'string' && !live.has(rec.e.event_id)) {
        live.set(rec.e.event_id, JSON.stringify(rec.e));
      }
      for (const id of rec.a ?? []) live.delete(id);
      for (const id of rec.d ?? []) live.delete(id);
    }
  }
  return { segments, employeeId: owner, live };
}
