/**
 * The privacy guards: EventBridge rules on CloudTrail management events. Each rule's pattern, taken
 * from the synthesized template, is run against CloudTrail events shaped as CloudTrail records them
 * (userIdentity of an assumed role, the root user, an IAM user; versioned Lambda event names; KMS
 * resources) with the offline matcher of test/stack/event-pattern.ts.
 */
import { App, CliCredentialsStackSynthesizer, Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployerRoleArnOf, privacyGuards } from '../../lib/constructs/privacy-guards.ts';
import { CfnResolver, type CfnTemplate, type Json } from './cfn-resolver.ts';
import { matchesEventPattern } from './event-pattern.ts';
import { ACCOUNT, logicalIdOf, REGION, type Synthesized, synthesize } from './synth.ts';

let synth: Synthesized;
let resolver: CfnResolver;
const rule = (s: Synthesized, id: string) =>
  s.template.toJSON().Resources[logicalIdOf(s.stack.privacyGuards.node.findChild(id))];
const patternOf = (s: Synthesized, id: string) =>
  new CfnResolver(s.template.toJSON() as CfnTemplate, { account: ACCOUNT, region: REGION }).resolve(
    rule(s, id).Properties.EventPattern as Json,
  );

beforeAll(() => {
  synth = synthesize();
  resolver = new CfnResolver(synth.template.toJSON() as CfnTemplate, { account: ACCOUNT, region: REGION });
});

// Who calls: userIdentity as CloudTrail records each kind of caller.
const role = (name: string, session: string) => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLEID:${session}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${session}`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAEXAMPLE',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAEXAMPLEID',
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      accountId: ACCOUNT,
      userName: name,
    },
    attributes: { creationDate: '2026-11-30T09:00:00Z', mfaAuthenticated: 'false' },
  },
});
const CFN_EXEC_ROLE = `cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`;
const CALLERS = {
  admin: role('Admin', 'alice'),
  deployer: { ...role(CFN_EXEC_ROLE, 'AWSCloudFormation'), invokedBy: 'cloudformation.amazonaws.com' },
  root: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
  iamUser: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLE',
    arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
    accountId: ACCOUNT,
    userName: 'bob',
  },
  // A role whose name only starts like the deployer's is not the deployer.
  lookalike: role(`${CFN_EXEC_ROLE}-copy`, 'AWSCloudFormation'),
  // Another bootstrap (another qualifier) deploys other stacks, not this one.
  otherBootstrap: role(`cdk-other1234-cfn-exec-role-${ACCOUNT}-${REGION}`, 'AWSCloudFormation'),
};
type Caller = keyof typeof CALLERS;

/** An EventBridge event of a CloudTrail management event. */
function apiCall(
  service: string,
  eventName: string,
  caller: Caller,
  requestParameters: Record<string, unknown>,
  resources?: { ARN: string; accountId: string; type?: string }[],
) {
  return {
    version: '0',
    id: '6f8a1c52-0000-4000-8000-000000000001',
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${service}`,
    account: ACCOUNT,
    time: '2026-11-30T09:15:00Z',
    region: REGION,
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: CALLERS[caller],
      eventTime: '2026-11-30T09:15:00Z',
      eventSource: `${service}.amazonaws.com`,
      eventName,
      awsRegion: REGION,
      sourceIPAddress: '192.0.2.10',
      userAgent: 'aws-cli/2.17.0',
      requestParameters,
      responseElements: null,
      requestID: 'req-1',
      eventID: 'evt-1',
      readOnly: false,
      ...(resources ? { resources } : {}),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    },
  };
}

