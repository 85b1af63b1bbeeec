/**
 * The HTTP contract of `POST /v1/events`, shared by the Lambda adapter, the local
 * server and the agent client. Messages here name fields and rules, never values.
 */

export const EVENTS_ROUTE = '/v1/events';
/** API Gateway stage: the deployed URL is https://<api>.execute-api.<region>.amazonaws.com/prod/v1/events. */
export const API_STAGE = 'prod';

/** Per-event verdict. `retry`: not stored, safe to send again with the same event_id. */
export type VerdictStatus = 'accepted' | 'rejected' | 'retry';

export type RejectionCode =
  | 'invalid_event' // not an object, or fails its type's JSON Schema
  | 'unknown_event_type'
  | 'duplicate_in_batch' // the same event_id twice in one request
  | 'policy_violation'; // passes the schema but the content policy cannot make a safe row of it

export interface EventVerdict {
  /** Position of the event in the request's `events` array. */
  readonly index: number;
  /** The event's `event_id` when it was a well-formed UUID, else null. */
  readonly event_id: string | null;
  readonly status: VerdictStatus;
  /** Set for `rejected` and `retry`. */
  readonly code?: RejectionCode | 'delivery_failed' | 'unavailable';
  /** Which field and which rule; never the field's value. */
  readonly message?: string;
}

/** Body of 200 (all accepted) and 207 (mixed verdicts). */
export interface BatchResponse {
  readonly request_id: string;
  readonly accepted: number;
  readonly rejected: number;
  readonly retry: number;
  readonly results: EventVerdict[];
}

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_envelope'
  | 'payload_too_large'
  /** Local mode: the body did not arrive in time (a stalled or trickling client). */
  | 'request_timeout'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'not_found'
  | 'forbidden'
  /** No valid credentials (local mode: a missing or invalid bearer token). */
  | 'unauthenticated'
  /** Signed, but not by an agent of this deployment (another role, an IAM user, no identity). */
  | 'forbidden_caller'
  /** The body names another employee than the credentials do. */
  | 'identity_mismatch'
  | 'internal_error';

/** Body of every 4xx/5xx: what is wrong and where, never the offending value. */
export interface ErrorResponse {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    /** JSON Pointer-like path of the offending field, e.g. /agent/version. */
    readonly field?: string;
  };
  readonly request_id?: string;
}

/**
 * Body of a 503 answered after the events were judged (pseudonym key unavailable, or nothing could
 * be delivered): the error, plus every event's verdict — rejected ones stay rejected, the others
 * are `retry`. Clients that only read `error` see an ordinary ErrorResponse.
 */
export type UnavailableBatchResponse = ErrorResponse & BatchResponse;

/** Status codes by outcome, documented in docs/api.md. */
export const STATUS = {
  allAccepted: 200,
  mixed: 207,
  badRequest: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  requestTimeout: 408,
  tooLarge: 413,
  unsupportedMediaType: 415,
  unavailable: 503,
  internalError: 500,
} as const;

/** Seconds an agent should wait after a 503 before retrying. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}
