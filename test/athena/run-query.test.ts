/** The trainers' Athena runner, against aws-sdk-client-mock: what it asks Athena and what it makes of the answers. */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AthenaProgress,
  AthenaQueryCancelled,
  AthenaQueryFailed,
  runAthenaQuery,
} from '../../lib/athena/run-query.ts';
import { StackOutputsError, trainerTargetsOf } from '../../lib/athena/stack-outputs.ts';

const athena = mockClient(AthenaClient);
const client = new AthenaClient({ region: 'eu-west-1' });
const COLUMNS = [
  { Name: 'event_type', Label: 'event_type', Type: 'varchar' },
  { Name: 'events', Label: 'events', Type: 'bigint' },
  { Name: 'share', Label: 'share', Type: 'double' },
  { Name: 'passed', Label: 'passed', Type: 'boolean' },
];
const row = (...values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});
const header = row('event_type', 'events', 'share', 'passed');
let slept: number[];
const fast = { sleep: async (ms: number) => void slept.push(ms), pollMs: 100 };

beforeEach(() => {
  athena.reset();
  slept = [];
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
});

const succeedsAfter = (running: number, scanned = 1024) => {
  const states = [...Array(running).fill('RUNNING'), 'SUCCEEDED'];
  athena.on(GetQueryExecutionCommand).callsFake(() => ({
    QueryExecution: {
      Status: { State: states.shift() ?? 'SUCCEEDED' },
      Statistics: { DataScannedInBytes: scanned },
    },
  }));
};

describe('runs a query in the workgroup and reads every page', () => {
  it('starts in the workgroup and database, polls with growing delays, types the values', async () => {
    succeedsAfter(3);
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: COLUMNS },
        Rows: [header, row('build', '12', '0.5', 'true'), row('navigation', undefined, '1e-3', 'false')],
      },
    });
    const progress: AthenaProgress[] = [];
    const r = await runAthenaQuery({
      client,
      workgroup: 'activity-training',
      database: 'activity_ingest',
      sql: 'SELECT 1',
      onProgress: (p) => progress.push(p),
      ...fast,
    });
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input).toEqual({
      QueryString: 'SELECT 1',
      WorkGroup: 'activity-training',
      QueryExecutionContext: { Database: 'activity_ingest' },
    });
    expect(slept).toEqual([100, 200, 400]);
    expect(r.columns.map((c) => c.name)).toEqual(['event_type', 'events', 'share', 'passed']);
    expect(r.rows).toEqual([
      ['build', 12, 0.5, true],
      ['navigation', null, 0.001, false],
    ]);
    expect(progress.map((p) => p.state)).toEqual(['STARTING', 'RUNNING', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(progress.at(-1)!.dataScannedBytes).toBe(1024);
  });

  it('pages with NextToken; the header row is dropped only on the first page', async () => {
    succeedsAfter(0);
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce({
        NextToken: 't2',
        ResultSet: { ResultSetMetadata: { ColumnInfo: COLUMNS }, Rows: [header, row('a', '1', '1', 'true')] },
      })
      .resolvesOnce({ NextToken: 't3', ResultSet: { Rows: [row('event_type', '2', '2', 'true')] } })
      .resolvesOnce({ ResultSet: { Rows: [row('c', '3', '3', 'false')] } });
    const r = await runAthenaQuery({ client, workgroup: 'w', database: 'd', sql: 'SELECT', ...fast });
    expect(r.rows.map((x) => x[1])).toEqual([1, 2, 3]);
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.NextToken)).toEqual([
      undefined,
      't2',
      't3',
    ]);
  });

  it('with maxRows stops fetching pages once it has them', async () => {
    succeedsAfter(0);
    athena.on(GetQueryResultsCommand).resolves({
      NextToken: 'more',
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: COLUMNS },
        Rows: [header, row('a', '1', '1', 'true'), row('b', '2', '2', 'true')],
      },
    });
    const r = await runAthenaQuery({
      client,
      workgroup: 'w',
      database: 'd',
      sql: 'SELECT',
      maxRows: 1,
      ...fast,
    });
    expect(r.rows).toHaveLength(1);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(1);
  });
});

describe('says why a query did not give results', () => {
  it('a FAILED query rejects with Athena’s reason and error type', async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'FAILED',
          StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'contributor' cannot be resolved",
          AthenaError: { ErrorCategory: 2, ErrorType: 1006 },
        },
      },
    });
    const err = await runAthenaQuery({
      client,
      workgroup: 'w',
      database: 'd',
      sql: 'SELECT contributor',
      ...fast,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AthenaQueryFailed);
    expect((err as AthenaQueryFailed).reason).toMatch(/contributor' cannot be resolved/);
    expect((err as AthenaQueryFailed).errorType).toBe('1006');
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('aborting (Ctrl-C) stops the query in Athena and rejects as cancelled', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    const controller = new AbortController();
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((_, reject) => {
        controller.abort(new Error('SIGINT'));
        reject(signal?.reason);
      });
    const err = await runAthenaQuery({
      client,
      workgroup: 'w',
      database: 'd',
      sql: 'SELECT',
      signal: controller.signal,
      sleep,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AthenaQueryCancelled);
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({
      QueryExecutionId: 'q-1',
    });
  });

  it('a query someone else cancelled rejects as cancelled', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'CANCELLED' } } });
    await expect(
      runAthenaQuery({ client, workgroup: 'w', database: 'd', sql: 'SELECT', ...fast }),
    ).rejects.toBeInstanceOf(AthenaQueryCancelled);
  });
});

describe('rides out Athena throttling', () => {
  const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

  it('retries throttled calls with backoff, then succeeds', async () => {
    athena.on(StartQueryExecutionCommand).rejectsOnce(throttled()).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' }))
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: COLUMNS }, Rows: [header] } });
    const r = await runAthenaQuery({ client, workgroup: 'w', database: 'd', sql: 'SELECT', ...fast });
    expect(r.rows).toEqual([]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(2);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
    expect(slept).toEqual([400, 400, 800]);
  });

  it('gives up after the attempts it was given, with the service’s error', async () => {
    athena.on(StartQueryExecutionCommand).rejects(throttled());
    await expect(
      runAthenaQuery({
        client,
        workgroup: 'w',
        database: 'd',
        sql: 'SELECT',
        maxThrottleAttempts: 3,
        ...fast,
      }),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
  });

  it('does not retry an error that is not throttling', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejects(Object.assign(new Error('no such workgroup'), { name: 'InvalidRequestException' }));
    await expect(
      runAthenaQuery({ client, workgroup: 'w', database: 'd', sql: 'SELECT', ...fast }),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });
});

describe('finds the workgroup and database of a deployed stack', () => {
  const cfn = mockClient(CloudFormationClient);
  beforeEach(() => cfn.reset());

  it('from its outputs', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'ActivityIngest',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'WorkgroupName', OutputValue: 'activity-training' },
            { OutputKey: 'DatabaseName', OutputValue: 'activity_ingest' },
            { OutputKey: 'ReleasedTableName', OutputValue: 'released' },
          ],
        },
      ],
    });
    await expect(
      trainerTargetsOf(new CloudFormationClient({ region: 'eu-west-1' }), 'ActivityIngest'),
    ).resolves.toEqual({
      workgroup: 'activity-training',
      database: 'activity_ingest',
      table: 'released',
    });
  });

  it('names the stack when it is not an activity-ingest stack', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'Other', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [] }],
    });
    await expect(
      trainerTargetsOf(new CloudFormationClient({ region: 'eu-west-1' }), 'Other'),
    ).rejects.toThrow(StackOutputsError);
  });
});
