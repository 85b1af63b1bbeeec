import type { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic.ts';
import { PipelineAlarms } from './pipeline-alarms.ts';
import { PipelineDashboard } from './pipeline-dashboard.ts';
import { type PipelineMetrics, type PipelineResources, pipelineMetrics } from './pipeline-metrics.ts';

export interface ObservabilityProps extends PipelineResources {
  /** Subscribed to the alarm topic by email. @default no subscription */
  readonly alarmEmail?: string | null;
  readonly functionTimeout: Duration;
  readonly reservedConcurrency: number;
  readonly bufferIntervalSeconds: number;
  /** Alarms that other constructs own (the release job's): routed to the same topic, not duplicated. */
  readonly otherAlarms?: readonly cloudwatch.Alarm[];
}

/**
 * How operators see the deployed stack: the alarm topic, the pipeline's alarms (and the release
 * job's) notifying it, and the dashboard along the data flow.
 */
export class Observability extends Construct {
  readonly topic: AlarmTopic;
  readonly metrics: PipelineMetrics;
  readonly alarms: PipelineAlarms;
  readonly dashboard: PipelineDashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const otherAlarms = props.otherAlarms ?? [];
    this.topic = new AlarmTopic(this, 'AlarmTopic', { email: props.alarmEmail ?? null });
    this.metrics = pipelineMetrics(props);
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      metrics: this.metrics,
      functionTimeout: props.functionTimeout,
      reservedConcurrency: props.reservedConcurrency,
      bufferIntervalSeconds: props.bufferIntervalSeconds,
    });
    this.topic.notify(...this.alarms.all, ...otherAlarms);
    this.dashboard = new PipelineDashboard(this, 'Dashboard', {
      metrics: this.metrics,
      alarms: this.alarms,
      otherAlarms,
      reservedConcurrency: props.reservedConcurrency,
    });
  }
}
