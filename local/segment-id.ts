import { randomBytes } from 'node:crypto';

/**
 * Segment ids sort by creation time (so replay keeps arrival order) and never repeat
 * across restarts. The Parquet part files are named after them, which is what makes
 * a replayed conversion idempotent.
 */
let last = 0;
let seq = 0;

export function newSegmentId(now: number = Date.now()): string {
  if (now === last) seq += 1;
  else {
    last = now;
    seq = 0;
  }
  return `${now.toString().padStart(14, '0')}-${seq.toString().padStart(4, '0')}-${randomBytes(4).toString('hex')}`;
}

export const SEGMENT_SUFFIX = '.ndjson';
const SEGMENT_NAME = /^(\d{14}-\d{4}-[0-9a-f]{8})\.ndjson$/;

/** The segment id of a WAL file name, or null for anything else in the folder. */
export function segmentIdOf(fileName: string): string | null {
  return SEGMENT_NAME.exec(fileName)?.[1] ?? null;
}
