/**
 * The Firehose-like delivery on its own, with hand-built rows: write-ahead log, Parquet
 * conversion with the Glue types, `dt=` layout, crash recovery without loss or duplicates.
 */
import {
  copyFile,
  mkdir,
  mkdtemp,
  open as openFile,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeRow } from '../../lib/ingest/serialize-row.ts';
import { glueColumns } from '../../lib/schema/index.ts';
import type { StoredRow } from '../../lib/schema/types.ts';
import { LocalDelivery } from '../../local/delivery.ts';
import { dataLayout } from '../../local/layout.ts';
import { createLog } from '../../local/log.ts';
import { QueryEngine } from '../../local/query-engine.ts';
import { BATCH_SUFFIX } from '../../local/wal-batch.ts';
import { listPartFiles, PARQUET_TYPE_OF_GLUE, readParquetIndependently } from './parquet-inspect.ts';
import { storedRow } from './rows.ts';

let dir: string;
const open = (buffer = {}) => LocalDelivery.open({ layout: dataLayout(dir), buffer });

async function eventIds(): Promise<string[]> {
  const engine = await QueryEngine.open(dir, { raw: true });
  try {
    const result = await engine.query('SELECT event_id FROM events ORDER BY event_id');
    return result.rows.map((r) => String(r[0]));
  } finally {
    engine.close();
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-delivery-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rows are durable before they count as delivered', () => {
  it('answers delivered only once the rows are in a write-ahead segment', async () => {
    const delivery = await open({ maxAgeMs: 60_000 });
    const rows = [storedRow(), storedRow()];
    expect(await delivery.deliver(rows)).toEqual(['delivered', 'delivered']);
    const [segment] = await readdir(dataLayout(dir).wal);
    const lines = (await readFile(join(dataLayout(dir).wal, segment!), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as StoredRow).event_id)).toEqual(rows.map((r) => r.event_id));
    await delivery.close();
    expect(await readdir(dataLayout(dir).wal)).toEqual([]);
  });

  it('group-commits concurrent deliveries and keeps every row', async () => {
    const delivery = await open({ maxBytes: 64 * 1024 });
    const batches = Array.from({ length: 200 }, () => Array.from({ length: 10 }, () => storedRow()));
    const outcomes = await Promise.all(batches.map((b) => delivery.deliver(b)));
    expect(outcomes.flat().every((o) => o === 'delivered')).toBe(true);
    await delivery.flush();
    expect(delivery.stats().segments).toBeGreaterThan(1);
    const expected = batches.flat().map((r) => r.event_id);
    expect(await eventIds()).toEqual([...expected].sort());
    await delivery.close();
  });

  it('reports failed (never throws) once closed', async () => {
    const delivery = await open();
    await delivery.close();
    expect(await delivery.deliver([storedRow()])).toEqual(['failed']);
  });
});

describe('Parquet files match the Glue table', () => {
  it('writes ZSTD Parquet under dt=<UTC day of received_at> with the Glue columns and types', async () => {
    const delivery = await open();
    await delivery.deliver([
      storedRow({ received_at: '2026-11-27T23:59:59.999Z' }),
      storedRow({ received_at: '2026-11-28T00:00:00.000Z', counts: null, redactions: { EMAIL: 2 } }),
      storedRow({ received_at: '2026-11-28T12:00:00.000Z', duration_ms: 2 ** 40 }),
    ]);
    await delivery.close();
    const files = await listPartFiles(dataLayout(dir).events);
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/^dt=\d{4}-\d{2}-\d{2}\/part-[0-9a-f-]+\.parquet$/);
    expect(files.map((f) => f.split('/')[0])).toEqual(['dt=2026-11-27', 'dt=2026-11-28']);

    const expected = glueColumns().map((c) => ({ name: c.name, type: PARQUET_TYPE_OF_GLUE[c.type] }));
    let rows = 0;
    for (const f of files) {
      const contents = await readParquetIndependently(join(dataLayout(dir).events, f));
      expect(contents.columns).toEqual(expected); // dt is not a column inside the files
      expect([...contents.codecs]).toEqual(['ZSTD']);
      rows += contents.rows.length;
    }
    expect(rows).toBe(3);
  });

  it('is queried as `events` with the Glue columns and dt as a string', async () => {
    const delivery = await open();
    await delivery.deliver([
      storedRow({ received_at: '2026-11-28T00:00:00.000Z', redactions: { EMAIL: 2 } }),
    ]);
    await delivery.close();
    const engine = await QueryEngine.open(dir, { raw: true });
    try {
      const described = await engine.query('DESCRIBE events');
      expect(described.rows.map((r) => r[0])).toEqual([...glueColumns().map((c) => c.name), 'dt']);
      const result = await engine.query('SELECT dt, redactions, typeof(dt) FROM events');
      expect(result.rows).toEqual([['2026-11-28', { EMAIL: 2 }, 'VARCHAR']]);
    } finally {
      engine.close();
    }
  });
});

