import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
} from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  chunkRecords,
  createFirehoseSink,
  type FirehoseSinkProps,
  isRetryable,
  MAX_BYTES_PER_CALL,
} from '../../lib/ingest/firehose-sink.ts';
import { storedRow } from '../support/stored-row.ts';

const firehose = mockClient(FirehoseClient);
const client = new FirehoseClient({ region: 'eu-west-1' });

/** A fake clock: sleeping advances it, so retry budgets are exact and tests are instant. */
function fakeTime() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

function sink(overrides: Partial<FirehoseSinkProps> = {}) {
  const time = fakeTime();
  const retried: number[] = [];
  const s = createFirehoseSink({
    client,
    deliveryStreamName: 'activity-events',
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    onRetry: (n) => retried.push(n),
    ...overrides,
  });
  return { sink: s, time, retried };
}

const rows = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    storedRow({ event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }),
  );
const sentIds = (input: PutRecordBatchCommandInput) =>
  (input.Records ?? []).map((r) => JSON.parse(new TextDecoder().decode(r.Data)).event_id as string);
const ok = (n: number) => ({
  FailedPutCount: 0,
  RequestResponses: Array.from({ length: n }, (_, i) => ({ RecordId: `r${i}` })),
});
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ServiceUnavailableException',
    $metadata: { httpStatusCode: 503 },
  });

beforeEach(() => firehose.reset());

describe('records go out within Firehose limits', () => {
  it('splits into calls of at most 500 records', () => {
    const chunks = chunkRecords(Array.from({ length: 1201 }, () => 100));
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 201]);
  });

  it('splits into calls of at most 4 MiB', () => {
    const size = 900 * 1024;
    const chunks = chunkRecords(Array.from({ length: 10 }, () => size));
    for (const c of chunks) expect(c.length * size).toBeLessThanOrEqual(MAX_BYTES_PER_CALL);
    expect(chunks.flat()).toEqual([...Array(10).keys()]);
  });

  it('sends 1,200 rows in 3 calls and reports each delivered', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .callsFake((input: PutRecordBatchCommandInput) => ok(input.Records!.length));
    const { sink: s } = sink();
    const outcomes = await s.deliver(rows(1200));
    expect(outcomes.every((o) => o === 'delivered')).toBe(true);
    const calls = firehose.commandCalls(PutRecordBatchCommand);
    expect(calls.map((c) => c.args[0].input.Records!.length)).toEqual([500, 500, 200]);
    expect(calls[0]!.args[0].input.DeliveryStreamName).toBe('activity-events');
  });

  it('never sends a record over 1,000 KiB: it is reported failed', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .callsFake((input: PutRecordBatchCommandInput) => ok(input.Records!.length));
    const { sink: s } = sink();
    const outcomes = await s.deliver([storedRow(), storedRow({ content: 'x'.repeat(1000 * 1024) })]);
    expect(outcomes).toEqual(['delivered', 'failed']);
    expect(firehose.commandCalls(PutRecordBatchCommand)[0]!.args[0].input.Records).toHaveLength(1);
  });
});

describe('failed records are retried with backoff inside a time budget', () => {
  it('partial failure: only the failed records are sent again, then all are delivered', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 2,
        RequestResponses: [
          { RecordId: 'r0' },
          { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' },
          { RecordId: 'r2' },
          { ErrorCode: 'InternalFailure' },
        ],
      })
      .callsFake((input: PutRecordBatchCommandInput) => ok(input.Records!.length));
    const { sink: s, retried } = sink();
    const input = rows(4);
    expect(await s.deliver(input)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    const calls = firehose.commandCalls(PutRecordBatchCommand);
    expect(calls).toHaveLength(2);
    expect(sentIds(calls[1]!.args[0].input)).toEqual([input[1]!.event_id, input[3]!.event_id]);
    expect(retried).toEqual([2]);
  });

  it('persistent partial failure: those rows are reported failed once the budget is spent', async () => {
    firehose.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => ({
      FailedPutCount: 1,
      RequestResponses: input.Records!.map((_, i) =>
        i === 0 ? { ErrorCode: 'InternalFailure' } : { RecordId: `r${i}` },
      ),
    }));
    const { sink: s, time } = sink({ budgetMs: 3000 });
    expect(await s.deliver(rows(3))).toEqual(['failed', 'delivered', 'delivered']);
    expect(time.now()).toBeLessThanOrEqual(3000);
    expect(firehose.commandCalls(PutRecordBatchCommand).length).toBeGreaterThan(3);
  });

  it('throttling exception: the whole call is retried and then succeeds', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .callsFake((input: PutRecordBatchCommandInput) => ok(input.Records!.length));
    const { sink: s } = sink();
    expect(await s.deliver(rows(2))).toEqual(['delivered', 'delivered']);
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(3);
  });

  it('total outage: everything is reported failed within the budget, never rejected', async () => {
    firehose.on(PutRecordBatchCommand).rejects(throttled());
    const { sink: s, time } = sink({ budgetMs: 2000 });
    expect(await s.deliver(rows(5))).toEqual(Array(5).fill('failed'));
    expect(time.now()).toBeLessThanOrEqual(2000);
  });

  it('a non-retryable error (missing stream) is not retried', async () => {
    firehose.on(PutRecordBatchCommand).rejects(
      Object.assign(new Error('not found'), {
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const { sink: s } = sink();
    expect(await s.deliver(rows(2))).toEqual(['failed', 'failed']);
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(1);
  });

  it('backs off exponentially with full jitter, capped', async () => {
    firehose.on(PutRecordBatchCommand).rejects(throttled());
    const { sink: s, time } = sink({
      budgetMs: 10_000,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 0.999,
    });
    await s.deliver(rows(1));
    // attempt n waits random * min(cap, base * 2^n): ~200, 400, 800, then capped at 1000.
    expect(time.sleeps.slice(0, 5).map(Math.round)).toEqual([200, 400, 799, 999, 999]);
  });

  it('full jitter can wait anywhere from zero up to the ceiling', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .rejectsOnce(throttled())
      .callsFake(() => ok(1));
    const { sink: s, time } = sink({ random: () => 0 });
    await s.deliver(rows(1));
    expect(time.sleeps).toEqual([0]);
  });

  it('classifies errors: throttling, 5xx and network errors are retryable; client errors are not', () => {
    expect(isRetryable(throttled())).toBe(true);
    expect(isRetryable({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isRetryable({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isRetryable({ name: 'Error', code: 'ECONNRESET' })).toBe(true);
    expect(isRetryable({ name: 'InvalidArgumentException', $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(isRetryable({ name: 'AbortError' })).toBe(false);
  });
});
