import { expect, it } from 'vitest';
import { realisticBatch } from '../../lib/synthetic/index.ts';
import { apiAndFolderPerTest, client, spawnSpoolingAgent, waitFor } from './helpers.ts';

const fx = apiAndFolderPerTest();

it('a client process killed with SIGKILL mid-stream loses no spooled event', async () => {
  const count = 300;
  const ids = realisticBatch('crash-test', count).events.map((e) => e.event_id);
  // Answer two requests, then hang: the killed process has a request in flight.
  fx.api.faults.push({ kind: 'pass' }, { kind: 'pass' });
  fx.api.always = { kind: 'hang' };
  const { child, exited, spooled } = spawnSpoolingAgent(fx.api.url, fx.tmp.dir, count);
  await waitFor(() => spooled() && fx.api.requests.some((r) => r.status === 'hang'), 60_000);
  child.kill('SIGKILL');
  await exited;
  const before = fx.api.acceptedIds().size;
  expect(before).toBe(50);

  fx.api.always = undefined;
  const restarted = client(fx.api.url, { spoolDir: fx.tmp.dir });
  await restarted.ready;
  expect(restarted.stats().replayed).toBeGreaterThanOrEqual(count - before);
  await restarted.flush();
  await restarted.close();
  expect(fx.api.acceptedIds()).toEqual(new Set(ids));
});
