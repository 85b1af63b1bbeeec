/** HTTP responses of the ingest core: JSON bodies, never a value from the request. */
import {
  type BatchResponse,
  DEFAULT_RETRY_AFTER_SECONDS,
  type ErrorCode,
  type ErrorResponse,
  type EventVerdict,
  type HttpResponse,
  STATUS,
  type UnavailableBatchResponse,
} from '../api/contract.ts';

const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { ...HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function errorResponse(
  statusCode: number,
  code: ErrorCode,
  message: string,
  requestId: string,
  field?: string,
): HttpResponse {
  const body: ErrorResponse = {
    error: { code, message, ...(field !== undefined && field !== '' ? { field } : {}) },
    request_id: requestId,
  };
  return json(
    statusCode,
    body,
    statusCode === STATUS.unavailable ? { 'retry-after': String(DEFAULT_RETRY_AFTER_SECONDS) } : {},
  );
}

/** 401 with the challenge RFC 6750 asks for: the local server takes bearer tokens. */
export function unauthenticatedResponse(requestId: string): HttpResponse {
  const body: ErrorResponse = {
    error: {
      code: 'unauthenticated',
      message: 'authorization: a valid bearer token is required (npm run agent -- token --employee-id ID)',
    },
    request_id: requestId,
  };
  return json(STATUS.unauthorized, body, { 'www-authenticate': 'Bearer realm="activity-ingest"' });
}

/**
 * Every event's verdict. 200 when all were accepted; 503 + Retry-After when none was accepted
 * and some are retryable (the body still carries every verdict); 207 otherwise.
 */
export function batchResponse(requestId: string, results: EventVerdict[]): HttpResponse {
  let accepted = 0;
  let rejected = 0;
  let retry = 0;
  for (const r of results) {
    if (r.status === 'accepted') accepted++;
    else if (r.status === 'rejected') rejected++;
    else retry++;
  }
  const body: BatchResponse = { request_id: requestId, accepted, rejected, retry, results };
  if (accepted === results.length) return json(STATUS.allAccepted, body);
  if (accepted === 0 && retry > 0) {
    const unavailable: UnavailableBatchResponse = {
      error: { code: 'unavailable', message: 'no event could be stored; send them again later' },
      ...body,
    };
    return json(STATUS.unavailable, unavailable, { 'retry-after': String(DEFAULT_RETRY_AFTER_SECONDS) });
  }
  return json(STATUS.mixed, body);
}
