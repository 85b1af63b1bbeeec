import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import { ActivityClient, type ActivityClientOptions } from '../../lib/client/index.ts';
import type { RequestEvent } from '../../lib/schema/index.ts';
import { realisticBatch } from '../../lib/synthetic/index.ts';
import { FakeApi } from './fake-api.ts';

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

/** A fresh fake API and temporary folder for every test of the calling file, stopped and removed after it. */
export function apiAndFolderPerTest(): {
  readonly api: FakeApi;
  readonly tmp: Awaited<ReturnType<typeof tempDir>>;
} {
  const current = {} as { api: FakeApi; tmp: Awaited<ReturnType<typeof tempDir>> };
  beforeEach(async () => {
    current.api = await new FakeApi().start();
    current.tmp = await tempDir();
  });
  afterEach(async () => {
    await current.api.stop();
    await current.tmp.cleanup();
  });
  return current;
}

/**
 * A separate agent process (crash-child.ts) that spools `count` events for `url` in `spoolDir`,
 * then keeps sending until it is killed. `spooled()` is true once every event is on its disk.
 */
export function spawnSpoolingAgent(url: string, spoolDir: string, count: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./crash-child.ts', import.meta.url)),
      url,
      spoolDir,
      String(count),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise((r) => child.on('exit', r));
  return { child, exited, spooled: () => out.includes('spooled') };
}
