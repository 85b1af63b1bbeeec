/** The SDK against a real local server: it sends the employee's bearer token, and credentials decide. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../lib/client/index.ts';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { type LocalServer, startLocalServer } from '../../local/local-server.ts';
import { client, events } from './helpers.ts';

let dir: string;
let server: LocalServer;
let mint: (employeeId: string) => string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-client-token-'));
  server = await startLocalServer({ dataDir: dir, port: 0 });
  mint = await localTokenMinter(dir);
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the client authenticates with its employee’s token', () => {
  it('delivers with the token of its employee', async () => {
    const c = client(server.url, { employeeId: 'E000001', token: mint('E000001') });
    try {
      await Promise.all(events(20).map((e) => c.record(e)));
      await c.flush();
      expect(c.stats()).toMatchObject({ accepted: 20, rejected: 0, queued: 0 });
    } finally {
      await c.close({ flush: false });
    }
  });

  it.each([
    ['no token', undefined, 'unauthenticated'],
    ['a colleague’s token', 'E000002', 'identity_mismatch'],
  ])('keeps its events and says why when it has %s', async (_, tokenOf, reason) => {
    const c = client(server.url, {
      employeeId: 'E000001',
      ...(tokenOf ? { token: mint(tokenOf) } : {}),
      retry: { baseMs: 1, maxMs: 2, maxAttempts: 2 },
    });
    const reasons: string[] = [];
    c.on('retrying', (r) => reasons.push(r.reason));
    try {
      await Promise.all(events(5).map((e) => c.record(e)));
      await expect(c.flush()).rejects.toBeInstanceOf(DeliveryError);
      expect(c.stats()).toMatchObject({ accepted: 0, queued: 5 });
      expect(reasons[0]).toBe(reason);
    } finally {
      await c.close({ flush: false });
    }
  });

  it('sends a token unsigned even to a non-loopback host; a token with SigV4 is a configuration error', async () => {
    const seen: Record<string, string>[] = [];
    const c = client('http://ingest.internal.example:8787', {
      token: 'v1.abc.def',
      fetch: async (_url, init) => {
        seen.push(init.headers as Record<string, string>);
        return new Response('{"error":{"code":"unavailable","message":"x"}}', { status: 503 });
      },
      retry: { baseMs: 1, maxMs: 2, maxAttempts: 1 },
    });
    try {
      await c.record(events(1)[0]!);
      await expect(c.flush()).rejects.toBeInstanceOf(DeliveryError);
      expect(seen[0]).toMatchObject({ authorization: 'Bearer v1.abc.def' });
      expect(seen[0]).not.toHaveProperty('x-amz-date');
    } finally {
      await c.close({ flush: false });
    }
    expect(() => client(server.url, { token: 'v1.abc.def', signing: 'sigv4', region: 'eu-west-1' })).toThrow(
      /token: .*SigV4/,
    );
  });
});
