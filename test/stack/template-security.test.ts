/** Template assertions, one `describe` per security property the issue asks of the stack. */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_STAGE, EVENTS_ROUTE } from '../../lib/api/contract.ts';
import { KEY_ADMIN_ACTIONS } from '../../lib/constructs/pseudonym-key.ts';
import { CfnResolver, type CfnTemplate, type Json } from './cfn-resolver.ts';
import { ACCOUNT, logicalIdOf, REGION, type Synthesized, synthesize } from './synth.ts';

/** One synthesis with every overridable setting changed, as `cdk deploy -c key=value` would pass them. */
const TRAINERS = 'arn:aws:iam::123456789012:role/ml-trainers,arn:aws:iam::210987654321:role/research';
const CUSTOM_CONTEXT = {
  retentionDays: '400',
  bufferSizeMiB: '64',
  bufferIntervalSeconds: '60',
  reservedConcurrency: '25',
  pseudonymWindow: 'week',
  throttleRateLimit: '5',
  throttleBurstLimit: '10',
  bytesScannedCutoffMiB: '100',
  trainerPrincipals: TRAINERS,
};

let synth: Synthesized;
let custom: Synthesized;
// Template JSON is untyped; the assertions below check its shape.
let customResources: ReturnType<Template['toJSON']>;
let template: Template;
let resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;

const ref = (id: string) => ({ Ref: id });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const only = (type: string) => {
  const ids = Object.keys(template.findResources(type));
  expect(ids, type).toHaveLength(1);
  return ids[0] as string;
};
const props = (id: string) => resources[id]?.Properties ?? {};
const asList = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);
type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
const statementsOf = (doc: unknown) => (doc as { Statement: Statement[] }).Statement;
const ingestRole = () => logicalIdOf(synth.stack.ingest.role);

beforeAll(() => {
  synth = synthesize();
  custom = synthesize(CUSTOM_CONTEXT);
  customResources = custom.template.toJSON().Resources;
  template = synth.template;
  resources = template.toJSON().Resources;
});

describe('storage: the data bucket is private, encrypted with its own key, and expires data', () => {
  it('encrypts with the customer-managed data key, bucket key on', () => {
    expect(props('DataBucket').BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf('DataKey') },
        },
      ],
    });
    expect(props('DataKey').EnableKeyRotation).toBe(true);
  });

  it('blocks all public access, enforces object ownership and versioning, logs access to a separate bucket', () => {
    for (const bucket of ['DataBucket', 'ResultsBucket', 'AccessLogBucket']) {
      expect(props(bucket).PublicAccessBlockConfiguration, bucket).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(props(bucket).OwnershipControls, bucket).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      });
      expect(props(bucket).VersioningConfiguration, bucket).toEqual({ Status: 'Enabled' });
    }
    expect(props('DataBucket').LoggingConfiguration).toEqual({
      DestinationBucketName: ref('AccessLogBucket'),
      LogFilePrefix: 'data-bucket/',
    });
  });

  it('denies every request without TLS', () => {
    for (const bucket of ['DataBucket', 'ResultsBucket', 'AccessLogBucket']) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(bucket),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('expires events/ after the retention, errors/ after 30 days and noncurrent versions after 7', () => {
    const rules = (props('DataBucket').LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'events/', ExpirationInDays: 365, Status: 'Enabled' }),
        expect.objectContaining({ Prefix: 'errors/', ExpirationInDays: 30, Status: 'Enabled' }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 7 }, Status: 'Enabled' }),
      ]),
    );
  });

  it('takes the events retention from context', () => {
    const rules = customResources.DataBucket.Properties.LifecycleConfiguration.Rules as Record<
      string,
      unknown
    >[];
    expect(rules).toContainEqual(expect.objectContaining({ Prefix: 'events/', ExpirationInDays: 400 }));
  });

  it('retains buckets and keys when the stack is deleted', () => {
    for (const id of ['DataBucket', 'ResultsBucket', 'AccessLogBucket', 'DataKey', 'PseudonymKey']) {
      expect(resources[id], id).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });
});

