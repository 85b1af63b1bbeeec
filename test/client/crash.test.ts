import { afterEach, beforeEach, expect, it } from 'vitest';
import { realisticBatch } from '../../lib/synthetic/index.ts';
import { FakeApi } from './fake-api.ts';
import { client, spawnSpoolingAgent, tempDir, waitFor } from './helpers.ts';

let api: FakeApi;
let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  api = await new FakeApi().start();
  tmp = await tempDir();
});
afterEach(async () => {
  await api.stop();
  await tmp.cleanup();
});

it('a client process killed with SIGKILL mid-stream loses no spooled event', async () => {
  const count = 300;
  const ids = realisticBatch('crash-test', count).events.map((e) => e.event_id);
  // Answer two requests, then hang: the killed process has a request in flight.
  api.faults.push({ kind: 'pass' }, { kind: 'pass' });
  api.always = { kind: 'hang' };
  const { child, exited, spooled } = spawnSpoolingAgent(api.url, tmp.dir, count);
  await waitFor(() => spooled() && api.requests.some((r) => r.status === 'hang'), 60_000);
  child.kill('SIGKILL');
  await exited;
  const before = api.acceptedIds().size;
  expect(before).toBe(50);

  api.always = undefined;
  const restarted = client(api.url, { spoolDir: tmp.dir });
  await restarted.ready;
  expect(restarted.stats().replayed).toBeGreaterThanOrEqual(count - before);
  await restarted.flush();
  await restarted.close();
  expect(api.acceptedIds()).toEqual(new Set(ids));
});
