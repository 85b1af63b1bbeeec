import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpoolMismatchError } from '../../lib/client/index.ts';
import { FakeApi } from './fake-api.ts';
import { client, events, tempDir, waitFor } from './helpers.ts';

let api: FakeApi;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  api = await new FakeApi().start();
  tmp = await tempDir();
});
afterEach(async () => {
  await api.stop();
  await tmp.cleanup();
});

describe('durable spool', () => {
  it('a process restart mid-stream loses nothing: abandoned in-flight events are replayed', async () => {
    // The first two requests are answered, then the API hangs: requests are in flight when the client dies.
    api.faults.push({ kind: 'status', status: 503 }, { kind: 'pass' }, { kind: 'pass' });
    api.always = { kind: 'hang' };
    const first = client(api.url, { spoolDir: tmp.dir, maxBatchEvents: 25, timeoutMs: 60_000 });
    const evs = events(200);
    await Promise.all(evs.map((e) => first.record(e))); // resolved = durably spooled
    await waitFor(() => api.requests.some((r) => r.status === 'hang'));
    const acceptedBeforeCrash = api.acceptedIds().size;
    expect(acceptedBeforeCrash).toBe(50);
    await first.close({ flush: false }); // "crash": no flush, in-flight request abandoned

    api.always = undefined;
    const second = client(api.url, { spoolDir: tmp.dir, maxBatchEvents: 25 });
    await second.ready;
    // Everything not acknowledged is replayed, including the batch that was in flight.
    expect(second.stats().replayed).toBe(200 - acceptedBeforeCrash);
    await second.flush();
    await second.close();
    expect(api.acceptedIds()).toEqual(new Set(evs.map((e) => e.event_id)));

    // And a third start has nothing left to replay.
    const third = client(api.url, { spoolDir: tmp.dir });
    await third.ready;
    expect(third.stats().replayed).toBe(0);
    await third.close();
  });

  it('replays after an outage that outlived the process, in the original order', async () => {
    api.always = { kind: 'status', status: 503 };
    const a = client(api.url, { spoolDir: tmp.dir, spoolFsync: true });
    const evs = events(40);
    for (const e of evs) await a.record(e);
    await a.close({ timeoutMs: 100 });
    api.always = undefined;
    const b = client(api.url, { spoolDir: tmp.dir, maxBatchEvents: 500 });
    await b.flush();
    await b.close();
    const lastRequest = api.requests[api.requests.length - 1]!;
    expect(lastRequest.eventIds).toEqual(evs.map((e) => e.event_id));
    expect(api.acceptedIds().size).toBe(40);
  });

  it('is bounded: drops the oldest queued events first and counts them', async () => {
    api.always = { kind: 'status', status: 503 };
    const evs = events(30);
    const sizes = evs.map((e) => Buffer.byteLength(JSON.stringify(e)));
    // Room for roughly the last 10 events.
    const bound = sizes.slice(-10).reduce((a, b) => a + b, 0);
    const c = client(api.url, { spoolDir: tmp.dir, maxSpoolBytes: bound, flushIntervalMs: 60_000 });
    const dropped: string[] = [];
    c.on('dropped', (d) => dropped.push(...d.eventIds));
    for (const e of evs) await c.record(e);
    const n = c.stats().dropped;
    expect(n).toBeGreaterThanOrEqual(18);
    expect(dropped).toEqual(evs.slice(0, n).map((e) => e.event_id)); // oldest first, in order
    await c.close({ flush: false });

    api.always = undefined;
    const again = client(api.url, { spoolDir: tmp.dir, maxSpoolBytes: bound });
    await again.flush();
    await again.close();
    // Dropped events stay dropped after a restart; the rest are delivered.
    expect(api.acceptedIds()).toEqual(new Set(evs.slice(n).map((e) => e.event_id)));
  });

  it('compacts: settled events do not accumulate across restarts', async () => {
    const a = client(api.url, { spoolDir: tmp.dir });
    for (const e of events(100)) await a.record(e);
    await a.flush();
    await a.close();
    const b = client(api.url, { spoolDir: tmp.dir });
    await b.ready;
    await b.close();
    const files = (await readdir(tmp.dir)).filter((f) => f.endsWith('.ndjson'));
    expect(files).toHaveLength(1);
    const text = await readFile(join(tmp.dir, files[0]!), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(1); // only the header line
  });

  it('ignores a torn last line left by a crash during an append', async () => {
    const a = client(api.url, { spoolDir: tmp.dir, flushIntervalMs: 60_000 });
    api.always = { kind: 'status', status: 503 };
    const evs = events(3);
    for (const e of evs) await a.record(e);
    await a.close({ flush: false });
    const [file] = (await readdir(tmp.dir)).filter((f) => f.endsWith('.ndjson'));
    const { appendFile } = await import('node:fs/promises');
    await appendFile(join(tmp.dir, file!), '{"e":{"event_id":"trunc');
    api.always = undefined;
    const b = client(api.url, { spoolDir: tmp.dir });
    await b.flush();
    await b.close();
    expect(api.acceptedIds()).toEqual(new Set(evs.map((e) => e.event_id)));
  });

  it('refuses to replay another employee’s spool', async () => {
    const a = client(api.url, { spoolDir: tmp.dir });
    await a.close();
    const b = client(api.url, { spoolDir: tmp.dir, employeeId: 'E999999' });
    await expect(b.ready).rejects.toBeInstanceOf(SpoolMismatchError);
    await expect(b.record(events(1)[0]!)).rejects.toBeInstanceOf(SpoolMismatchError);
    await b.close();
  });
});
