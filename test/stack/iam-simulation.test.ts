/**
 * IAM policy simulation over the policies of the synthesized template (identity policies, key
 * policies, bucket policies, trust policy), resolved to concrete ARNs for one account and region.
 * Denials are asserted as Explicit or Implicit on purpose: removing an explicit Deny turns an
 * ExplicitlyDenied row into ImplicitlyDenied (or Allowed) and fails the table.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_STAGE } from '../../lib/api/contract.ts';
import type { Json } from './cfn-resolver.ts';
import { type NamedPolicy, TemplatePolicies } from './policies.ts';
import { ACCOUNT, REGION, type Synthesized, synthesize } from './synth.ts';

type Expected = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

interface Principal {
  /** The ARN that makes the request (a role session's for assumed roles). */
  readonly arn: string;
  /** `aws:PrincipalArn`: the role's ARN for a role session. @default arn */
  readonly principalArn?: string;
  readonly identityPolicies: NamedPolicy[];
}

interface Row {
  readonly who: string;
  readonly action: string;
  /** A name in `arns` (or `invoke:METHOD /path[@api][@stage]`) in the table; an ARN when simulated. */
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
  readonly expected: Expected;
}

const ADMIN_ARN = `arn:aws:iam::${ACCOUNT}:role/Administrator`;
/** The employee a device's AgentRole session is named after. */
const EMPLOYEE = 'E000123';
const ANALYST_ARN = `arn:aws:iam::${ACCOUNT}:role/analyst`;
const ADMINISTRATOR_ACCESS: NamedPolicy = {
  name: 'AdministratorAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};
const VIA_S3 = { 'kms:ViaService': `s3.${REGION}.amazonaws.com` };

let synth: Synthesized;
let policies: TemplatePolicies;
let principals: Record<string, Principal>;
let arns: Record<string, string>;
let invokeArn: (method: string, path: string, api?: string, stage?: string) => string;
let resourcePolicyFor: (resource: string) => Json | undefined;

beforeAll(() => {
  synth = synthesize();
  policies = new TemplatePolicies(synth);
  const { stack } = synth;
  const r = policies.resolver;
  const dataBucket = r.getAtt(policies.logicalId(stack.storage.dataBucket), 'Arn');
  const resultsBucket = r.getAtt(policies.logicalId(stack.storage.resultsBucket), 'Arn');
  const apiId = r.ref(policies.logicalId(stack.api.api));
  const logGroup = r.physicalName(policies.logicalId(stack.ingest.logGroup));
  const glueTable = (name: string) =>
    `arn:aws:glue:${REGION}:${ACCOUNT}:table/${stack.catalog.databaseName}/${name}`;
  const releaseName = stack.release.stateMachineName;
  arns = {
    dataBucket,
    events: `${dataBucket}/events/dt=2026-11-27/ActivityIngest-1-2026-11-27-07-00-00-abc.parquet`,
    released: `${dataBucket}/released/dt=2026-11-27/20261128_013012_00042_abcde_0f1e2d3c.zstd.parquet`,
    report: `${dataBucket}/release-reports/20261128_013512_00043_fghij_4b5a6c7d`,
    releaseResults: `${resultsBucket}/release-results/2f1c0b9e-0000-4000-8000-000000000001-manifest.csv`,
    errors: `${dataBucket}/errors/format-conversion-failed/dt=2026-11-27/ActivityIngest-1-2026-11-27-abc`,
    results: `${resultsBucket}/athena-results/2f1c0b9e-0000-4000-8000-000000000000.csv`,
    dataKey: r.getAtt(policies.logicalId(stack.storage.dataKey), 'Arn'),
    macKey: r.getAtt(policies.logicalId(stack.pseudonymKey.key), 'Arn'),
    stream: r.getAtt(policies.logicalId(stack.delivery.stream), 'Arn'),
    ingestFunction: r.getAtt(policies.logicalId(stack.ingest.function), 'Arn'),
    otherStream: `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/other`,
    workgroup: `arn:aws:athena:${REGION}:${ACCOUNT}:workgroup/${stack.analytics.workgroupName}`,
    primaryWorkgroup: `arn:aws:athena:${REGION}:${ACCOUNT}:workgroup/primary`,
    database: `arn:aws:glue:${REGION}:${ACCOUNT}:database/${stack.catalog.databaseName}`,
    table: glueTable(stack.catalog.tableName),
    releasedTable: glueTable(stack.releasedCatalog.releasedTableName),
    reportTable: glueTable(stack.releasedCatalog.reportTableName),
    releaseWorkgroup: `arn:aws:athena:${REGION}:${ACCOUNT}:workgroup/${synth.config.releaseWorkgroupName}`,
    releaseStateMachine: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${releaseName}`,
    releaseExecution: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${releaseName}:manual-2026-11-27`,
    ingestLogGroup: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logGroup}`,
    ingestLogStream: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logGroup}:log-stream:2026/11/27/abc`,
    trainerRole: policies.arnOfRole(stack.access.trainerRole),
  };
  invokeArn = (method, path, api = apiId, stage = API_STAGE) =>
    `arn:aws:execute-api:${REGION}:${ACCOUNT}:${api}/${stage}/${method}${path}`;

  principals = {
    trainer: {
      arn: policies.arnOfRole(stack.access.trainerRole),
      identityPolicies: policies.identityPoliciesOfRole(stack.access.trainerRole),
    },
    ingest: {
      arn: policies.arnOfRole(stack.ingest.role),
      identityPolicies: policies.identityPoliciesOfRole(stack.ingest.role),
    },
    release: {
      arn: policies.arnOfRole(stack.release.role),
      identityPolicies: policies.identityPoliciesOfRole(stack.release.role),
    },
    firehose: {
      arn: policies.arnOfRole(stack.delivery.role),
      identityPolicies: policies.identityPoliciesOfRole(stack.delivery.role),
    },
    // A device: a session of AgentRole named after its employee, with every policy the role has.
    agent: {
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${r.ref(policies.logicalId(stack.agents.role))}/${EMPLOYEE}`,
      principalArn: policies.arnOfRole(stack.agents.role),
      identityPolicies: policies.identityPoliciesOfRole(stack.agents.role),
    },
    admin: { arn: ADMIN_ARN, identityPolicies: [ADMINISTRATOR_ACCESS] },
    analyst: {
      arn: ANALYST_ARN,
      identityPolicies: [
        {
          name: 'MayAssumeTrainer',
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arns.trainerRole ?? null }],
          },
        },
      ],
    },
  };

  // The resource policy that applies to a request, by the resource it names.
  const dataBucketPolicy = policies.bucketPolicy(stack.storage.dataBucket);
  const resultsBucketPolicy = policies.bucketPolicy(stack.storage.resultsBucket);
  resourcePolicyFor = (resource) => {
    if (resource.startsWith(dataBucket)) return dataBucketPolicy;
    if (resource.startsWith(resultsBucket)) return resultsBucketPolicy;
    if (resource === arns.macKey) return policies.keyPolicy(stack.pseudonymKey.key);
    if (resource === arns.dataKey) return policies.keyPolicy(stack.storage.dataKey);
    if (resource === arns.trainerRole) return policies.trustPolicy(stack.access.trainerRole);
    return undefined;
  };
});

async function simulate(row: Row): Promise<string> {
  const principal = principals[row.who];
  if (!principal) throw new Error(`unknown principal ${row.who}`);
  const result = await runSimulation(
    {
      request: {
        principal: principal.arn,
        action: row.action,
        resource: { resource: row.resource, accountId: ACCOUNT },
        contextVariables: {
          'aws:PrincipalArn': principal.principalArn ?? principal.arn,
          'aws:PrincipalAccount': ACCOUNT,
          'aws:SecureTransport': 'true',
          ...row.context,
        },
      },
      identityPolicies: principal.identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resourcePolicyFor(row.resource),
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  if (result.resultType !== 'single') throw new Error(`expected one simulation, got ${result.resultType}`);
  return result.overallResult;
}

// Resources are names into `arns`, filled from the template once it is synthesized.
type Context = Record<string, string | string[]>;
const row = (who: string, action: string, resource: string, expected: Expected, context?: Context): Row => ({
  who,
  action,
  resource,
  expected,
  ...(context ? { context } : {}),
});

const RAW_LISTING = { 's3:prefix': 'events/dt=2026-11-27/' };
const RELEASED_LISTING = { 's3:prefix': 'released/dt=2026-11-27/' };

const table: readonly Row[] = [
  // Trainer: query in its workgroup, read the released zone, write its results.
  row('trainer', 'athena:StartQueryExecution', 'workgroup', 'Allowed'),
  row('trainer', 'athena:GetQueryResults', 'workgroup', 'Allowed'),
  row('trainer', 'glue:GetTable', 'releasedTable', 'Allowed'),
  row('trainer', 'glue:GetTable', 'reportTable', 'Allowed'),
  row('trainer', 's3:GetObject', 'released', 'Allowed'),
  row('trainer', 's3:GetObject', 'report', 'Allowed'),
  row('trainer', 's3:ListBucket', 'dataBucket', 'Allowed', RELEASED_LISTING),
  row('trainer', 's3:PutObject', 'results', 'Allowed'),
  row('trainer', 'kms:Decrypt', 'dataKey', 'Allowed', VIA_S3),
  row('trainer', 'kms:GenerateDataKey', 'dataKey', 'Allowed', VIA_S3),
  // Trainer: no path to a raw row — objects, listing, table, the job that reads them.
  row('trainer', 's3:GetObject', 'events', 'ExplicitlyDenied'),
  row('trainer', 's3:GetObjectVersion', 'events', 'ExplicitlyDenied'),
  row('trainer', 's3:PutObject', 'events', 'ExplicitlyDenied'),
  row('trainer', 's3:DeleteObject', 'events', 'ExplicitlyDenied'),
  row('trainer', 's3:ListBucket', 'dataBucket', 'ExplicitlyDenied', RAW_LISTING),
  row('trainer', 's3:ListBucket', 'dataBucket', 'ExplicitlyDenied', { 's3:prefix': 'e' }),
  row('trainer', 's3:ListBucket', 'dataBucket', 'ExplicitlyDenied'),
  row('trainer', 's3:ListBucketVersions', 'dataBucket', 'ExplicitlyDenied', RAW_LISTING),
  row('trainer', 'glue:GetTable', 'table', 'ExplicitlyDenied'),
  row('trainer', 'glue:GetPartitions', 'table', 'ExplicitlyDenied'),
  row('trainer', 'athena:StartQueryExecution', 'releaseWorkgroup', 'ExplicitlyDenied'),
  row('trainer', 'athena:GetQueryExecution', 'releaseWorkgroup', 'ExplicitlyDenied'),
  row('trainer', 'states:GetExecutionHistory', 'releaseExecution', 'ExplicitlyDenied'),
  row('trainer', 'states:StartExecution', 'releaseStateMachine', 'ExplicitlyDenied'),
  // Trainer: the other explicit Denies.
  row('trainer', 'kms:GenerateMac', 'macKey', 'ExplicitlyDenied'),
  row('trainer', 'kms:VerifyMac', 'macKey', 'ExplicitlyDenied'),
  row('trainer', 's3:GetObject', 'errors', 'ExplicitlyDenied'),
  row('trainer', 's3:ListBucket', 'dataBucket', 'ExplicitlyDenied', { 's3:prefix': 'errors/' }),
  row('trainer', 'logs:FilterLogEvents', 'ingestLogGroup', 'ExplicitlyDenied'),
  row('trainer', 'logs:StartQuery', 'ingestLogGroup', 'ExplicitlyDenied'),
  row('trainer', 'logs:GetLogEvents', 'ingestLogStream', 'ExplicitlyDenied'),
  row('trainer', 'athena:StartQueryExecution', 'primaryWorkgroup', 'ExplicitlyDenied'),
  row('trainer', 'firehose:PutRecordBatch', 'stream', 'ExplicitlyDenied'),
  // Invoking the function directly would let a caller forge the request context (who sent it).
  row('trainer', 'lambda:InvokeFunction', 'ingestFunction', 'ExplicitlyDenied'),
  row('agent', 'lambda:InvokeFunction', 'ingestFunction', 'ImplicitlyDenied'),
  row('trainer', 'firehose:DescribeDeliveryStream', 'stream', 'ExplicitlyDenied'),
  row('trainer', 'glue:UpdateTable', 'releasedTable', 'ExplicitlyDenied'),
  row('trainer', 'glue:CreateTable', 'database', 'ExplicitlyDenied'),
  row('trainer', 'glue:DeleteTable', 'releasedTable', 'ExplicitlyDenied'),
  // Trainer: what it was simply never given.
  row('trainer', 's3:PutObject', 'released', 'ImplicitlyDenied'),
  row('trainer', 's3:DeleteObject', 'released', 'ImplicitlyDenied'),
  row('trainer', 's3:GetObject', 'releaseResults', 'ImplicitlyDenied'),
  row('trainer', 'kms:Decrypt', 'dataKey', 'ImplicitlyDenied'),
  // Release role: the one reader of raw rows; writes the released zone; never makes a pseudonym.
  row('release', 's3:GetObject', 'events', 'Allowed'),
  row('release', 's3:ListBucket', 'dataBucket', 'Allowed', RAW_LISTING),
  row('release', 'glue:GetTable', 'table', 'Allowed'),
  row('release', 'athena:StartQueryExecution', 'releaseWorkgroup', 'Allowed'),
  row('release', 's3:PutObject', 'released', 'Allowed'),
  row('release', 's3:DeleteObject', 'released', 'Allowed'),
  row('release', 's3:PutObject', 'report', 'Allowed'),
  row('release', 's3:PutObject', 'releaseResults', 'Allowed'),
  row('release', 'kms:GenerateDataKey', 'dataKey', 'Allowed', VIA_S3),
  row('release', 'states:ListExecutions', 'releaseStateMachine', 'Allowed'),
  row('release', 'kms:GenerateMac', 'macKey', 'ExplicitlyDenied'),
  row('release', 'kms:VerifyMac', 'macKey', 'ExplicitlyDenied'),
  row('release', 's3:PutObject', 'events', 'ImplicitlyDenied'),
  row('release', 's3:DeleteObject', 'events', 'ImplicitlyDenied'),
  row('release', 's3:DeleteObject', 'report', 'ImplicitlyDenied'),
  row('release', 's3:GetObject', 'errors', 'ImplicitlyDenied'),
  row('release', 'athena:StartQueryExecution', 'workgroup', 'ImplicitlyDenied'),
  row('release', 'glue:UpdateTable', 'releasedTable', 'ImplicitlyDenied'),
  row('release', 'kms:Decrypt', 'dataKey', 'ImplicitlyDenied'),
  // Ingest role: exactly PutRecordBatch and GenerateMac.
  row('ingest', 'firehose:PutRecordBatch', 'stream', 'Allowed'),
  row('ingest', 'kms:GenerateMac', 'macKey', 'Allowed'),
  row('ingest', 'firehose:PutRecord', 'stream', 'ImplicitlyDenied'),
  row('ingest', 'firehose:PutRecordBatch', 'otherStream', 'ImplicitlyDenied'),
  row('ingest', 'kms:VerifyMac', 'macKey', 'ImplicitlyDenied'),
  row('ingest', 's3:GetObject', 'events', 'ExplicitlyDenied'),
  row('ingest', 's3:GetObject', 'errors', 'ImplicitlyDenied'),
  row('ingest', 's3:ListBucket', 'dataBucket', 'ImplicitlyDenied'),
  // Firehose's destination role writes events/ and errors/ but cannot read raw rows or make pseudonyms.
  row('firehose', 's3:PutObject', 'events', 'Allowed'),
  row('firehose', 's3:PutObject', 'errors', 'Allowed'),
  row('firehose', 's3:GetObject', 'events', 'ExplicitlyDenied'),
  row('firehose', 's3:DeleteObject', 'events', 'ImplicitlyDenied'),
  row('firehose', 's3:PutObject', 'results', 'ImplicitlyDenied'),
  row('firehose', 's3:PutObject', 'released', 'ImplicitlyDenied'),
  row('firehose', 'kms:GenerateMac', 'macKey', 'ExplicitlyDenied'),
  // Agents: POST /v1/events of this API and stage, nothing else.
  row('agent', 'execute-api:Invoke', 'invoke:POST /v1/events', 'Allowed'),
  row('agent', 'execute-api:Invoke', 'invoke:GET /v1/events', 'ImplicitlyDenied'),
  row('agent', 'execute-api:Invoke', 'invoke:POST /v1/other', 'ImplicitlyDenied'),
  row('agent', 'execute-api:Invoke', 'invoke:POST /v1/events@otherapi', 'ImplicitlyDenied'),
  row('agent', 'execute-api:Invoke', 'invoke:POST /v1/events@@test-invoke-stage', 'ImplicitlyDenied'),
  row('agent', 's3:GetObject', 'events', 'ExplicitlyDenied'),
  row('agent', 's3:GetObject', 'released', 'ImplicitlyDenied'),
  row('agent', 's3:ListBucket', 'dataBucket', 'ImplicitlyDenied', { 's3:prefix': 'events/' }),
  row('agent', 'kms:GenerateMac', 'macKey', 'ExplicitlyDenied'),
  row('agent', 'firehose:PutRecordBatch', 'stream', 'ImplicitlyDenied'),
  row('agent', 'athena:StartQueryExecution', 'workgroup', 'ImplicitlyDenied'),
  row('agent', 'glue:GetTable', 'table', 'ImplicitlyDenied'),
  row('agent', 'sts:AssumeRole', 'trainerRole', 'ImplicitlyDenied', { 'aws:MultiFactorAuthPresent': 'true' }),
  // An administrator of the account (`*:*`) administers the MAC key but can never use it, and reads no raw row.
  row('admin', 'kms:GenerateMac', 'macKey', 'ExplicitlyDenied'),
  row('admin', 'kms:VerifyMac', 'macKey', 'ExplicitlyDenied'),
  row('admin', 'kms:DescribeKey', 'macKey', 'Allowed'),
  row('admin', 'kms:Decrypt', 'dataKey', 'Allowed'),
  row('admin', 's3:GetObject', 'events', 'ExplicitlyDenied'),
  row('admin', 's3:GetObjectVersion', 'events', 'ExplicitlyDenied'),
  row('admin', 's3:GetObject', 'released', 'Allowed'),
  // Default trust: a principal of the account that an admin allowed, and only with MFA.
  row('analyst', 'sts:AssumeRole', 'trainerRole', 'Allowed', { 'aws:MultiFactorAuthPresent': 'true' }),
  row('analyst', 'sts:AssumeRole', 'trainerRole', 'ImplicitlyDenied', {
    'aws:MultiFactorAuthPresent': 'false',
  }),
];

function resourceOf(name: string): string {
  if (name.startsWith('invoke:')) {
    // invoke:METHOD /path[@api][@stage]
    const [spec, api, stage] = name.slice('invoke:'.length).split('@');
    const [method, path] = (spec as string).split(' ');
    return invokeArn(method as string, path as string, api || undefined, stage || undefined);
  }
  const arn = arns[name];
  if (typeof arn !== 'string') throw new Error(`no ARN named ${name}`);
  return arn;
}

describe('IAM simulation over the synthesized policies', () => {
  it.each(table)('$who $action on $resource → $expected', async (r) => {
    expect(await simulate({ ...r, resource: resourceOf(r.resource) })).toBe(r.expected);
  });

  it('lets no role of the stack but the release role read a raw row, even with AdministratorAccess attached', async () => {
    const r = policies.resolver;
    const roles = r.logicalIdsOfType('AWS::IAM::Role').map((id) => r.getAtt(id, 'Arn'));
    expect(roles.length).toBeGreaterThan(5);
    expect(roles).toContain(principals.release?.arn);
    const verdicts = await Promise.all(
      roles.map(async (arn) => {
        principals[arn] = { arn, identityPolicies: [ADMINISTRATOR_ACCESS] };
        return [arn, await simulate(row(arn, 's3:GetObject', arns.events as string, 'ExplicitlyDenied'))];
      }),
    );
    const readers = verdicts.filter(([, verdict]) => verdict !== 'ExplicitlyDenied').map(([arn]) => arn);
    expect(readers).toEqual([principals.release?.arn]);
  });

  it('resolves every policy it simulates to concrete ARNs (no intrinsics left)', () => {
    const all = Object.values(principals).flatMap((p) => p.identityPolicies.map((n) => n.policy));
    for (const name of ['macKey', 'dataKey', 'trainerRole', 'events'] as const) {
      all.push(resourcePolicyFor(arns[name] as string) ?? null);
    }
    expect(JSON.stringify(all)).not.toMatch(/"(Ref|Fn::[A-Za-z]+)"/);
  });
});

describe('AgentRole: a device gets a session only under its own employee id', () => {
  const ANCHOR = `arn:aws:rolesanywhere:${REGION}:${ACCOUNT}:trust-anchor/0f6b2f3c-5d1e-4a7b-9c8d-1e2f3a4b5c6d`;
  const OTHER_ANCHOR = `arn:aws:rolesanywhere:${REGION}:${ACCOUNT}:trust-anchor/aaaaaaaa-5d1e-4a7b-9c8d-1e2f3a4b5c6d`;
  const BROKER = `arn:aws:iam::${ACCOUNT}:role/credential-broker`;

  async function assume(
    synthesized: Synthesized,
    principal: string,
    identityPolicies: NamedPolicy[],
    context: Record<string, string>,
    action = 'sts:AssumeRole',
  ): Promise<string> {
    const p = new TemplatePolicies(synthesized);
    const roleArn = p.arnOfRole(synthesized.stack.agents.role);
    const result = await runSimulation(
      {
        request: {
          principal,
          action,
          resource: { resource: roleArn, accountId: ACCOUNT },
          contextVariables: { 'aws:SecureTransport': 'true', ...context },
        },
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: p.trustPolicy(synthesized.stack.agents.role),
      },
      {},
    );
    if (result.resultType !== 'single') throw new Error(JSON.stringify(result));
    return result.overallResult;
  }

  /** An identity policy allowing sts:AssumeRole on the synthesized AgentRole. */
  const mayAssumeAgentRole = (synthesized: Synthesized): NamedPolicy => ({
    name: 'MayAssumeAgentRole',
    policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: new TemplatePolicies(synthesized).arnOfRole(synthesized.stack.agents.role),
        },
      ],
    },
  });

  describe('with a Roles Anywhere trust anchor', () => {
    let withAnchor: Synthesized;
    beforeAll(() => {
      withAnchor = synthesize({ agentTrustAnchorArn: ANCHOR });
    });
    const rolesAnywhere = (sessionName: string, cn: string, anchor = ANCHOR) => ({
      'aws:SourceArn': anchor,
      'sts:RoleSessionName': sessionName,
      'aws:PrincipalTag/x509Subject/CN': cn,
    });

    it.each([
      ['sts:AssumeRole', 'Allowed'],
      ['sts:TagSession', 'Allowed'],
      ['sts:SetSourceIdentity', 'Allowed'],
    ])('the service may %s when the session name is the certificate CN → %s', async (action, expected) => {
      expect(
        await assume(
          withAnchor,
          'rolesanywhere.amazonaws.com',
          [],
          rolesAnywhere(EMPLOYEE, EMPLOYEE),
          action,
        ),
      ).toBe(expected);
    });

    it('a device asking for a colleague’s session name is refused', async () => {
      expect(
        await assume(withAnchor, 'rolesanywhere.amazonaws.com', [], rolesAnywhere('E000999', EMPLOYEE)),
      ).toBe('ImplicitlyDenied');
    });

    it('a certificate of another trust anchor is refused', async () => {
      expect(
        await assume(
          withAnchor,
          'rolesanywhere.amazonaws.com',
          [],
          rolesAnywhere(EMPLOYEE, EMPLOYEE, OTHER_ANCHOR),
        ),
      ).toBe('ImplicitlyDenied');
    });

    it('no principal of the account can assume it directly, even an administrator', async () => {
      expect(
        await assume(withAnchor, ADMIN_ARN, [ADMINISTRATOR_ACCESS], {
          'aws:PrincipalArn': ADMIN_ARN,
          'sts:RoleSessionName': EMPLOYEE,
        }),
      ).toBe('ImplicitlyDenied');
    });
  });

  describe('with named credential brokers', () => {
    it('only a broker may assume it; an administrator allowed everything may not', async () => {
      const synthesized = synthesize({ agentBrokerPrincipals: BROKER });
      const mayAssume = mayAssumeAgentRole(synthesized);
      expect(
        await assume(synthesized, BROKER, [mayAssume], {
          'aws:PrincipalArn': BROKER,
          'sts:RoleSessionName': EMPLOYEE,
        }),
      ).toBe('Allowed');
      expect(
        await assume(synthesized, ADMIN_ARN, [ADMINISTRATOR_ACCESS], {
          'aws:PrincipalArn': ADMIN_ARN,
          'sts:RoleSessionName': 'E000999',
        }),
      ).toBe('ImplicitlyDenied');
    });
  });

  describe('without a trust anchor (a company credential broker)', () => {
    it('a principal of this account that is allowed sts:AssumeRole may assume it; others may not', async () => {
      const synthesized = synthesize();
      const brokerPolicy = mayAssumeAgentRole(synthesized);
      const ctx = { 'aws:PrincipalArn': BROKER, 'sts:RoleSessionName': EMPLOYEE };
      expect(await assume(synthesized, BROKER, [brokerPolicy], ctx)).toBe('Allowed');
      expect(await assume(synthesized, BROKER, [], ctx)).toBe('ImplicitlyDenied');
      expect(
        await assume(synthesized, 'rolesanywhere.amazonaws.com', [], { 'sts:RoleSessionName': EMPLOYEE }),
      ).toBe('ImplicitlyDenied');
    });
  });
});
