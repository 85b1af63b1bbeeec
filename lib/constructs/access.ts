import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { CatalogArns } from './arns.ts';
import { keyThroughS3 } from './key-through-s3.ts';
import { acknowledgeWildcards } from './nag.ts';
import { DIRECTORY_PREFIX } from './people-directory.ts';
import {
  ERRORS_PREFIX,
  EVENTS_PREFIX,
  listablePrefixes,
  RELEASE_REPORTS_PREFIX,
  RELEASED_PREFIX,
  RELEASED_ZONE,
  RESULTS_PREFIX,
} from './storage.ts';

export interface AccessProps {
  /** `execute-api` ARN of `POST /v1/events` on the stage. */
  readonly eventsMethodArn: string;
  /** The role devices call the API with; gets the agent policy and nothing else. */
  readonly agentRole: iam.IRole;
  /**
   * Principal ARNs (or account ids) that may assume the trainer role. Empty: this account, but only
   * principals an administrator explicitly allows `sts:AssumeRole` on the role, and only with MFA.
   * @default []
   */
  readonly trainerPrincipals?: readonly string[];
  readonly workgroupArn: string;
  /** Glue ARNs: trainers read the released zone's tables and are denied the raw table. */
  readonly glue: CatalogArns;
  readonly dataBucket: s3.IBucket;
  readonly resultsBucket: s3.IBucket;
  readonly dataKey: kms.IKey;
  /** The pseudonym key's ARN: explicitly denied to trainers. */
  readonly pseudonymKeyArn: string;
  /** ARNs of the ingest function's log group: explicitly denied to trainers. */
  readonly ingestLogArns: readonly string[];
  /**
   * The ingest function: explicitly denied to trainers. Whoever may invoke it directly (not through
   * API Gateway) can hand it a request context naming any employee.
   */
  readonly ingestFunctionArn: string;
  /** ARNs of the release state machine and its executions: explicitly denied to trainers. */
  readonly releaseJobArns: readonly string[];
  /** Max session of the trainer role. @default Duration.hours(1) */
  readonly maxSessionDuration?: Duration;
}

/** Glue operations that change the catalog; reads (Get*) stay allowed. */
export const GLUE_WRITE_ACTIONS = [
  'glue:Create*',
  'glue:Update*',
  'glue:Delete*',
  'glue:Put*',
  'glue:Import*',
  'glue:Start*',
  'glue:BatchCreatePartition',
  'glue:BatchUpdatePartition',
  'glue:BatchDeletePartition',
  'glue:BatchDeleteTable',
  'glue:BatchDeleteTableVersion',
] as const;

/**
 * Who may do what: the agents' managed policy on AgentRole (invoke the one route, nothing else) and
 * the trainer role (query in its workgroup, read the released zone, write its results), with
 * explicit Denies — raw rows among them — that hold even if someone later attaches a broader
 * policy to the trainer role.
 */
export class Access extends Construct {
  readonly agentPolicy: iam.ManagedPolicy;
  readonly trainerRole: iam.Role;

  constructor(scope: Construct, id: string, props: AccessProps) {
    super(scope, id);
    this.agentPolicy = new iam.ManagedPolicy(this, 'AgentPolicy', {
      description: 'activity-ingest agents: POST /v1/events only',
      roles: [props.agentRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'InvokeEventsRoute',
          actions: ['execute-api:Invoke'],
          resources: [props.eventsMethodArn],
        }),
      ],
    });

    this.trainerRole = new iam.Role(this, 'TrainerRole', {
      description: 'activity-ingest trainers: Athena in the training workgroup, read the released zone',
      assumedBy: trainerTrust(props.trainerPrincipals ?? []),
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
    });
    const policy = new iam.Policy(this, 'TrainerPolicy', {
      statements: [...trainerAllows(props), ...trainerDenies(props)],
    });
    policy.attachToRole(this.trainerRole);

    acknowledgeWildcards(policy, [
      [
        `Resource::<DataBucket.Arn>/${RELEASED_PREFIX}*`,
        'Reading the released table is the trainer role’s job (raw rows are denied).',
      ],
      [
        `Resource::<DataBucket.Arn>/${RELEASE_REPORTS_PREFIX}*`,
        'Trainers read the release reports (counts only) to see what the release suppressed.',
      ],
      [
        `Resource::<ResultsBucket.Arn>/${RESULTS_PREFIX}*`,
        'Athena writes and reads query results under generated keys of this prefix only.',
      ],
    ]);
  }
}

