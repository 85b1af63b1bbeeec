/**
 * The local stand-in for KMS GenerateMac: HMAC-SHA256 under the local key file's secret,
 * over the same label as the Lambda's provider, so the window logic is shared code.
 */
import { createHmac } from 'node:crypto';
import { WINDOW_KEY_LABEL_PREFIX } from '../lib/ingest/kms-window-key.ts';
import type { WindowKeyProvider } from '../lib/ingest/ports.ts';

export function createLocalWindowKeyProvider(secret: Uint8Array, maxCachedWindows = 4): WindowKeyProvider {
  const cache = new Map<string, Uint8Array>();
  return {
    async windowKey(window: string): Promise<Uint8Array> {
      let key = cache.get(window);
      if (!key) {
        key = new Uint8Array(
          createHmac('sha256', secret).update(`${WINDOW_KEY_LABEL_PREFIX}${window}`).digest(),
        );
        cache.set(window, key);
        while (cache.size > maxCachedWindows) cache.delete(cache.keys().next().value as string);
      }
      return key;
    },
  };
}