describe('crash recovery: nothing accepted is lost, nothing is stored twice', () => {
  it('converts segments left by a killed process on start', async () => {
    const first = await open({ maxAgeMs: 60_000 });
    const rows = Array.from({ length: 50 }, () => storedRow());
    await first.deliver(rows);
    // Simulate kill -9: the process is gone without sealing; only the segment remains.
    const layout = dataLayout(dir);
    const [segment] = await readdir(layout.wal);
    const saved = await readFile(join(layout.wal, segment!));
    await first.close();
    await rm(layout.events, { recursive: true });
    await writeFile(join(layout.wal, segment!), saved);

    const second = await open();
    expect(second.stats().replayedSegments).toBe(1);
    await second.close();
    expect(await eventIds()).toEqual(rows.map((r) => r.event_id).sort());
  });

  it('drops a torn last line (never acknowledged) and keeps the complete ones', async () => {
    const layout = dataLayout(dir);
    const rows = [storedRow(), storedRow()];
    await mkdir(layout.wal, { recursive: true });
    const torn = `${rows.map((r) => serializeRow(r)).join('')}{"event_id":"half-writ`;
    await writeFile(join(layout.wal, '01795763351071-0000-0000abcd.ndjson'), torn);
    const delivery = await open();
    await delivery.close();
    expect(await eventIds()).toEqual(rows.map((r) => r.event_id).sort());
    expect(await readdir(layout.errors)).toEqual([]);
  });

  it('publishes nothing twice when a crash hit between publishing a batch and committing it', async () => {
    const layout = dataLayout(dir);
    const delivery = await open({ maxAgeMs: 60_000 });
    const rows = Array.from({ length: 20 }, (_, i) =>
      storedRow({ received_at: i % 2 ? '2026-11-27T10:00:00.000Z' : '2026-11-28T10:00:00.000Z' }),
    );
    await delivery.deliver(rows);
    const [segment] = await readdir(layout.wal);
    await copyFile(join(layout.wal, segment!), join(dir, 'segment.bak'));
    await delivery.close();
    // Both partitions were published. Put the segment back in its batch folder as if the crash
    // came before the batch was committed — and after only one of the two files was renamed.
    const batchDir = join(layout.wal, `${segment!.replace(/\.ndjson$/, '')}${BATCH_SUFFIX}`);
    await mkdir(batchDir);
    await copyFile(join(dir, 'segment.bak'), join(batchDir, segment!));
    await rm(join(dir, 'segment.bak'));
    const before = await listPartFiles(layout.events);
    expect(before).toHaveLength(2);
    await rm(join(layout.events, before[1]!));

    const again = await open();
    expect(again.stats().replayedSegments).toBe(1);
    await again.close();
    expect(await listPartFiles(layout.events)).toEqual(before);
    expect(await eventIds()).toEqual(rows.map((r) => r.event_id).sort());
    expect(await readdir(layout.wal)).toEqual([]);
  });

  it('converts several sealed segments in one pass, into one file per partition', async () => {
    const delivery = await open({ maxBytes: 8192, maxAgeMs: 60_000 });
    const rows = Array.from({ length: 120 }, () => storedRow());
    // One append per row: each 8 KiB segment seals after a dozen rows.
    await Promise.all(rows.map((r) => delivery.deliver([r])));
    await delivery.flush();
    await delivery.close();
    const stats = delivery.stats();
    expect(stats.segments).toBeGreaterThan(5);
    expect(stats.batches).toBeLessThan(stats.segments);
    expect(await eventIds()).toEqual(rows.map((r) => r.event_id).sort());
  });
});

