import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { KeyUnavailableError, type WindowKeyProvider } from './ports.ts';

/** Fixed label the window key is derived from; changing it changes every pseudonym. */
export const WINDOW_KEY_LABEL_PREFIX = 'activity-ingest/pseudonym/v1|';

export interface KmsWindowKeyProps {
  /** A client created once per container. */
  readonly client: Pick<KMSClient, 'send'>;
  /** ARN, id or alias of the HMAC_256 key whose use is denied to everyone but this function. */
  readonly keyId: string;
  /** How many windows to keep in memory; only the current one (and around midnight, the last) is useful. @default 4 */
  readonly maxCachedWindows?: number;
  /** Called once per KMS call, e.g. to count them. */
  readonly onDerive?: (outcome: 'ok' | 'failed') => void;
}

/**
 * The window key is KMS `GenerateMac(HMAC_SHA_256)` over a fixed label plus the window, derived once
 * per window per container: the key never leaves KMS, and KMS is billed per window instead of per
 * event. Concurrent requests share one in-flight call; failures are not cached, so the next request
 * tries again.
 */
export function createKmsWindowKeyProvider(props: KmsWindowKeyProps): WindowKeyProvider {
  const maxCached = props.maxCachedWindows ?? 4;
  const cache = new Map<string, Promise<Uint8Array>>();

  const derive = async (window: string): Promise<Uint8Array> => {
    try {
      const out = await props.client.send(
        new GenerateMacCommand({
          KeyId: props.keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: new TextEncoder().encode(`${WINDOW_KEY_LABEL_PREFIX}${window}`),
        }),
      );
      if (!out.Mac || out.Mac.byteLength < 32) throw new Error('GenerateMac returned no MAC');
      props.onDerive?.('ok');
      return out.Mac;
    } catch (err) {
      props.onDerive?.('failed');
      // Only the error's class name: the message of an SDK error may quote ARNs or request ids.
      throw new KeyUnavailableError(`pseudonym key: GenerateMac failed (${(err as Error)?.name ?? 'Error'})`);
    }
  };

  return {
    windowKey(window: string): Promise<Uint8Array> {
      const cached = cache.get(window);
      if (cached) return cached;
      const pending = derive(window);
      cache.set(window, pending);
      pending.catch(() => {
        if (cache.get(window) === pending) cache.delete(window);
      });
      // Map iteration order is insertion order: the oldest window goes first.
      while (cache.size > maxCached) cache.delete(cache.keys().next().value as string);
      return pending;
    },
  };
}
