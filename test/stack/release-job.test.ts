/**
 * The release in AWS, from the synthesized template: the released zone's tables, the state machine
 * (its JSONata evaluated with the jsonata library, the language Step Functions runs), its schedule,
 * its alarms, its workgroup, and the bucket policy that makes raw rows machine-only.
 */
import jsonata from 'jsonata';
import { beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_EXPRESSIONS } from '../../lib/constructs/release-job.ts';
import { EVENTS_PREFIX, RELEASE_REPORTS_PREFIX, RELEASED_PREFIX } from '../../lib/constructs/storage.ts';
import {
  bindRun,
  bindSettings,
  loadReleaseQueries,
  orderedRows,
  type ReleaseRun,
  timestampLiteralText,
} from '../../lib/release/sql.ts';
import {
  DT_FORMAT,
  glueColumns,
  gluePartitionKeys,
  RELEASE_REPORT_COLUMNS,
  RELEASED_COLUMNS,
} from '../../lib/schema/index.ts';
import { dataLayout } from '../../local/layout.ts';
import { CfnResolver, type CfnTemplate, type Json } from './cfn-resolver.ts';
import { ACCOUNT, logicalIdOf, props, REGION, type Synthesized, synthesize } from './synth.ts';

interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Default?: string;
  Choices?: { Condition: string; Next: string }[];
  Assign?: Record<string, string>;
  Arguments?: Record<string, unknown>;
  Output?: unknown;
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
  Items?: string;
  Error?: string;
  Retry?: unknown[];
}
interface Definition {
  StartAt: string;
  QueryLanguage: string;
  States: Record<string, State>;
}

let synth: Synthesized;
let custom: Synthesized;
let resolver: CfnResolver;
let definition: Definition;
let bucket: string;

function definitionOf(s: Synthesized): Definition {
  const r = new CfnResolver(s.template.toJSON() as CfnTemplate, { account: ACCOUNT, region: REGION });
  const sm = props(s, logicalIdOf(s.stack.release.stateMachine));
  return JSON.parse(r.resolve(sm.DefinitionString as Json) as string) as Definition;
}

/** Evaluates a `{% … %}` field as Step Functions would, with `$states` and the assigned variables. */
async function evaluate(field: string, states: Record<string, unknown>, vars: Record<string, unknown> = {}) {
  const m = /^\{%([\s\S]*)%\}$/.exec(field);
  if (!m) throw new Error(`not a JSONata field: ${field.slice(0, 40)}`);
  return jsonata(m[1]!).evaluate({}, { states, ...vars });
}

const context = (name: string, startTime: string) => ({ Execution: { Name: name, StartTime: startTime } });

beforeAll(() => {
  synth = synthesize();
  custom = synthesize({ releaseMinContributors: '7', releaseMinSessionEvents: '4' });
  resolver = new CfnResolver(synth.template.toJSON() as CfnTemplate, { account: ACCOUNT, region: REGION });
  definition = definitionOf(synth);
  bucket = resolver.ref('DataBucket');
});