describe('a refused row costs only itself: the rest of its segment is converted', () => {
  /** One row DuckDB refuses although it matches the schema: a lone surrogate breaks its JSON reader. */
  const engineRefused = () => JSON.stringify(storedRow()).replace('"npm test', '"\\ud800npm test');

  it('bisects a refused segment: 300 good rows kept, the bad ones in errors/ with their reason', async () => {
    const layout = dataLayout(dir);
    const good = Array.from({ length: 300 }, () => storedRow());
    const refused = engineRefused();
    const mismatch = JSON.stringify({ ...storedRow(), exit_code: 'not a number' });
    const lines = good.map((r) => JSON.stringify(r));
    lines.splice(137, 0, refused);
    lines.splice(20, 0, mismatch);
    await mkdir(layout.wal, { recursive: true });
    await writeFile(join(layout.wal, '01795763351071-0000-0000abce.ndjson'), `${lines.join('\n')}\n`);
    const logged: string[] = [];
    const delivery = await LocalDelivery.open({ layout, log: createLog('test', (l) => logged.push(l)) });
    expect(delivery.stats().errorRows).toBe(2);
    await delivery.close();

    expect(await eventIds()).toEqual(good.map((r) => r.event_id).sort());
    const [errorFile] = await readdir(layout.errors);
    const records = (await readFile(join(layout.errors, errorFile!), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(records.map((r) => [r['errorCode'], r['rawData']])).toEqual([
      ['SchemaMismatch', mismatch],
      ['ConversionFailed', refused],
    ]);
    // The log says how many and why, never what.
    const refusal = logged
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['msg'] === 'rows refused by Parquet conversion');
    expect(refusal).toMatchObject({ rows: 2, refused_schemamismatch: 1, refused_invalid_input_error: 1 });
    const refusedId = (JSON.parse(mismatch) as StoredRow).event_id;
    for (const line of logged) {
      expect(line).not.toContain(refusedId);
      expect(line).not.toContain('npm test');
    }
  });
});

describe('a conversion that fails for want of disk is retried while running', () => {
  it('keeps the segment, reports the error class, and converts it once the fault is gone', async () => {
    const layout = dataLayout(dir);
    const delivery = await open({ maxAgeMs: 60_000 });
    const rows = Array.from({ length: 30 }, () => storedRow());
    await delivery.deliver(rows);
    // The scratch folder cannot be created: a file stands in its way (as a full or read-only disk would).
    await writeFile(layout.tmp, 'in the way');
    await delivery.flush();
    const failing = delivery.health();
    expect(failing.conversionFailing).toBe(true);
    expect(failing.lastConversionError).toMatchObject({ class: 'SystemError', code: 'ENOTDIR' });
    expect(failing.backlog).toMatchObject({ segments: 1 });
    expect(failing.backlog.bytes).toBeGreaterThan(0);
    expect(failing.backlog.oldestAgeMs).toBeGreaterThanOrEqual(0);
    expect(delivery.stats().deferredSegments).toBe(1);
    expect(await eventIds()).toEqual([]);

    await rm(layout.tmp);
    await expect.poll(() => delivery.health().backlog.segments, { timeout: 10_000, interval: 100 }).toBe(0);
    expect(delivery.health().conversionFailing).toBe(false);
    expect(await eventIds()).toEqual(rows.map((r) => r.event_id).sort());
    await delivery.close();
  });
});

describe('a failed group write is cut off the segment before it is answered', () => {
  it('truncates to the last good offset, so events answered retry are never stored', async () => {
    const layout = dataLayout(dir);
    let failNext = false;
    // A disk that fills up mid-write: the first half of the group lands, then ENOSPC.
    const createSegmentFile = async (path: string) => {
      const fh = await openFile(path, 'wx', 0o600);
      return {
        write: async (buffer: Buffer, offset: number, length: number, position: number) => {
          if (!failNext) return fh.write(buffer, offset, length, position);
          failNext = false;
          await fh.write(buffer, offset, Math.floor(length / 2), position);
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        },
        datasync: () => fh.datasync(),
        truncate: (length: number) => fh.truncate(length),
        close: () => fh.close(),
      };
    };
    const delivery = await LocalDelivery.open({ layout, buffer: { maxAgeMs: 60_000 }, createSegmentFile });
    const first = Array.from({ length: 5 }, () => storedRow());
    expect(await delivery.deliver(first)).toEqual(first.map(() => 'delivered'));
    const [segment] = await readdir(layout.wal);
    const goodLength = (await readFile(join(layout.wal, segment!))).length;

    failNext = true;
    const refused = Array.from({ length: 40 }, () => storedRow());
    expect(await delivery.deliver(refused)).toEqual(refused.map(() => 'failed'));
    // Answered: the partial write is already gone.
    expect((await readFile(join(layout.wal, segment!))).length).toBe(goodLength);

    const after = Array.from({ length: 5 }, () => storedRow());
    expect(await delivery.deliver(after)).toEqual(after.map(() => 'delivered'));
    await delivery.close();
    expect(await eventIds()).toEqual([...first, ...after].map((r) => r.event_id).sort());
  });
});
