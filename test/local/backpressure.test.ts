/**
 * Backpressure: past the backlog bound (bytes accepted but not yet in Parquet) new requests are
 * answered 503 + Retry-After before any work, so the backlog — and the final flush — stay
 * bounded; once conversion catches up, requests are accepted again. A real server process whose
 * conversion is held up by a fault, then released.
 */
import { rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { dataLayout } from '../../local/layout.ts';
import { acceptedIds, envelope, terminalEvent } from './events.ts';
import { processFixture, storedEventIds } from './process-fixture.ts';

const fixture = processFixture('backpressure');

interface Health {
  overloaded: boolean;
  backlog: { bytes: number; max_bytes: number };
}

describe('past the backlog bound, requests are refused with 503 + Retry-After until conversion catches up', () => {
  it('refuses before storing anything, then accepts again once the backlog is converted', async () => {
    const BOUND = 32 * 1024;
    const dir = fixture.dir;
    const server = await fixture.start([
      ...['--port', '0', '--data', dir, '--workers', '0'],
      ...['--flush-bytes', '8192', '--flush-ms', '100', '--max-backlog-bytes', String(BOUND)],
    ]);
    const url = server.url;
    const token = (await localTokenMinter(dir))('emp-1');
    const health = async () => (await (await fetch(`${url}/healthz`)).json()) as Health;
    const send = async () => {
      const res = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(
          envelope(
            Array.from({ length: 10 }, () => terminalEvent()),
            'emp-1',
          ),
        ),
      });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        json: (await res.json()) as Record<string, unknown>,
      };
    };

    // Conversion is held up: its scratch folder cannot be created.
    await writeFile(dataLayout(dir).tmp, 'in the way');
    const accepted: string[] = [];
    let refused: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const r = await send();
      if (r.status === 503) refused = r;
      else accepted.push(...acceptedIds(r.json));
    }
    expect(refused).toBeDefined();
    expect(refused!.retryAfter).toBe('1');
    expect((refused!.json['error'] as { code: string }).code).toBe('unavailable');
    const full = await health();
    expect(full.overloaded).toBe(true);
    expect(full.backlog.max_bytes).toBe(BOUND);
    // Bounded: at most one request's worth beyond the bound got in.
    expect(full.backlog.bytes).toBeLessThan(BOUND + 16 * 1024);

    await rm(dataLayout(dir).tmp);
    await expect.poll(async () => (await health()).backlog.bytes, { timeout: 15_000 }).toBe(0);
    const after = await send();
    expect(after.status).toBe(200);
    accepted.push(...acceptedIds(after.json));

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(await storedEventIds(dir)).toEqual([...accepted].sort());
  });
});