describe('released zone tables: columns from lib/schema, Parquet ZSTD, dt projected under released/', () => {
  it('the released table has exactly the released columns and none of the removed ones', () => {
    const table = props(synth, 'ReleasedTable').TableInput;
    expect(table.Name).toBe('released');
    expect(table.StorageDescriptor.Columns).toEqual(
      glueColumns(RELEASED_COLUMNS).map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
    );
    const names = table.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name);
    for (const removed of ['contributor', 'event_id', 'received_at', 'pseudonym_window', 'occurred_at']) {
      expect(names).not.toContain(removed);
    }
    expect(table.PartitionKeys).toEqual(
      gluePartitionKeys().map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
    );
    expect(table.Parameters).toMatchObject({
      'parquet.compression': 'ZSTD',
      'projection.enabled': 'true',
      'projection.dt.format': DT_FORMAT,
      'storage.location.template': {
        'Fn::Join': ['', ['s3://', { Ref: 'DataBucket' }, `/released/dt=\${dt}/`]],
      },
    });
  });

  it('the report table has the report columns, unpartitioned, under release-reports/', () => {
    const table = props(synth, 'ReleaseReportTable').TableInput;
    expect(table.Name).toBe('release_report');
    expect(table.StorageDescriptor.Columns).toEqual(
      glueColumns(RELEASE_REPORT_COLUMNS).map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
    );
    expect(table.PartitionKeys).toBeUndefined();
    expect(resolver.resolve(table.StorageDescriptor.Location)).toBe(`s3://${bucket}/release-reports/`);
  });

  it('are laid out in S3 as the local data folder lays them out', () => {
    const local = dataLayout('/data');
    expect([local.events, local.released, local.releaseReports]).toEqual(
      [EVENTS_PREFIX, RELEASED_PREFIX, RELEASE_REPORTS_PREFIX].map((p) => `/data/${p.slice(0, -1)}`),
    );
  });

  it('released data and reports expire with the raw retention', () => {
    const rules = props(custom, 'DataBucket').LifecycleConfiguration.Rules;
    const days = Number(custom.config.retentionDays);
    for (const prefix of ['events/', 'released/', 'release-reports/']) {
      expect(rules).toContainEqual(expect.objectContaining({ Prefix: prefix, ExpirationInDays: days }));
    }
  });
});

