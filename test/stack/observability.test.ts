/**
 * Observability of the deployed stack, from the synthesized template: the alarm topic, every alarm
 * (metric, namespace, dimensions, statistic, threshold, comparison, periods, missing data, actions),
 * that the function's own alarms watch exactly what its Powertools telemetry emits, and the
 * dashboard's order along the data flow.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPowertoolsTelemetry } from '../../lib/ingest/telemetry.ts';
import { CfnResolver, type CfnTemplate, type Json } from './cfn-resolver.ts';
import { ACCOUNT, logicalIdOf, props, REGION, type Synthesized, synthesize } from './synth.ts';

type Props = Record<string, Json>;
let synth: Synthesized;
let resolver: CfnResolver;
let topicRef: Json;

beforeAll(() => {
  synth = synthesize();
  resolver = new CfnResolver(synth.template.toJSON() as CfnTemplate, { account: ACCOUNT, region: REGION });
  topicRef = { Ref: logicalIdOf(synth.stack.observability.topic.topic) };
});

/** An alarm on one metric, as the template states it, with names and ARNs resolved. */
function singleMetricAlarm(s: Synthesized, alarm: { node: { defaultChild?: unknown } }) {
  const p = props(s, logicalIdOf(alarm as never));
  const r = new CfnResolver(s.template.toJSON() as CfnTemplate, { account: ACCOUNT, region: REGION });
  return {
    name: p.AlarmName,
    namespace: p.Namespace,
    metric: p.MetricName,
    dimensions: Object.fromEntries(
      (r.resolve(p.Dimensions as Json) as { Name: string; Value: string }[]).map((d) => [d.Name, d.Value]),
    ),
    statistic: p.Statistic ?? p.ExtendedStatistic,
    period: p.Period,
    threshold: p.Threshold,
    comparison: p.ComparisonOperator,
    evaluationPeriods: p.EvaluationPeriods,
    datapointsToAlarm: p.DatapointsToAlarm,
    treatMissingData: p.TreatMissingData,
  };
}

describe('the alarm topic: its own KMS key, TLS only, published to by this account’s alarms and rules', () => {
  it('is encrypted with a rotated customer-managed key', () => {
    const topic = props(synth, logicalIdOf(synth.stack.observability.topic.topic));
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['AlarmTopicKey', 'Arn'] });
    expect(props(synth, 'AlarmTopicKey').EnableKeyRotation).toBe(true);
  });

  it('lets CloudWatch and EventBridge of this account publish, denies plain HTTP, allows nothing else', () => {
    const policies = Object.values(synth.template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(1);
    const statements = policies[0]?.Properties.PolicyDocument.Statement as Props[];
    const source = (service: string, arn: string) => ({
      Effect: 'Allow',
      Principal: { Service: `${service}.amazonaws.com` },
      Action: 'sns:Publish',
      Resource: topicRef,
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': `arn:aws:${service}:${REGION}:${ACCOUNT}:${arn}` },
      },
    });
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      expect.objectContaining(source('cloudwatch', 'alarm:*')),
      expect.objectContaining(source('events', 'rule/*')),
    ]);
  });

  it('lets those two services encrypt with the topic key, as SNS needs for an encrypted topic', () => {
    const statements = (props(synth, 'AlarmTopicKey').KeyPolicy as { Statement: Props[] }).Statement;
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    });
  });

  it('subscribes alarmEmail by email, and nothing without it', () => {
    expect(synth.template.findResources('AWS::SNS::Subscription')).toEqual({});
    const withEmail = synthesize({ alarmEmail: 'ops@example.com' });
    expect(Object.values(withEmail.template.findResources('AWS::SNS::Subscription'))).toEqual([
      {
        Type: 'AWS::SNS::Subscription',
        Properties: {
          Protocol: 'email',
          Endpoint: 'ops@example.com',
          TopicArn: { Ref: logicalIdOf(withEmail.stack.observability.topic.topic) },
        },
      },
    ]);
  });
});

