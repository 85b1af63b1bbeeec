import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's wildcard findings (AwsSolutions-IAM5) on `scope`, each with its reason.
 * A finding is what cdk-nag puts in brackets, e.g. `Resource::<DataBucket.Arn>/events/*`.
 */
export function acknowledgeWildcards(
  scope: IConstruct,
  findings: readonly (readonly [finding: string, reason: string])[],
): void {
  Validations.of(scope).acknowledge(
    ...findings.map(([finding, reason]) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })),
  );
}
