/** Compaction beside a running server that keeps publishing batches: every accepted event stored exactly once. */
import { describe, expect, it } from 'vitest';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { compactRaw } from '../../local/compact.ts';
import { dataLayout } from '../../local/layout.ts';
import { acceptedIds, envelope, post, terminalEvent } from './events.ts';
import { processFixture, storedEventIds } from './process-fixture.ts';

const fx = processFixture('compact-live');

describe('npm run compact while the server runs', () => {
  it('loses nothing and stores nothing twice', async () => {
    const server = await fx.start([
      '--port',
      '0',
      '--data',
      fx.dir,
      '--flush-bytes',
      '8192',
      '--flush-ms',
      '100',
      '--workers',
      '0',
    ]);
    const token = (await localTokenMinter(fx.dir))('emp-0001');
    const accepted = new Set<string>();
    let sending = true;
    const sender = (async () => {
      while (sending) {
        const { status, json } = await post(
          server.url,
          envelope(Array.from({ length: 20 }, () => terminalEvent())),
          token,
        );
        if (status === 200 || status === 207) for (const id of acceptedIds(json)) accepted.add(id);
      }
    })();
    let compactions = 0;
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 250));
      compactions += (await compactRaw(dataLayout(fx.dir))).length;
    }
    sending = false;
    await sender;
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await compactRaw(dataLayout(fx.dir));
    expect(compactions).toBeGreaterThan(0); // it did compact under the live server
    expect(await storedEventIds(fx.dir)).toEqual([...accepted].sort());
  }, 120_000);
});
