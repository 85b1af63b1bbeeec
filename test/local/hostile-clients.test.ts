/**
 * Slow and hostile clients cannot take the server from the agents, and a stop is prompt:
 * - thousands of connections that send headers and then trickle their body are cut by the body
 *   timeout (408), those past the connection limit are answered 503 + Retry-After rather than
 *   reset, file descriptors stay bounded, and a legitimate agent keeps getting answers;
 * - on SIGTERM a keep-alive client is answered with `Connection: close`, idle keep-alive
 *   connections are closed at once, and the server exits well before its grace period.
 * Real server processes, real sockets.
 */
import { readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { envelope, terminalEvent } from './events.ts';
import { processFixture } from './process-fixture.ts';

const fixture = processFixture('hostile');
const sockets: Socket[] = [];

afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});

interface Outcome {
  readonly status?: number;
  readonly retryAfter?: string;
  readonly connection?: string;
  readonly error?: string;
}

/** One POST over a fresh or kept-alive connection; a network failure is an outcome too. */
function postOnce(url: string, body: string, token: string, agent?: Agent): Promise<Outcome> {
  const u = new URL(`${url}/v1/events`);
  return new Promise((resolve) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        agent: agent ?? false,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            retryAfter: res.headers['retry-after'],
            connection: res.headers.connection,
          }),
        );
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}

/** Opens a connection that sends its headers and then one body byte every `everyMs`; resolves with the status it gets, if any. */
function slowBody(url: string, token: string, everyMs: number): Promise<number | null> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    sockets.push(socket);
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(
        `POST /v1/events HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\n` +
          `Authorization: Bearer ${token}\r\nContent-Length: 100000\r\n\r\n{`,
      );
      timer = setInterval(() => socket.write(' '), everyMs);
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      resolve(m ? Number(m[1]) : null);
    });
  });
}

function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('slow bodies cannot starve the agents', () => {
  it('cuts thousands of trickling bodies with 408, answers the excess 503 + Retry-After, and keeps serving an agent', async () => {
    const MAX = 1000;
    const SLOW = 1500;
    const dir = fixture.dir;
    const server = await fixture.start([
      '--port',
      '0',
      '--data',
      dir,
      '--workers',
      '0',
      '--max-connections',
      String(MAX),
      '--body-timeout-ms',
      '3000',
      '--headers-timeout-ms',
      '2000',
      '--request-timeout-ms',
      '6000',
    ]);
    const pid = server.child.pid!;
    const token = (await localTokenMinter(dir))('emp-1');
    const fdsAtStart = openFds(pid);

    const slow: Promise<number | null>[] = [];
    for (let i = 0; i < SLOW; i++) {
      slow.push(slowBody(server.url, token, 500));
      if (i % 100 === 99) await sleep(20); // let the listen backlog drain
    }

    // A legitimate agent keeps posting, a fresh connection each time, while the flood is on.
    const agent: Outcome[] = [];
    let peakFds = 0;
    const until = Date.now() + 6000;
    while (Date.now() < until) {
      agent.push(await postOnce(server.url, JSON.stringify(envelope([terminalEvent()], 'emp-1')), token));
      peakFds = Math.max(peakFds, openFds(pid));
      await sleep(100);
    }
    const slowStatuses = await Promise.all(slow);

    // Every agent request got an HTTP answer — none was reset or refused.
    expect(agent.filter((o) => o.error !== undefined)).toEqual([]);
    for (const o of agent) {
      expect([200, 503]).toContain(o.status);
      if (o.status === 503) expect(o.retryAfter).toBe('1');
    }
    // Once the slow bodies are cut, the agent is served.
    expect(agent.at(-1)?.status).toBe(200);
    // Slow bodies were answered 408 (within the limit) or 503 (past it), not left hanging.
    const count = (s: number | null) => slowStatuses.filter((x) => x === s).length;
    expect(count(408)).toBeGreaterThanOrEqual(MAX - 10);
    expect(count(408) + count(503)).toBe(SLOW);
    // Descriptors stay bounded by the limit, whatever the flood.
    expect(peakFds - fdsAtStart).toBeLessThan(MAX * 1.25 + 100);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { connections: { max: number } };
    expect(health.connections.max).toBe(MAX);
  });
});

describe('SIGTERM closes keep-alive connections and exits promptly', () => {
  it('answers the in-flight request with Connection: close, closes idle ones at once, exits in time', async () => {
    const dir = fixture.dir;
    const server = await fixture.start(['--port', '0', '--data', dir, '--workers', '0']);
    const token = (await localTokenMinter(dir))('emp-1');
    const body = () => JSON.stringify(envelope([terminalEvent()], 'emp-1'));

    // An idle keep-alive connection: one request, then nothing.
    const idleAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await postOnce(server.url, body(), token, idleAgent)).status).toBe(200);
    const [idleSocket] = Object.values(idleAgent.freeSockets).flat();
    const idleClosed = new Promise<number>((resolve) => idleSocket!.once('close', () => resolve(Date.now())));

    // A keep-alive client with requests behind it, and one in flight when SIGTERM comes.
    const busyAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 5; i++)
      expect((await postOnce(server.url, body(), token, busyAgent)).status).toBe(200);
    const u = new URL(`${server.url}/v1/events`);
    const inFlight = new Promise<Outcome>((resolve) => {
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          agent: busyAgent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      const text = body();
      req.write(text.slice(0, 10));
      setTimeout(() => req.end(text.slice(10)), 500);
    });
    await sleep(150); // the headers are in; the body is still on its way
    const sigtermAt = Date.now();
    server.child.kill('SIGTERM');

    expect(await inFlight).toEqual({ status: 200, connection: 'close' });
    expect(await server.exited).toBe(0);
    const exitedAt = Date.now();
    expect((await idleClosed) - sigtermAt).toBeLessThan(1000);
    expect(exitedAt - sigtermAt).toBeLessThan(5000); // the grace period is 10 s
    // Afterwards the port is gone: refused, not reset.
    expect((await postOnce(server.url, body(), token, busyAgent)).error).toBe('ECONNREFUSED');
    idleAgent.destroy();
    busyAgent.destroy();
  });
});
