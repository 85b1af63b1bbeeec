/**
 * Nothing is sent anywhere: the preview runs — in process and as the `activity-agent preview`
 * command — with every network entry point of Node stubbed to report and throw. The guard is
 * shown to catch real attempts first, so a silent pass means no attempt was made.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPreview } from '../../lib/client/cli/preview.ts';
import { Spool } from '../../lib/client/spool.ts';
import { previewEvents } from '../../lib/preview/preview-events.ts';
import { realisticBatch } from '../../lib/synthetic/index.ts';
import { envelopeOf, IDENTITY, previewBatch } from './batch.ts';
import { installNetworkGuard } from './network-guard.ts';
import { NETWORK_ATTEMPT_EXIT } from './network-guard-preload.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let eventsFile: string;
let spoolDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-preview-net-'));
  eventsFile = join(dir, 'events.jsonl');
  const events = previewBatch(new Date());
  await writeFile(
    eventsFile,
    `${events.map((e) => JSON.stringify(e)).join('\n')}\n${JSON.stringify(envelopeOf(events.slice(0, 3)))}\n`,
  );
  spoolDir = join(dir, 'spool');
  const { spool } = await Spool.open({ dir: spoolDir, employeeId: IDENTITY.employeeId, fsync: false });
  await spool.add(
    events.slice(0, 5).map((e) => ({ id: (e as { event_id: string }).event_id, json: JSON.stringify(e) })),
  );
  await spool.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const attempts: string[] = [];
let removeGuard: (() => void) | undefined;
const guard = () => {
  removeGuard = installNetworkGuard((what) => attempts.push(what));
};
afterEach(() => {
  removeGuard?.();
  removeGuard = undefined;
  attempts.length = 0;
});

describe('the network guard catches what it must (so its silence means something)', () => {
  it('reports fetch, a TCP connect, an HTTP request and a listen, even when the caller swallows the error', async () => {
    guard();
    try {
      await fetch('http://127.0.0.1:9/');
    } catch {}
    try {
      new net.Socket().connect(9, '127.0.0.1');
    } catch {}
    try {
      http.request('http://127.0.0.1:9/').end();
    } catch {}
    try {
      http.createServer().listen(0);
    } catch {}
    expect(attempts).toEqual(['fetch', 'net.Socket#connect', 'http.request', 'net.Server#listen']);
  });
});

describe('previewEvents opens no socket', () => {
  it('previews a realistic 500-event batch and the edge cases with the network blocked', () => {
    guard();
    const batch = realisticBatch(11);
    const p = previewEvents(batch.events, {
      employeeId: batch.employee_id ?? 'E1',
      agent: batch.agent,
      ...(batch.identity_hints ? { identityHints: batch.identity_hints } : {}),
    });
    const q = previewEvents(previewBatch(new Date()), IDENTITY);
    expect(p.totals.stored).toBeGreaterThan(400);
    expect(q.totals.stored).toBeGreaterThan(9);
    expect(attempts).toEqual([]);
  });

  it('runs the command’s code on a file and on a spool with the network blocked', async () => {
    guard();
    let out = '';
    const write = (s: string) => {
      out += s;
    };
    const identity = { employeeId: IDENTITY.employeeId };
    expect(await runPreview({ file: eventsFile, format: 'table', identity, env: {} }, write)).toBe(1);
    expect(await runPreview({ spool: spoolDir, format: 'json', identity: {}, env: {} }, write)).toBe(0);
    expect(out).toContain('would be stored');
    expect(attempts).toEqual([]);
  });
});

function agentWithGuard(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './test/preview/network-guard-preload.ts',
        'bin/activity-agent.ts',
        ...args,
      ],
      { cwd: REPO, timeout: 60_000, env: { ...process.env, ACTIVITY_EMPLOYEE_ID: '' } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('activity-agent preview opens no socket (a real process, every network entry point trapped)', () => {
  it('the trap stops `send` at its first connection attempt', async () => {
    const r = await agentWithGuard([
      'send',
      eventsFile,
      '--endpoint',
      'http://127.0.0.1:9',
      '--employee-id',
      IDENTITY.employeeId,
      '--token',
      'v1.x.y',
      '--max-attempts',
      '1',
      '--quiet',
    ]);
    expect(r.code).toBe(NETWORK_ATTEMPT_EXIT);
    expect(r.stderr).toMatch(/NETWORK ATTEMPT: /);
  });

  it.each([
    [['preview', '<file>', '--employee-id', IDENTITY.employeeId], 1],
    [['preview', '--spool', '<spool>', '--format', 'json'], 0],
  ])('%j prints its preview and exits %i without one', async (args, code) => {
    const r = await agentWithGuard(
      args.map((a) => (a === '<file>' ? eventsFile : a === '<spool>' ? spoolDir : a)),
    );
    expect(r.stderr).not.toMatch(/NETWORK ATTEMPT/);
    expect(r.code).toBe(code);
    expect(r.stdout.length).toBeGreaterThan(500);
  });
});
