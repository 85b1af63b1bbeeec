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
  const values = row as unknown as Record<string, unknown>;
  for (const name of TIMESTAMP_COLUMNS) {
    // A programming error, not bad input: rows are built from validated, normalized instants.
    if (!TIMESTAMP.test(String(values[name])))
      throw new Error(`serializeRow: ${name} is not yyyy-MM-ddTHH:mm:ss.SSSZ`);
  }
  const out: Record<string, unknown> = {};
  for (const name of NAMES) out[name] = values[name] ?? null;
  return `${JSON.stringify(out)}\n`;
}

/** The record bytes Firehose receives. */
export function encodeRow(row: StoredRow): Uint8Array {
  return Buffer.from(serializeRow(row), 'utf8');
}