describe('pseudonym key guard: its policy, grants, deletion or disabling, by anyone but a deployment', () => {
  let pattern: Json;
  let keyArn: string;
  let dataKeyArn: string;
  beforeAll(() => {
    pattern = patternOf(synth, 'PseudonymKeyGuard');
    keyArn = resolver.getAtt('PseudonymKey', 'Arn');
    dataKeyArn = resolver.getAtt('DataKey', 'Arn');
  });
  const keyCall = (eventName: string, caller: Caller, arn: string) =>
    apiCall('kms', eventName, caller, { keyId: arn.split('/')[1], policyName: 'default' }, [
      { accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: arn },
    ]);

  it.each(['PutKeyPolicy', 'CreateGrant', 'ScheduleKeyDeletion', 'DisableKey'])(
    '%s on the pseudonym key by an administrator matches',
    (eventName) => {
      expect(matchesEventPattern(pattern, keyCall(eventName, 'admin', keyArn))).toBe(true);
    },
  );

  it.each(['root', 'iamUser', 'lookalike', 'otherBootstrap'] as const)(
    'a key policy change by %s matches (no session of the deploying role)',
    (caller) => {
      expect(matchesEventPattern(pattern, keyCall('PutKeyPolicy', caller, keyArn))).toBe(true);
    },
  );

  it('the same change by the stack’s CloudFormation execution role does not match', () => {
    expect(matchesEventPattern(pattern, keyCall('PutKeyPolicy', 'deployer', keyArn))).toBe(false);
  });

  it('a change to another key, or reading the policy, does not match', () => {
    expect(matchesEventPattern(pattern, keyCall('PutKeyPolicy', 'admin', dataKeyArn))).toBe(false);
    expect(matchesEventPattern(pattern, keyCall('GetKeyPolicy', 'admin', keyArn))).toBe(false);
    expect(matchesEventPattern(pattern, keyCall('CancelKeyDeletion', 'admin', keyArn))).toBe(false);
  });
});

