import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { PipelineAlarms } from './pipeline-alarms.ts';
import { type PipelineMetrics, REFUSED_CALLER_CODES } from './pipeline-metrics.ts';

/** The dashboard's sections, top to bottom: the order data flows through the pipeline. */
export const DASHBOARD_SECTIONS = [
  'API',
  'Ingest function',
  'Firehose',
  'S3 and Parquet conversion',
  'Release',
  'Athena (trainers)',
] as const;

export interface PipelineDashboardProps {
  readonly metrics: PipelineMetrics;
  readonly alarms: PipelineAlarms;
  /** Alarms of other parts (the release job's), shown with the pipeline's in the status row. */
  readonly otherAlarms: readonly cloudwatch.IAlarm[];
  /** Reserved concurrency of the function, drawn as the concurrency graph's ceiling. */
  readonly reservedConcurrency: number;
}

const WIDE = 24;
const HEIGHT = 6;

/**
 * One CloudWatch dashboard: the state of every alarm, then one row per stage of the data flow
 * (API → function → Firehose → S3/conversion → release → Athena). Aggregates only: no metric here
 * has a per-caller dimension, so the dashboard cannot show one person's activity.
 */
export class PipelineDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const { metrics: m, alarms: a } = props;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-pipeline`,
      defaultInterval: Duration.days(1),
    });
    const graph = (
      title: string,
      left: cloudwatch.IMetric[],
      extra: Partial<cloudwatch.GraphWidgetProps> = {},
    ) => new cloudwatch.GraphWidget({ title, left, width: WIDE / 3, height: HEIGHT, ...extra });
    const section = (index: number, ...widgets: cloudwatch.IWidget[]) => {
      const title = DASHBOARD_SECTIONS[index] as string;
      this.dashboard.addWidgets(
        new cloudwatch.TextWidget({ markdown: `## ${index + 1}. ${title}`, width: WIDE, height: 1 }),
      );
      this.dashboard.addWidgets(...widgets);
    };

    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms (pipeline, then release)',
        alarms: [...a.all, ...props.otherAlarms],
        width: WIDE,
        height: 3,
      }),
    );
    section(
      0,
      graph('Requests and p99 latency (ms)', [m.api.requests], { right: [m.api.latencyP99] }),
      graph('Error shares of requests', [m.api.serverErrorRate, m.api.clientErrorRate], {
        leftAnnotations: [a.api5xxRate.toAnnotation(), a.api4xxRate.toAnnotation()],
      }),
      graph(
        'Callers refused, by reason',
        REFUSED_CALLER_CODES.map((code) => m.api.callersRefused(code).with({ label: code })),
      ),
    );
    section(
      1,
      graph('Invocations, errors, throttles', [
        m.function.invocations,
        m.function.errors,
        m.function.throttles,
      ]),
      graph('p99 duration (ms) and concurrency', [m.function.durationP99], {
        right: [m.function.concurrency],
        rightAnnotations: [{ value: props.reservedConcurrency, label: 'reserved concurrency' }],
      }),
      graph('Events: accepted, rejected, retry; key and delivery errors', [
        m.function.eventsAccepted,
        m.function.eventsRejected,
        m.function.eventsRetry,
        m.function.keyDerivationErrors,
        m.function.deliveryCallErrors,
      ]),
    );
    section(
      2,
      graph('Incoming and throttled records', [m.firehose.incomingRecords, m.firehose.throttledRecords]),
      graph('Age of the oldest undelivered record (s)', [m.firehose.dataFreshness], {
        leftAnnotations: [a.deliveryFreshness.toAnnotation()],
      }),
      graph('Share of S3 writes that succeeded', [m.firehose.deliverySuccess], {
        leftYAxis: { min: 0, max: 1 },
      }),
    );
    section(
      3,
      graph('Records converted to Parquet / failed (→ errors/)', [
        m.storage.convertedRecords,
        m.storage.failedConversionRecords,
      ]),
      graph('Records delivered to events/', [m.storage.deliveredRecords]),
      graph('Bytes delivered to events/', [m.storage.deliveredBytes]),
    );
    section(
      4,
      graph('Release runs', [m.release.succeeded, m.release.failed, m.release.timedOut, m.release.aborted], {
        width: WIDE / 2,
      }),
      graph('Release queries: bytes scanned', [m.release.scannedBytes], { width: WIDE / 2 }),
    );
    section(
      5,
      graph('Trainer queries', [m.athena.queries]),
      graph('Trainer queries: bytes scanned', [m.athena.scannedBytes]),
      graph('Trainer queries: p90 execution time (ms)', [m.athena.executionTimeP90]),
    );
  }
}
