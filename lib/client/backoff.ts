/** Retry timing: exponential backoff with full jitter, and the server's Retry-After. */

export interface RetryOptions {
  /** First backoff ceiling in ms; the n-th retry waits up to baseMs·2ⁿ. @default 500 */
  readonly baseMs?: number;
  /** Largest backoff (and largest Retry-After honoured) in ms. @default 60_000 */
  readonly maxMs?: number;
  /**
   * Consecutive failed attempts after which `flush()` gives up and rejects; the events stay
   * queued (and spooled) and are retried on the next flush. @default Infinity
   */
  readonly maxAttempts?: number;
}

export const DEFAULT_RETRY = { baseMs: 500, maxMs: 60_000, maxAttempts: Number.POSITIVE_INFINITY } as const;

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(max, base·2^attempt)]. */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
