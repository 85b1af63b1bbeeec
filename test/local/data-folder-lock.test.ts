/**
 * One server per data folder: a second `npm start` on the same folder exits 2 naming the
 * folder and the holder's pid, before it touches anything in it; a lock left by a dead
 * process (or by a pid that now belongs to someone else) is taken over, and of several
 * starters racing for a stale lock exactly one wins. Real server processes throughout.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FolderLockedError, lockFolder } from '../../lib/fs/folder-lock.ts';
import { currentProcessIdentity, type ProcessIdentity } from '../../lib/fs/process-identity.ts';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { dataLayout, SERVER_LOCK_NAME } from '../../local/layout.ts';
import { runServerToExit, startServerProcess } from '../../local/server-process.ts';
import { acceptedIds, envelope, post, terminalEvent } from './events.ts';
import { processFixture, storedEventIds } from './process-fixture.ts';
import { storedRow } from './rows.ts';

const fixture = processFixture('lock');
let dir: string;
beforeEach(() => {
  dir = fixture.dir;
});

const serverArgs = () => ['--port', '0', '--data', dir, '--workers', '0', '--flush-ms', '60000'];
const start = () => fixture.start(serverArgs());

/** Plants a lock as if `owner` held the folder. */
async function plantLock(owner: ProcessIdentity): Promise<void> {
  const lock = join(dir, SERVER_LOCK_NAME);
  await mkdir(lock, { recursive: true });
  await writeFile(
    join(lock, `${owner.pid}-0000abcd.json`),
    JSON.stringify({ ...owner, since: '2026-11-30T08:00:00.000Z' }),
  );
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

function failure(lines: Record<string, unknown>[]): Record<string, unknown> {
  return lines.find((l) => l['msg'] === 'failed to start') ?? {};
}

describe('a second server on the same data folder exits 2 and touches nothing', () => {
  it('names the folder and the holding pid, and the first server loses no accepted event', async () => {
    const first = await start();
    const token = (await localTokenMinter(dir))('emp-1');
    const accepted = new Set<string>();
    const send = async () => {
      const { json } = await post(first.url, envelope([terminalEvent(), terminalEvent()], 'emp-1'), token);
      for (const id of acceptedIds(json)) accepted.add(id);
    };
    await send();
    const walBefore = await readdir(dataLayout(dir).wal);
    expect(walBefore).toHaveLength(1); // the first server's live segment

    const second = await runServerToExit(serverArgs());
    expect(second.exit).toBe(2);
    const line = failure(second.logLines);
    expect(line['holder_pid']).toBe(first.child.pid);
    expect(String(line['error'])).toContain(dir);
    expect(String(line['error'])).toContain(`pid ${first.child.pid}`);

    // The live segment was neither replayed nor deleted; the first server keeps going.
    expect(await readdir(dataLayout(dir).wal)).toEqual(walBefore);
    await send();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await storedEventIds(dir)).toEqual([...accepted].sort());
    // A clean stop releases the lock.
    expect(await readdir(dir)).not.toContain(SERVER_LOCK_NAME);
  });

  it('refuses before creating a key or replaying a segment', async () => {
    await plantLock(currentProcessIdentity()); // held by this (live) test process
    const layout = dataLayout(dir);
    await mkdir(layout.wal, { recursive: true });
    const segment = join(layout.wal, '01795763351071-0000-0000abcd.ndjson');
    const content = JSON.stringify(storedRow());
    await writeFile(segment, `${content}\n`);

    const second = await runServerToExit(serverArgs());
    expect(second.exit).toBe(2);
    expect(failure(second.logLines)['holder_pid']).toBe(process.pid);
    expect(await readFile(segment, 'utf8')).toBe(`${content}\n`);
    await expect(stat(layout.keyFile)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(layout.events)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('a lock does not outlive its holder', () => {
  it('takes over the lock of a process that died (kill -9), replaying its segments', async () => {
    const first = await start();
    const token = (await localTokenMinter(dir))('emp-1');
    const { json } = await post(first.url, envelope([terminalEvent()], 'emp-1'), token);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await readdir(dir)).toContain(SERVER_LOCK_NAME); // left behind by the crash

    const second = await start();
    expect(second.logLines().find((l) => l['msg'] === 'listening')?.['replayed_segments']).toBe(1);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await storedEventIds(dir)).toEqual(acceptedIds(json));
  });

  it('takes over a lock whose pid is gone', async () => {
    await plantLock({ ...currentProcessIdentity(), pid: deadPid() });
    const server = await start();
    expect(server.url).toMatch(/^http:/);
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse: another start time)', async () => {
    const me = currentProcessIdentity();
    expect(me.start).not.toBeNull(); // Linux: /proc gives start times
    await plantLock({ ...me, start: String(Number(me.start) - 1) });
    const server = await start();
    expect(server.url).toMatch(/^http:/);
  });

  it('lets exactly one of several racing starters take a stale lock; the others name the winner', async () => {
    await plantLock({ ...currentProcessIdentity(), pid: deadPid() });
    const starters = Array.from({ length: 3 }, () =>
      startServerProcess(serverArgs()).then(
        (p) => ({ started: fixture.track(p) }) as const,
        (err: Error) => ({ failed: err.message }) as const,
      ),
    );
    const outcomes = await Promise.all(starters);
    const winners = outcomes.flatMap((o) => ('started' in o ? [o.started] : []));
    const losers = outcomes.flatMap((o) => ('failed' in o ? [o.failed] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(2);
    for (const why of losers) expect(why).toContain(`"holder_pid":${winners[0]!.child.pid}`);
  });
});

describe('the lock module', () => {
  it('grants a stale lock to exactly one of many concurrent takers in one process', async () => {
    await plantLock({ ...currentProcessIdentity(), pid: deadPid() });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => lockFolder(dir, SERVER_LOCK_NAME)),
    );
    const held = results.filter((r) => r.status === 'fulfilled');
    expect(held).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(FolderLockedError);
    }
    await (held[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof lockFolder>>>).value.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses an unreadable lock instead of guessing, and says which path to remove', async () => {
    await mkdir(join(dir, SERVER_LOCK_NAME));
    await writeFile(join(dir, SERVER_LOCK_NAME, '123-0000abcd.json'), 'not json');
    await expect(lockFolder(dir, SERVER_LOCK_NAME)).rejects.toMatchObject({
      holder: null,
      lockPath: join(dir, SERVER_LOCK_NAME),
    });
  });
});
