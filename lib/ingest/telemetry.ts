/**
 * Logs and metrics of the ingest core. What they may carry is fixed here, by type: counts,
 * status codes, rejection codes, redaction types, error class names and latency. Never content,
 * identifiers, hints, event ids or error messages (an SDK message may quote a value).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ErrorCode, RejectionCode } from '../api/contract.ts';
import type { DirectoryLoadDetail, DirectoryLoadOutcome } from '../directory/source.ts';
import type { EnvLike } from './config.ts';

export interface BatchSummary {
  readonly status: number;
  readonly events: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly retry: number;
  readonly rejectedByCode: Partial<Record<RejectionCode, number>>;
  /** Placeholder type → how many values were replaced in this batch. */
  readonly redactions: Readonly<Record<string, number>>;
  /** Events whose content was cut at the cap. */
  readonly truncated: number;
  readonly latencyMs: number;
}

export interface IngestTelemetry {
  /** A request answered as a whole with an error (400, 413, 415, 500, or 503 when the key is unavailable). */
  requestFailed(outcome: { status: number; code: ErrorCode; latencyMs: number; events?: number }): void;
  /** A request answered with per-event verdicts. */
  batchCompleted(summary: BatchSummary): void;
  /** Records sent again after a failed delivery attempt. */
  deliveryRetried(records: number): void;
  /** A delivery call that failed as a whole; only the error's class name. */
  deliveryCallFailed(errorName: string, retryable: boolean): void;
  /** One call to the key service. */
  keyDerived(outcome: 'ok' | 'failed'): void;
  /** One attempt to load the people directory: its size, or the class name of the failure. */
  directoryLoaded(outcome: DirectoryLoadOutcome, detail?: DirectoryLoadDetail): void;
}

/** Telemetry that records nothing: the default when none is given. */
export const silentTelemetry: IngestTelemetry = {
  requestFailed() {},
  batchCompleted() {},
  deliveryRetried() {},
  deliveryCallFailed() {},
  keyDerived() {},
  directoryLoaded() {},
};

export interface PowertoolsTelemetryProps {
  /** @default a Logger with service name from POWERTOOLS_SERVICE_NAME */
  readonly logger?: Logger;
  /** @default Metrics with namespace from POWERTOOLS_METRICS_NAMESPACE */
  readonly metrics?: Metrics;
  /** Placeholder types the scrubber can emit; any other type is counted as OTHER (keeps metric cardinality bounded). */
  readonly redactionTypes?: readonly string[];
  readonly env?: EnvLike;
}

export const DEFAULT_SERVICE_NAME = 'activity-ingest';
const REFUSED_CALLER_CODES: ReadonlySet<ErrorCode> = new Set([
  'unauthenticated',
  'forbidden_caller',
  'identity_mismatch',
]);
export const DEFAULT_METRICS_NAMESPACE = 'ActivityIngest';

export interface PowertoolsTelemetry extends IngestTelemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Powertools Logger + Metrics (EMF). Metrics are published at the end of every request. */
export function createPowertoolsTelemetry(props: PowertoolsTelemetryProps = {}): PowertoolsTelemetry {
  const env = props.env ?? process.env;
  const serviceName = env.POWERTOOLS_SERVICE_NAME || DEFAULT_SERVICE_NAME;
  const logger = props.logger ?? new Logger({ serviceName });
  const metrics =
    props.metrics ??
    new Metrics({ serviceName, namespace: env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE });
  const knownTypes = props.redactionTypes ? new Set(props.redactionTypes) : null;

  const dimensioned = (name: string, dimension: string, value: string, count: number) => {
    const single = metrics.singleMetric();
    single.addDimension(dimension, value);
    single.addMetric(name, MetricUnit.Count, count);
  };

  return {
    logger,
    metrics,
    requestFailed({ status, code, latencyMs, events }) {
      metrics.addMetric('RequestsFailed', MetricUnit.Count, 1);
      metrics.addMetric('BatchLatency', MetricUnit.Milliseconds, latencyMs);
      if (code === 'unavailable' && events) metrics.addMetric('EventsRetry', MetricUnit.Count, events);
      logger.info('request failed', { status, code, latency_ms: Math.round(latencyMs), events });
      metrics.publishStoredMetrics();
      // Refused callers, by reason: a rise in identity_mismatch is someone trying to post as a colleague.
      if (REFUSED_CALLER_CODES.has(code)) dimensioned('CallersRefused', 'code', code, 1);
    },
    batchCompleted(s) {
      metrics.addMetric('EventsAccepted', MetricUnit.Count, s.accepted);
      metrics.addMetric('EventsRejected', MetricUnit.Count, s.rejected);
      metrics.addMetric('EventsRetry', MetricUnit.Count, s.retry);
      metrics.addMetric('ContentTruncated', MetricUnit.Count, s.truncated);
      metrics.addMetric('BatchLatency', MetricUnit.Milliseconds, s.latencyMs);
      metrics.publishStoredMetrics();
      for (const [code, n] of Object.entries(s.rejectedByCode))
        if (n) dimensioned('EventsRejected', 'code', code, n);
      const byType: Record<string, number> = {};
      for (const [type, n] of Object.entries(s.redactions)) {
        const t = knownTypes === null || knownTypes.has(type) ? type : 'OTHER';
        byType[t] = (byType[t] ?? 0) + n;
      }
      for (const [type, n] of Object.entries(byType)) if (n) dimensioned('Redactions', 'type', type, n);
      logger.info('batch', {
        status: s.status,
        events: s.events,
        accepted: s.accepted,
        rejected: s.rejected,
        retry: s.retry,
        rejected_by_code: s.rejectedByCode,
        redactions: byType,
        truncated: s.truncated,
        latency_ms: Math.round(s.latencyMs),
      });
    },
    deliveryRetried(records) {
      metrics.addMetric('RecordsResent', MetricUnit.Count, records);
    },
    deliveryCallFailed(errorName, retryable) {
      metrics.addMetric('DeliveryCallErrors', MetricUnit.Count, 1);
      logger.warn('delivery call failed', { error: safeName(errorName), retryable });
    },
    keyDerived(outcome) {
      metrics.addMetric(outcome === 'ok' ? 'KeyDerivations' : 'KeyDerivationErrors', MetricUnit.Count, 1);
      if (outcome === 'failed') logger.warn('pseudonym key unavailable');
    },
    directoryLoaded(outcome, detail) {
      // While no directory is loaded, every batch is answered "retry": say why, by class only.
      if (detail && 'error' in detail)
        logger.warn('people directory', { outcome, error: safeName(detail.error) });
      else logger.info('people directory', { outcome, ...detail });
    },
  };
}

/** An error class name, or `Error` when it is anything but a plain identifier. */
export function safeName(name: string): string {
  return /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(name) ? name : 'Error';
}
