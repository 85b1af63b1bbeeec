import { Aws, CfnCondition, DefaultStackSynthesizer, Fn, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic.ts';

/** The detail-type EventBridge gives CloudTrail management events of AWS API calls. */
export const API_CALL_VIA_CLOUDTRAIL = 'AWS API Call via CloudTrail';

/** Calls that change who can use the pseudonym key, or end it. */
export const KEY_EVENTS = ['PutKeyPolicy', 'CreateGrant', 'ScheduleKeyDeletion', 'DisableKey'] as const;
/**
 * Calls that change what the ingest function runs or who can invoke it, as prefixes: CloudTrail
 * names Lambda calls with an API version suffix (UpdateFunctionCode20150331v2).
 */
export const FUNCTION_EVENT_PREFIXES = [
  'UpdateFunctionCode',
  'UpdateFunctionConfiguration',
  'AddPermission',
  'CreateFunctionUrlConfig',
  'UpdateFunctionUrlConfig',
] as const;
/** Calls that replace or remove the data bucket's policy (raw rows are machine-only through it). */
export const BUCKET_POLICY_EVENTS = ['PutBucketPolicy', 'DeleteBucketPolicy'] as const;
/** Calls that change a role's permissions or who may assume it. */
export const ROLE_EVENTS = [
  'UpdateAssumeRolePolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
] as const;

/** Calls that change or remove the release state machine (its SQL decides what leaves the raw zone). */
export const RELEASE_JOB_EVENTS = ['UpdateStateMachine', 'DeleteStateMachine'] as const;

/** IAM is global: CloudTrail hands its events to EventBridge in us-east-1 only. */
export const IAM_EVENTS_REGION = 'us-east-1';

type Pattern = Record<string, unknown>;

/** A CloudTrail API-call pattern, optionally excluding calls made by the deploying role. */
function apiCall(
  service: string,
  eventName: unknown[],
  target: Pattern,
  deployerRoleArn: string | null,
): Pattern {
  return {
    source: [`aws.${service}`],
    'detail-type': [API_CALL_VIA_CLOUDTRAIL],
    detail: {
      eventSource: [`${service}.amazonaws.com`],
      eventName,
      ...target,
      ...(deployerRoleArn === null ? {} : { userIdentity: notSessionOf(deployerRoleArn) }),
    },
  };
}

/**
 * Anyone but sessions of `roleArn`. Root and IAM users have no session issuer at all, and
 * anything-but never matches a missing field, hence the second branch.
 */
function notSessionOf(roleArn: string): Pattern {
  const issuer = (arn: unknown[]) => ({ sessionContext: { sessionIssuer: { arn } } });
  return { $or: [issuer([{ 'anything-but': roleArn }]), issuer([{ exists: false }])] };
}

/**
 * A Lambda `FunctionName` parameter naming `name`: bare, partial ARN or full ARN, each with or
 * without a version or alias qualifier. Prefixes and suffixes rather than a wildcard: rules with
 * wildcards count against a small per-bus quota.
 */
function functionNamed(name: string): unknown[] {
  const partialArn = `${Aws.ACCOUNT_ID}:function:${name}`;
  const fullArn = `arn:${Aws.PARTITION}:lambda:${Aws.REGION}:${partialArn}`;
  return [
    name,
    { prefix: `${name}:` },
    { suffix: `:function:${name}` },
    { prefix: `${partialArn}:` },
    { prefix: `${fullArn}:` },
  ];
}

export interface GuardedResources {
  /** ARN of the pseudonym key. */
  readonly pseudonymKeyArn: string;
  readonly ingestFunction: lambda.IFunction;
  readonly dataBucket: s3.IBucket;
  /**
   * Roles whose permissions or trust make the privacy model: the ingest role (the only one that may
   * make pseudonyms), the release role (the only reader of raw rows), the trainer role (explicit
   * Denies), the agent role (whose session name is the employee id).
   */
  readonly roles: readonly iam.IRole[];
  /** ARN of the release state machine: the one path from raw rows to what trainers read. */
  readonly releaseStateMachineArn: string;
}

export interface Guard {
  /** Construct id of its rule. */
  readonly id: string;
  /** What a match means, as the notice's first sentence. */
  readonly what: string;
  readonly pattern: Pattern;
  /** Only where CloudTrail delivers the events: IAM's come to us-east-1 alone. */
  readonly region?: string;
}

/** The guards: the calls that could undo the privacy model, by anyone but the deploying role. */
export function privacyGuards(r: GuardedResources, deployerRoleArn: string | null): Guard[] {
  return [
    {
      id: 'PseudonymKeyGuard',
      what: 'the pseudonym key policy, grants or lifetime changed',
      pattern: apiCall('kms', [...KEY_EVENTS], { resources: { ARN: [r.pseudonymKeyArn] } }, deployerRoleArn),
    },
    {
      id: 'IngestFunctionGuard',
      what: 'the ingest function code, configuration or invokers changed',
      pattern: apiCall(
        'lambda',
        FUNCTION_EVENT_PREFIXES.map((prefix) => ({ prefix })),
        { requestParameters: { functionName: functionNamed(r.ingestFunction.functionName) } },
        deployerRoleArn,
      ),
    },
    {
      id: 'DataBucketPolicyGuard',
      what: 'the data bucket policy (raw rows are machine-only through it) changed',
      pattern: apiCall(
        's3',
        [...BUCKET_POLICY_EVENTS],
        { requestParameters: { bucketName: [r.dataBucket.bucketName] } },
        deployerRoleArn,
      ),
    },
    {
      id: 'ReleaseJobGuard',
      what: 'the release job (what leaves the raw zone for trainers) changed or was deleted',
      pattern: apiCall(
        'states',
        [...RELEASE_JOB_EVENTS],
        { requestParameters: { stateMachineArn: [r.releaseStateMachineArn] } },
        deployerRoleArn,
      ),
    },
    {
      id: 'RolesGuard',
      what: 'the permissions or trust of the ingest, release, trainer or agent role changed',
      pattern: apiCall(
        'iam',
        [...ROLE_EVENTS],
        { requestParameters: { roleName: r.roles.map((role) => role.roleName) } },
        deployerRoleArn,
      ),
      region: IAM_EVENTS_REGION,
    },
  ];
}

/** The role CloudFormation deploys this stack with: the CDK bootstrap's cfn-exec role, if there is one. */
export function deployerRoleArnOf(stack: Stack): string | null {
  const synthesizer = stack.synthesizer;
  // Other synthesizers deploy with the caller's own credentials: no role to tell a deployment by.
  if (!(synthesizer instanceof DefaultStackSynthesizer)) return null;
  return Fn.sub(synthesizer.cloudFormationExecutionRoleArn);
}

export interface PrivacyGuardsProps extends GuardedResources {
  readonly topic: AlarmTopic;
}

/**
 * EventBridge rules on CloudTrail management events that notify the alarm topic when anyone but a
 * deployment of this stack changes a guard of the privacy model: the pseudonym key's policy, grants
 * or lifetime, the ingest function's code, configuration or invokers, the data bucket's policy,
 * the release state machine, and (in us-east-1, where IAM's events arrive) the permissions or trust of the roles. Attempts that
 * failed are notified too. Needs a CloudTrail trail logging management events in the region.
 */
export class PrivacyGuards extends Construct {
  readonly guards: readonly Guard[];
  readonly rules: readonly events.Rule[];
  /** The role whose sessions are deployments (not notified), or null when every call is notified. */
  readonly deployerRoleArn: string | null;

  constructor(scope: Construct, id: string, props: PrivacyGuardsProps) {
    super(scope, id);
    this.deployerRoleArn = deployerRoleArnOf(Stack.of(this));
    this.guards = privacyGuards(props, this.deployerRoleArn);
    const field = (path: string) => events.EventField.fromPath(`$.detail.${path}`);
    this.rules = this.guards.map((guard) => {
      const rule = new events.Rule(this, guard.id, {
        description: `activity-ingest privacy guard: ${guard.what}`,
        eventPattern: guard.pattern as events.EventPattern,
      });
      const message = events.RuleTargetInput.fromText(
        `activity-ingest privacy guard: ${guard.what}. ${field('eventName')} by ${field('userIdentity.arn')} ` +
          `at ${field('eventTime')} in ${field('awsRegion')}; CloudTrail event ${field('eventID')}.`,
      );
      rule.addTarget(props.topic.ruleTarget(message));
      if (guard.region) {
        const cfnRule = rule.node.defaultChild as events.CfnRule;
        cfnRule.cfnOptions.condition = new CfnCondition(this, `${guard.id}Region`, {
          expression: Fn.conditionEquals(Aws.REGION, guard.region),
        });
      }
      return rule;
    });
  }
}
