/**
 * A full disk, for real: the server runs on a small tmpfs that the test fills up.
 * - A group write that fails half-way (ENOSPC) is cut back before the answer: events answered
 *   `retry` are never stored, though whole lines of them had reached the file.
 * - A conversion that fails for want of space is retried while the server runs, and /healthz
 *   says so (backlog, the error's class and code); once space is freed, the rows appear in
 *   Parquet without a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { type ServerProcess, startServerProcess } from '../../local/server-process.ts';
import { acceptedIds, envelope, post, terminalEvent } from './events.ts';
import { storedEventIds } from './process-fixture.ts';
import { canMountTmpfs, fillDisk, mountTmpfs, unmount } from './tmpfs.ts';

let base: string;
let dataDir: string;
let server: ServerProcess | undefined;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'activity-disk-full-'));
  dataDir = join(base, 'data');
});
afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null)
    server.child.kill('SIGKILL');
  await server?.exited;
  server = undefined;
  unmount(dataDir);
  await rm(base, { recursive: true, force: true });
});

interface Health {
  status: string;
  backlog: { segments: number; bytes: number; oldest_age_ms: number | null };
  last_conversion_error: { class: string; code: string | null; at: string } | null;
}

async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/healthz`)).json()) as Health;
}

const storedIds = async () => new Set(await storedEventIds(dataDir));

describe.skipIf(!canMountTmpfs)(
  'a full disk loses nothing accepted and stores nothing answered retry',
  () => {
    it('cuts a half-written group, retries a failed conversion while running, and recovers once space is freed', async () => {
      mountTmpfs(dataDir, 8 * 1024 * 1024);
      server = await startServerProcess([
        '--port',
        '0',
        '--data',
        dataDir,
        '--workers',
        '0',
        '--flush-ms',
        '300',
      ]);
      const token = (await localTokenMinter(dataDir))('emp-1');
      const send = (n: number) =>
        post(
          server!.url,
          envelope(
            Array.from({ length: n }, () => terminalEvent()),
            'emp-1',
          ),
          token,
        );

      const a = await send(20);
      expect(a.status).toBe(200);
      await expect.poll(async () => (await health(server!.url)).backlog.bytes, { timeout: 10_000 }).toBe(0);

      // ~24 KiB left: a 300-event batch (~150 KB of rows) gets whole lines into the segment, then ENOSPC.
      await fillDisk(join(dataDir, 'filler-1'), 24 * 1024);
      const b = await send(300);
      expect(b.status).toBe(503);
      expect(b.json['retry']).toBe(300);
      const retried = (b.json['results'] as { event_id: string }[]).map((r) => r.event_id);

      const c = await send(5);
      expect(c.status).toBe(200);
      // Now nothing at all is left: the conversion of C cannot write its Parquet file.
      await fillDisk(join(dataDir, 'filler-2'), 0);
      await expect
        .poll(async () => (await health(server!.url)).last_conversion_error?.code, { timeout: 10_000 })
        .toBe('ENOSPC');
      const failing = await health(server!.url);
      expect(failing.status).toBe('degraded');
      expect(failing.backlog.segments).toBeGreaterThanOrEqual(1);
      expect(failing.backlog.bytes).toBeGreaterThan(0);
      expect(failing.backlog.oldest_age_ms).toBeGreaterThanOrEqual(0);

      // The operator frees space; the server converts the backlog on its own, no restart.
      await rm(join(dataDir, 'filler-1'));
      await rm(join(dataDir, 'filler-2'));
      await expect.poll(async () => (await health(server!.url)).backlog.bytes, { timeout: 20_000 }).toBe(0);
      expect((await health(server!.url)).status).toBe('ok');

      const stored = await storedIds();
      expect([...acceptedIds(a.json), ...acceptedIds(c.json)].filter((id) => !stored.has(id))).toEqual([]);
      expect(retried.filter((id) => stored.has(id))).toEqual([]);
      expect(stored.size).toBe(25);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(await storedIds()).toEqual(stored);
    });
  },
);
