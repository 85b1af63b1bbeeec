import { type Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { PipelineMetrics } from './pipeline-metrics.ts';

export interface PipelineAlarmsProps {
  readonly metrics: PipelineMetrics;
  /** The function's timeout: p99 duration past half of it alarms. */
  readonly functionTimeout: Duration;
  /** The function's reserved concurrency: sustained use of 80% of it alarms. */
  readonly reservedConcurrency: number;
  /** Firehose's buffer interval, seconds: records older than this plus 10 minutes alarm. */
  readonly bufferIntervalSeconds: number;
}

interface AlarmSpec {
  readonly metric: cloudwatch.IMetric;
  readonly description: string;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
}

const { GREATER_THAN_THRESHOLD, GREATER_THAN_OR_EQUAL_TO_THRESHOLD, LESS_THAN_THRESHOLD } =
  cloudwatch.ComparisonOperator;

/**
 * The pipeline's alarms, along the data flow. Each is named `<stack>-<what>` and says in its
 * description what it means; docs/operations.md says what to do. Missing data is never a breach
 * here: no traffic is not a failure (a release that did not run is the release job's own alarm).
 */
export class PipelineAlarms extends Construct {
  readonly api5xxRate: cloudwatch.Alarm;
  readonly api4xxRate: cloudwatch.Alarm;
  readonly callersImpersonating: cloudwatch.Alarm;
  readonly functionErrors: cloudwatch.Alarm;
  readonly functionThrottles: cloudwatch.Alarm;
  readonly functionDurationP99: cloudwatch.Alarm;
  readonly functionConcurrency: cloudwatch.Alarm;
  readonly pseudonymKeyUnavailable: cloudwatch.Alarm;
  readonly deliveryFreshness: cloudwatch.Alarm;
  readonly deliveryToS3: cloudwatch.Alarm;
  readonly conversionFailures: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const m = props.metrics;
    const alarm = (name: string, spec: AlarmSpec) =>
      new cloudwatch.Alarm(this, name, {
        metric: spec.metric,
        alarmName: `${Stack.of(this).stackName}-${name}`,
        alarmDescription: spec.description,
        threshold: spec.threshold,
        comparisonOperator: spec.comparison,
        evaluationPeriods: spec.evaluationPeriods ?? 1,
        datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods ?? 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    this.api5xxRate = alarm('api-5xx-rate', {
      metric: m.api.serverErrorRate,
      description:
        'More than 1% of requests (and at least 5) answered 5xx in 2 of 3 five-minute periods: the function fails, times out or is throttled.',
      threshold: 0.01,
      comparison: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.api4xxRate = alarm('api-4xx-rate', {
      metric: m.api.clientErrorRate,
      description:
        'More than 10% of requests (and at least 50) answered 4xx for 15 minutes: a broken agent release, bad credentials, throttling, or probing.',
      threshold: 0.1,
      comparison: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });
    this.callersImpersonating = alarm('caller-identity-mismatch', {
      metric: m.api.callersRefused('identity_mismatch'),
      description:
        'A signed request named another employee than its credentials (403 identity_mismatch): someone may be trying to post as a colleague.',
      threshold: 1,
      comparison: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    this.functionErrors = alarm('function-errors', {
      metric: m.function.errors,
      description:
        'The ingest function crashed or timed out (handled failures answer 4xx/5xx instead): its requests got no verdict.',
      threshold: 1,
      comparison: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    this.functionThrottles = alarm('function-throttles', {
      metric: m.function.throttles,
      description:
        'Invocations were refused at the reserved concurrency: agents got errors and will resend; raise reservedConcurrency if it persists.',
      threshold: 1,
      comparison: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    const slowMs = props.functionTimeout.toMilliseconds() / 2;
    this.functionDurationP99 = alarm('function-duration-p99', {
      metric: m.function.durationP99,
      description: `p99 duration above ${slowMs} ms (half the timeout) for 15 minutes: requests are near timing out (KMS, Firehose or the directory slow).`,
      threshold: slowMs,
      comparison: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });
    const busy = Math.ceil(props.reservedConcurrency * 0.8);
    this.functionConcurrency = alarm('function-concurrency', {
      metric: m.function.concurrency,
      description: `At least ${busy} of ${props.reservedConcurrency} reserved concurrent executions in use in 3 of 5 minutes: throttling is near.`,
      threshold: busy,
      comparison: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    this.pseudonymKeyUnavailable = alarm('pseudonym-key-unavailable', {
      metric: m.function.keyDerivationErrors,
      description:
        'The function could not derive the pseudonym key (KMS GenerateMac failed): requests are answered 503 and agents keep their events.',
      threshold: 1,
      comparison: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    const staleSeconds = props.bufferIntervalSeconds + 600;
    this.deliveryFreshness = alarm('delivery-freshness', {
      metric: m.firehose.dataFreshness,
      description: `Firehose holds records older than ${staleSeconds} s (buffer interval + 10 minutes) for 10 minutes: delivery to S3 is stuck.`,
      threshold: staleSeconds,
      comparison: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
    });
    this.deliveryToS3 = alarm('delivery-to-s3', {
      metric: m.firehose.deliverySuccess,
      description:
        'Firehose S3 writes failed for 15 minutes (S3 or KMS permissions, key disabled): it retries for 24 hours, then data is lost.',
      threshold: 1,
      comparison: LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });
    this.conversionFailures = alarm('conversion-failures', {
      metric: m.storage.failedConversionRecords,
      description:
        'Firehose could not convert records to Parquet; they are under errors/ in the data bucket and missing from the tables.',
      threshold: 1,
      comparison: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /** Every alarm, in data-flow order. */
  get all(): cloudwatch.Alarm[] {
    return [
      this.api5xxRate,
      this.api4xxRate,
      this.callersImpersonating,
      this.functionErrors,
      this.functionThrottles,
      this.functionDurationP99,
      this.functionConcurrency,
      this.pseudonymKeyUnavailable,
      this.deliveryFreshness,
      this.deliveryToS3,
      this.conversionFailures,
    ];
  }
}
