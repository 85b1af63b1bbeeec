/**
 * The local server's telemetry: running totals (counts and codes only, as the ingest core's
 * telemetry type allows), for GET /healthz and the demo's summary. Nothing is logged per request.
 */
import type { BatchSummary, IngestTelemetry } from '../lib/ingest/telemetry.ts';

export interface IngestTotals {
  requests: number;
  /** Requests answered as a whole with an error, by HTTP status. */
  failedRequests: Record<string, number>;
  accepted: number;
  rejected: number;
  retry: number;
  rejectedByCode: Record<string, number>;
  /** Placeholder type → values replaced. */
  redactions: Record<string, number>;
  truncated: number;
}

export function createCountingTelemetry(): IngestTelemetry & { readonly totals: IngestTotals } {
  const totals: IngestTotals = {
    requests: 0,
    failedRequests: {},
    accepted: 0,
    rejected: 0,
    retry: 0,
    rejectedByCode: {},
    redactions: {},
    truncated: 0,
  };
  const add = (into: Record<string, number>, key: string, n: number) => {
    into[key] = (into[key] ?? 0) + n;
  };
  return {
    totals,
    requestFailed({ status }) {
      totals.requests += 1;
      add(totals.failedRequests, String(status), 1);
    },
    batchCompleted(s: BatchSummary) {
      totals.requests += 1;
      totals.accepted += s.accepted;
      totals.rejected += s.rejected;
      totals.retry += s.retry;
      totals.truncated += s.truncated;
      for (const [code, n] of Object.entries(s.rejectedByCode)) add(totals.rejectedByCode, code, n ?? 0);
      for (const [type, n] of Object.entries(s.redactions)) add(totals.redactions, type, n);
    },
    deliveryRetried() {},
    deliveryCallFailed() {},
    keyDerived() {},
    directoryLoaded() {},
  };
}
