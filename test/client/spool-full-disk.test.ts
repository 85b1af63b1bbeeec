/**
 * A full disk never loses an event whose spooling was acknowledged: every write is checked to
 * the last byte, and a group the disk took only part of is cut back before anything else is
 * appended. Proven on a real, tiny tmpfs (when this machine lets the test mount one) and with an
 * injected short write (always).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Spool, type SpooledEvent } from '../../lib/client/spool.ts';

const event = (): SpooledEvent => {
  const id = randomUUID();
  return { id, json: JSON.stringify({ event_id: id, type: 'test_run', padding: 'x'.repeat(700) }) };
};

/** Adds events one group at a time until the disk refuses; returns the ids whose add resolved. */
async function fillUntilRefused(
  spool: Spool,
  groups: number,
): Promise<{ resolved: string[]; refused: number }> {
  const resolved: string[] = [];
  let refused = 0;
  for (let g = 0; g < groups; g++) {
    const batch = [event(), event(), event()];
    try {
      await spool.add(batch);
      resolved.push(...batch.map((e) => e.id));
    } catch {
      refused++;
    }
  }
  return { resolved, refused };
}

function tryMountTmpfs(dir: string, bytes: number): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('agent spool on a full disk', () => {
  it('on a real full file system: every resolved add survives a reopen, none is glued to a torn line', async (ctx) => {
    const mountPoint = await mkdtemp(join(tmpdir(), 'activity-spool-tmpfs-'));
    cleanups.push(() => rmdir(mountPoint).catch(() => {}));
    if (!tryMountTmpfs(mountPoint, 128 * 1024)) {
      ctx.skip(); // not root or no tmpfs here; the injected-fault test below still runs
      return;
    }
    cleanups.push(async () => {
      execFileSync('umount', [mountPoint]);
    });
    // Something else on the disk holds most of it; freeing it later gives the space back.
    const filler = join(mountPoint, 'filler');
    await writeFile(filler, Buffer.alloc(72 * 1024));
    const dir = join(mountPoint, 'spool');
    await mkdir(dir);
    const { spool } = await Spool.open({ dir, employeeId: 'E1' });
    const { resolved, refused } = await fillUntilRefused(spool, 40);
    expect(refused).toBeGreaterThan(0); // the disk did fill up, mid-group at least once
    expect(resolved.length).toBeGreaterThan(0);

    await rm(filler);
    const after = [event(), event(), event()];
    await spool.add(after);
    await spool.close();

    const reopened = await Spool.open({ dir, employeeId: 'E1' });
    await reopened.spool.close();
    expect(reopened.replayed.map((e) => e.id)).toEqual([...resolved, ...after.map((e) => e.id)]);
  });

  it('with an injected short write then ENOSPC: the partial group is cut back and later adds survive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'activity-spool-fault-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const { spool } = await Spool.open({ dir, employeeId: 'E1' });
    const before = [event(), event()];
    await spool.add(before);

    // The next write takes half the bytes, the one after fails: what a filling disk does.
    const probe = await open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as {
      write: (...a: unknown[]) => Promise<{ bytesWritten: number }>;
    };
    await probe.close();
    const realWrite = proto.write;
    let faults = 2;
    proto.write = async function (this: unknown, ...args: unknown[]) {
      if (faults === 2 && Buffer.isBuffer(args[0])) {
        faults--;
        const [buf, offset, length] = args as [Buffer, number, number];
        return realWrite.call(this, buf, offset, Math.floor(length / 2));
      }
      if (faults === 1 && Buffer.isBuffer(args[0])) {
        faults--;
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      }
      return realWrite.apply(this, args);
    };
    let lost: SpooledEvent[];
    try {
      lost = [event(), event()];
      await expect(spool.add(lost)).rejects.toThrow(/ENOSPC/);
    } finally {
      proto.write = realWrite;
    }
    const after = [event(), event()];
    await spool.add(after); // the disk has room again
    await spool.close();

    const { spool: reopened, replayed } = await Spool.open({ dir, employeeId: 'E1' });
    await reopened.close();
    expect(replayed.map((e) => e.id)).toEqual([...before, ...after].map((e) => e.id));
  });
});
