import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
} from '@aws-sdk/client-firehose';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProxyHandler, header, toIngestRequest } from '../../lambdas/ingest/adapter.ts';
import { createMemorySink } from '../../lib/ingest/memory-sink.ts';
import { config, envelope, fixedKeys, typical } from './fixtures.ts';

const context = { awsRequestId: 'lambda-req-1' } as Context;

function apiEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    body: JSON.stringify(envelope([typical.build!()])),
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    httpMethod: 'POST',
    isBase64Encoded: false,
    path: '/v1/events',
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: { requestId: 'apigw-req-1' } as APIGatewayProxyEvent['requestContext'],
    resource: '/v1/events',
    ...overrides,
  };
}

describe('the Lambda adapter only translates API Gateway events', () => {
  it('finds headers whatever their case, in single- or multi-value form', () => {
    expect(header(apiEvent({ headers: { 'CONTENT-TYPE': 'application/json' } }), 'content-type')).toBe(
      'application/json',
    );
    expect(
      header(
        apiEvent({ headers: {}, multiValueHeaders: { 'content-type': ['text/plain'] } }),
        'Content-Type',
      ),
    ).toBe('text/plain');
    expect(header(apiEvent({ headers: null as never }), 'content-type')).toBeUndefined();
  });

  it('decodes base64 bodies to bytes and takes the API Gateway request id', () => {
    const text = JSON.stringify(envelope([typical.clipboard!()]));
    const req = toIngestRequest(
      apiEvent({ body: Buffer.from(text).toString('base64'), isBase64Encoded: true }),
      context,
    );
    expect(new TextDecoder().decode(req.body as Uint8Array)).toBe(text);
    expect(req.requestId).toBe('apigw-req-1');
    expect(toIngestRequest(apiEvent({ body: null }), context).body).toBe('');
  });

  it('answers through the core: 200, 415 and base64 bodies', async () => {
    const handler = createProxyHandler({ keys: fixedKeys(), sink: createMemorySink(), config });
    expect((await handler(apiEvent(), context)).statusCode).toBe(200);
    expect((await handler(apiEvent({ headers: { 'content-type': 'text/plain' } }), context)).statusCode).toBe(
      415,
    );
    const b64 = apiEvent({ body: Buffer.from(apiEvent().body!).toString('base64'), isBase64Encoded: true });
    const res = await handler(b64, context);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).request_id).toBe('apigw-req-1');
  });
});

describe('the deployed handler reads its settings from the environment, once per container', () => {
  const env = {
    DELIVERY_STREAM_NAME: 'activity-events',
    PSEUDONYM_KEY_ID: 'alias/activity-ingest-pseudonym',
    PSEUDONYM_WINDOW: 'day',
    MAX_EVENTS: '500',
    MAX_BODY_BYTES: '1048576',
    MAX_CONTENT_BYTES: '65536',
    INTERNAL_DOMAINS: 'corp.example.com',
    AWS_REGION: 'eu-west-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  const firehose = mockClient(FirehoseClient);
  const kms = mockClient(KMSClient);

  beforeEach(() => {
    vi.resetModules();
    firehose.reset();
    kms.reset();
    kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array(32).fill(9) });
    firehose.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => ({
      FailedPutCount: 0,
      RequestResponses: input.Records!.map(() => ({ RecordId: 'r' })),
    }));
  });
  afterEach(() => vi.unstubAllEnvs());

  it('stores a batch end to end with one KMS call across invocations', async () => {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const { handler } = await import('../../lambdas/ingest/handler.ts');
    for (let i = 0; i < 3; i++) {
      const res = await handler(apiEvent(), context);
      expect(res.statusCode).toBe(200);
    }
    expect(kms.commandCalls(GenerateMacCommand)).toHaveLength(1);
    expect(kms.commandCalls(GenerateMacCommand)[0]!.args[0].input.KeyId).toBe(env.PSEUDONYM_KEY_ID);
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(3);
    expect(firehose.commandCalls(PutRecordBatchCommand)[0]!.args[0].input.DeliveryStreamName).toBe(
      'activity-events',
    );
  });

  it('fails at cold start with an error naming the missing variable', async () => {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    vi.stubEnv('DELIVERY_STREAM_NAME', '');
    await expect(import('../../lambdas/ingest/handler.ts')).rejects.toThrow(
      'DELIVERY_STREAM_NAME: is required',
    );
  });

  it('fails at cold start on an invalid setting, naming it', async () => {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    vi.stubEnv('MAX_CONTENT_BYTES', 'lots');
    await expect(import('../../lambdas/ingest/handler.ts')).rejects.toThrow(
      /^MAX_CONTENT_BYTES: must be an integer/,
    );
  });
});