describe('ingest function guard: its code, configuration or invokers, however the function is named', () => {
  let pattern: Json;
  let name: string;
  beforeAll(() => {
    pattern = patternOf(synth, 'IngestFunctionGuard');
    name = resolver.ref(logicalIdOf(synth.stack.ingest.function));
  });
  const lambdaCall = (eventName: string, caller: Caller, functionName: string) =>
    apiCall('lambda', eventName, caller, { functionName });
  const arn = (fn: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`;

  it.each([
    'UpdateFunctionCode20150331v2',
    'UpdateFunctionConfiguration20150331v2',
    'AddPermission20150331v2',
    'CreateFunctionUrlConfig20181031',
    'UpdateFunctionUrlConfig20181031',
  ])('%s by an administrator matches', (eventName) => {
    expect(matchesEventPattern(pattern, lambdaCall(eventName, 'admin', name))).toBe(true);
  });

  it('matches the function named by name, full ARN, partial ARN, with or without a qualifier', () => {
    for (const functionName of [
      name,
      arn(name),
      `${ACCOUNT}:function:${name}`,
      `${name}:live`,
      `${arn(name)}:live`,
      `${ACCOUNT}:function:${name}:3`,
    ]) {
      expect(
        matchesEventPattern(pattern, lambdaCall('UpdateFunctionCode20150331v2', 'admin', functionName)),
        functionName,
      ).toBe(true);
    }
  });

  it('the same update by the stack’s CloudFormation execution role does not match', () => {
    expect(matchesEventPattern(pattern, lambdaCall('UpdateFunctionCode20150331v2', 'deployer', name))).toBe(
      false,
    );
    expect(
      matchesEventPattern(
        pattern,
        lambdaCall('UpdateFunctionConfiguration20150331v2', 'deployer', arn(name)),
      ),
    ).toBe(false);
  });

  it('an UpdateFunctionCode on another function does not match, nor does a read', () => {
    for (const other of [
      'other-function',
      `${name}-copy`,
      `copy-${name}`,
      arn('other-function'),
      arn(`${name}x`),
    ]) {
      expect(
        matchesEventPattern(pattern, lambdaCall('UpdateFunctionCode20150331v2', 'admin', other)),
        other,
      ).toBe(false);
    }
    expect(matchesEventPattern(pattern, lambdaCall('GetFunction20150331v2', 'admin', name))).toBe(false);
  });
});

describe('data bucket policy guard: the policy that makes raw rows machine-only', () => {
  let pattern: Json;
  let bucket: string;
  beforeAll(() => {
    pattern = patternOf(synth, 'DataBucketPolicyGuard');
    bucket = resolver.ref('DataBucket');
  });
  const s3Call = (eventName: string, caller: Caller, bucketName: string) =>
    apiCall('s3', eventName, caller, {
      bucketName,
      Host: `${bucketName}.s3.${REGION}.amazonaws.com`,
      policy: '',
    });

  it('replacing or deleting it by an administrator matches; by the deployment it does not', () => {
    expect(matchesEventPattern(pattern, s3Call('PutBucketPolicy', 'admin', bucket))).toBe(true);
    expect(matchesEventPattern(pattern, s3Call('DeleteBucketPolicy', 'root', bucket))).toBe(true);
    expect(matchesEventPattern(pattern, s3Call('PutBucketPolicy', 'deployer', bucket))).toBe(false);
  });

  it('another bucket’s policy does not match', () => {
    expect(
      matchesEventPattern(pattern, s3Call('PutBucketPolicy', 'admin', resolver.ref('ResultsBucket'))),
    ).toBe(false);
  });
});

describe('release job guard: the state machine whose SQL decides what trainers get', () => {
  let pattern: Json;
  let stateMachine: string;
  beforeAll(() => {
    pattern = patternOf(synth, 'ReleaseJobGuard');
    stateMachine = resolver.ref(logicalIdOf(synth.stack.release.stateMachine)) as string;
  });
  const statesCall = (eventName: string, caller: Caller, stateMachineArn: string) =>
    apiCall('states', eventName, caller, { stateMachineArn, definition: 'HIDDEN_DUE_TO_SECURITY_REASONS' });

  it('changing or deleting it by an administrator matches; by the deployment it does not', () => {
    expect(matchesEventPattern(pattern, statesCall('UpdateStateMachine', 'admin', stateMachine))).toBe(true);
    expect(matchesEventPattern(pattern, statesCall('DeleteStateMachine', 'iamUser', stateMachine))).toBe(
      true,
    );
    expect(matchesEventPattern(pattern, statesCall('UpdateStateMachine', 'deployer', stateMachine))).toBe(
      false,
    );
  });

  it('another state machine, or starting this one, does not match', () => {
    const other = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Other`;
    expect(matchesEventPattern(pattern, statesCall('UpdateStateMachine', 'admin', other))).toBe(false);
    expect(matchesEventPattern(pattern, statesCall('StartExecution', 'admin', stateMachine))).toBe(false);
  });
});

describe('roles guard: permissions and trust of the ingest, release, trainer and agent roles (us-east-1)', () => {
  let pattern: Json;
  beforeAll(() => {
    pattern = patternOf(synth, 'RolesGuard');
  });
  const iamCall = (eventName: string, caller: Caller, roleName: string) =>
    apiCall('iam', eventName, caller, { roleName, policyName: 'x' });

  it('matches each guarded role’s permission or trust change by an administrator', () => {
    const stack = synth.stack;
    for (const r of [stack.ingest.role, stack.release.role, stack.access.trainerRole, stack.agents.role]) {
      const roleName = resolver.ref(logicalIdOf(r));
      for (const eventName of [
        'UpdateAssumeRolePolicy',
        'AttachRolePolicy',
        'PutRolePolicy',
        'DeleteRolePolicy',
      ]) {
        expect(
          matchesEventPattern(pattern, iamCall(eventName, 'admin', roleName)),
          `${eventName} ${roleName}`,
        ).toBe(true);
      }
      expect(matchesEventPattern(pattern, iamCall('PutRolePolicy', 'deployer', roleName))).toBe(false);
    }
    expect(matchesEventPattern(pattern, iamCall('PutRolePolicy', 'admin', 'SomeOtherRole'))).toBe(false);
  });

  it('exists only in us-east-1, where CloudTrail delivers IAM events', () => {
    const r = rule(synth, 'RolesGuard');
    expect(synth.template.toJSON().Conditions[r.Condition]).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'],
    });
    for (const id of [
      'PseudonymKeyGuard',
      'IngestFunctionGuard',
      'DataBucketPolicyGuard',
      'ReleaseJobGuard',
    ]) {
      expect(rule(synth, id).Condition, id).toBeUndefined();
    }
  });
});

