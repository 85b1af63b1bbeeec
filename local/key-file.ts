/**
 * The local pseudonym key: 32 random bytes in `<data>/pseudonym.key`, mode 0600.
 * LOCAL ONLY — it stands in for the KMS HMAC key of the AWS deployment, where no
 * person can read the key. Anyone who can read this file can compute pseudonyms.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureDirDurable, fsyncDir, writeFileSynced } from '../lib/fs/durable-fs.ts';

export const KEY_BYTES = 32;

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

/** Reads the key file, creating it on first use. Two processes racing to create it agree on one key. */
export async function loadOrCreateKeyFile(path: string): Promise<Uint8Array> {
  try {
    return await readKey(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await ensureDirDurable(dirname(path));
  // Write a complete key under a private name, then link it into place: link() fails
  // if the key exists, so a racing process never sees a half-written key or replaces one.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFileSynced(tmp, randomBytes(KEY_BYTES), 'wx');
  try {
    await link(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(tmp);
  }
  await fsyncDir(dirname(path));
  return readKey(path);
}

/** Reads an existing key file (tools that must not create one, e.g. token minting). */
export async function readKeyFile(path: string): Promise<Uint8Array> {
  return readKey(path);
}

async function readKey(path: string): Promise<Uint8Array> {
  const info = await stat(path);
  // Tighten a key file someone loosened; refuse nothing, since the data is local anyway.
  if ((info.mode & 0o077) !== 0) await chmod(path, 0o600);
  const key = await readFile(path);
  if (key.length !== KEY_BYTES) {
    throw new KeyFileError(`pseudonym key file must hold exactly ${KEY_BYTES} bytes: ${path}`);
  }
  return new Uint8Array(key);
}
