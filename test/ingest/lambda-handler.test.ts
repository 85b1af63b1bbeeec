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
import { config, EMPLOYEE_ID, envelope, fixedKeys, typical } from './fixtures.ts';

const context = { awsRequestId: 'lambda-req-1' } as Context;
const ACCOUNT = '123456789012';
const AGENT_ROLE = 'ActivityIngest-AgentsAgentRole1A2B3C4D-XYZ';
const agent = { accountId: ACCOUNT, roleName: AGENT_ROLE };

/** `requestContext.identity` as API Gateway fills it for an AWS_IAM-authorized (SigV4) call. */
function sigv4Identity(userArn: string | null, user = 'AROAEXAMPLEID:session') {
  return {
    accountId: userArn ? ACCOUNT : null,
    accessKey: userArn ? 'ASIAEXAMPLEKEY' : null,
    caller: userArn ? user : null,
    user: userArn ? user : null,
    userArn,
    userAgent: 'activity-agent/1.4.2',
    sourceIp: '203.0.113.10',
    principalOrgId: null,
    apiKey: null,
    apiKeyId: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
  };
}

/** An API Gateway event signed by a session of `userArn`. */
function signedBy(
  userArn: string | null,
  overrides: Partial<APIGatewayProxyEvent> = {},
): APIGatewayProxyEvent {
  return apiEvent({
    requestContext: {
      requestId: 'apigw-req-1',
      identity: sigv4Identity(userArn),
    } as unknown as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  });
}
const agentSession = (employee: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${AGENT_ROLE}/${employee}`;

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
    requestContext: {
      requestId: 'apigw-req-1',
      identity: sigv4Identity(agentSession(EMPLOYEE_ID)),
    } as unknown as APIGatewayProxyEvent['requestContext'],
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
      agent,
    );
    expect(new TextDecoder().decode(req.body as Uint8Array)).toBe(text);
    expect(req.requestId).toBe('apigw-req-1');
    expect(toIngestRequest(apiEvent({ body: null }), context, agent).body).toBe('');
  });

  it('answers through the core: 200, 415 and base64 bodies', async () => {
    const handler = createProxyHandler({ keys: fixedKeys(), sink: createMemorySink(), config }, agent);
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

describe('whose events these are is decided by the caller’s credentials, never by the body', () => {
  const setup = () => {
    const sink = createMemorySink();
    return { sink, handler: createProxyHandler({ keys: fixedKeys(), sink, config }, agent) };
  };
  const errorCode = (res: { body: string }) =>
    (JSON.parse(res.body) as { error: { code: string } }).error.code;

  it('takes the employee from the AgentRole session name; the envelope may omit employee_id', async () => {
    const { sink, handler } = setup();
    const withId = await handler(signedBy(agentSession('E-1029384')), context);
    const body = envelope([typical.build!()]);
    delete body.employee_id;
    const withoutId = await handler(
      signedBy(agentSession('E-1029384'), { body: JSON.stringify(body) }),
      context,
    );
    expect([withId.statusCode, withoutId.statusCode]).toEqual([200, 200]);
    const [a, b] = sink.rows;
    expect(a!.contributor).toBe(b!.contributor);
  });

  it('a body naming the same employee in another case or width is the same person', async () => {
    const { handler } = setup();
    const body = JSON.stringify(envelope([typical.build!()], { employee_id: ' ｅ-1029384 ' }));
    expect((await handler(signedBy(agentSession('E-1029384'), { body }), context)).statusCode).toBe(200);
  });

  it('posting as employee B with A’s credentials → 403 identity_mismatch, nothing stored', async () => {
    const { sink, handler } = setup();
    const body = JSON.stringify(
      envelope([typical.build!(), typical.clipboard!()], { employee_id: 'E-7777777' }),
    );
    const res = await handler(signedBy(agentSession('E-1029384'), { body }), context);
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('identity_mismatch');
    // The message names the field and the rule; neither id appears in the answer.
    expect(res.body).not.toContain('E-7777777');
    expect(res.body).not.toContain('1029384');
    expect(sink.rows).toHaveLength(0);
  });

  it.each([
    ['another role of this account', `arn:aws:sts::${ACCOUNT}:assumed-role/ml-trainers/E-1029384`],
    [
      'the agent role’s name in another account',
      `arn:aws:sts::999999999999:assumed-role/${AGENT_ROLE}/E-1029384`,
    ],
    ['an IAM user', `arn:aws:iam::${ACCOUNT}:user/alice`],
    ['the account root', `arn:aws:iam::${ACCOUNT}:root`],
    [
      'a role whose name only starts like the agent role’s',
      `arn:aws:sts::${ACCOUNT}:assumed-role/${AGENT_ROLE}x/E-1029384`,
    ],
    ['a federated user', `arn:aws:sts::${ACCOUNT}:federated-user/E-1029384`],
    ['no identity at all', null],
  ])('%s → 403 forbidden_caller, nothing stored', async (_, userArn) => {
    const { sink, handler } = setup();
    const res = await handler(signedBy(userArn), context);
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('forbidden_caller');
    expect(sink.rows).toHaveLength(0);
  });

  it('a request context without an identity object → 403 forbidden_caller', async () => {
    const { sink, handler } = setup();
    const res = await handler(
      apiEvent({ requestContext: { requestId: 'r' } as APIGatewayProxyEvent['requestContext'] }),
      context,
    );
    expect([res.statusCode, errorCode(res), sink.rows.length]).toEqual([403, 'forbidden_caller', 0]);
  });
});

describe('the deployed handler reads its settings from the environment, once per container', () => {
  const env = {
    AGENT_ACCOUNT_ID: ACCOUNT,
    AGENT_ROLE_NAME: AGENT_ROLE,
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
