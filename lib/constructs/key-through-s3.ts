import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Use of a bucket's KMS key only as S3 makes it on the caller's behalf (`kms:ViaService`): the
 * caller can read or write the bucket's objects, never decrypt or make data keys by itself.
 */
export function keyThroughS3(
  sid: string,
  key: kms.IKey,
  actions: readonly string[],
  moreConditions: Record<string, unknown> = {},
): iam.PolicyStatement {
  // A caller's own StringEquals joins the ViaService condition; it can never replace it.
  const { StringEquals, ...others } = moreConditions as { StringEquals?: Record<string, unknown> };
  return new iam.PolicyStatement({
    sid,
    actions: [...actions],
    resources: [key.keyArn],
    conditions: {
      StringEquals: { ...StringEquals, 'kms:ViaService': `s3.${Stack.of(key).region}.amazonaws.com` },
      ...others,
    },
  });
}
