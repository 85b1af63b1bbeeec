/** One POST of one envelope, classified into what the client must do next. */
import type { BatchResponse, ErrorResponse } from '../api/contract.ts';
import { parseRetryAfter } from './backoff.ts';
import type { Signer } from './signer.ts';

export type FetchLike = (url: URL, init: RequestInit) => Promise<Response>;

export type SendOutcome =
  /** 200/207: one verdict per event (missing ones are treated as `retry`). */
  | { kind: 'verdicts'; status: number; response: BatchResponse }
  /** 413: the body is too large; split and resend. */
  | { kind: 'too_large'; status: number }
  /** 400/415 and other 4xx the request cannot recover from by being resent as is. */
  | { kind: 'bad_request'; status: number; code: string; message: string }
  /** 429, 5xx, 401/403/404/408, network error or timeout: resend later. */
  | { kind: 'retry'; status?: number; reason: string; retryAfterMs?: number };

export interface SendConfig {
  readonly url: URL;
  readonly signer: Signer | undefined;
  /** Local mode: `Authorization: Bearer <token>` (never together with a signer). */
  readonly bearerToken?: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
}

// 401/403 may be expired credentials that the provider chain refreshes; 404 a deployment in progress.
const RETRYABLE_4XX = new Set([401, 403, 404, 408, 425, 429]);

export async function sendEnvelope(
  config: SendConfig,
  body: string,
  abort: AbortSignal,
): Promise<SendOutcome> {
  let headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.bearerToken !== undefined) headers.authorization = `Bearer ${config.bearerToken}`;
  try {
    if (config.signer) {
      headers = await config.signer({ method: 'POST', url: config.url, headers, body });
      // fetch sets Host itself from the URL (the same value that was signed).
      delete headers.host;
    }
  } catch {
    // Credentials could not be resolved (e.g. expired SSO session): keep the events, try later.
    return { kind: 'retry', reason: 'credentials' };
  }
  let res: Response;
  let text: string;
  // A timer of our own, not AbortSignal.timeout: Node holds that signal only weakly, and inside
  // AbortSignal.any nothing else holds it, so a garbage collection during the wait drops it and a
  // hung request is never timed out. The timer's closure keeps this controller alive until it fires.
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException('the request timed out', 'TimeoutError')),
    config.timeoutMs,
  );
  try {
    const signal = AbortSignal.any([abort, timeout.signal]);
    res = await config.fetch(config.url, { method: 'POST', headers, body, signal });
    text = await res.text();
  } catch (err) {
    const name = (err as { name?: string }).name;
    return {
      kind: 'retry',
      reason: name === 'TimeoutError' ? 'timeout' : name === 'AbortError' ? 'aborted' : networkReason(err),
    };
  } finally {
    clearTimeout(timer);
  }
  const status = res.status;
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
  if (status === 200 || status === 207) {
    try {
      const response = JSON.parse(text) as BatchResponse;
      if (!Array.isArray(response.results)) throw new Error('no results');
      return { kind: 'verdicts', status, response };
    } catch {
      return { kind: 'retry', status, reason: 'bad_response' };
    }
  }
  if (status >= 200 && status < 300) return { kind: 'retry', status, reason: 'bad_response' };
  if (status === 413) return { kind: 'too_large', status };
  if (status >= 500 || RETRYABLE_4XX.has(status)) {
    // 401/403 say why (unauthenticated, forbidden_caller, identity_mismatch): worth reporting.
    const code = status === 401 || status === 403 ? errorOf(text)?.code : undefined;
    return {
      kind: 'retry',
      status,
      reason: code ?? `http_${status}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  const e = errorOf(text);
  return {
    kind: 'bad_request',
    status,
    code: e?.code ?? `http_${status}`,
    message: e?.message ?? `HTTP ${status}`,
  };
}

/** The contract's error code and message of a response body, when it has them. */
function errorOf(text: string): { code?: string; message?: string } | undefined {
  try {
    const e = (JSON.parse(text) as ErrorResponse).error;
    return {
      ...(typeof e?.code === 'string' ? { code: e.code } : {}),
      ...(typeof e?.message === 'string' ? { message: e.message } : {}),
    };
  } catch {
    return undefined; // not a contract error body
  }
}

/** Why a connection failed, from the system error fetch wraps (codes only: they carry no content). */
function networkReason(err: unknown): string {
  const code = (err as { cause?: { code?: unknown } })?.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection_refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns_lookup_failed';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection_reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host_unreachable';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return 'tls_certificate';
    default:
      return 'network';
  }
}
