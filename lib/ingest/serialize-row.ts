/**
 * A stored row as Firehose receives it: one JSON object per record, keys = Glue column names in
 * column order, every column present (null when absent), timestamps as `yyyy-MM-ddTHH:mm:ss.SSSZ`
 * (a format the OpenX JSON SerDe reads), newline-terminated so records never run together.
 */
import { EVENT_COLUMNS } from '../schema/columns.ts';
import type { StoredRow } from '../schema/types.ts';

/** Firehose's limit per record. */
export const MAX_RECORD_BYTES = 1000 * 1024;

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TIMESTAMP_COLUMNS = EVENT_COLUMNS.filter((c) => c.type === 'timestamp').map((c) => c.name);
const NAMES = EVENT_COLUMNS.map((c) => c.name);

/** A UTC instant in the stored timestamp format. */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function serializeRow(row: StoredRow): string {
  return `${rowJson(row)}\n`;
}

/** The row's JSON object, without the newline. */
function rowJson(row: StoredRow): string {
  const values = row as unknown as Record<string, unknown>;
  for (const name of TIMESTAMP_COLUMNS) {
    // A programming error, not bad input: rows are built from validated, normalized instants.
    if (!TIMESTAMP.test(String(values[name])))
      throw new Error(`serializeRow: ${name} is not yyyy-MM-ddTHH:mm:ss.SSSZ`);
  }
  const out: Record<string, unknown> = {};
  for (const name of NAMES) out[name] = values[name] ?? null;
  return JSON.stringify(out);
}

/** The record bytes Firehose receives. */
export function encodeRow(row: StoredRow): Uint8Array {
  return Buffer.from(serializeRow(row), 'utf8');
}

/**
 * The records of many rows, as views into ONE buffer: a batch's rows are mostly larger than
 * Node's buffer pool slice, so one allocation per row (and its later collection) costs more
 * than the encoding. Bytes are those of `encodeRow`; a row that cannot be serialized gets null.
 */
export function encodeRows(rows: readonly StoredRow[]): Array<Uint8Array | null> {
  const json: Array<string | null> = rows.map((row) => {
    try {
      return rowJson(row);
    } catch {
      return null;
    }
  });
  // UTF-8 takes at most 3 bytes per UTF-16 unit; allocUnsafe does not zero what it hands out.
  let capacity = 0;
  for (const s of json) if (s !== null) capacity += s.length * 3 + 1;
  const buffer = Buffer.allocUnsafe(capacity);
  let offset = 0;
  return json.map((s) => {
    if (s === null) return null;
    const n = buffer.write(s, offset, 'utf8');
    buffer[offset + n] = 0x0a;
    const bytes = buffer.subarray(offset, offset + n + 1);
    offset += n + 1;
    return bytes;
  });
}
