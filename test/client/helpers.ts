import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityClient, type ActivityClientOptions } from '../../lib/client/index.ts';
import type { RequestEvent } from '../../lib/schema/index.ts';
import { realisticBatch } from '../../lib/synthetic/index.ts';

export const AGENT = { name: 'activity-agent-test', version: '0.0.1', os: 'linux' } as const;

/** Realistic, valid events with fresh (random) ids, so tests never share ids. */
export function events(n: number, seed = 'client-tests'): RequestEvent[] {
  return realisticBatch(seed, n).events.map((e) => ({ ...e, event_id: crypto.randomUUID() }));
}

/** Small timings so fault tests run fast; no upper timing bounds are asserted anywhere. */
export function client(endpoint: string, extra: Partial<ActivityClientOptions> = {}): ActivityClient {
  return new ActivityClient({
    endpoint,
    employeeId: 'E000001',
    agent: AGENT,
    identityHints: { usernames: ['tester'] },
    flushIntervalMs: 20,
    timeoutMs: 2_000,
    retry: { baseMs: 5, maxMs: 40 },
    spoolFsync: false,
    ...extra,
  });
}

export async function waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'activity-client-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
