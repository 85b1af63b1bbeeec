/** The policies of the synthesized template, resolved to concrete ARNs, by the principal or resource they belong to. */
import type { IConstruct } from 'constructs';
import { CfnResolver, type Json } from './cfn-resolver.ts';
import { ACCOUNT, logicalIdOf, REGION, type Synthesized } from './synth.ts';

export interface NamedPolicy {
  readonly name: string;
  readonly policy: Json;
}

export class TemplatePolicies {
  readonly resolver: CfnResolver;

  constructor(synth: Synthesized) {
    this.resolver = new CfnResolver(synth.template.toJSON() as never, { account: ACCOUNT, region: REGION });
  }

  /** Logical ID of an L2 construct's (or L1's) CloudFormation resource. */
  logicalId(construct: IConstruct): string {
    return logicalIdOf(construct);
  }

  arnOfRole(role: IConstruct): string {
    return this.resolver.getAtt(this.logicalId(role), 'Arn');
  }

  /** Inline, attached (AWS::IAM::Policy, AWS::IAM::ManagedPolicy) and referenced managed policies of a role. */
  identityPoliciesOfRole(role: IConstruct): NamedPolicy[] {
    const id = this.logicalId(role);
    const { Properties: p = {} } = this.resolver.resource(id);
    const policies: NamedPolicy[] = [];
    for (const inline of (p.Policies as { PolicyName: string; PolicyDocument: Json }[] | undefined) ?? []) {
      policies.push({ name: inline.PolicyName, policy: this.resolver.resolve(inline.PolicyDocument) });
    }
    for (const policyId of this.resolver.logicalIdsOfType('AWS::IAM::Policy')) {
      const props = this.resolver.resource(policyId).Properties ?? {};
      const roles = (props.Roles as Json[] | undefined) ?? [];
      if (roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: id }))) {
        policies.push({ name: policyId, policy: this.resolver.resolve(props.PolicyDocument as Json) });
      }
    }
    // Customer-managed policies name their roles themselves (ManagedPolicy `Roles`).
    for (const policyId of this.resolver.logicalIdsOfType('AWS::IAM::ManagedPolicy')) {
      const props = this.resolver.resource(policyId).Properties ?? {};
      const roles = (props.Roles as Json[] | undefined) ?? [];
      if (roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: id }))) {
        policies.push({ name: policyId, policy: this.resolver.resolve(props.PolicyDocument as Json) });
      }
    }
    for (const arn of (p.ManagedPolicyArns as Json[] | undefined) ?? []) {
      const ref = (arn as { Ref?: string }).Ref;
      if (ref === undefined)
        throw new Error(`${id}: managed policy ${JSON.stringify(arn)} is not in the template`);
      policies.push({ name: ref, policy: this.managedPolicyDocument(ref) });
    }
    return policies;
  }

  managedPolicyDocument(logicalIdOrConstruct: string | IConstruct): Json {
    const id =
      typeof logicalIdOrConstruct === 'string' ? logicalIdOrConstruct : this.logicalId(logicalIdOrConstruct);
    return this.resolver.resolve(this.resolver.resource(id).Properties?.PolicyDocument as Json);
  }

  keyPolicy(key: IConstruct): Json {
    return this.resolver.resolve(this.resolver.resource(this.logicalId(key)).Properties?.KeyPolicy as Json);
  }

  trustPolicy(role: IConstruct): Json {
    return this.resolver.resolve(
      this.resolver.resource(this.logicalId(role)).Properties?.AssumeRolePolicyDocument as Json,
    );
  }

  /** The AWS::S3::BucketPolicy of a bucket, or undefined when it has none. */
  bucketPolicy(bucket: IConstruct): Json | undefined {
    const id = this.logicalId(bucket);
    for (const policyId of this.resolver.logicalIdsOfType('AWS::S3::BucketPolicy')) {
      const props = this.resolver.resource(policyId).Properties ?? {};
      if (JSON.stringify(props.Bucket) === JSON.stringify({ Ref: id })) {
        return this.resolver.resolve(props.PolicyDocument as Json);
      }
    }
    return undefined;
  }
}
