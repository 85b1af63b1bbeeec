/** The local pseudonym key: generated once, private to the user, the same derivation as KMS. */
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WINDOW_KEY_LABEL_PREFIX } from '../../lib/ingest/kms-window-key.ts';
import { KEY_BYTES, loadOrCreateKeyFile } from '../../local/key-file.ts';
import { createLocalWindowKeyProvider } from '../../local/local-window-key.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the local key file', () => {
  it('is 32 random bytes with mode 0600, created once and then reused', async () => {
    const path = join(dir, 'data', 'pseudonym.key');
    const [a, b] = await Promise.all([loadOrCreateKeyFile(path), loadOrCreateKeyFile(path)]);
    expect(a).toHaveLength(KEY_BYTES);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await loadOrCreateKeyFile(path)).equals(await readFile(path))).toBe(true);
  });

  it('derives window keys as HMAC-SHA256 over the same label the Lambda sends to KMS', async () => {
    const secret = await loadOrCreateKeyFile(join(dir, 'pseudonym.key'));
    const keys = createLocalWindowKeyProvider(secret);
    const expected = createHmac('sha256', secret).update(`${WINDOW_KEY_LABEL_PREFIX}2026-11-27`).digest();
    expect(Buffer.from(await keys.windowKey('2026-11-27')).equals(expected)).toBe(true);
    expect(Buffer.from(await keys.windowKey('2026-11-28')).equals(expected)).toBe(false);
  });
});