describe('every alarm, the release job’s included, notifies the topic on ALARM and on OK', () => {
  it('has the topic as its alarm and OK action, and nothing else', () => {
    const alarms = Object.values(synth.template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(13);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions, alarm.Properties.AlarmName).toEqual([topicRef]);
      expect(alarm.Properties.OKActions, alarm.Properties.AlarmName).toEqual([topicRef]);
    }
    // The release job's alarms are routed, not duplicated: one failed and one missing alarm.
    const release = synth.stack.release;
    for (const alarm of [release.failedAlarm, release.missingAlarm]) {
      expect(props(synth, logicalIdOf(alarm)).AlarmActions).toEqual([topicRef]);
    }
  });
});

describe('API: 5xx and 4xx shares of requests, once errors are more than a handful', () => {
  const rateAlarm = (alarm: never) => {
    const p = props(synth, logicalIdOf(alarm));
    const metrics = resolver.resolve(p.Metrics as Json) as Props[];
    return { p, expression: metrics.find((m) => m.Expression), stats: metrics.filter((m) => m.MetricStat) };
  };
  const apiMetric = (id: string, metricName: string) => ({
    Id: id,
    ReturnData: false,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApiGateway',
        MetricName: metricName,
        Dimensions: [
          { Name: 'ApiName', Value: 'activity-ingest' },
          { Name: 'Stage', Value: 'prod' },
        ],
      },
      Period: 300,
      Stat: 'Sum',
    },
  });

  it.each([
    [
      '5xx: over 1% of requests, with at least 5 errors, in 2 of 3',
      'api5xxRate',
      'serverErrors',
      '5XXError',
      5,
      0.01,
      2,
    ],
    [
      '4xx: over 10% of requests, with at least 50 errors, in 3 of 3',
      'api4xxRate',
      'clientErrors',
      '4XXError',
      50,
      0.1,
      3,
    ],
  ] as const)('%s five-minute periods', (_, key, id, metric, minimum, threshold, datapoints) => {
    const alarm = synth.stack.observability.alarms[key];
    const { p, expression, stats } = rateAlarm(alarm as never);
    expect(expression?.Expression).toBe(`IF(${id} >= ${minimum}, ${id} / requests, 0)`);
    expect(stats).toEqual([apiMetric(id, metric), apiMetric('requests', 'Count')]);
    expect(p).toMatchObject({
      AlarmName: `ActivityIngest-api-${metric.slice(0, 1)}xx-rate`,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: datapoints,
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('single-metric alarms along the flow: function, key, Firehose, conversion, refused callers', () => {
  const common = { treatMissingData: 'notBreaching' };
  let fn: Record<string, string>;
  let stream: Record<string, string>;
  const own = { service: 'activity-ingest' };
  beforeAll(() => {
    fn = { FunctionName: resolver.ref(logicalIdOf(synth.stack.ingest.function)) };
    stream = { DeliveryStreamName: resolver.ref('DeliveryStream') };
  });

  it.each([
    [
      'caller-identity-mismatch',
      'callersImpersonating',
      'ActivityIngest',
      'CallersRefused',
      () => ({ ...own, code: 'identity_mismatch' }),
      'Sum',
      300,
      1,
      'GreaterThanOrEqualToThreshold',
      1,
      1,
    ],
    [
      'function-errors',
      'functionErrors',
      'AWS/Lambda',
      'Errors',
      () => fn,
      'Sum',
      300,
      1,
      'GreaterThanOrEqualToThreshold',
      1,
      1,
    ],
    [
      'function-throttles',
      'functionThrottles',
      'AWS/Lambda',
      'Throttles',
      () => fn,
      'Sum',
      300,
      1,
      'GreaterThanOrEqualToThreshold',
      1,
      1,
    ],
    [
      'function-duration-p99',
      'functionDurationP99',
      'AWS/Lambda',
      'Duration',
      () => fn,
      'p99',
      300,
      7500,
      'GreaterThanThreshold',
      3,
      3,
    ],
    [
      'function-concurrency',
      'functionConcurrency',
      'AWS/Lambda',
      'ConcurrentExecutions',
      () => fn,
      'Maximum',
      60,
      8,
      'GreaterThanOrEqualToThreshold',
      5,
      3,
    ],
    [
      'pseudonym-key-unavailable',
      'pseudonymKeyUnavailable',
      'ActivityIngest',
      'KeyDerivationErrors',
      () => own,
      'Sum',
      300,
      1,
      'GreaterThanOrEqualToThreshold',
      1,
      1,
    ],
    [
      'delivery-freshness',
      'deliveryFreshness',
      'AWS/Firehose',
      'DeliveryToS3.DataFreshness',
      () => stream,
      'Maximum',
      300,
      900,
      'GreaterThanThreshold',
      2,
      2,
    ],
    [
      'delivery-to-s3',
      'deliveryToS3',
      'AWS/Firehose',
      'DeliveryToS3.Success',
      () => stream,
      'Average',
      300,
      1,
      'LessThanThreshold',
      3,
      3,
    ],
    [
      'conversion-failures',
      'conversionFailures',
      'AWS/Firehose',
      'FailedConversion.Records',
      () => stream,
      'Sum',
      300,
      1,
      'GreaterThanOrEqualToThreshold',
      1,
      1,
    ],
  ] as const)(
    '%s',
    (name, key, namespace, metric, dimensions, statistic, period, threshold, comparison, evaluationPeriods, datapointsToAlarm) => {
      const alarm = synth.stack.observability.alarms[key];
      expect(singleMetricAlarm(synth, alarm)).toEqual({
        name: `ActivityIngest-${name}`,
        namespace,
        metric,
        dimensions: dimensions(),
        statistic,
        period,
        threshold,
        comparison,
        evaluationPeriods,
        datapointsToAlarm,
        ...common,
      });
    },
  );

  it('takes its thresholds from the configuration: reserved concurrency and Firehose buffer interval', () => {
    const custom = synthesize({ reservedConcurrency: '20', bufferIntervalSeconds: '60' });
    const alarms = custom.stack.observability.alarms;
    expect(singleMetricAlarm(custom, alarms.functionConcurrency).threshold).toBe(16);
    expect(singleMetricAlarm(custom, alarms.deliveryFreshness).threshold).toBe(660);
  });
});

describe('the function’s own alarms watch exactly the metrics its Powertools telemetry emits', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Runs the real telemetry with the function's environment from the template; returns its EMF lines. */
  function emitted(run: (t: ReturnType<typeof createPowertoolsTelemetry>) => void) {
    const env = (props(synth, logicalIdOf(synth.stack.ingest.function)).Environment as Props)
      .Variables as Record<string, string>;
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    });
    run(createPowertoolsTelemetry({ env }));
    vi.restoreAllMocks();
    return lines
      .join('')
      .split('\n')
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown> & { _aws: { CloudWatchMetrics: EmfDirective[] } });
  }
  interface EmfDirective {
    Namespace: string;
    Dimensions: string[][];
    Metrics: { Name: string }[];
  }
  /** Namespace, name and dimension values of `metric` as CloudWatch stores it from an EMF line. */
  function asCloudWatchStores(lines: ReturnType<typeof emitted>, metric: string) {
    const line = lines.find((l) => l._aws.CloudWatchMetrics[0]?.Metrics.some((m) => m.Name === metric));
    if (!line) throw new Error(`${metric} was not emitted`);
    const directive = line._aws.CloudWatchMetrics[0] as EmfDirective;
    expect(directive.Dimensions).toHaveLength(1);
    return {
      namespace: directive.Namespace,
      metric,
      dimensions: Object.fromEntries((directive.Dimensions[0] as string[]).map((d) => [d, line[d]])),
    };
  }
  const watched = (alarm: never) => {
    const { namespace, metric, dimensions } = singleMetricAlarm(synth, alarm);
    return { namespace, metric, dimensions };
  };

  it('pseudonym-key-unavailable: KeyDerivationErrors as emitted when the key service fails', () => {
    const lines = emitted((t) => {
      t.keyDerived('failed');
      t.requestFailed({ status: 503, code: 'unavailable', latencyMs: 3, events: 2 });
    });
    expect(watched(synth.stack.observability.alarms.pseudonymKeyUnavailable as never)).toEqual(
      asCloudWatchStores(lines, 'KeyDerivationErrors'),
    );
  });

  it('caller-identity-mismatch: CallersRefused with code identity_mismatch as emitted on that refusal', () => {
    const lines = emitted((t) => t.requestFailed({ status: 403, code: 'identity_mismatch', latencyMs: 1 }));
    expect(watched(synth.stack.observability.alarms.callersImpersonating as never)).toEqual(
      asCloudWatchStores(lines, 'CallersRefused'),
    );
  });
});

