/**
 * Child process of the crash test: spools `count` events for the fake API at `url`, says
 * "spooled" on stdout, then keeps sending until it is killed with SIGKILL.
 */
import { ActivityClient } from '../../lib/client/index.ts';
import { realisticBatch } from '../../lib/synthetic/index.ts';

const [url, dir, count] = process.argv.slice(2);
const client = new ActivityClient({
  endpoint: url!,
  employeeId: 'E000001',
  agent: { name: 'crash-child', version: '0.0.1', os: 'linux' },
  spoolDir: dir!,
  maxBatchEvents: 25,
  flushIntervalMs: 10,
  retry: { baseMs: 5, maxMs: 20 },
});
const events = realisticBatch('crash-test', Number(count)).events;
await Promise.all(events.map((e) => client.record(e)));
process.stdout.write('spooled\n');
setInterval(() => {}, 1000); // stay alive until killed
