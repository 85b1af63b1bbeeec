/**
 * Agent client SDK for `POST /v1/events`: batching, SigV4 signing, retries with backoff,
 * per-event verdicts and a durable spool. See docs/agents.md.
 */

export {
  type EventPreview,
  type Preview,
  PreviewInputError,
  type PreviewOptions,
  previewEvents,
  type RejectedEventPreview,
  type StoredEventPreview,
} from '../preview/preview-events.ts';
export { DEFAULT_RETRY, fullJitterDelay, parseRetryAfter, type RetryOptions } from './backoff.ts';
export {
  ActivityClient,
  type ActivityClientOptions,
  type ClientEvents,
  type ClientStats,
  DeliveryError,
  type EventInput,
  type RejectedReport,
  zeroStats,
} from './client.ts';
export { eventsUrl } from './envelope.ts';
export { isLoopbackHost } from './loopback.ts';
export { type Credentials, createSigner, type RequestToSign, type Signer } from './signer.ts';
export { Spool, SpoolMismatchError } from './spool.ts';
export type { FetchLike } from './transport.ts';
export { assertValidEvent, InvalidEventError } from './validate.ts';
