import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { ReleaseSettings } from '../release/settings.ts';
import { bindSettings, loadReleaseQueries, orderedRows } from '../release/sql.ts';
import { RELEASE_REPORT_TABLE } from '../schema/index.ts';
import { athenaWorkgroupArn, type CatalogArns } from './arns.ts';
import { keyThroughS3 } from './key-through-s3.ts';
import { acknowledgeWildcards } from './nag.ts';
import {
  EVENTS_PREFIX,
  listablePrefixes,
  RELEASE_REPORTS_PREFIX,
  RELEASE_RESULTS_PREFIX,
  RELEASED_PREFIX,
  RELEASED_ZONE,
} from './storage.ts';

/**
 * The JSONata expressions of the state machine, exported so that tests evaluate exactly these.
 * Step Functions' JSONata has no `??`/`?:` operators and wants single-quoted strings.
 */
export const RELEASE_EXPRESSIONS = {
  /** The day to release: `dt` from the input, else the day before the scheduled (or start) time. */
  dt:
    '{% $exists($states.input.dt) ? $states.input.dt : $fromMillis((' +
    '$exists($states.input.scheduledTime) ? $toMillis($states.input.scheduledTime) : ' +
    "$toMillis($states.context.Execution.StartTime)) - 86400000, '[Y0001]-[M01]-[D01]') %}",
  /** The run id: the execution name with anything but letters, digits, - and _ replaced. */
  runId: "{% $replace($states.context.Execution.Name, /[^A-Za-z0-9_-]/, '_') %}",
  /** When the run started, as a SQL TIMESTAMP literal's text (UTC). */
  releasedAt:
    "{% $fromMillis($toMillis($states.context.Execution.StartTime), '[Y0001]-[M01]-[D01] [H01]:[m01]:[s01].[f001]') %}",
  /** A real day written yyyy-MM-dd, and nothing else, may reach the SQL and the S3 prefix. */
  validDt:
    "{% $type($dt) = 'string' and $contains($dt, /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/) and " +
    "$fromMillis($toMillis($dt & 'T00:00:00.000Z'), '[Y0001]-[M01]-[D01]') = $dt %}",
  /** Fills the run placeholders of `$template` (the same names lib/release/sql.ts fills locally). */
  fill: (template: string) =>
    "{% ($previous := $fromMillis($toMillis($dt & 'T00:00:00.000Z') - 86400000, '[Y0001]-[M01]-[D01]'); " +
    `$replace($replace($replace($replace($${template}, '{{dt}}', $dt), '{{previous_dt}}', $previous), ` +
    "'{{run_id}}', $runId), '{{released_at}}', $releasedAt)) %}",
  releasedPrefix: `{% '${RELEASED_PREFIX}dt=' & $dt & '/' %}`,
} as const;

/** Release runs that ended, by outcome. */
export interface ReleaseRunMetrics {
  readonly succeeded: cloudwatch.IMetric;
  readonly failed: cloudwatch.IMetric;
  readonly timedOut: cloudwatch.IMetric;
  readonly aborted: cloudwatch.IMetric;
}

export interface ReleaseJobProps {
  readonly dataBucket: s3.IBucket;
  readonly resultsBucket: s3.IBucket;
  /** Key of both buckets. */
  readonly dataKey: kms.IKey;
  readonly databaseName: string;
  /** Glue ARNs the queries read or write: catalog, database and the three tables. */
  readonly glue: CatalogArns;
  /** The release's own Athena workgroup (trainers are denied every other workgroup). */
  readonly workgroupName: string;
  readonly settings: ReleaseSettings;
  /** Retention of the state machine's log group. @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** When to release yesterday. @default every day at 01:30 UTC, after Firehose flushed the day */
  readonly schedule?: scheduler.ScheduleExpression;
}

/**
 * The release: a Step Functions state machine that, for one dt, clears `released/dt=…/`, runs the
 * release SQL in Athena (UNLOAD to that empty prefix, Parquet ZSTD), then appends the
 * release_report row (INSERT INTO). A daily schedule starts it for yesterday; operators start it
 * by hand for any dt. Its role is the only principal that can read raw rows (`events/`): the data
 * bucket's policy denies them to everyone else, administrators included. (Records Firehose failed
 * to convert, under `errors/`, stay readable to administrators, who must diagnose them.)
 *
 * Idempotent and crash-safe: every run first empties the dt's prefix, and UNLOAD refuses a
 * non-empty target, so a dt never holds two releases; a run that dies midway leaves the dt
 * incomplete, the execution failed (alarm), and the next run replaces it whole.
 */