describe('raw rows are machine-only: the data bucket denies them to every principal but the release role', () => {
  it('has a bucket-policy Deny of s3:GetObject* on events/* unless the principal is the release role', () => {
    const policy = Object.values(synth.template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: 'DataBucket' }),
    );
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual({
      Sid: 'RawRowsAreReadByTheReleaseJobOnly',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:GetObject*',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['DataBucket', 'Arn'] }, '/events/*']] },
      Condition: {
        ArnNotEquals: {
          'aws:PrincipalArn': { 'Fn::GetAtt': [logicalIdOf(synth.stack.release.role), 'Arn'] },
        },
      },
    });
  });
});

describe('the state machine clears the dt, then UNLOADs it and appends its report, in its own workgroup', () => {
  it('is JSONata, logs transitions without execution data, traces, and runs as the release role', () => {
    const sm = props(synth, logicalIdOf(synth.stack.release.stateMachine));
    expect(definition.QueryLanguage).toBe('JSONata');
    expect(sm.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(sm.TracingConfiguration).toEqual({ Enabled: true });
    expect(sm.RoleArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(synth.stack.release.role), 'Arn'] });
    expect(sm.StateMachineName).toBe('ActivityIngest-release');
  });

  it('walks resolve → check → alone? → list/delete until empty → UNLOAD → INSERT report', () => {
    const s = definition.States;
    expect(definition.StartAt).toBe('Resolve the day');
    expect(s['Resolve the day']?.Next).toBe('Is it a day?');
    expect(s['Is it a day?']).toMatchObject({
      Default: 'Not a day',
      Choices: [{ Next: 'Fill in the queries' }],
    });
    expect(s['Not a day']).toMatchObject({ Type: 'Fail', Error: 'InvalidDay' });
    expect(s['Fill in the queries']?.Next).toBe('List running releases');
    expect(s['List running releases']?.Resource).toBe('arn:aws:states:::aws-sdk:sfn:listExecutions');
    expect(s['Alone?']).toMatchObject({ Default: 'List released files of the day' });
    expect(s['List released files of the day']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
      Next: 'Any left?',
    });
    expect(s['Any left?']).toMatchObject({
      Default: 'Release the day (UNLOAD)',
      Choices: [{ Next: 'Delete them' }],
    });
    expect(s['Delete them']?.Next).toBe('List released files of the day');
    // Listing and deleting are idempotent, so a passing S3 error is retried.
    const retry = [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }];
    expect(s['List released files of the day']?.Retry).toEqual(retry);
    expect(s['Delete them']?.ItemProcessor?.States['Delete one']?.Retry).toEqual(retry);
    expect(s['Delete them']?.ItemProcessor?.States['Delete one']?.Resource).toBe(
      'arn:aws:states:::aws-sdk:s3:deleteObject',
    );
    for (const name of ['Release the day (UNLOAD)', 'Append the release report (INSERT)']) {
      expect(s[name]).toMatchObject({
        Resource: 'arn:aws:states:::athena:startQueryExecution.sync',
        Arguments: { WorkGroup: synth.config.releaseWorkgroupName },
      });
    }
    expect(s['Release the day (UNLOAD)']?.Next).toBe('Append the release report (INSERT)');
    expect(s['Append the release report (INSERT)']?.Next).toBe('Released');
  });

  it('carries the release SQL of queries/release/ with the configured k and shortest session', () => {
    const queries = loadReleaseQueries();
    const templates = (d: Definition) => d.States['Resolve the day']?.Assign as Record<string, string>;
    const expected = (k: number, min: number) => {
      const settings = { minContributors: k, minSessionEvents: min };
      return {
        unload:
          `UNLOAD (${orderedRows(bindSettings(queries.rows, settings))})\n` +
          `TO 's3://${bucket}/released/dt={{dt}}/'\nWITH (format = 'PARQUET', compression = 'ZSTD')`,
        insert: `INSERT INTO release_report\n${bindSettings(queries.report, settings)}`,
      };
    };
    expect(templates(definition).unloadTemplate).toBe(expected(5, 3).unload);
    expect(templates(definition).insertTemplate).toBe(expected(5, 3).insert);
    expect(templates(definitionOf(custom)).unloadTemplate).toBe(expected(7, 4).unload);
    expect(templates(definitionOf(custom)).unloadTemplate).toContain(
      'HAVING count(DISTINCT contributor) >= 7',
    );
  });

  it('has its own enforced, KMS-encrypted workgroup with results under release-results/', () => {
    const wg = props(synth, logicalIdOf(synth.stack.release.workgroup));
    expect(wg.Name).toBe('activity-release');
    expect(wg.WorkGroupConfiguration).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: {
        EncryptionConfiguration: {
          EncryptionOption: 'SSE_KMS',
          KmsKey: { 'Fn::GetAtt': ['DataKey', 'Arn'] },
        },
      },
    });
    expect(resolver.resolve(wg.WorkGroupConfiguration.ResultConfiguration.OutputLocation)).toMatch(
      /^s3:\/\/.+\/release-results\/$/,
    );
  });
});

describe('a daily schedule starts it for yesterday; failures and missing runs raise alarms', () => {
  it('runs at 01:30 UTC with the scheduled time as input', () => {
    const schedule = props(synth, logicalIdOf(synth.stack.release.schedule));
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(30 1 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      Target: { Arn: { Ref: logicalIdOf(synth.stack.release.stateMachine) } },
    });
    expect(JSON.parse(schedule.Target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('alarms on any failed, timed-out or aborted run, and on a day without a successful one', () => {
    const failed = props(synth, logicalIdOf(synth.stack.release.failedAlarm));
    expect(failed).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const metrics = failed.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat);
    expect(
      metrics.map((m: { MetricStat: { Metric: { MetricName: string } } }) => m.MetricStat.Metric.MetricName),
    ).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']);
    const missing = props(synth, logicalIdOf(synth.stack.release.missingAlarm));
    expect(missing).toMatchObject({
      MetricName: 'ExecutionsSucceeded',
      Period: 86400,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });
});

describe('the state machine’s JSONata, evaluated', () => {
  const assign = () => definition.States['Resolve the day']?.Assign as Record<string, string>;
  const START = '2026-11-28T01:30:07.123Z';

  it('releases the dt given, else the day before the scheduled time, else the day before the start', async () => {
    const dt = (input: Record<string, unknown>) =>
      evaluate(assign().dt!, { input, context: context('x', START) });
    expect(await dt({ dt: '2026-10-01' })).toBe('2026-10-01');
    expect(await dt({ scheduledTime: '2026-03-01T01:30:00Z' })).toBe('2026-02-28');
    expect(await dt({})).toBe('2026-11-27');
  });

  it('lets only a real day written yyyy-MM-dd through', async () => {
    const condition = definition.States['Is it a day?']?.Choices?.[0]?.Condition as string;
    expect(condition).toBe(RELEASE_EXPRESSIONS.validDt);
    const valid = (dt: unknown) => evaluate(condition, {}, { dt }).catch(() => 'error');
    for (const good of ['2026-11-27', '2028-02-29']) expect(await valid(good), good).toBe(true);
    for (const bad of ['2026-02-30', '2026-1-1', "2026-11-27' OR '1'='1", '2026-11-27/', 20261127, null]) {
      // Either false (→ Fail state) or an evaluation error (→ failed execution): never released.
      expect(await valid(bad), String(bad)).not.toBe(true);
    }
  });

  it('fills the same SQL as the local release for the same run', async () => {
    const run: ReleaseRun = { dt: '2026-11-27', runId: 'manual_2026-11-27_x', releasedAt: new Date(START) };
    const states = { input: { dt: run.dt }, context: context('manual:2026-11-27 x', START) };
    const runId = await evaluate(assign().runId!, states);
    const releasedAt = await evaluate(assign().releasedAt!, states);
    expect(runId).toBe(run.runId);
    expect(releasedAt).toBe(timestampLiteralText(run.releasedAt));
    const vars = {
      dt: run.dt,
      runId,
      releasedAt,
      unloadTemplate: assign().unloadTemplate,
      insertTemplate: assign().insertTemplate,
    };
    const fill = definition.States['Fill in the queries']?.Assign as Record<string, string>;
    expect(await evaluate(fill.unloadQuery!, states, vars)).toBe(bindRun(assign().unloadTemplate!, run));
    expect(await evaluate(fill.insertQuery!, states, vars)).toBe(bindRun(assign().insertTemplate!, run));
    expect(bindRun(assign().unloadTemplate!, run)).toContain(`TO 's3://${bucket}/released/dt=2026-11-27/'`);
  });

  it('lists the day’s released keys (none when the prefix is empty) and loops while any are left', async () => {
    const list = definition.States['List released files of the day'] as State;
    expect(await evaluate((list.Arguments as { Prefix: string }).Prefix, {}, { dt: '2026-11-27' })).toBe(
      'released/dt=2026-11-27/',
    );
    const keys = (list.Output as { keys: string }).keys;
    expect(await evaluate(keys, { result: { KeyCount: 0 } })).toEqual([]);
    expect(await evaluate(keys, { result: { Contents: [{ Key: 'a' }] } })).toEqual(['a']);
    expect(await evaluate(keys, { result: { Contents: [{ Key: 'a' }, { Key: 'b' }] } })).toEqual(['a', 'b']);
    const anyLeft = definition.States['Any left?']?.Choices?.[0]?.Condition as string;
    expect(await evaluate(anyLeft, { input: { keys: [] } })).toBe(false);
    expect(await evaluate(anyLeft, { input: { keys: ['a'] } })).toBe(true);
  });

  it('refuses to run next to another release of the stack', async () => {
    const running = (definition.States['List running releases']!.Output as { running: string }).running;
    const alone = definition.States['Alone?']?.Choices?.[0]?.Condition as string;
    const count = await evaluate(running, { result: { Executions: [{}, {}] } });
    expect(await evaluate(alone, { input: { running: count } })).toBe(true);
    expect(
      await evaluate(alone, {
        input: { running: await evaluate(running, { result: { Executions: [{}] } }) },
      }),
    ).toBe(false);
  });
});
