/** The workgroup and database of a deployed stack, from its CloudFormation outputs. */
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

export interface TrainerTargets {
  readonly workgroup: string;
  readonly database: string;
  /** The released table trainers query, when the stack names it. */
  readonly table?: string;
}

export class StackOutputsError extends Error {
  override readonly name = 'StackOutputsError';
}

export async function trainerTargetsOf(
  client: Pick<CloudFormationClient, 'send'>,
  stackName: string,
): Promise<TrainerTargets> {
  const out = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  const stack = out.Stacks?.[0];
  if (!stack) throw new StackOutputsError(`stack ${stackName}: not found`);
  const outputs = new Map((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  const workgroup = outputs.get('WorkgroupName');
  const database = outputs.get('DatabaseName');
  if (!workgroup || !database) {
    throw new StackOutputsError(
      `stack ${stackName}: has no WorkgroupName/DatabaseName outputs (is it activity-ingest?)`,
    );
  }
  const table = outputs.get('ReleasedTableName') ?? outputs.get('TableName');
  return { workgroup, database, ...(table ? { table } : {}) };
}
