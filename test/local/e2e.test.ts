/**
 * The local pipeline end to end through real HTTP: synthetic agent traffic → the server on
 * an ephemeral port → Parquet → read back with DuckDB and, independently, with hyparquet.
 * The server's clock follows the simulated days, so rows land in one `dt=` partition per day.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Directory } from '../../lib/directory/index.ts';
import { glueColumns } from '../../lib/schema/index.ts';
import { collectTraffic, companyRoster, type SimBatch, toEnvelope } from '../../lib/synthetic/index.ts';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { dataLayout } from '../../local/layout.ts';
import { leakCheck } from '../../local/leak-check.ts';
import { type LocalServer, startLocalServer } from '../../local/local-server.ts';
import { QueryEngine } from '../../local/query-engine.ts';
import { acceptedIds, post } from './events.ts';
import { listPartFiles, PARQUET_TYPE_OF_GLUE, readParquetIndependently } from './parquet-inspect.ts';

/** The DuckDB type of each Glue type, written out here rather than derived. */
const DUCKDB_TYPE_OF_GLUE: Record<string, string> = {
  string: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  bigint: 'BIGINT',
  int: 'INTEGER',
  boolean: 'BOOLEAN',
  'map<string,bigint>': 'MAP(VARCHAR, BIGINT)',
  'map<string,int>': 'MAP(VARCHAR, INTEGER)',
};

const DAYS = ['2026-11-23', '2026-11-24']; // a Monday and a Tuesday: working days
let dir: string;
let server: LocalServer;
let now = new Date(`${DAYS[0]}T23:00:00.000Z`);
const traffic = collectTraffic({ seed: 'local-e2e', employees: 3, days: DAYS.length, startDate: DAYS[0]! });
/** event_id → the batch (employee, day) it was sent in. */
const sentIn = new Map<string, SimBatch>();
const accepted = new Set<string>();
let walLeaks: Awaited<ReturnType<typeof leakCheck>>;

const plantedAndIdentifiers = () => [
  ...[...traffic.plantedKinds].map(([value, kind]) => ({ kind, value })),
  ...traffic.employees.flatMap((e) => [
    { kind: 'employee_id', value: e.employeeId },
    { kind: 'device_id', value: e.deviceId },
    ...Object.values(e.identityHints)
      .flat()
      .map((value) => ({ kind: 'identity_hint', value })),
  ]),
];

