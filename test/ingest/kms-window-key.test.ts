import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKmsWindowKeyProvider, WINDOW_KEY_LABEL_PREFIX } from '../../lib/ingest/kms-window-key.ts';
import { KeyUnavailableError } from '../../lib/ingest/ports.ts';

const kms = mockClient(KMSClient);
const client = new KMSClient({ region: 'eu-west-1' });
const KEY = 'alias/activity-ingest-pseudonym';
const mac = (fill: number) => new Uint8Array(32).fill(fill);

beforeEach(() => kms.reset());

describe('the window key comes from KMS once per window per container', () => {
  it('calls GenerateMac(HMAC_SHA_256) over the fixed label plus the window', async () => {
    kms.on(GenerateMacCommand).resolves({ Mac: mac(1) });
    const keys = createKmsWindowKeyProvider({ client, keyId: KEY });
    expect(await keys.windowKey('2026-11-27')).toEqual(mac(1));
    const input = kms.commandCalls(GenerateMacCommand)[0]!.args[0].input;
    expect(input.KeyId).toBe(KEY);
    expect(input.MacAlgorithm).toBe('HMAC_SHA_256');
    expect(new TextDecoder().decode(input.Message)).toBe(`${WINDOW_KEY_LABEL_PREFIX}2026-11-27`);
    expect(new TextDecoder().decode(input.Message)).toBe('activity-ingest/pseudonym/v1|2026-11-27');
  });

  it('makes one call for many requests in the same window, including concurrent ones', async () => {
    kms.on(GenerateMacCommand).resolves({ Mac: mac(2) });
    const keys = createKmsWindowKeyProvider({ client, keyId: KEY });
    await Promise.all(Array.from({ length: 50 }, () => keys.windowKey('2026-11-27')));
    for (let i = 0; i < 100; i++) await keys.windowKey('2026-11-27');
    expect(kms.commandCalls(GenerateMacCommand)).toHaveLength(1);
  });

  it('makes a new call for a new window, and the keys differ', async () => {
    kms.on(GenerateMacCommand).callsFake((input) => {
      const label = new TextDecoder().decode(input.Message);
      return { Mac: mac(label.endsWith('27') ? 3 : 4) };
    });
    const keys = createKmsWindowKeyProvider({ client, keyId: KEY });
    const a = await keys.windowKey('2026-11-27');
    const b = await keys.windowKey('2026-11-28');
    expect(kms.commandCalls(GenerateMacCommand)).toHaveLength(2);
    expect(a).not.toEqual(b);
  });

  it('turns a KMS failure into KeyUnavailableError, whose message names no key and no value', async () => {
    kms
      .on(GenerateMacCommand)
      .rejects(
        Object.assign(new Error(`AccessDenied for ${KEY} request 1234`), { name: 'AccessDeniedException' }),
      );
    const keys = createKmsWindowKeyProvider({ client, keyId: KEY });
    const err = await keys.windowKey('2026-11-27').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyUnavailableError);
    expect((err as Error).message).not.toContain(KEY);
    expect((err as Error).message).toContain('AccessDeniedException');
  });

  it('does not cache a failure: the next request tries again', async () => {
    kms
      .on(GenerateMacCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ Mac: mac(5) });
    const keys = createKmsWindowKeyProvider({ client, keyId: KEY });
    await expect(keys.windowKey('2026-11-27')).rejects.toBeInstanceOf(KeyUnavailableError);
    expect(await keys.windowKey('2026-11-27')).toEqual(mac(5));
    expect(kms.commandCalls(GenerateMacCommand)).toHaveLength(2);
  });

  it('rejects an empty or short MAC rather than using a weak key', async () => {
    kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array(4) });
    const keys = createKmsWindowKeyProvider({ client, keyId: KEY });
    await expect(keys.windowKey('2026-11-27')).rejects.toBeInstanceOf(KeyUnavailableError);
  });

  it('keeps only a few windows in memory', async () => {
    kms.on(GenerateMacCommand).resolves({ Mac: mac(6) });
    const keys = createKmsWindowKeyProvider({ client, keyId: KEY, maxCachedWindows: 2 });
    await keys.windowKey('w1');
    await keys.windowKey('w2');
    await keys.windowKey('w3');
    await keys.windowKey('w1'); // evicted: derived again
    expect(kms.commandCalls(GenerateMacCommand)).toHaveLength(4);
  });
});