describe('every guard notifies the alarm topic with who did what, when (no request content)', () => {
  it('targets only the topic, with the call’s name, caller, time, region and CloudTrail event id', () => {
    const topic = { Ref: logicalIdOf(synth.stack.observability.topic.topic) };
    const rules = Object.values(synth.template.findResources('AWS::Events::Rule')).filter(
      (r) => r.Properties.EventPattern?.['detail-type']?.[0] === 'AWS API Call via CloudTrail',
    );
    expect(rules).toHaveLength(5);
    for (const r of rules) {
      expect(r.Properties.State).toBe('ENABLED');
      expect(r.Properties.Targets).toHaveLength(1);
      const [target] = r.Properties.Targets;
      expect(target.Arn).toEqual(topic);
      expect(target.InputTransformer.InputPathsMap).toEqual({
        'detail-eventName': '$.detail.eventName',
        'detail-userIdentity-arn': '$.detail.userIdentity.arn',
        'detail-eventTime': '$.detail.eventTime',
        'detail-awsRegion': '$.detail.awsRegion',
        'detail-eventID': '$.detail.eventID',
      });
      expect(target.InputTransformer.InputTemplate).toMatch(
        /^"activity-ingest privacy guard: .+\. <detail-eventName> by <detail-userIdentity-arn> at <detail-eventTime> in <detail-awsRegion>; CloudTrail event <detail-eventID>\."$/,
      );
    }
  });
});

describe('the deploying role is the synthesizer’s CloudFormation execution role', () => {
  it('uses the bootstrap qualifier of the app', () => {
    const custom = synthesize({ '@aws-cdk/core:bootstrapQualifier': 'corp12345' });
    const pattern = patternOf(custom, 'PseudonymKeyGuard') as { detail: { userIdentity: Json } };
    expect(JSON.stringify(pattern.detail.userIdentity)).toContain(
      `"anything-but":"arn:aws:iam::${ACCOUNT}:role/cdk-corp12345-cfn-exec-role-${ACCOUNT}-${REGION}"`,
    );
  });

  it('is none when the stack deploys with the caller’s credentials: then every change is notified', () => {
    const stack = new Stack(new App(), 'CliDeployed', { synthesizer: new CliCredentialsStackSynthesizer() });
    expect(deployerRoleArnOf(stack)).toBeNull();
    const s = synth.stack;
    const guards = privacyGuards(
      {
        pseudonymKeyArn: s.pseudonymKey.keyArn,
        ingestFunction: s.ingest.function,
        dataBucket: s.storage.dataBucket,
        roles: [s.ingest.role],
        releaseStateMachineArn: s.release.stateMachine.stateMachineArn,
      },
      null,
    );
    for (const guard of guards) expect(guard.pattern.detail, guard.id).not.toHaveProperty('userIdentity');
  });
});

describe('every pattern fits EventBridge’s default pattern size (2,048 characters) when deployed', () => {
  it('stays under the quota with every resource name at its longest (64 characters)', () => {
    for (const id of [
      'PseudonymKeyGuard',
      'IngestFunctionGuard',
      'DataBucketPolicyGuard',
      'ReleaseJobGuard',
      'RolesGuard',
    ]) {
      const template = rule(synth, id).Properties.EventPattern;
      const references = JSON.stringify(template).match(/"(Ref|Fn::GetAtt|Fn::Sub)"/g)?.length ?? 0;
      const resolved = JSON.stringify(patternOf(synth, id)).length;
      expect(resolved + 64 * references, id).toBeLessThan(2048);
    }
  });
});