async function withEngine<T>(f: (engine: QueryEngine) => Promise<T>): Promise<T> {
  const engine = await QueryEngine.open(dir, { raw: true });
  try {
    return await f(engine);
  } finally {
    engine.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-e2e-'));
  // Large limits: rows stay in the write-ahead log until the explicit flush below.
  server = await startLocalServer({
    dataDir: dir,
    port: 0,
    clock: () => now,
    buffer: { maxAgeMs: 600_000, maxBytes: 256 * 1024 * 1024 },
    // The simulated company's people: colleagues named in the traffic are removed too.
    directory: Directory.build(companyRoster('local-e2e')),
  });
  const mint = await localTokenMinter(dir);
  for (const day of DAYS) {
    now = new Date(`${day}T23:00:00.000Z`);
    const batches = traffic.batches.filter((b) => b.day === day);
    await Promise.all(
      batches.map(async (batch) => {
        for (const e of batch.events) sentIn.set(e.event_id, batch);
        const { status, json } = await post(server.url, toEnvelope(batch), mint(batch.employee.employeeId));
        expect([200, 207]).toContain(status);
        for (const id of acceptedIds(json)) accepted.add(id);
      }),
    );
  }
  // Before the flush: the accepted rows sit in write-ahead segments, scanned as raw bytes.
  walLeaks = await leakCheck(dir, plantedAndIdentifiers());
  await server.flush();
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('every accepted event is stored once, in the Glue layout', () => {
  it('accepted most of the synthetic events', () => {
    expect(accepted.size).toBeGreaterThan(0.9 * sentIn.size);
    expect(server.totals().accepted).toBe(accepted.size);
  });

  it('stores exactly the accepted event_ids, once each', async () => {
    const ids = await withEngine(async (e) =>
      (await e.query('SELECT event_id FROM events')).rows.map((r) => r[0]),
    );
    expect(ids).toHaveLength(accepted.size);
    expect(new Set(ids)).toEqual(accepted);
  });

  it('writes events/dt=YYYY-MM-DD/part-<id>.parquet, one partition per UTC day of receipt', async () => {
    const files = await listPartFiles(dataLayout(dir).events);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f).toMatch(/^dt=\d{4}-\d{2}-\d{2}\/part-[0-9a-f-]+\.parquet$/);
    expect([...new Set(files.map((f) => f.slice(3, 13)))]).toEqual(DAYS);
  });

  it('has the Glue columns and types in DuckDB, with dt a string partition', async () => {
    const described = await withEngine((e) => e.query('DESCRIBE events'));
    const expected = [...glueColumns().map((c) => [c.name, DUCKDB_TYPE_OF_GLUE[c.type]]), ['dt', 'VARCHAR']];
    expect(described.rows.map((r) => [r[0], r[1]])).toEqual(expected);
  });

  it('reads back the same rows, columns and types with hyparquet (no DuckDB)', async () => {
    const expected = glueColumns().map((c) => ({ name: c.name, type: PARQUET_TYPE_OF_GLUE[c.type] }));
    const ids = new Set<string>();
    let rows = 0;
    for (const f of await listPartFiles(dataLayout(dir).events)) {
      const contents = await readParquetIndependently(join(dataLayout(dir).events, f));
      expect(contents.columns).toEqual(expected);
      expect([...contents.codecs]).toEqual(['ZSTD']);
      const dt = f.slice(3, 13);
      for (const row of contents.rows) {
        ids.add(String(row['event_id']));
        expect((row['received_at'] as Date).toISOString().slice(0, 10)).toBe(dt);
      }
      rows += contents.rows.length;
    }
    expect(rows).toBe(accepted.size);
    expect(ids).toEqual(accepted);
  });
});

describe('pseudonyms link one person within a window only, and never show the identity', () => {
  it('gives one employee one contributor per day, different across days and people', async () => {
    const rows = await withEngine(
      async (e) => (await e.query('SELECT event_id, contributor, pseudonym_window, dt FROM events')).rows,
    );
    const byEmployeeDay = new Map<string, Set<string>>();
    for (const [id, contributor, window, dt] of rows) {
      const batch = sentIn.get(String(id))!;
      expect(window).toBe(dt);
      const key = `${batch.employee.employeeId}|${dt}`;
      byEmployeeDay.set(key, (byEmployeeDay.get(key) ?? new Set()).add(String(contributor)));
    }
    for (const contributors of byEmployeeDay.values()) expect(contributors.size).toBe(1);
    const all = [...byEmployeeDay.values()].map((s) => [...s][0]);
    expect(new Set(all).size).toBe(all.length); // no two (employee, day) pairs share a pseudonym
    const identities = new Set(traffic.employees.flatMap((e) => [e.employeeId, e.deviceId]));
    for (const c of all) expect(identities.has(c!)).toBe(false);
  });

  it('never stores the raw session ids', async () => {
    const sessions = await withEngine(async (e) =>
      (await e.query('SELECT DISTINCT "session" FROM events')).rows.map((r) => String(r[0])),
    );
    const raw = new Set(traffic.batches.flatMap((b) => b.events.map((e) => e.session_id)));
    for (const s of sessions) expect(raw.has(s)).toBe(false);
  });
});

describe('no planted secret, personal value or identifier is stored anywhere', () => {
  it('finds none in the write-ahead segments (raw bytes) before the flush', () => {
    expect(walLeaks.rawFiles).toBeGreaterThan(0);
    expect(walLeaks.leaks).toEqual([]);
  });

  it('finds none in the decoded Parquet files nor in any file as raw bytes after it', async () => {
    const report = await leakCheck(dir, plantedAndIdentifiers());
    expect(report.planted).toBeGreaterThan(20);
    expect(report.parquetFiles).toBeGreaterThan(0);
    expect(report.decodedRows).toBe(accepted.size);
    expect(report.leaks).toEqual([]);
  });
});
