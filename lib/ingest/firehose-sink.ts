/**
 * Step 5: delivery to Firehose. Records go out in PutRecordBatch calls within Firehose's limits
 * (500 records, 4 MiB per call, 1,000 KiB per record). Failed records — per-record errors, or the
 * whole call on throttling, 5xx or network errors — are retried with exponential backoff and full
 * jitter until a time budget runs out; what still fails is reported as 'failed' (the agent retries).
 */
import {
  type FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandOutput,
} from '@aws-sdk/client-firehose';
import type { StoredRow } from '../schema/types.ts';
import type { RowDeliveryOutcome, RowSink } from './ports.ts';
import { encodeRows, MAX_RECORD_BYTES } from './serialize-row.ts';

export const MAX_RECORDS_PER_CALL = 500;
export const MAX_BYTES_PER_CALL = 4 * 1024 * 1024;

export interface FirehoseSinkProps {
  /** A client created once per container, with SDK retries off (`maxAttempts: 1`): this sink owns the retry budget. */
  readonly client: Pick<FirehoseClient, 'send'>;
  readonly deliveryStreamName: string;
  /** Total time for all attempts of one delivery, in ms. @default 3000 */
  readonly budgetMs?: number;
  /** First backoff ceiling, in ms; doubles per attempt. @default 50 */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling, in ms. @default 1000 */
  readonly maxDelayMs?: number;
  /** Injected for tests. @default Date.now */
  readonly now?: () => number;
  /** Injected for tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected for tests: uniform in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Told how many records are sent again, for the EventsRetried metric. */
  readonly onRetry?: (records: number) => void;
  /** Told of a call that failed as a whole, by error class name only. */
  readonly onCallError?: (errorName: string, retryable: boolean) => void;
}

/** Splits record indexes into calls within the record-count and byte limits, in order. */
export function chunkRecords(
  sizes: readonly number[],
  maxRecords = MAX_RECORDS_PER_CALL,
  maxBytes = MAX_BYTES_PER_CALL,
): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (current.length > 0 && (current.length === maxRecords || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Throttling, server-side and network errors are worth another attempt; a missing stream or a bad request is not. */
export function isRetryable(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (e?.name === 'AbortError') return false;
  if (e?.$retryable) return true;
  const status = e?.$metadata?.httpStatusCode;
  if (status === undefined)
    return !['ResourceNotFoundException', 'InvalidArgumentException'].includes(e?.name ?? '');
  return (
    status === 429 ||
    status >= 500 ||
    e?.name === 'ThrottlingException' ||
    e?.name === 'LimitExceededException'
  );
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createFirehoseSink(props: FirehoseSinkProps): RowSink {
  const budgetMs = props.budgetMs ?? 3000;
  const baseDelayMs = props.baseDelayMs ?? 50;
  const maxDelayMs = props.maxDelayMs ?? 1000;
  const now = props.now ?? Date.now;
  const sleep = props.sleep ?? defaultSleep;
  const random = props.random ?? Math.random;

  async function send(records: Uint8Array[], deadline: number): Promise<PutRecordBatchCommandOutput> {
    // The call itself must not outlive the budget either.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(1, deadline - now()));
    try {
      return await props.client.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: props.deliveryStreamName,
          Records: records.map((Data) => ({ Data })),
        }),
        { abortSignal: abort.signal },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Delivers one chunk; marks outcomes[i] for its indexes. */
  async function deliverChunk(
    indexes: number[],
    data: Uint8Array[],
    outcomes: RowDeliveryOutcome[],
    deadline: number,
  ) {
    let pending = indexes;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        // Full jitter: uniform in [0, min(cap, base * 2^attempt)).
        const delay = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
        if (now() + delay >= deadline) return;
        await sleep(delay);
        props.onRetry?.(pending.length);
      }
      try {
        const out = await send(
          pending.map((i) => data[i] as Uint8Array),
          deadline,
        );
        const responses = out.RequestResponses ?? [];
        if ((out.FailedPutCount ?? 0) === 0 && responses.length === pending.length) {
          for (const i of pending) outcomes[i] = 'delivered';
          return;
        }
        if (responses.length !== pending.length) continue; // cannot tell which failed: send all again
        const failed: number[] = [];
        pending.forEach((i, j) => {
          if (responses[j]?.ErrorCode || !responses[j]?.RecordId) failed.push(i);
          else outcomes[i] = 'delivered';
        });
        pending = failed;
      } catch (err) {
        const retryable = isRetryable(err);
        props.onCallError?.((err as Error)?.name ?? 'Error', retryable);
        if (!retryable) return;
      }
    }
  }

  return {
    async deliver(rows: readonly StoredRow[]): Promise<RowDeliveryOutcome[]> {
      const deadline = now() + budgetMs;
      const outcomes: RowDeliveryOutcome[] = rows.map(() => 'failed');
      const data: Uint8Array[] = [];
      const sendable: number[] = [];
      let encoded: Array<Uint8Array | null>;
      try {
        encoded = encodeRows(rows);
      } catch {
        return outcomes; // never reject: unencodable rows stay 'failed'
      }
      encoded.forEach((bytes, i) => {
        // Not serializable: stays 'failed'.
        data[i] = bytes ?? new Uint8Array(0);
        // The core rejects such rows first; a row Firehose would refuse is never sent.
        if (bytes !== null && bytes.byteLength <= MAX_RECORD_BYTES) sendable.push(i);
      });
      const chunks = chunkRecords(sendable.map((i) => (data[i] as Uint8Array).byteLength)).map((chunk) =>
        chunk.map((j) => sendable[j] as number),
      );
      try {
        await Promise.all(chunks.map((chunk) => deliverChunk(chunk, data, outcomes, deadline)));
      } catch {
        // Never reject: anything unexpected leaves the rows 'failed', which the agent retries.
      }
      return outcomes;
    },
  };
}
