import { Lazy, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { fixLogicalId } from './logical-ids.ts';

/** Key administration without any cryptographic use: what the account keeps on the pseudonym key. */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
] as const;

/** The MAC operations nobody but the ingest role may call. */
export const MAC_ACTIONS = ['kms:GenerateMac', 'kms:VerifyMac'] as const;

export interface PseudonymKeyProps {
  /** Kept on stack deletion: destroying it makes every stored pseudonym unlinkable. @default RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The KMS HMAC key that makes pseudonyms. Whoever can call GenerateMac with it can compute a known
 * employee's pseudonym and find their rows, so the key policy lets the account administer the key
 * but never use it, and explicitly denies the MAC operations to every principal but the one role
 * granted with `grantGenerateMac` (the ingest function's). Identity policies cannot override that.
 */
export class PseudonymKey extends Construct {
  readonly key: kms.Key;
  private readonly macRoles: iam.IRole[] = [];

  constructor(scope: Construct, id: string, props: PseudonymKeyProps = {}) {
    super(scope, id);
    const account = new iam.AccountRootPrincipal();
    // A policy given to kms.Key replaces CDK's default one, which would give the account `kms:*`.
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'AccountAdministersButDoesNotUse',
          principals: [account],
          actions: [...KEY_ADMIN_ACTIONS],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyMacToAllButIngestRole',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: [...MAC_ACTIONS],
          resources: ['*'],
          conditions: {
            ArnNotEquals: {
              'aws:PrincipalArn': Lazy.list({ produce: () => this.macRoles.map((r) => r.roleArn) }),
            },
          },
        }),
      ],
    });
    this.key = new kms.Key(this, 'Key', {
      description: 'activity-ingest: HMAC key for contributor and session pseudonyms (ingest role only)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      policy,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    fixLogicalId(this.key, 'PseudonymKey');
    // No rotation: KMS cannot rotate HMAC keys (cdk-nag's KMS5 applies to symmetric keys only), and
    // pseudonyms are already unlinkable across windows by design.
    // Without a granted role the Deny would have no exception and no one could ever make a pseudonym.
    this.node.addValidation({
      validate: () =>
        this.macRoles.length === 1
          ? []
          : [`exactly one role must be granted GenerateMac, got ${this.macRoles.length}`],
    });
  }

  /**
   * Lets `role` (and no one else) call GenerateMac: an Allow in the key policy, the matching identity
   * statement, and the role's ARN as the only exception of the Deny.
   */
  grantGenerateMac(role: iam.IRole): void {
    this.macRoles.push(role);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'IngestRoleGeneratesMac',
        principals: [new iam.ArnPrincipal(role.roleArn)],
        actions: ['kms:GenerateMac'],
        resources: ['*'],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [this.key.keyArn] }),
    );
  }

  /** `arn:…:key/<id>`, for explicit Denies in other principals' policies. */
  get keyArn(): string {
    return this.key.keyArn;
  }
}
