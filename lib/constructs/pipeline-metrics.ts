import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME } from './ingest-function.ts';
import type { ReleaseRunMetrics } from './release-job.ts';

/**
 * The function's own metrics, as its Powertools telemetry (lib/ingest/telemetry.ts) emits them in
 * EMF: namespace from POWERTOOLS_METRICS_NAMESPACE, the default dimension `service` from
 * POWERTOOLS_SERVICE_NAME, and `code` on the per-code metrics. test/stack/observability.test.ts runs
 * that telemetry and checks these against what it writes.
 */
export const OWN_METRICS = {
  namespace: POWERTOOLS_METRICS_NAMESPACE,
  service: POWERTOOLS_SERVICE_NAME,
  keyDerivationErrors: 'KeyDerivationErrors',
  callersRefused: 'CallersRefused',
  eventsAccepted: 'EventsAccepted',
  eventsRejected: 'EventsRejected',
  eventsRetry: 'EventsRetry',
  deliveryCallErrors: 'DeliveryCallErrors',
} as const;

/** Why a caller was refused (the `code` dimension of CallersRefused). */
export const REFUSED_CALLER_CODES = ['identity_mismatch', 'forbidden_caller', 'unauthenticated'] as const;
export type RefusedCallerCode = (typeof REFUSED_CALLER_CODES)[number];

export interface PipelineResources {
  readonly api: apigw.RestApi;
  readonly function: lambda.IFunction;
  readonly deliveryStreamName: string;
  readonly releaseMetrics: ReleaseRunMetrics;
  readonly trainingWorkgroupName: string;
  readonly releaseWorkgroupName: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Every metric the alarms and the dashboard use, built in one place so both read the same metric
 * (namespace, dimensions, statistic) the same way.
 */
export function pipelineMetrics(r: PipelineResources) {
  const stage = r.api.deploymentStage;
  const fn = r.function;
  const firehose = (metricName: string, statistic: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/Firehose',
      metricName,
      dimensionsMap: { DeliveryStreamName: r.deliveryStreamName },
      statistic,
      period: FIVE_MINUTES,
    });
  const own = (metricName: string, dimensions: Record<string, string> = {}) =>
    new cloudwatch.Metric({
      namespace: OWN_METRICS.namespace,
      metricName,
      dimensionsMap: { service: OWN_METRICS.service, ...dimensions },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
  // Athena publishes per workgroup, query state and type; SEARCH sums whatever of those exist.
  const athena = (workgroup: string, metricName: string, statistic: string, label: string) =>
    new cloudwatch.MathExpression({
      expression: `SEARCH('{AWS/Athena,QueryState,QueryType,WorkGroup} MetricName="${metricName}" WorkGroup="${workgroup}"', '${statistic}', 300)`,
      usingMetrics: {},
      label,
      period: FIVE_MINUTES,
    });

  const requests = stage.metricCount({ statistic: 'Sum', period: FIVE_MINUTES });
  const errorRate = (id: string, errors: cloudwatch.IMetric, minimum: number, label: string) =>
    new cloudwatch.MathExpression({
      // A share only once there are `minimum` errors, so a lone error at night is not a 100% share.
      expression: `IF(${id} >= ${minimum}, ${id} / requests, 0)`,
      usingMetrics: { [id]: errors, requests },
      label,
      period: FIVE_MINUTES,
    });

  return {
    api: {
      requests,
      serverErrorRate: errorRate(
        'serverErrors',
        stage.metricServerError({ statistic: 'Sum' }),
        5,
        '5xx share of requests',
      ),
      clientErrorRate: errorRate(
        'clientErrors',
        stage.metricClientError({ statistic: 'Sum' }),
        50,
        '4xx share of requests',
      ),
      latencyP99: stage.metricLatency({ statistic: 'p99', period: FIVE_MINUTES }),
      callersRefused: (code: RefusedCallerCode) => own(OWN_METRICS.callersRefused, { code }),
    },
    function: {
      invocations: fn.metricInvocations({ statistic: 'Sum', period: FIVE_MINUTES }),
      errors: fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
      throttles: fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
      durationP99: fn.metricDuration({ statistic: 'p99', period: FIVE_MINUTES }),
      concurrency: fn.metric('ConcurrentExecutions', { statistic: 'Maximum', period: Duration.minutes(1) }),
      eventsAccepted: own(OWN_METRICS.eventsAccepted),
      eventsRejected: own(OWN_METRICS.eventsRejected),
      eventsRetry: own(OWN_METRICS.eventsRetry),
      keyDerivationErrors: own(OWN_METRICS.keyDerivationErrors),
      deliveryCallErrors: own(OWN_METRICS.deliveryCallErrors),
    },
    firehose: {
      incomingRecords: firehose('IncomingRecords', 'Sum'),
      throttledRecords: firehose('ThrottledRecords', 'Sum'),
      dataFreshness: firehose('DeliveryToS3.DataFreshness', 'Maximum'),
      deliverySuccess: firehose('DeliveryToS3.Success', 'Average'),
    },
    storage: {
      deliveredRecords: firehose('DeliveryToS3.Records', 'Sum'),
      deliveredBytes: firehose('DeliveryToS3.Bytes', 'Sum'),
      convertedRecords: firehose('SucceedConversion.Records', 'Sum'),
      failedConversionRecords: firehose('FailedConversion.Records', 'Sum'),
    },
    release: {
      ...r.releaseMetrics,
      scannedBytes: athena(r.releaseWorkgroupName, 'ProcessedBytes', 'Sum', 'Release queries: bytes scanned'),
    },
    athena: {
      scannedBytes: athena(
        r.trainingWorkgroupName,
        'ProcessedBytes',
        'Sum',
        'Trainer queries: bytes scanned',
      ),
      queries: athena(r.trainingWorkgroupName, 'TotalExecutionTime', 'SampleCount', 'Trainer queries'),
      executionTimeP90: athena(
        r.trainingWorkgroupName,
        'TotalExecutionTime',
        'p90',
        'Trainer queries: p90 execution time (ms)',
      ),
    },
  };
}

export type PipelineMetrics = ReturnType<typeof pipelineMetrics>;