describe('pseudonym key: the account administers it but nobody except the ingest role can use it', () => {
  let statements: Statement[];
  beforeAll(() => {
    statements = statementsOf(props('PseudonymKey').KeyPolicy);
  });

  it('is an HMAC_256 key for GenerateMac', () => {
    expect(props('PseudonymKey')).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  });

  it('gives the account administration only, never kms:* or any cryptographic use', () => {
    const account = statements.filter((s) => JSON.stringify(s.Principal).includes(':root'));
    expect(account).toHaveLength(1);
    expect(account[0]?.Effect).toBe('Allow');
    expect(asList(account[0]?.Action).sort()).toEqual([...KEY_ADMIN_ACTIONS].sort());
    for (const action of asList(account[0]?.Action)) {
      expect(action).not.toMatch(/^kms:\*$|Mac|Encrypt|Decrypt|GenerateDataKey|ReEncrypt|Sign|Verify/i);
    }
  });

  it('allows GenerateMac to the ingest role and no other use to anyone', () => {
    const uses = statements.filter(
      (s) =>
        s.Effect === 'Allow' && s !== statements.find((a) => a.Sid === 'AccountAdministersButDoesNotUse'),
    );
    expect(uses).toEqual([
      {
        Sid: 'IngestRoleGeneratesMac',
        Effect: 'Allow',
        Principal: { AWS: arnOf(ingestRole()) },
        Action: 'kms:GenerateMac',
        Resource: '*',
      },
    ]);
  });

  it('explicitly denies GenerateMac and VerifyMac to every principal but the ingest role', () => {
    expect(statements).toContainEqual({
      Sid: 'DenyMacToAllButIngestRole',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['kms:GenerateMac', 'kms:VerifyMac'],
      Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [arnOf(ingestRole())] } },
    });
  });

  it('has no automatic rotation (KMS does not rotate HMAC keys)', () => {
    expect(props('PseudonymKey').EnableKeyRotation).toBeUndefined();
  });
});

describe('delivery: Firehose encrypts, converts to Parquet from the Glue table, and logs failures', () => {
  let stream: Record<string, unknown>;
  let s3: Record<string, unknown>;
  beforeAll(() => {
    stream = props('DeliveryStream');
    s3 = stream.ExtendedS3DestinationConfiguration as Record<string, unknown>;
  });

  it('is a DirectPut stream with server-side encryption under the data key', () => {
    expect(stream.DeliveryStreamType).toBe('DirectPut');
    expect(stream.DeliveryStreamEncryptionConfigurationInput).toEqual({
      KeyType: 'CUSTOMER_MANAGED_CMK',
      KeyARN: arnOf('DataKey'),
    });
    expect(s3.EncryptionConfiguration).toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: arnOf('DataKey') } });
  });

  it('converts OpenX JSON to SNAPPY Parquet with the schema of the Glue table', () => {
    expect(s3.DataFormatConversionConfiguration).toMatchObject({
      Enabled: true,
      InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
      SchemaConfiguration: {
        DatabaseName: synth.config.databaseName,
        TableName: ref('EventsTable'),
        VersionId: 'LATEST',
      },
    });
  });

  it('writes events/dt=…/ and errors/<type>/dt=…/ with 128 MiB / 300 s buffering', () => {
    expect(s3.Prefix).toBe('events/dt=!{timestamp:yyyy-MM-dd}/');
    expect(s3.ErrorOutputPrefix).toBe('errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/');
    expect(s3.BufferingHints).toEqual({ SizeInMBs: 128, IntervalInSeconds: 300 });
    expect(s3.CloudWatchLoggingOptions).toMatchObject({ Enabled: true });
  });

  it('takes buffering from context', () => {
    expect(
      customResources.DeliveryStream.Properties.ExtendedS3DestinationConfiguration.BufferingHints,
    ).toEqual({
      SizeInMBs: 64,
      IntervalInSeconds: 60,
    });
  });

  it('gives its role no delete and no access outside events/ and errors/', () => {
    const role = logicalIdOf(synth.stack.delivery.role);
    expect(s3.RoleARN).toEqual(arnOf(role));
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${role}"`),
    );
    expect(policies).toHaveLength(1);
    const actions = statementsOf(policies[0]?.Properties.PolicyDocument).flatMap((s) => asList(s.Action));
    expect(actions.filter((a) => /Delete|\*/.test(a))).toEqual([]);
  });
});