describe('the dashboard: every alarm’s state, then the data flow top to bottom', () => {
  interface Widget {
    type: string;
    x: number;
    y: number;
    properties: { markdown?: string; alarms?: string[]; metrics?: unknown[][] };
  }
  let widgets: Widget[];
  beforeAll(() => {
    const dashboard = Object.values(synth.template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard).toHaveLength(1);
    const body = JSON.parse(resolver.resolve(dashboard[0]?.Properties.DashboardBody) as string);
    widgets = (body.widgets as Widget[]).sort((a, b) => a.y - b.y || a.x - b.x);
  });
  /** Sections as [heading, namespaces and SEARCH expressions of its graphs]. */
  const sections = () => {
    const out: { heading: string; sources: string[] }[] = [];
    for (const w of widgets.slice(1)) {
      if (w.type === 'text') out.push({ heading: w.properties.markdown as string, sources: [] });
      else
        out.at(-1)?.sources.push(
          ...(w.properties.metrics ?? []).map((m) => {
            const first = m[0];
            return typeof first === 'string' ? first : (first as { expression: string }).expression;
          }),
        );
    }
    return out;
  };

  it('starts with the state of all 13 alarms', () => {
    const first = widgets[0];
    expect(first?.type).toBe('alarm');
    const alarmArns = Object.keys(synth.template.findResources('AWS::CloudWatch::Alarm')).map((id) =>
      resolver.getAtt(id, 'Arn'),
    );
    expect([...(first?.properties.alarms ?? [])].sort()).toEqual(alarmArns.sort());
  });

  it('has one section per stage, in flow order: API → function → Firehose → S3/conversion → release → Athena', () => {
    expect(sections().map((s) => s.heading)).toEqual([
      '## 1. API',
      '## 2. Ingest function',
      '## 3. Firehose',
      '## 4. S3 and Parquet conversion',
      '## 5. Release',
      '## 6. Athena (trainers)',
    ]);
  });

  it('draws in each section the metrics of that stage', () => {
    const [api, fn, firehose, s3, release, athena] = sections().map((s) => new Set(s.sources));
    expect(api).toEqual(
      new Set([
        'AWS/ApiGateway',
        'ActivityIngest',
        'IF(serverErrors >= 5, serverErrors / requests, 0)',
        'IF(clientErrors >= 50, clientErrors / requests, 0)',
      ]),
    );
    expect(fn).toEqual(new Set(['AWS/Lambda', 'ActivityIngest']));
    expect(firehose).toEqual(new Set(['AWS/Firehose']));
    expect(s3).toEqual(new Set(['AWS/Firehose']));
    const search = (metric: string, workgroup: string, statistic: string) =>
      `SEARCH('{AWS/Athena,QueryState,QueryType,WorkGroup} MetricName="${metric}" WorkGroup="${workgroup}"', '${statistic}', 300)`;
    expect([...(release ?? [])]).toEqual(['AWS/States', search('ProcessedBytes', 'activity-release', 'Sum')]);
    expect([...(athena ?? [])]).toEqual([
      search('TotalExecutionTime', 'activity-training', 'SampleCount'),
      search('ProcessedBytes', 'activity-training', 'Sum'),
      search('TotalExecutionTime', 'activity-training', 'p90'),
    ]);
    // The S3 section is about conversion and delivery: the conversion counters are there.
    const s3Metrics = JSON.stringify(widgets.filter((w) => w.y > 0));
    expect(s3Metrics).toContain('"FailedConversion.Records"');
    expect(s3Metrics).toContain('"SucceedConversion.Records"');
  });

  it('has no per-caller dimension anywhere: aggregates only', () => {
    const dimensions = widgets
      .flatMap((w) => w.properties.metrics ?? [])
      .flatMap((m) => m.filter((_, i) => i >= 2 && i % 2 === 0 && typeof m[i] === 'string'));
    expect(new Set(dimensions)).toEqual(
      new Set([
        'ApiName',
        'Stage',
        'code',
        'service',
        'FunctionName',
        'DeliveryStreamName',
        'StateMachineArn',
      ]),
    );
  });
});
