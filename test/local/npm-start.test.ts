/**
 * `npm start` is the server process: the process npm runs is the server itself (no shell or
 * tsx wrapper in between), so `kill -TERM` of that pid — or of npm's own pid, which npm passes
 * on — stops it gracefully: everything accepted is flushed to Parquet and nothing is left running.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { type ServerProcess, startServerProcess } from '../../local/server-process.ts';
import { acceptedIds, envelope, post, terminalEvent } from './events.ts';
import { storedEventIds } from './process-fixture.ts';

let dir: string;
let npm: ServerProcess | undefined;
let serverPid: number | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-npm-start-'));
});
afterEach(async () => {
  // Whatever a failed assertion left: the server first (killing npm alone would orphan it).
  if (serverPid !== undefined && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
  if (npm && npm.child.exitCode === null && npm.child.signalCode === null) npm.child.kill('SIGKILL');
  await npm?.exited;
  npm = serverPid = undefined;
  await rm(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of a process's children, from /proc (Linux). */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
  );
}

async function startWithNpm(): Promise<{ url: string; pid: number; accepted: string[] }> {
  npm = await startServerProcess(
    ['--port', '0', '--data', dir, '--workers', '0', '--flush-ms', '60000'],
    60_000,
    'npm',
  );
  const listening = npm.logLines().find((l) => l['msg'] === 'listening')!;
  serverPid = Number(listening['pid']);
  const token = (await localTokenMinter(dir))('emp-1');
  const { json } = await post(
    npm.url,
    envelope([terminalEvent(), terminalEvent(), terminalEvent()], 'emp-1'),
    token,
  );
  return { url: npm.url, pid: serverPid, accepted: acceptedIds(json) };
}

describe('npm start runs the server as its own child process', () => {
  it('the process npm starts is the server (it logs its own pid)', async () => {
    const { pid } = await startWithNpm();
    expect(childrenOf(npm!.child.pid!)).toEqual([pid]);
  });
});

describe('kill -TERM stops npm start gracefully, with nothing left running', () => {
  it('kill -TERM of the process npm runs: flushed to Parquet, npm exits 0, no orphan', async () => {
    const { pid, accepted } = await startWithNpm();
    const [child] = childrenOf(npm!.child.pid!);
    process.kill(child!, 'SIGTERM');
    expect(await npm!.exited).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(npm!.logLines().some((l) => l['msg'] === 'stopped')).toBe(true);
    expect(await storedEventIds(dir)).toEqual([...accepted].sort());
  });

  it("kill -TERM of npm's own pid: npm passes it on, the server flushes, both exit", async () => {
    const { pid, accepted } = await startWithNpm();
    npm!.child.kill('SIGTERM');
    expect(await npm!.exited).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(npm!.logLines().find((l) => l['msg'] === 'stopping: flushing to Parquet')?.['signal']).toBe(
      'SIGTERM',
    );
    expect(await storedEventIds(dir)).toEqual([...accepted].sort());
  });
});