describe('ingest function: arm64, current Node, bundled locally, least-privilege role', () => {
  let fn: Record<string, unknown>;
  let roleStatements: Statement[];
  beforeAll(() => {
    fn = props(logicalIdOf(synth.stack.ingest.function));
    const role = ingestRole();
    const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${role}"`),
    );
    roleStatements = attached.flatMap((p) => statementsOf(p.Properties.PolicyDocument));
  });

  it('runs on arm64 with Node 22 or 24, reserved concurrency and a log group with retention', () => {
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.Runtime).toMatch(/^nodejs(22|24)\.x$/);
    expect(fn.ReservedConcurrentExecutions).toBe(10);
    const logGroup = logicalIdOf(synth.stack.ingest.logGroup);
    expect(fn.LoggingConfig).toMatchObject({ LogGroup: ref(logGroup) });
    expect(props(logGroup).RetentionInDays).toBe(90);
  });

  it('may only write its logs, PutRecordBatch on the stream and GenerateMac on the key', () => {
    expect(roleStatements.map((s) => ({ Effect: s.Effect, Action: s.Action, Resource: s.Resource }))).toEqual(
      [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: arnOf(logicalIdOf(synth.stack.ingest.logGroup)),
        },
        { Effect: 'Allow', Action: 'firehose:PutRecordBatch', Resource: arnOf('DeliveryStream') },
        { Effect: 'Allow', Action: 'kms:GenerateMac', Resource: arnOf('PseudonymKey') },
      ],
    );
    const role = props(ingestRole());
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();
  });

  it('takes reserved concurrency and pseudonym window from context', () => {
    const customFn = customResources[logicalIdOf(custom.stack.ingest.function)]?.Properties ?? {};
    expect(customFn.ReservedConcurrentExecutions).toBe(25);
    expect(customFn.Environment.Variables.PSEUDONYM_WINDOW).toBe('week');
  });
});

describe('API: one IAM-authorized, validated route; throttled; logs without bodies', () => {
  it('is a regional REST API with exactly one method, POST /v1/events, AWS_IAM', () => {
    const api = only('AWS::ApiGateway::RestApi');
    expect(props(api).EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(1);
    expect(methods[0]?.Properties).toMatchObject({
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      RequestParameters: { 'method.request.header.Content-Type': true },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
    const paths = Object.values(template.findResources('AWS::ApiGateway::Resource')).map(
      (r) => r.Properties.PathPart,
    );
    expect(paths).toEqual(['v1', 'events']);
  });

  it('validates body and parameters against the model', () => {
    const validator = only('AWS::ApiGateway::RequestValidator');
    expect(props(validator)).toMatchObject({ ValidateRequestBody: true, ValidateRequestParameters: true });
    const method = Object.values(template.findResources('AWS::ApiGateway::Method'))[0]?.Properties;
    expect(method.RequestValidatorId).toEqual(ref(validator));
    expect(method.RequestModels).toEqual({ 'application/json': ref(only('AWS::ApiGateway::Model')) });
  });

  it('lets no one but API Gateway invoke the function, and not the console test-invoke', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties.Principal).toBe('apigateway.amazonaws.com');
    const stage = only('AWS::ApiGateway::Stage');
    expect(JSON.stringify(permissions[0]?.Properties.SourceArn)).toContain(
      `{"Ref":"${stage}"},"/POST/v1/events"`,
    );
  });

  it('throttles the stage, logs execution at ERROR with data tracing off, and access logs as JSON without bodies', () => {
    const stage = props(only('AWS::ApiGateway::Stage'));
    expect(stage.StageName).toBe(API_STAGE);
    expect(stage.MethodSettings).toEqual([
      {
        DataTraceEnabled: false,
        HttpMethod: '*',
        LoggingLevel: 'ERROR',
        MetricsEnabled: true,
        ResourcePath: '/*',
        ThrottlingBurstLimit: 100,
        ThrottlingRateLimit: 50,
      },
    ]);
    const format = JSON.parse((stage.AccessLogSetting as { Format: string }).Format) as Record<
      string,
      string
    >;
    const variables = Object.values(format).join(' ');
    expect(format.requestId).toBe('$context.requestId');
    // Bodies, caller identity and source address never reach the access log.
    expect(variables).not.toMatch(/body|identity|caller|user|sourceIp|validationErrorString|\$input/i);
  });

  it('takes throttling from context', () => {
    custom.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 })],
    });
  });

  it.each([
    ['BAD_REQUEST_BODY', '400', 'invalid_envelope'],
    ['BAD_REQUEST_PARAMETERS', '400', 'unsupported_media_type'],
    ['REQUEST_TOO_LARGE', '413', 'payload_too_large'],
    ['ACCESS_DENIED', '403', 'forbidden'],
    ['MISSING_AUTHENTICATION_TOKEN', '403', 'forbidden'],
    ['INVALID_SIGNATURE', '403', 'forbidden'],
    ['EXPIRED_TOKEN', '403', 'forbidden'],
    ['THROTTLED', '429', 'unavailable'],
  ])('answers %s with %s and a JSON error body (%s)', (type, status, code) => {
    const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')).filter(
      (r) => r.Properties.ResponseType === type,
    );
    expect(responses).toHaveLength(1);
    const response = responses[0]?.Properties;
    expect(response.StatusCode).toBe(status);
    const body = JSON.parse(response.ResponseTemplates['application/json']);
    expect(body).toEqual({ error: { code, message: expect.any(String) }, request_id: '$context.requestId' });
    // The gateway's own validation text may quote the offending value; it is never echoed.
    expect(body.error.message).not.toMatch(/\$context\.error\.(message|validationErrorString)/);
  });
});