function trainerTrust(principals: readonly string[]): iam.IPrincipal {
  if (principals.length === 0) {
    // The account root as principal delegates to IAM: nobody can assume the role until an
    // administrator grants sts:AssumeRole on it, and then only with MFA.
    return new iam.AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
  }
  return new iam.CompositePrincipal(
    ...principals.map((p) => (/^\d{12}$/.test(p) ? new iam.AccountPrincipal(p) : new iam.ArnPrincipal(p))),
  );
}

function trainerAllows(p: AccessProps): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'AthenaInTrainingWorkgroup',
      actions: [
        'athena:StartQueryExecution',
        'athena:StopQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:GetQueryResultsStream',
        'athena:BatchGetQueryExecution',
        'athena:ListQueryExecutions',
        'athena:GetWorkGroup',
        'athena:GetNamedQuery',
        'athena:BatchGetNamedQuery',
        'athena:ListNamedQueries',
      ],
      resources: [p.workgroupArn],
    }),
    new iam.PolicyStatement({
      sid: 'GlueReadReleasedTables',
      actions: [
        'glue:GetDatabase',
        'glue:GetTable',
        'glue:GetTables',
        'glue:GetPartition',
        'glue:GetPartitions',
      ],
      resources: [p.glue.catalog, p.glue.database, p.glue.releasedTable, p.glue.reportTable],
    }),
    new iam.PolicyStatement({
      sid: 'ReadReleased',
      actions: ['s3:GetObject'],
      resources: RELEASED_ZONE.map((prefix) => p.dataBucket.arnForObjects(`${prefix}*`)),
    }),
    new iam.PolicyStatement({
      sid: 'ListReleased',
      actions: ['s3:ListBucket'],
      resources: [p.dataBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': listablePrefixes(RELEASED_ZONE) } },
    }),
    new iam.PolicyStatement({
      sid: 'BucketLocations',
      actions: ['s3:GetBucketLocation'],
      resources: [p.dataBucket.bucketArn, p.resultsBucket.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'QueryResults',
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [p.resultsBucket.arnForObjects(`${RESULTS_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'ListQueryResults',
      actions: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [p.resultsBucket.bucketArn],
    }),
    keyThroughS3('DataKeyThroughS3Only', p.dataKey, ['kms:Decrypt', 'kms:GenerateDataKey']),
  ];
}

function trainerDenies(p: AccessProps): iam.PolicyStatement[] {
  const deny = (sid: string, actions: string[], resources: string[]) =>
    new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, actions, resources });
  const denyOutside = new iam.PolicyStatement({
    sid: 'DenyAthenaOutsideWorkgroup',
    effect: iam.Effect.DENY,
    actions: ['athena:*'],
    notResources: [p.workgroupArn],
  });
  return [
    deny('DenyPseudonymKey', ['kms:*'], [p.pseudonymKeyArn]),
    deny('DenyRawObjects', ['s3:*'], [p.dataBucket.arnForObjects(`${EVENTS_PREFIX}*`)]),
    deny('DenyErrorOutput', ['s3:*'], [p.dataBucket.arnForObjects(`${ERRORS_PREFIX}*`)]),
    deny('DenyPeopleDirectory', ['s3:*'], [p.dataBucket.arnForObjects(`${DIRECTORY_PREFIX}*`)]),
    // Listing without a prefix, or outside the released zone (raw keys name days and delivery times).
    new iam.PolicyStatement({
      sid: 'DenyListOutsideReleasedZone',
      effect: iam.Effect.DENY,
      actions: ['s3:ListBucket', 's3:ListBucketVersions'],
      resources: [p.dataBucket.bucketArn],
      conditions: { StringNotLike: { 's3:prefix': listablePrefixes(RELEASED_ZONE) } },
    }),
    deny('DenyRawTable', ['glue:*'], [p.glue.rawTable]),
    deny('DenyReleaseJob', ['states:*'], [...p.releaseJobArns]),
    deny('DenyIngestLogs', ['logs:*'], [...p.ingestLogArns]),
    deny('DenyIngestFunction', ['lambda:*'], [p.ingestFunctionArn, `${p.ingestFunctionArn}:*`]),
    deny('DenyFirehose', ['firehose:*'], ['*']),
    denyOutside,
    deny('DenyGlueWrites', [...GLUE_WRITE_ACTIONS], ['*']),
  ];
}
