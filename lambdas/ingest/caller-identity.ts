/**
 * Who called, from API Gateway's SigV4 identity (AWS_IAM authorization). Devices call with
 * credentials of the stack's AgentRole whose role session name is the employee id (IAM Roles
 * Anywhere: the device certificate's CN), so the assumed-role ARN names the employee:
 * `arn:<partition>:sts::<account>:assumed-role/<AgentRole name>/<employee id>`.
 * Anything else — an IAM user, another role, another account, no identity — is not an agent.
 */
import { type Caller, employeeCaller } from '../../lib/ingest/caller.ts';

export interface AgentRoleIdentity {
  /** The account the AgentRole lives in (the function's own). */
  readonly accountId: string;
  /** The AgentRole's name (not its ARN: assumed-role ARNs carry the name only, never the path). */
  readonly roleName: string;
}

// Role session names: 2–64 of [\w+=,.@-] (STS AssumeRole). Partitions: aws, aws-cn, aws-us-gov, …
const ASSUMED_ROLE_ARN =
  /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{2,64})$/;

export function callerFromUserArn(userArn: string | null | undefined, agent: AgentRoleIdentity): Caller {
  if (typeof userArn !== 'string') return { kind: 'forbidden' };
  const m = ASSUMED_ROLE_ARN.exec(userArn);
  if (!m || m[1] !== agent.accountId || m[2] !== agent.roleName) return { kind: 'forbidden' };
  return employeeCaller(m[3] as string);
}