describe('analytics: the trainers’ workgroup is enforced, encrypted and capped', () => {
  it('uses engine v3, enforces its configuration, encrypts results with KMS, caps bytes scanned, publishes metrics', () => {
    const wg = props(logicalIdOf(synth.stack.analytics.workgroup));
    expect(wg.Name).toBe(synth.config.workgroupName);
    expect(wg.WorkGroupConfiguration).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      PublishCloudWatchMetricsEnabled: true,
      BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: {
        OutputLocation: { 'Fn::Join': ['', ['s3://', ref('ResultsBucket'), '/athena-results/']] },
        EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: arnOf('DataKey') },
      },
    });
  });

  it('takes the bytes-scanned cutoff from context', () => {
    custom.template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 100 * 1024 * 1024 }),
    });
  });
});

describe('access: agents invoke one route; trainers assume a role with explicit Denies', () => {
  it('the agent policy allows only execute-api:Invoke on POST /v1/events of this API and stage', () => {
    const policy = props(logicalIdOf(synth.stack.access.agentPolicy));
    expect(statementsOf(policy.PolicyDocument)).toEqual([
      {
        Sid: 'InvokeEventsRoute',
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:aws:execute-api:eu-west-1:123456789012:',
              ref(logicalIdOf(synth.stack.api.api)),
              `/${API_STAGE}/POST/v1/events`,
            ],
          ],
        },
      },
    ]);
  });

  it('the trainer role carries each explicit Deny the privacy model names', () => {
    const trainerPolicy = props(logicalIdOf(synth.stack.access.node.findChild('TrainerPolicy')));
    const denies = statementsOf(trainerPolicy.PolicyDocument).filter((s) => s.Effect === 'Deny');
    expect(denies.map((s) => s.Sid).sort()).toEqual(
      [
        'DenyAthenaOutsideWorkgroup',
        'DenyErrorOutput',
        'DenyFirehose',
        'DenyGlueWrites',
        'DenyIngestFunction',
        'DenyIngestLogs',
        'DenyListOutsideReleasedZone',
        'DenyPeopleDirectory',
        'DenyPseudonymKey',
        'DenyRawObjects',
        'DenyRawTable',
        'DenyReleaseJob',
      ].sort(),
    );
    const bySid = Object.fromEntries(denies.map((s) => [s.Sid, s]));
    expect(bySid.DenyPseudonymKey).toMatchObject({ Action: 'kms:*', Resource: arnOf('PseudonymKey') });
    expect(bySid.DenyRawObjects).toMatchObject({
      Action: 's3:*',
      Resource: { 'Fn::Join': ['', [arnOf('DataBucket'), '/events/*']] },
    });
    expect(bySid.DenyListOutsideReleasedZone).toMatchObject({
      Action: ['s3:ListBucket', 's3:ListBucketVersions'],
      Condition: {
        StringNotLike: { 's3:prefix': ['released/', 'released/*', 'release-reports/', 'release-reports/*'] },
      },
    });
    expect(bySid.DenyRawTable).toMatchObject({ Action: 'glue:*' });
    expect(JSON.stringify(bySid.DenyRawTable?.Resource)).toMatch(/table\/activity_ingest\/events"/);
    expect(bySid.DenyFirehose).toMatchObject({ Action: 'firehose:*', Resource: '*' });
    expect(bySid.DenyAthenaOutsideWorkgroup).toMatchObject({
      Action: 'athena:*',
      NotResource: expect.any(String),
    });
  });

  it('by default trusts this account only with MFA (an admin must also grant sts:AssumeRole)', () => {
    const trust = props(logicalIdOf(synth.stack.access.trainerRole)).AssumeRolePolicyDocument;
    expect(statementsOf(trust)).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ]);
  });

  it('trusts exactly the configured trainer principals', () => {
    const principals = 'arn:aws:iam::123456789012:role/ml-trainers,arn:aws:iam::210987654321:role/research';
    const custom = synthesize({ trainerPrincipals: principals });
    const trust =
      custom.template.toJSON().Resources[logicalIdOf(custom.stack.access.trainerRole)].Properties
        .AssumeRolePolicyDocument;
    expect(statementsOf(trust)).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: TRAINERS.split(',') } },
    ]);
  });
});

