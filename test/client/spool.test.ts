import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpoolMismatchError } from '../../lib/client/index.ts';
import { apiAndFolderPerTest, client, events, waitFor } from './helpers.ts';

const fx = apiAndFolderPerTest();

describe('durable spool', () => {
  it('a process restart mid-stream loses nothing: abandoned in-flight events are replayed', async () => {
    // The first two requests are answered, then the API hangs: requests are in flight when the client dies.
    fx.api.faults.push({ kind: 'status', status: 503 }, { kind: 'pass' }, { kind: 'pass' });
    fx.api.always = { kind: 'hang' };
    const first = client(fx.api.url, { spoolDir: fx.tmp.dir, maxBatchEvents: 25, timeoutMs: 60_000 });
    const evs = events(200);
    await Promise.all(evs.map((e) => first.record(e))); // resolved = durably spooled
    await waitFor(() => fx.api.requests.some((r) => r.status === 'hang'));
    const acceptedBeforeCrash = fx.api.acceptedIds().size;
    expect(acceptedBeforeCrash).toBe(50);
    await first.close({ flush: false }); // "crash": no flush, in-flight request abandoned

    fx.api.always = undefined;
    const second = client(fx.api.url, { spoolDir: fx.tmp.dir, maxBatchEvents: 25 });
    await second.ready;
    // Everything not acknowledged is replayed, including the batch that was in flight.
    expect(second.stats().replayed).toBe(200 - acceptedBeforeCrash);
    await second.flush();
    await second.close();
    expect(fx.api.acceptedIds()).toEqual(new Set(evs.map((e) => e.event_id)));

    // And a third start has nothing left to replay.
    const third = client(fx.api.url, { spoolDir: fx.tmp.dir });
    await third.ready;
    expect(third.stats().replayed).toBe(0);
    await third.close();
  });

  it('replays after an outage that outlived the process, in the original order', async () => {
    fx.api.always = { kind: 'status', status: 503 };
    const a = client(fx.api.url, { spoolDir: fx.tmp.dir, spoolFsync: true });
    const evs = events(40);
    for (const e of evs) await a.record(e);
    await a.close({ timeoutMs: 100 });
    fx.api.always = undefined;
    const b = client(fx.api.url, { spoolDir: fx.tmp.dir, maxBatchEvents: 500 });
    await b.flush();
    await b.close();
    const lastRequest = fx.api.requests[fx.api.requests.length - 1]!;
    expect(lastRequest.eventIds).toEqual(evs.map((e) => e.event_id));
    expect(fx.api.acceptedIds().size).toBe(40);
  });

  it('is bounded: drops the oldest queued events first and counts them', async () => {
    fx.api.always = { kind: 'status', status: 503 };
    const evs = events(30);
    const sizes = evs.map((e) => Buffer.byteLength(JSON.stringify(e)));
    // Room for roughly the last 10 events.
    const bound = sizes.slice(-10).reduce((a, b) => a + b, 0);
    const c = client(fx.api.url, { spoolDir: fx.tmp.dir, maxSpoolBytes: bound, flushIntervalMs: 60_000 });
    const dropped: string[] = [];
    c.on('dropped', (d) => dropped.push(...d.eventIds));
    for (const e of evs) await c.record(e);
    const n = c.stats().dropped;
    expect(n).toBeGreaterThanOrEqual(18);
    expect(dropped).toEqual(evs.slice(0, n).map((e) => e.event_id)); // oldest first, in order
    await c.close({ flush: false });

    fx.api.always = undefined;
    const again = client(fx.api.url, { spoolDir: fx.tmp.dir, maxSpoolBytes: bound });
    await again.flush();
    await again.close();
    // Dropped events stay dropped after a restart; the rest are delivered.
    expect(fx.api.acceptedIds()).toEqual(new Set(evs.slice(n).map((e) => e.event_id)));
  });

  it('compacts: settled events do not accumulate across restarts', async () => {
    const a = client(fx.api.url, { spoolDir: fx.tmp.dir });
    for (const e of events(100)) await a.record(e);
    await a.flush();
    await a.close();
    const b = client(fx.api.url, { spoolDir: fx.tmp.dir });
    await b.ready;
    await b.close();
    const files = (await readdir(fx.tmp.dir)).filter((f) => f.endsWith('.ndjson'));
    expect(files).toHaveLength(1);
    const text = await readFile(join(fx.tmp.dir, files[0]!), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(1); // only the header line
  });

  it('ignores a torn last line left by a crash during an append', async () => {
    const a = client(fx.api.url, { spoolDir: fx.tmp.dir, flushIntervalMs: 60_000 });
    fx.api.always = { kind: 'status', status: 503 };
    const evs = events(3);
    for (const e of evs) await a.record(e);
    await a.close({ flush: false });
    const [file] = (await readdir(fx.tmp.dir)).filter((f) => f.endsWith('.ndjson'));
    const { appendFile } = await import('node:fs/promises');
    await appendFile(join(fx.tmp.dir, file!), '{"e":{"event_id":"trunc');
    fx.api.always = undefined;
    const b = client(fx.api.url, { spoolDir: fx.tmp.dir });
    await b.flush();
    await b.close();
    expect(fx.api.acceptedIds()).toEqual(new Set(evs.map((e) => e.event_id)));
  });

  it('refuses to replay another employee’s spool', async () => {
    const a = client(fx.api.url, { spoolDir: fx.tmp.dir });
    await a.close();
    const b = client(fx.api.url, { spoolDir: fx.tmp.dir, employeeId: 'E999999' });
    await expect(b.ready).rejects.toBeInstanceOf(SpoolMismatchError);
    await expect(b.record(events(1)[0]!)).rejects.toBeInstanceOf(SpoolMismatchError);
    await b.close();
  });

  it('keeps its segments readable by their owner only: they hold events before any scrubbing', async () => {
    const a = client(fx.api.url, { spoolDir: fx.tmp.dir });
    await a.record(events(1)[0]!);
    await a.close({ flush: false });
    const segments = (await readdir(fx.tmp.dir)).filter((f) => f.endsWith('.ndjson'));
    expect(segments.length).toBeGreaterThan(0);
    for (const name of segments) {
      expect((await stat(join(fx.tmp.dir, name))).mode & 0o777).toBe(0o600);
    }
  });
});
