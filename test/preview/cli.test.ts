/** `activity-agent preview` as an employee runs it: a real process, its output, its exit codes. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spool } from '../../lib/client/spool.ts';
import { type Preview, previewEvents } from '../../lib/preview/preview-events.ts';
import { envelopeOf, IDENTITY, PLANTED, previewBatch } from './batch.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

function agent(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/activity-agent.ts', ...args],
      { cwd: REPO, timeout: 60_000, env: { ...process.env, ACTIVITY_EMPLOYEE_ID: '' } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const hintFlags = [
  '--employee-id',
  IDENTITY.employeeId,
  '--device-id',
  IDENTITY.deviceId,
  ...IDENTITY.identityHints.usernames.flatMap((u) => ['--hint-username', u]),
  ...IDENTITY.identityHints.emails.flatMap((e) => ['--hint-email', e]),
  ...IDENTITY.identityHints.names.flatMap((n) => ['--hint-name', n]),
];

let dir: string;
let eventsFile: string;
let events: unknown[];
let spoolDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-preview-cli-'));
  events = previewBatch(new Date());
  eventsFile = join(dir, 'events.jsonl');
  await writeFile(eventsFile, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  // A spool as the agent leaves it: five events queued, two of them since settled.
  spoolDir = join(dir, 'spool', IDENTITY.employeeId);
  const { spool } = await Spool.open({ dir: spoolDir, employeeId: IDENTITY.employeeId, fsync: false });
  const queued = events
    .slice(0, 5)
    .map((e) => ({ id: (e as { event_id: string }).event_id, json: JSON.stringify(e) }));
  await spool.add(queued);
  await spool.ack(queued.slice(0, 2).map((q) => q.id));
  await spool.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Json = {
  sent: boolean;
  batches: (Preview & { source: string; lines?: number[] })[];
  unreadable: unknown[];
};
const withoutReceipt = (p: Preview) =>
  p.events.map((e) =>
    e.verdict === 'stored' ? { ...e, row: { ...e.row, received_at: '', pseudonym_window: '' } } : e,
  );

describe('preview FILE shows what the SDK’s previewEvents shows, and sends nothing', () => {
  it('--format json: the same previews, event by event, with the file line of each', async () => {
    const r = await agent(['preview', eventsFile, ...hintFlags, '--format', 'json']);
    expect(r.code).toBe(1); // some events would be rejected
    const out = JSON.parse(r.stdout) as Json;
    expect(out.sent).toBe(false);
    const [batch] = out.batches;
    // The command knows no agent for bare event lines: os and agent_version are the sender's.
    const { employeeId, deviceId, identityHints } = IDENTITY;
    const expected = previewEvents(events, { employeeId, deviceId, identityHints });
    expect(withoutReceipt(batch as Preview)).toEqual(withoutReceipt(expected));
    expect(batch?.request).toEqual(expected.request);
    expect(batch?.totals).toEqual(expected.totals);
    expect(batch?.lines).toEqual(events.map((_, i) => i + 1));
  });

  it('the default table says nothing was sent, names dropped fields and shows placeholders, never a planted value', async () => {
    const r = await agent(['preview', eventsFile, ...hintFlags]);
    expect(r.stdout).toMatch(/^Nothing was sent\./);
    expect(r.stdout).toMatch(/title\s+dropped\s+never stored/);
    expect(r.stdout).toContain('<PASSWORD>');
    expect(r.stdout).toMatch(
      /#15 \(line 15\) event — rejected: unknown_event_type: type: is not a known event type/,
    );
    for (const value of Object.values(PLANTED).filter((v) => v !== PLANTED.sessionId)) {
      expect(r.stdout).not.toContain(value);
    }
    expect(r.stdout).toContain('people directory'); // says what a preview without the directory cannot show
  });

  it('previews envelope lines with their own identity, and lists lines it cannot use', async () => {
    const file = join(dir, 'mixed.jsonl');
    const other = { ...envelopeOf(events.slice(0, 2)), employee_id: 'E999999' };
    await writeFile(
      file,
      ['{oops', JSON.stringify(envelopeOf(events.slice(0, 2))), JSON.stringify(other)].join('\n'),
    );
    const r = await agent(['preview', file, '--employee-id', IDENTITY.employeeId]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('envelope on line 2: 2 events, 2 would be stored, 0 rejected');
    expect(r.stdout).toContain('agent_version');
    expect(r.stdout).toContain('line 1: not JSON');
    expect(r.stdout).toContain('line 3: the request would be refused (403 identity_mismatch)');
  });
});

describe('as the docs show it: npm run agent -- preview', () => {
  it('previews a spool and a file through npm', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(
          'npm',
          ['run', '--silent', 'agent', '--', 'preview', ...args],
          { cwd: REPO, timeout: 60_000 },
          (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout }),
        ),
      );
    const spool = await run(['--spool', spoolDir]);
    expect(spool.code).toBe(0);
    expect(spool.stdout).toContain(`spool ${spoolDir}: 3 events, 3 would be stored, 0 rejected`);
    const file = await run([eventsFile, ...hintFlags, '--format', 'json']);
    expect(file.code).toBe(1);
    expect((JSON.parse(file.stdout) as Json).batches[0]?.totals.stored).toBe(
      previewEvents(events, IDENTITY).totals.stored,
    );
  });
});

describe('preview --spool shows what is waiting, and leaves the spool as it was', () => {
  it('shows the unsettled events only, as the spool’s employee', async () => {
    const before = await snapshot(spoolDir);
    const r = await agent(['preview', '--spool', spoolDir, '--format', 'json']);
    expect(r.code).toBe(0);
    const [batch] = (JSON.parse(r.stdout) as Json).batches;
    expect(batch?.events.map((e) => e.event_id)).toEqual(
      events.slice(2, 5).map((e) => (e as { event_id: string }).event_id),
    );
    expect(batch?.events.every((e) => e.verdict === 'stored')).toBe(true);
    expect(await snapshot(spoolDir)).toEqual(before);
  });

  it('points at the per-employee folder when given the CLI’s --spool-dir root', async () => {
    const r = await agent(['preview', '--spool', join(dir, 'spool')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--spool ${join(dir, 'spool', '<employee id>')}`);
  });

  it('refuses a spool of another employee than --employee-id', async () => {
    const r = await agent(['preview', '--spool', spoolDir, '--employee-id', 'E000124']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds the events of another employee than --employee-id');
  });

  it('says so when nothing is waiting', async () => {
    const empty = join(dir, 'empty-spool');
    await mkdir(empty);
    const r = await agent(['preview', '--spool', empty, '--employee-id', 'E1']);
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('nothing is waiting to be sent')]);
  });
});

describe('preview explains a wrong call (exit 2, with the usage)', () => {
  it.each([
    [['preview'], 'preview takes one FILE.jsonl or --spool DIR'],
    [['preview', '<file>', '--spool', '<dir>'], 'preview takes one FILE.jsonl or --spool DIR'],
    [['preview', '<file>', '--employee-id', 'E1', '--format', 'xml'], '--format must be table or json'],
    [['preview', '<file>'], 'event lines need --employee-id'],
    [
      ['preview', '<file>', '--employee-id', 'E1', '--endpoint', 'http://127.0.0.1:8787'],
      'takes no --endpoint',
    ],
    [
      ['preview', '/nonexistent/events.jsonl', '--employee-id', 'E1'],
      'cannot read /nonexistent/events.jsonl (ENOENT)',
    ],
  ])('%j', async (args, message) => {
    const r = await agent(args.map((a) => (a === '<file>' ? eventsFile : a === '<dir>' ? dir : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('activity-agent preview (FILE.jsonl | --spool DIR)');
  });
});

async function snapshot(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(folder)).sort()) out[name] = await readFile(join(folder, name), 'utf8');
  return out;
}