describe('agents: an AgentRole whose session name is the employee the function takes events of', () => {
  const ANCHOR =
    'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/0f6b2f3c-5d1e-4a7b-9c8d-1e2f3a4b5c6d';
  const agentRole = () => logicalIdOf(synth.stack.agents.role);

  it('has exactly one permission, through the agent policy: invoke POST /v1/events', () => {
    const policy = props(logicalIdOf(synth.stack.access.agentPolicy));
    expect(policy.Roles).toEqual([ref(agentRole())]);
    const role = props(agentRole());
    expect(role.Policies).toBeUndefined();
    expect(role.ManagedPolicyArns).toBeUndefined();
    const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${agentRole()}"`),
    );
    expect(attached).toEqual([]);
  });

  it('tells the function its name and account: only its sessions may post', () => {
    const env = props(logicalIdOf(synth.stack.ingest.function)).Environment as {
      Variables: Record<string, unknown>;
    };
    expect(env.Variables.AGENT_ROLE_NAME).toEqual(ref(agentRole()));
    expect(env.Variables.AGENT_ACCOUNT_ID).toBe(ACCOUNT);
  });

  it('without a trust anchor trusts this account only (a credential broker names the session)', () => {
    expect(statementsOf(props(agentRole()).AssumeRolePolicyDocument)).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::123456789012:root' } },
    ]);
    expect(Object.keys(template.findResources('AWS::RolesAnywhere::Profile'))).toEqual([]);
  });

  it('with named credential brokers trusts only them, not every principal of the account', () => {
    const brokers = synthesize({
      agentBrokerPrincipals:
        'arn:aws:iam::123456789012:role/broker-a,arn:aws:iam::123456789012:role/broker-b',
    });
    const role = brokers.template.toJSON().Resources[logicalIdOf(brokers.stack.agents.role)];
    expect(statementsOf(role.Properties.AssumeRolePolicyDocument)).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Condition: {
          ArnEquals: {
            'aws:PrincipalArn': [
              'arn:aws:iam::123456789012:role/broker-a',
              'arn:aws:iam::123456789012:role/broker-b',
            ],
          },
        },
      },
    ]);
    expect(() => synthesize({ agentBrokerPrincipals: 'arn:aws:iam::123456789012:user/bob' })).toThrow(
      /^agentBrokerPrincipals must be IAM role ARNs of this account/,
    );
    expect(() =>
      synthesize({
        agentBrokerPrincipals: 'arn:aws:iam::123456789012:role/broker-a',
        agentTrustAnchorArn: ANCHOR,
      }),
    ).toThrow(/set one/);
  });

  it('with a trust anchor trusts Roles Anywhere for that anchor, and only for session name = certificate CN', () => {
    const withAnchor = synthesize({ agentTrustAnchorArn: ANCHOR });
    const r = withAnchor.template.toJSON().Resources;
    const role = logicalIdOf(withAnchor.stack.agents.role);
    const service = { Service: 'rolesanywhere.amazonaws.com' };
    expect(statementsOf(r[role].Properties.AssumeRolePolicyDocument)).toEqual([
      {
        Sid: 'DeviceSessionNamedAfterCertificateCN',
        Effect: 'Allow',
        Principal: service,
        Action: 'sts:AssumeRole',
        Condition: {
          ArnEquals: { 'aws:SourceArn': ANCHOR },
          StringEquals: { 'sts:RoleSessionName': '$' + '{aws:PrincipalTag/x509Subject/CN}' },
        },
      },
      {
        Sid: 'RolesAnywhereSessionTagsAndSourceIdentity',
        Effect: 'Allow',
        Principal: service,
        Action: ['sts:SetSourceIdentity', 'sts:TagSession'],
        Condition: { ArnEquals: { 'aws:SourceArn': ANCHOR } },
      },
    ]);
    const profiles = Object.values(withAnchor.template.findResources('AWS::RolesAnywhere::Profile'));
    expect(profiles).toHaveLength(1);
    expect(profiles[0]?.Properties).toMatchObject({
      RoleArns: [arnOf(role)],
      AcceptRoleSessionName: true,
      Enabled: true,
      DurationSeconds: 3600,
      AttributeMappings: [{ CertificateField: 'x509Subject', MappingRules: [{ Specifier: 'CN' }] }],
    });
    const outputs = withAnchor.template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toContain('AgentProfileArn');
  });

  it('refuses a trust anchor context value that is not a trust anchor ARN, naming the setting', () => {
    expect(() => synthesize({ agentTrustAnchorArn: 'arn:aws:iam::123456789012:role/x' })).toThrow(
      /^agentTrustAnchorArn must be an IAM Roles Anywhere trust anchor ARN/,
    );
  });
});

