/**
 * The edges of the ingest core. The same core runs in Lambda and in local mode; only
 * these differ: KMS vs. a local key file for the window key, Firehose vs. a local
 * write-ahead log + Parquet writer for delivery.
 */
import type { StoredRow } from '../schema/types.ts';
import type { Caller } from './caller.ts';

/** Derives the secret key of one pseudonym window (e.g. KMS GenerateMac over a fixed label + window). */
export interface WindowKeyProvider {
  /** Rejects with `KeyUnavailableError` when the key service cannot be reached; callers answer 503. */
  windowKey(window: string): Promise<Uint8Array>;
}

export class KeyUnavailableError extends Error {
  override readonly name = 'KeyUnavailableError';
}

/** Per-row outcome of one delivery, in the order the rows were given. */
export type RowDeliveryOutcome = 'delivered' | 'failed';

/** Delivers serialized rows (one JSON object per row, keys = Glue column names). */
export interface RowSink {
  /** Must resolve (never reject) with one outcome per row; `failed` rows are reported to the agent as retryable. */
  deliver(rows: readonly StoredRow[]): Promise<RowDeliveryOutcome[]>;
}

/** Pseudonym window granularity: rows of one person link within a window, never across. */
export type PseudonymWindowKind = 'day' | 'week' | 'month';

/** Settings of the ingest core; the Lambda reads them from its environment, the local server from flags. */
export interface IngestConfig {
  /** Most events in one request. @default 500 */
  readonly maxEvents: number;
  /** Largest request body in bytes. @default 1 MiB */
  readonly maxBodyBytes: number;
  /** Kept text over this many UTF-8 bytes is truncated and flagged. @default 64 KiB */
  readonly maxContentBytes: number;
  /** @default 'day' */
  readonly pseudonymWindow: PseudonymWindowKind;
  /** Host names under these domains are redacted from kept text, e.g. corp.example.com. @default [] */
  readonly internalDomains: readonly string[];
}

/** One request as both edges see it, before any parsing. */
export interface IngestRequest {
  readonly contentType: string | undefined;
  readonly body: string | Uint8Array;
  readonly requestId: string;
  readonly receivedAt: Date;
  /** Whose events these are, as the edge established it from credentials (never from the body). */
  readonly caller: Caller;
}
