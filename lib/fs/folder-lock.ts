/**
 * An exclusive lock on a folder, without native code: `<folder>/<name>/` is a directory that
 * holds exactly one owner file, `<pid>-<random>.json`, naming the holding process (pid, start
 * time, boot, host).
 *
 * - Taking it: the owner file is written and fsynced in a private directory, which is then
 *   renamed onto `<name>`. rename(2) replaces an *empty* directory atomically and fails on a
 *   non-empty one, so of any number of racing starters exactly one wins.
 * - A stale lock (its holder died, or its pid now belongs to another process) is broken by
 *   unlinking that holder's owner file by its unique name — which fails harmlessly if someone
 *   else broke it first — leaving an empty directory for the next rename to replace.
 * - Releasing unlinks the owner file, then removes the directory.
 */
import { randomBytes } from 'node:crypto';
import { rmdirSync, unlinkSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDirDurable, fsyncDir, writeFileSynced } from './durable-fs.ts';
import { currentProcessIdentity, livenessOf, type ProcessIdentity, pidExists } from './process-identity.ts';

export interface LockOwner extends ProcessIdentity {
  /** When the holder took the lock (ISO 8601). */
  readonly since: string;
}

/** The folder is held by a live process (or by one on another host, which cannot be checked). */
export class FolderLockedError extends Error {
  override readonly name = 'FolderLockedError';
  constructor(
    readonly folder: string,
    /** Null when the lock's owner file cannot be read. */
    readonly holder: LockOwner | null,
    readonly lockPath: string,
  ) {
    super(
      holder
        ? `${folder} is in use by process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''} (since ${holder.since})`
        : `${folder} is locked by ${lockPath}, whose owner cannot be read`,
    );
  }
}

export interface FolderLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Releases the lock; idempotent. */
  release(): Promise<void>;
}

const OWNER_FILE = /^(\d+)-[0-9a-f]{8}\.json$/;
/** Waits between attempts while another starter is mid-way through breaking a stale lock. */
const RETRY_MS = 20;
const ATTEMPTS = 200;

/** Takes `<folder>/<name>` (creating the folder if needed) or throws FolderLockedError. */
export async function lockFolder(folder: string, name: string): Promise<FolderLock> {
  await ensureDirDurable(folder);
  const lockPath = join(folder, name);
  const owner: LockOwner = { ...currentProcessIdentity(), since: new Date().toISOString() };
  const ownerFile = `${owner.pid}-${randomBytes(4).toString('hex')}.json`;
  await removeAbandonedPrivateDirs(folder, name);
  const staging = join(folder, `.${name}.${ownerFile.replace(/\.json$/, '')}`);
  await mkdir(staging, { mode: 0o700 });
  try {
    await writeOwner(join(staging, ownerFile), owner);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await rename(staging, lockPath);
        await fsyncDir(folder);
        return heldLock(lockPath, join(lockPath, ownerFile), owner);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Windows will not rename a directory onto an existing one, empty or not (EPERM): an
        // empty lock directory is removed there first, and the next attempt's rename takes it.
        const windowsTaken = code === 'EPERM' && process.platform === 'win32';
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && !windowsTaken) throw err;
        if (windowsTaken && ((await readdir(lockPath).catch(() => null))?.length ?? 1) === 0) {
          await rmdir(lockPath).catch(() => {});
          continue;
        }
      }
      if (!(await breakIfStale(folder, lockPath))) await sleep(RETRY_MS);
    }
    throw new FolderLockedError(folder, await readHolder(lockPath), lockPath);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Breaks the lock if its holder is gone; throws FolderLockedError if it is alive. False
 * when there is nothing to decide yet (another starter is breaking or taking it).
 */
async function breakIfStale(folder: string, lockPath: string): Promise<boolean> {
  const entries = await readdir(lockPath).catch(() => null);
  if (entries === null) return true; // gone: the next rename takes it
  const ownerFile = entries.find((e) => OWNER_FILE.test(e));
  if (ownerFile === undefined) {
    // Empty: a breaker is between its unlink and its rename (or died there). Anything else is not ours.
    if (entries.length > 0) throw new FolderLockedError(folder, null, lockPath);
    return true;
  }
  const holder = await readOwner(join(lockPath, ownerFile));
  if (holder === 'gone') return false;
  if (holder === null) throw new FolderLockedError(folder, null, lockPath);
  if (livenessOf(holder) !== 'dead') throw new FolderLockedError(folder, holder, lockPath);
  // Unlink by the dead holder's unique name: if another starter already broke it and took
  // the lock, that name no longer exists and this fails instead of removing a live lock.
  await unlink(join(lockPath, ownerFile)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  return true;
}

async function readHolder(lockPath: string): Promise<LockOwner | null> {
  const entries = await readdir(lockPath).catch(() => [] as string[]);
  const ownerFile = entries.find((e) => OWNER_FILE.test(e));
  if (!ownerFile) return null;
  const owner = await readOwner(join(lockPath, ownerFile));
  return owner === 'gone' ? null : owner;
}

/** The owner file's record; 'gone' if it vanished meanwhile; null if it is not a record. */
async function readOwner(path: string): Promise<LockOwner | 'gone' | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || !Number.isInteger(o.pid) || o.pid <= 0) return null;
    return {
      pid: o.pid,
      start: typeof o.start === 'string' ? o.start : null,
      boot: typeof o.boot === 'string' ? o.boot : null,
      host: typeof o.host === 'string' ? o.host : '',
      since: typeof o.since === 'string' ? o.since : 'unknown',
    };
  } catch {
    return null;
  }
}

async function writeOwner(path: string, owner: LockOwner): Promise<void> {
  await writeFileSynced(path, `${JSON.stringify(owner)}\n`, 'wx');
}

/** Staging directories of starters that died before renaming theirs into place. */
async function removeAbandonedPrivateDirs(folder: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  for (const entry of await readdir(folder)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !pidExists(pid)) {
      await rm(join(folder, entry), { recursive: true, force: true });
    }
  }
}

function heldLock(lockPath: string, ownerPath: string, owner: LockOwner): FolderLock {
  let released = false;
  // A process that exits without release() (an uncaught error, process.exit) still lets go;
  // after a crash the lock is stale and the next starter breaks it.
  const onExit = () => releaseSync();
  const releaseSync = () => {
    if (released) return;
    released = true;
    process.off('exit', onExit);
    try {
      unlinkSync(ownerPath);
      rmdirSync(lockPath);
    } catch {
      // already gone, or taken over: not ours to remove
    }
  };
  process.on('exit', onExit);
  return {
    path: lockPath,
    owner,
    release: async () => {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      await unlink(ownerPath).catch(() => {});
      // ENOTEMPTY: a starter already renamed its own lock onto the empty directory.
      await rmdir(lockPath).catch(() => {});
      await fsyncDir(join(lockPath, '..')).catch(() => {});
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