describe('outputs', () => {
  it('exports the API URL, agent role and policy, trainer role, workgroup, database, the released table and the release', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    // CDK's own RestApi endpoint output is the stage root; ours names the route.
    expect(
      Object.keys(outputs)
        .filter((k) => !k.startsWith('ApiEndpoint'))
        .sort(),
    ).toEqual(
      [
        'AgentPolicyArn',
        'AgentRoleArn',
        'AlarmTopicArn',
        'CollectionNoticeObject',
        'DashboardName',
        'DataBucketName',
        'DatabaseName',
        'EventsUrl',
        'RawTableName',
        'ReleaseFailedAlarmName',
        'ReleaseReportTableName',
        'ReleaseStateMachineArn',
        'ResultsBucketName',
        'TableName',
        'TrainerRoleArn',
        'WorkgroupName',
      ].sort(),
    );
    const resolver = new CfnResolver(template.toJSON() as CfnTemplate, { account: ACCOUNT, region: REGION });
    const apiId = resolver.ref(logicalIdOf(synth.stack.api.api));
    expect(resolver.resolve(outputs.EventsUrl?.Value as Json)).toBe(
      `https://${apiId}.execute-api.${REGION}.amazonaws.com/${API_STAGE}${EVENTS_ROUTE}`,
    );
    expect(outputs.TableName?.Value).toBe('released');
    expect(outputs.ReleaseReportTableName?.Value).toBe('release_report');
    expect(outputs.RawTableName?.Value).toBe('events');
    expect(resolver.resolve(outputs.ReleaseStateMachineArn?.Value as Json)).toBe(
      `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:ActivityIngest-release`,
    );
    expect(outputs.WorkgroupName?.Value).toBe(synth.config.workgroupName);
  });
});
