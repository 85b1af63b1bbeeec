/**
 * Child of transport-timeout.test.ts, run with --expose-gc: one request to a server that never
 * answers, with garbage collections all through the wait. Prints the outcome, or `hung` when the
 * request outlives ten times its timeout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendEnvelope } from '../../lib/client/transport.ts';

const TIMEOUT_MS = 200;
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with --expose-gc');

const server = createServer(() => {}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/events`);
const collecting = setInterval(collect, 10);
const hung = setTimeout(() => {
  process.stdout.write('hung\n');
  process.exit(0);
}, 10 * TIMEOUT_MS);
const outcome = await sendEnvelope(
  { url, signer: undefined, fetch, timeoutMs: TIMEOUT_MS },
  '{}',
  new AbortController().signal,
);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
clearTimeout(hung);
clearInterval(collecting);
server.closeAllConnections();
server.close();
