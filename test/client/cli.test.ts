/** `activity-agent` as a user runs it: a real process, real exit codes, messages on stderr. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../local/local-server.ts';
import { events } from './helpers.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

function agent(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/activity-agent.ts', ...args],
      { cwd: REPO, env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

let dir: string;
let server: LocalServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-cli-'));
  server = await startLocalServer({ dataDir: join(dir, 'data'), port: 0 });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('activity-agent explains itself', () => {
  it('--help prints the usage with examples of the deployed stage, exit 0', async () => {
    const r = await agent(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('activity-agent token --employee-id ID');
    expect(r.stdout).toContain('.amazonaws.com/prod');
  });

  it.each([
    [['send', 'x.jsonl', '--endpoint', 'http://127.0.0.1:8787', '--bogus'], /--bogus/],
    [['simulate', '--employees', '2', '--days', '1', '--endpoint', 'not a url'], /--endpoint: not a URL/],
    [['simulate', '--employees', '2', '--days', '1', '--endpoint', 'ftp://h/'], /--endpoint: must be http/],
    [['simulate', '--days', '1', '--endpoint', 'http://127.0.0.1:8787'], /--employees is required/],
    [
      ['send', join('/nonexistent', 'events.jsonl'), '--endpoint', 'http://127.0.0.1:8787'],
      /cannot read .*ENOENT/,
    ],
    [
      ['token', '--employee-id', 'E1', '--data', join('/nonexistent', 'data')],
      /no local key at .*nonexistent/,
    ],
    [['launch'], /unknown command: launch/],
  ])('usage error %j → exit 2, the flag or file named, and the usage', async (args, message) => {
    const r = await agent(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage:');
  });

  it('says once that the connection was refused, with the host, then exit 3', async () => {
    const port = await closedPort();
    const r = await agent([
      'simulate',
      '--employees',
      '1',
      '--days',
      '1',
      '--endpoint',
      `http://127.0.0.1:${port}`,
      '--token',
      't',
      '--max-attempts',
      '3',
      '--quiet',
    ]);
    expect(r.code).toBe(3);
    const said = r.stderr.split('\n').filter((l) => l.includes('connection refused'));
    expect(said).toEqual([
      `activity-agent: 127.0.0.1:${port}: connection refused (is the server running, on this port?); retrying with backoff`,
    ]);
  });

  it('lists invalid lines with their reason (never their content) and sends the rest, exit 1', async () => {
    const [good] = events(1);
    const file = join(dir, 'events.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify(good),
        '{"secret": "hunter2-not-json',
        JSON.stringify({ ...good, event_id: crypto.randomUUID(), type: 'screen_capture' }),
        JSON.stringify({ ...good, event_id: 'not-a-uuid' }),
      ].join('\n'),
    );
    const r = await agent([
      'send',
      file,
      '--endpoint',
      server.url,
      '--employee-id',
      'E000123',
      '--data',
      join(dir, 'data'),
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^accepted 1,/);
    expect(r.stderr).toContain('3 invalid lines (not sent):');
    expect(r.stderr).toContain('line 2: not JSON');
    expect(r.stderr).toContain('line 3: type is not a known event type');
    expect(r.stderr).toMatch(/line 4: .*event_id/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('token prints a token the local server accepts for that employee', async () => {
    const t = await agent(['token', '--employee-id', 'E000777', '--data', join(dir, 'data')]);
    expect(t.code).toBe(0);
    const token = t.stdout.trim();
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ agent: { name: 'a', version: '1', os: 'linux' }, events: events(2) }),
    });
    expect(res.status).toBe(200);
  });
});
