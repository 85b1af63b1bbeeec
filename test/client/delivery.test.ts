import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ActivityClient, InvalidEventError, type RejectedReport } from '../../lib/client/index.ts';
import { FakeApi } from './fake-api.ts';
import { client, events, waitFor } from './helpers.ts';

let api: FakeApi;
let c: ActivityClient | undefined;

beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(async () => {
  await c?.close({ flush: false });
  c = undefined;
  await api.stop();
});

async function recordAll(cl: ActivityClient, evs: ReturnType<typeof events>): Promise<void> {
  await Promise.all(evs.map((e) => cl.record(e)));
}

describe('every valid event is delivered at least once', () => {
  it('in batches of at most maxBatchEvents, unsigned on loopback', async () => {
    c = client(api.url, { maxBatchEvents: 50 });
    const evs = events(230);
    await recordAll(c, evs);
    await c.flush();
    expect(api.acceptedIds()).toEqual(new Set(evs.map((e) => e.event_id)));
    expect(Math.max(...api.requests.map((r) => r.eventIds.length))).toBeLessThanOrEqual(50);
    expect(c.stats()).toMatchObject({ recorded: 230, accepted: 230, rejected: 0, queued: 0, inFlight: 0 });
  });

  it('fills in event_id and occurred_at when missing', async () => {
    c = client(api.url);
    const { event_id: _id, occurred_at: _at, ...bare } = events(1)[0]!;
    const id = await c.record(bare);
    await c.flush();
    expect(api.acceptedIds()).toEqual(new Set([id]));
  });

  it('through 503, 429, a hung request and a dropped connection', async () => {
    c = client(api.url, { timeoutMs: 300 });
    api.faults.push(
      { kind: 'status', status: 503 },
      { kind: 'status', status: 429 },
      { kind: 'hang' },
      { kind: 'destroy' },
      { kind: 'status', status: 500 },
    );
    const evs = events(120);
    await recordAll(c, evs);
    await c.flush();
    expect(api.acceptedIds()).toEqual(new Set(evs.map((e) => e.event_id)));
    const statuses = api.requests.map((r) => r.status);
    expect(statuses.slice(0, 5)).toEqual([503, 429, 'hang', 'destroy', 500]);
    expect(c.stats().failedRequests).toBe(5);
    expect(c.stats().retried).toBeGreaterThanOrEqual(5);
  });

  it('honours Retry-After (seconds) as a floor on the wait', async () => {
    c = client(api.url);
    api.faults.push(
      { kind: 'status', status: 429, retryAfter: '1' },
      { kind: 'status', status: 503, retryAfter: '1' },
    );
    const evs = events(5);
    await recordAll(c, evs);
    await c.flush();
    expect(api.acceptedIds().size).toBe(5);
    const [first, second, third] = api.requests;
    expect(second!.at - first!.answeredAt!).toBeGreaterThanOrEqual(1000);
    expect(third!.at - second!.answeredAt!).toBeGreaterThanOrEqual(1000);
  });

  it('splits a batch the server refuses with 413 until each part fits', async () => {
    await api.stop();
    api = await new FakeApi({ maxBodyBytes: 16 * 1024 }).start();
    c = client(api.url);
    const evs = events(120);
    await recordAll(c, evs);
    await c.flush();
    expect(api.acceptedIds()).toEqual(new Set(evs.map((e) => e.event_id)));
    expect(api.requests.some((r) => r.status === 413)).toBe(true);
    for (const r of api.requests) if (r.status === 200) expect(r.bytes).toBeLessThanOrEqual(16 * 1024);
    expect(c.stats().rejected).toBe(0);
  });

  it('never builds a request over maxBatchBytes', async () => {
    c = client(api.url, { maxBatchBytes: 8 * 1024 });
    const evs = events(100);
    await recordAll(c, evs);
    await c.flush();
    expect(api.acceptedIds().size).toBe(100);
    for (const r of api.requests) expect(r.bytes).toBeLessThanOrEqual(8 * 1024);
    expect(api.requests.some((r) => r.status === 413)).toBe(false);
  });
});

describe('per-event verdicts', () => {
  it('reports rejected events exactly once and never resends them; resends retry ones with the same id', async () => {
    const evs = events(90);
    const rejectIds = new Set(evs.filter((_, i) => i % 7 === 0).map((e) => e.event_id));
    const retryIds = new Set(evs.filter((_, i) => i % 7 !== 0 && i % 5 === 1).map((e) => e.event_id));
    api.verdict = (e, seenBefore) => {
      const id = String(e.event_id);
      if (rejectIds.has(id)) return 'rejected';
      if (retryIds.has(id) && seenBefore < 2) return 'retry';
      return 'accepted';
    };
    c = client(api.url, { maxBatchEvents: 30 });
    const reports: RejectedReport[] = [];
    c.on('rejected', (r) => reports.push(r));
    await recordAll(c, evs);
    await c.flush();

    expect(reports.map((r) => r.event_id).sort()).toEqual([...rejectIds].sort());
    expect(reports.every((r) => r.code === 'policy_violation' && r.status === 207)).toBe(true);
    const sends = (id: string) => api.requests.filter((r) => r.eventIds.includes(id)).length;
    for (const id of rejectIds) expect(sends(id)).toBe(1);
    for (const id of retryIds) expect(sends(id)).toBe(3); // two retry verdicts, then accepted, same id
    const delivered = evs.filter((e) => !rejectIds.has(e.event_id)).map((e) => e.event_id);
    expect(api.acceptedIds()).toEqual(new Set(delivered));
    expect(c.stats()).toMatchObject({ accepted: delivered.length, rejected: rejectIds.size });
  });

  it('reports a whole-request 400 as rejections and does not resend the batch', async () => {
    api.faults.push({ kind: 'status', status: 400, code: 'invalid_envelope' });
    c = client(api.url);
    const reports: RejectedReport[] = [];
    c.on('rejected', (r) => reports.push(r));
    const evs = events(10);
    await recordAll(c, evs);
    await c.flush();
    expect(reports).toHaveLength(10);
    expect(reports[0]).toMatchObject({ code: 'invalid_envelope', status: 400 });
    expect(api.requests).toHaveLength(1);
  });
});

describe('local checks', () => {
  it('rejects an invalid event without queueing it, naming the field but not the value', async () => {
    c = client(api.url);
    const bad = { ...events(1)[0]!, type: 'terminal_command', command: 123 } as never;
    const err = await c.record(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidEventError);
    expect(String((err as Error).message)).toContain('/command');
    await expect(c.record({ ...events(1)[0]!, type: 'nope' } as never)).rejects.toThrow(/known event type/);
    expect(c.stats().queued).toBe(0);
  });

  it('gives up a flush after retry.maxAttempts but keeps the events queued', async () => {
    api.always = { kind: 'status', status: 503 };
    c = client(api.url, { retry: { baseMs: 1, maxMs: 5, maxAttempts: 3 } });
    await c.record(events(1)[0]!);
    await expect(c.flush()).rejects.toThrow(/delivery failed 3 times/);
    expect(c.stats().queued).toBe(1);
    api.always = undefined;
    await c.flush();
    expect(api.acceptedIds().size).toBe(1);
  });

  it('flushes a partial batch on the interval without an explicit flush', async () => {
    c = client(api.url);
    await c.record(events(1)[0]!);
    await waitFor(() => api.acceptedIds().size === 1);
  });
});
