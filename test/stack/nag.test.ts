/**
 * cdk-nag AwsSolutions over the whole app: zero unacknowledged findings, every acknowledgement with
 * a real reason, and no acknowledgement that suppresses nothing (a stale one would silently cover
 * a future finding of the same id).
 */
import { CfnResource, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synthesize } from './synth.ts';

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function acknowledgementsOf(construct: IConstruct): Acknowledgement[] {
  return construct.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) =>
      Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
        path: construct.node.path,
        id: id.replace(/^annotation::/i, ''),
        reason,
      })),
    );
}

/** Runs the pack and records which acknowledgement (nearest ancestor first, as cdk-nag looks) was used. */
function runNag(app: IConstruct) {
  const pack = new AwsSolutionsChecks();
  const used = new Set<string>();
  const internals = pack as unknown as { isAcknowledged(node: CfnResource, ruleId: string): boolean };
  const original = internals.isAcknowledged.bind(pack);
  internals.isAcknowledged = (node, ruleId) => {
    const acknowledged = original(node, ruleId);
    for (let c: IConstruct | undefined = node; acknowledged && c; c = c.node.scope) {
      const hit = acknowledgementsOf(c).find((a) => a.id === ruleId);
      if (hit) {
        used.add(`${hit.path}|${hit.id}`);
        break;
      }
    }
    return acknowledged;
  };
  return { report: pack.validateScope(app), used };
}

let synth: Synthesized;
let nag: ReturnType<typeof runNag>;
let acknowledgements: Acknowledgement[];

beforeAll(() => {
  synth = synthesize();
  nag = runNag(synth.app);
  // Only cdk-nag's; CloudFormation-Validate acknowledgements belong to CDK's own validator.
  acknowledgements = synth.app.node
    .findAll()
    .flatMap(acknowledgementsOf)
    .filter((a) => a.id.startsWith('AwsSolutions-'));
});

describe('cdk-nag AwsSolutions', () => {
  it('checks the stack (it found and acknowledged findings, so the pack really ran)', () => {
    expect(synth.app.node.findAll().filter((c) => c instanceof CfnResource).length).toBeGreaterThan(40);
    expect(nag.used.size).toBeGreaterThan(0);
  });

  it('has no unacknowledged finding', () => {
    const findings = nag.report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('gives every acknowledgement a specific reason', () => {
    for (const a of acknowledgements) {
      expect(a.id, a.path).toMatch(/^AwsSolutions-[A-Z0-9]+(\[.+\])?$/);
      // A sentence that says why, not "ok" or "n/a".
      expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThanOrEqual(50);
    }
  });

  it('has no stale acknowledgement (each one suppresses a finding)', () => {
    const stale = acknowledgements
      .filter((a) => !nag.used.has(`${a.path}|${a.id}`))
      .map((a) => `${a.id} at ${a.path}`);
    expect(stale).toEqual([]);
  });

  it('acknowledges only these findings', () => {
    // Changing this list is a security review decision: the reasons live next to the resources.
    expect(
      acknowledgements.map((a) => `${a.id} @ ${a.path.replace(/^ActivityIngest\//, '')}`).sort(),
    ).toEqual(
      [
        'AwsSolutions-APIG3 @ Api/Api',
        'AwsSolutions-COG4 @ Api/Api',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs] @ Api/Api/CloudWatchRole',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] @ AWS679f53fac002430cb0da5b7982bd2287',
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*] @ Delivery/Stream',
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*] @ Delivery/Stream',
        'AwsSolutions-IAM5[Resource::*] @ Release/RolePolicy',
        'AwsSolutions-IAM5[Resource::<DataBucket.Arn>/errors/*] @ Delivery/RolePolicy',
        'AwsSolutions-IAM5[Resource::<DataBucket.Arn>/events/*] @ Delivery/RolePolicy',
        'AwsSolutions-IAM5[Resource::<DataBucket.Arn>/events/*] @ Release/RolePolicy',
        'AwsSolutions-IAM5[Resource::<DataBucket.Arn>/release-reports/*] @ Access/TrainerPolicy',
        'AwsSolutions-IAM5[Resource::<DataBucket.Arn>/release-reports/*] @ Release/RolePolicy',
        'AwsSolutions-IAM5[Resource::<DataBucket.Arn>/released/*] @ Access/TrainerPolicy',
        'AwsSolutions-IAM5[Resource::<DataBucket.Arn>/released/*] @ Release/RolePolicy',
        'AwsSolutions-IAM5[Resource::<ResultsBucket.Arn>/athena-results/*] @ Access/TrainerPolicy',
        'AwsSolutions-IAM5[Resource::<ResultsBucket.Arn>/release-results/*] @ Release/RolePolicy',
      ].sort(),
    );
  });
});
