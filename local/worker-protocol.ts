/** Messages between the local server's main thread and its ingest workers. */
import type { HttpResponse } from '../lib/api/contract.ts';
import type { IngestConfig, IngestRequest } from '../lib/ingest/ports.ts';
import type { BatchSummary, IngestTelemetry } from '../lib/ingest/telemetry.ts';

export interface WorkerInit {
  /** The local key file's secret: workers derive window keys themselves. */
  readonly secret: Uint8Array;
  readonly config: IngestConfig;
  /** The people directory's artifact, when the server has one. */
  readonly directory?: Uint8Array;
}

export type ToWorker =
  | { readonly type: 'request'; readonly id: number; readonly req: IngestRequest }
  | { readonly type: 'delivered'; readonly id: number; readonly ok: boolean };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'response'; readonly id: number; readonly response: HttpResponse }
  /** Serialized rows (newline-terminated NDJSON records) to append to the write-ahead log. */
  | { readonly type: 'deliver'; readonly id: number; readonly records: string[] }
  | {
      readonly type: 'telemetry';
      readonly event:
        | { readonly kind: 'requestFailed'; readonly arg: Parameters<IngestTelemetry['requestFailed']>[0] }
        | { readonly kind: 'batchCompleted'; readonly arg: BatchSummary };
    };