export class ReleaseJob extends Construct {
  readonly role: iam.Role;
  readonly workgroup: athena.CfnWorkGroup;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;
  readonly failedAlarm: cloudwatch.Alarm;
  readonly missingAlarm: cloudwatch.Alarm;
  readonly stateMachineName: string;
  /** Runs that ended, by outcome, summed over five minutes: for the alarm and the dashboard. */
  readonly metrics: ReleaseRunMetrics;

  constructor(scope: Construct, id: string, props: ReleaseJobProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // A fixed name lets the role's policy name its own state machine without a reference cycle.
    this.stateMachineName = `${stack.stackName}-release`;
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workgroupName,
      description:
        'activity-ingest release job: reads raw rows, writes the released zone (no person queries here)',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${RELEASE_RESULTS_PREFIX}`,
          expectedBucketOwner: stack.account,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.dataKey.keyArn },
        },
      },
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description:
        'activity-ingest release job: the only reader of raw rows; writes released/ and release-reports/',
    });
    // The Athena task would grant s3:GetObject on * and Glue writes; this role gets exactly what it needs.
    const policy = new iam.Policy(this, 'RolePolicy', {
      roles: [this.role],
      statements: releaseStatements(props, this.workgroupArn, this.stateMachineArn),
    });
    acknowledgeReleaseWildcards(policy);

    // No one but this role reads raw objects, whatever their identity policies say.
    props.dataBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'RawRowsAreReadByTheReleaseJobOnly',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject*'],
        resources: [props.dataBucket.arnForObjects(`${EVENTS_PREFIX}*`)],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.role.roleArn } },
      }),
    );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: this.stateMachineName,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition(props)),
      role: this.role.withoutPolicyUpdates(),
      timeout: Duration.hours(2),
      tracingEnabled: true,
      // State transitions only: inputs and outputs (query ids, S3 keys) stay out of the logs anyway.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.stateMachine.node.addDependency(policy);

    this.schedule = new scheduler.Schedule(this, 'Daily', {
      description: 'Release yesterday (UTC) for trainers',
      schedule: props.schedule ?? scheduler.ScheduleExpression.cron({ minute: '30', hour: '1' }),
      target: new targets.StepFunctionsStartExecution(this.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
      }),
    });

    const runs = { statistic: 'Sum', period: Duration.minutes(5) };
    this.metrics = {
      succeeded: this.stateMachine.metricSucceeded(runs),
      failed: this.stateMachine.metricFailed(runs),
      timedOut: this.stateMachine.metricTimedOut(runs),
      aborted: this.stateMachine.metricAborted(runs),
    };
    const problems = new cloudwatch.MathExpression({
      expression: 'failed + timedOut + aborted',
      usingMetrics: {
        failed: this.metrics.failed,
        timedOut: this.metrics.timedOut,
        aborted: this.metrics.aborted,
      },
      period: Duration.minutes(5),
    });
    this.failedAlarm = problems.createAlarm(this, 'FailedAlarm', {
      alarmDescription:
        'A release run failed, timed out or was aborted: its dt may be incomplete until a run succeeds.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.missingAlarm = this.stateMachine
      .metricSucceeded({ period: Duration.days(1), statistic: 'Sum' })
      .createAlarm(this, 'MissingAlarm', {
        alarmDescription:
          'No release run succeeded in the last day (schedule disabled, or every run failed).',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
  }

  get workgroupArn(): string {
    return athenaWorkgroupArn(this, this.workgroup.name);
  }

  get stateMachineArn(): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** The state machine's executions, e.g. for a Deny of their history. */
  get executionsArn(): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  private definition(props: ReleaseJobProps): sfn.IChainable {
    const queries = loadReleaseQueries();
    const bucket = props.dataBucket.bucketName;
    const unload =
      `UNLOAD (${orderedRows(bindSettings(queries.rows, props.settings))})\n` +
      `TO 's3://${bucket}/${RELEASED_PREFIX}dt={{dt}}/'\nWITH (format = 'PARQUET', compression = 'ZSTD')`;
    const insert = `INSERT INTO ${RELEASE_REPORT_TABLE}\n${bindSettings(queries.report, props.settings)}`;

    const resolve = sfn.Pass.jsonata(this, 'Resolve the day', {
      comment: 'dt from the input, or yesterday; the SQL templates are literals (nothing secret in them)',
      assign: {
        dt: RELEASE_EXPRESSIONS.dt,
        runId: RELEASE_EXPRESSIONS.runId,
        releasedAt: RELEASE_EXPRESSIONS.releasedAt,
        unloadTemplate: unload,
        insertTemplate: insert,
      },
    });
    const invalid = sfn.Fail.jsonata(this, 'Not a day', {
      error: 'InvalidDay',
      cause: 'dt must be a real day written yyyy-MM-dd',
    });
    const prepare = sfn.Pass.jsonata(this, 'Fill in the queries', {
      assign: {
        unloadQuery: RELEASE_EXPRESSIONS.fill('unloadTemplate'),
        insertQuery: RELEASE_EXPRESSIONS.fill('insertTemplate'),
      },
    });
    // The tasks' iamResources/iamAction are required by CDK but unused: the role is immutable here and
    // releaseStatements() is its whole permission set.
    const running = tasks.CallAwsService.jsonata(this, 'List running releases', {
      service: 'sfn',
      action: 'listExecutions',
      parameters: { StateMachineArn: this.stateMachineArn, StatusFilter: 'RUNNING' },
      iamResources: [this.stateMachineArn],
      outputs: { running: '{% $count($states.result.Executions) %}' },
    });
    const busy = sfn.Fail.jsonata(this, 'Another release is running', {
      error: 'ReleaseAlreadyRunning',
      cause: 'Two releases at once could interleave clearing and writing; start this one again later.',
    });
    const list = tasks.CallAwsService.jsonata(this, 'List released files of the day', {
      service: 's3',
      action: 'listObjectsV2',
      parameters: { Bucket: bucket, Prefix: RELEASE_EXPRESSIONS.releasedPrefix },
      iamAction: 's3:ListBucket',
      iamResources: [props.dataBucket.bucketArn],
      outputs: { keys: '{% [$states.result.Contents.Key] %}' },
    }).addRetry(S3_RETRY);
    const remove = sfn.Map.jsonata(this, 'Delete them', {
      items: sfn.ProvideItems.jsonata('{% $states.input.keys %}'),
      maxConcurrency: 10,
    });
    remove.itemProcessor(
      tasks.CallAwsService.jsonata(this, 'Delete one', {
        service: 's3',
        action: 'deleteObject',
        parameters: { Bucket: bucket, Key: '{% $states.input %}' },
        iamResources: [props.dataBucket.arnForObjects(`${RELEASED_PREFIX}*`)],
      }).addRetry(S3_RETRY),
    );
    const athenaTask = (name: string, query: string, assignAs: string) =>
      tasks.AthenaStartQueryExecution.jsonata(this, name, {
        queryString: `{% $${query} %}`,
        workGroup: props.workgroupName,
        queryExecutionContext: { databaseName: props.databaseName },
        integrationPattern: sfn.IntegrationPattern.RUN_JOB,
        taskTimeout: sfn.Timeout.duration(Duration.hours(1)),
        assign: { [assignAs]: '{% $states.result.QueryExecution.QueryExecutionId %}' },
      }).addRetry({
        errors: ['Athena.TooManyRequestsException', 'Athena.InternalServerException'],
        interval: Duration.seconds(10),
        backoffRate: 2,
        maxAttempts: 5,
      });
    const release = athenaTask('Release the day (UNLOAD)', 'unloadQuery', 'releaseQueryId');
    const report = athenaTask('Append the release report (INSERT)', 'insertQuery', 'reportQueryId');
    const done = sfn.Succeed.jsonata(this, 'Released', {
      outputs: {
        dt: '{% $dt %}',
        releaseQueryId: '{% $releaseQueryId %}',
        reportQueryId: '{% $reportQueryId %}',
      },
    });

    const alone = sfn.Choice.jsonata(this, 'Alone?')
      .when(sfn.Condition.jsonata('{% $states.input.running > 1 %}'), busy)
      .otherwise(list);
    // Clear the day's prefix (a page of keys at a time) until it is empty, then write it.
    const anyLeft = sfn.Choice.jsonata(this, 'Any left?')
      .when(sfn.Condition.jsonata('{% $count($states.input.keys) > 0 %}'), remove)
      .otherwise(release);
    remove.next(list);
    list.next(anyLeft);
    release.next(report).next(done);
    prepare.next(running).next(alone);
    return resolve.next(
      sfn.Choice.jsonata(this, 'Is it a day?')
        .when(sfn.Condition.jsonata(RELEASE_EXPRESSIONS.validDt), prepare)
        .otherwise(invalid),
    );
  }
}

/** Listing and deleting are idempotent: a passing S3 error is retried before the run fails. */
const S3_RETRY: sfn.RetryProps = { interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 3 };

function releaseStatements(
  p: ReleaseJobProps,
  workgroupArn: string,
  stateMachineArn: string,
): iam.PolicyStatement[] {
  const data = p.dataBucket;
  const results = p.resultsBucket;
  const statement = (sid: string, actions: string[], resources: string[], conditions?: iam.Conditions) =>
    new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) });
  return [
    statement(
      'AthenaInReleaseWorkgroup',
      ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:StopQueryExecution'],
      [workgroupArn],
    ),
    statement(
      'GlueReadTables',
      ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
      [p.glue.catalog, p.glue.database, p.glue.rawTable, p.glue.releasedTable, p.glue.reportTable],
    ),
    statement('ReadRawRows', ['s3:GetObject'], [data.arnForObjects(`${EVENTS_PREFIX}*`)]),
    statement(
      'WriteReleasedZone',
      ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      RELEASED_ZONE.map((prefix) => data.arnForObjects(`${prefix}*`)),
    ),
    // Clearing a dt before it is written again; reports are only ever appended.
    statement('ClearReleasedDay', ['s3:DeleteObject'], [data.arnForObjects(`${RELEASED_PREFIX}*`)]),
    statement('ListDataPrefixes', ['s3:ListBucket'], [data.bucketArn], {
      StringLike: { 's3:prefix': listablePrefixes([EVENTS_PREFIX, ...RELEASED_ZONE]) },
    }),
    statement('ListUploads', ['s3:ListBucketMultipartUploads'], [data.bucketArn, results.bucketArn]),
    statement('BucketLocations', ['s3:GetBucketLocation'], [data.bucketArn, results.bucketArn]),
    statement(
      'QueryResults',
      ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      [results.arnForObjects(`${RELEASE_RESULTS_PREFIX}*`)],
    ),
    statement('ListQueryResults', ['s3:ListBucket'], [results.bucketArn], {
      StringLike: { 's3:prefix': listablePrefixes([RELEASE_RESULTS_PREFIX]) },
    }),
    keyThroughS3('DataKeyThroughS3Only', p.dataKey, ['kms:Decrypt', 'kms:GenerateDataKey']),
    statement('OwnExecutions', ['states:ListExecutions'], [stateMachineArn]),
    // What CDK grants a state machine for CloudWatch Logs delivery and X-Ray: these APIs take no resource.
    statement(
      'LogDelivery',
      [
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ],
      ['*'],
    ),
    statement(
      'Tracing',
      [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
      ],
      ['*'],
    ),
  ];
}

/** The release role's wildcards: generated keys under the prefixes it owns, and APIs without resources. */
function acknowledgeReleaseWildcards(policy: iam.Policy): void {
  acknowledgeWildcards(policy, [
    [
      `Resource::<DataBucket.Arn>/${EVENTS_PREFIX}*`,
      'Reading every raw row of a day is the release job’s job.',
    ],
    [
      `Resource::<DataBucket.Arn>/${RELEASED_PREFIX}*`,
      'The release job writes, and clears before rewriting, the released dt folders it owns.',
    ],
    [
      `Resource::<DataBucket.Arn>/${RELEASE_REPORTS_PREFIX}*`,
      'Athena INSERT INTO appends release report files under generated names in this prefix.',
    ],
    [
      `Resource::<ResultsBucket.Arn>/${RELEASE_RESULTS_PREFIX}*`,
      'Athena writes the release queries’ results and manifests under generated keys of this prefix.',
    ],
    [
      'Resource::*',
      'CloudWatch Logs delivery and X-Ray APIs that Step Functions logging and tracing need take no resource ARN.',
    ],
  ]);
}
