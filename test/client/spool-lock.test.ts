/**
 * One writer per spool folder: a second process (or client) on the same folder is refused,
 * naming the folder and the holder, instead of replaying and deleting the first one's live
 * segments (which lost 61 of 100 events before the lock). A holder that died is taken over.
 */
import { describe, expect, it } from 'vitest';
import { Spool } from '../../lib/client/spool.ts';
import { FolderLockedError } from '../../lib/fs/folder-lock.ts';
import { realisticBatch } from '../../lib/synthetic/index.ts';
import { apiAndFolderPerTest, client, spawnSpoolingAgent, waitFor } from './helpers.ts';

const fx = apiAndFolderPerTest();

describe('the spool folder is locked while a client uses it', () => {
  it('a second spool in the same process is refused until the first closes', async () => {
    const first = await Spool.open({ dir: fx.tmp.dir, employeeId: 'E1' });
    const err = await Spool.open({ dir: fx.tmp.dir, employeeId: 'E1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FolderLockedError);
    expect((err as FolderLockedError).message).toContain(fx.tmp.dir);
    expect((err as FolderLockedError).holder?.pid).toBe(process.pid);
    await first.spool.close();
    const again = await Spool.open({ dir: fx.tmp.dir, employeeId: 'E1' });
    await again.spool.close();
  });

  it('another process is refused while the holder lives, and takes over once it is killed: nothing lost', async () => {
    const count = 100;
    const ids = realisticBatch('crash-test', count).events.map((e) => e.event_id);
    fx.api.always = { kind: 'hang' }; // nothing is ever acknowledged: every event must survive in the spool
    const { child, exited, spooled } = spawnSpoolingAgent(fx.api.url, fx.tmp.dir, count);
    try {
      await waitFor(spooled, 60_000);
      const second = client(fx.api.url, { spoolDir: fx.tmp.dir });
      const refused = await second.ready.catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(FolderLockedError);
      expect((refused as FolderLockedError).holder?.pid).toBe(child.pid);
      await second.close({ flush: false }).catch(() => {});
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    fx.api.always = undefined;
    const next = client(fx.api.url, { spoolDir: fx.tmp.dir });
    await next.ready;
    expect(next.stats().replayed).toBe(count);
    await next.flush();
    await next.close();
    expect(fx.api.acceptedIds()).toEqual(new Set(ids));
  });
});
