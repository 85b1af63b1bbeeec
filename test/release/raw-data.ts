/**
 * Raw rows for release tests, stored the way the local server stores them: through the
 * Firehose-like delivery (write-ahead log → DuckDB → ZSTD Parquet in `events/dt=…/`).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredRow } from '../../lib/schema/types.ts';
import { LocalDelivery } from '../../local/delivery.ts';
import { dataLayout } from '../../local/layout.ts';
import { storedRow } from '../support/stored-row.ts';

export interface RawEvent {
  readonly contributor: string;
  readonly session: string;
  /** occurred_at, ISO; received_at (and so dt) defaults to the same instant. */
  readonly at: string;
  readonly receivedAt?: string;
  readonly eventId?: string;
  readonly fields?: Partial<StoredRow>;
}

/** The shared test row (a build event) with its contributor, session, times and event id set. */
export function rawRow(e: RawEvent): StoredRow {
  const receivedAt = e.receivedAt ?? e.at;
  return storedRow({
    event_id: e.eventId ?? randomUUID(),
    occurred_at: e.at,
    received_at: receivedAt,
    contributor: e.contributor,
    session: e.session,
    pseudonym_window: receivedAt.slice(0, 10),
    ...e.fields,
  });
}

/** Stores rows as raw Parquet, as accepted events would be. */
export async function storeRaw(dir: string, rows: readonly StoredRow[]): Promise<void> {
  const delivery = await LocalDelivery.open({
    layout: dataLayout(dir),
    buffer: { maxAgeMs: 600_000, maxBytes: 256 * 1024 * 1024 },
  });
  try {
    const outcomes = await delivery.deliver([...rows]);
    const lost = outcomes.filter((o) => o !== 'delivered').length;
    if (lost > 0) throw new Error(`${lost} test rows were not delivered`);
  } finally {
    await delivery.close();
  }
}

export async function withDataDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'activity-release-'));
  try {
    return await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `n` events of one session, one second apart from `start`. */
export function session(
  contributor: string,
  id: string,
  start: string,
  n: number,
  fields?: Partial<StoredRow>,
) {
  const t0 = Date.parse(start);
  return Array.from({ length: n }, (_, i) =>
    rawRow({
      contributor,
      session: id,
      at: new Date(t0 + i * 1000).toISOString(),
      ...(fields ? { fields } : {}),
    }),
  );
}
