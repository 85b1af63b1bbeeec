/**
 * The few filesystem moves that durability rests on. A rename or a new file only
 * survives a power cut once its directory has been fsynced, so each helper ends with that.
 */
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * fsync a directory so that entries created, renamed or removed in it are durable. Windows has
 * no directory fsync (its metadata is journalled by NTFS): a no-op there.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Write a whole file, private to this user, and fsync it before returning. `wx` refuses to
 * replace an existing file. The caller makes its directory entry durable (fsyncDir, a rename).
 */
export async function writeFileSynced(
  path: string,
  data: string | Uint8Array,
  flag: 'w' | 'wx' = 'w',
): Promise<void> {
  const fh = await open(path, flag, 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync a file written by someone else (e.g. DuckDB) before it is published. */
export async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** mkdir -p, fsyncing the parent of every folder it had to create. */
export async function ensureDirDurable(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  // `first` is the top-most folder created; fsync each parent from there down.
  let d = dir;
  const created: string[] = [];
  while (d.length >= first.length) {
    created.push(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const c of created.reverse()) await fsyncDir(dirname(c));
}

/** Atomically move a file into place and make the move durable. */
export async function renameDurable(from: string, to: string): Promise<void> {
  await rename(from, to);
  await fsyncDir(dirname(to));
  if (dirname(from) !== dirname(to)) await fsyncDir(dirname(from));
}

/** Remove a file (missing is fine) and make the removal durable. */
export async function unlinkDurable(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return;
  }
  await fsyncDir(dirname(path));
}
