import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rolesanywhere from 'aws-cdk-lib/aws-rolesanywhere';
import { Construct } from 'constructs';

export interface AgentIdentityProps {
  /**
   * ARN of the IAM Roles Anywhere trust anchor that issues device certificates whose subject CN is
   * the employee id. Without it, AgentRole trusts this account only: a company credential broker
   * assumes it with the employee id as role session name.
   * @default undefined
   */
  readonly trustAnchorArn?: string;
  /**
   * Without a trust anchor: the roles of this account that broker agent credentials. Given, only
   * they may assume AgentRole; empty, any principal of the account allowed `sts:AssumeRole` on it.
   * @default []
   */
  readonly brokerPrincipalArns?: readonly string[];
  /** Lifetime of device sessions. @default Duration.hours(1) */
  readonly sessionDuration?: Duration;
}

/**
 * The role devices call the API with. Its role session name IS the employee id: the ingest
 * function reads it from the caller's assumed-role ARN and takes events of that employee only,
 * so an agent can write only as the employee its credentials name. The role's only permission,
 * added by `Access`, is `execute-api:Invoke` on `POST /v1/events`.
 */
export class AgentIdentity extends Construct {
  readonly role: iam.Role;
  /** The Roles Anywhere profile devices name in their credential helper; only with a trust anchor. */
  readonly profile?: rolesanywhere.CfnProfile;

  constructor(scope: Construct, id: string, props: AgentIdentityProps = {}) {
    super(scope, id);
    const duration = props.sessionDuration ?? Duration.hours(1);
    this.role = new iam.Role(this, 'AgentRole', {
      description: 'activity-ingest device agents: role session name = employee id; POST /v1/events only',
      assumedBy: props.trustAnchorArn
        ? new RolesAnywhereTrust(props.trustAnchorArn)
        : brokersOfThisAccount(props.brokerPrincipalArns ?? []),
      maxSessionDuration: duration,
    });

    if (props.trustAnchorArn) {
      this.profile = new rolesanywhere.CfnProfile(this, 'Profile', {
        name: `${this.node.path.replace(/[^a-zA-Z0-9-]/g, '-')}`.slice(0, 255),
        roleArns: [this.role.roleArn],
        enabled: true,
        // The device asks for the session name (its certificate's CN, the employee id); the trust
        // policy refuses any other. Without this flag the session name is the certificate's serial.
        acceptRoleSessionName: true,
        durationSeconds: duration.toSeconds(),
        // Map the subject's CN explicitly, so the trust policy's principal tag always exists.
        attributeMappings: [{ certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }] }],
      });
    }
  }
}

/**
 * The account root delegates to IAM: principals an administrator allows to assume the role (the
 * company's credential broker) can, and they choose the session name. Named brokers narrow that to
 * them alone: an administrator's own `sts:AssumeRole` on `*` no longer reaches it.
 */
function brokersOfThisAccount(brokers: readonly string[]): iam.IPrincipal {
  const account = new iam.AccountRootPrincipal();
  return brokers.length === 0
    ? account
    : account.withConditions({ ArnEquals: { 'aws:PrincipalArn': [...brokers] } });
}

/**
 * Trust for IAM Roles Anywhere, pinned to one trust anchor and to session names equal to the
 * certificate's CN. Condition keys, from the IAM Roles Anywhere user guide:
 * - "The IAM Roles Anywhere trust model": the service principal `rolesanywhere.amazonaws.com` must be
 *   allowed `sts:AssumeRole`, `sts:TagSession` and `sts:SetSourceIdentity`; subject fields of the
 *   certificate are available as principal tags, the CN as `aws:PrincipalTag/x509Subject/CN`;
 *   `aws:SourceArn` is the trust anchor the certificate chained to.
 * - "CreateSession API": `roleSessionName` is honoured only when the profile's
 *   `acceptRoleSessionName` is true; otherwise the session name is the certificate's serial number.
 * - IAM condition keys: `sts:RoleSessionName` is the session name requested in the AssumeRole call.
 * So `sts:AssumeRole` requires `sts:RoleSessionName == ${aws:PrincipalTag/x509Subject/CN}`: a device
 * can only get a session named after its own certificate, and the assumed-role ARN the function
 * reads names exactly that employee. TagSession and SetSourceIdentity are pinned to the anchor
 * only (`sts:RoleSessionName` is a key of the AssumeRole action); neither yields a session alone.
 */
class RolesAnywhereTrust extends iam.ServicePrincipal {
  constructor(private readonly trustAnchorArn: string) {
    super('rolesanywhere.amazonaws.com');
  }

  override addToAssumeRolePolicy(document: iam.PolicyDocument): void {
    const service = new iam.ServicePrincipal('rolesanywhere.amazonaws.com');
    const fromAnchor = { ArnEquals: { 'aws:SourceArn': this.trustAnchorArn } };
    document.addStatements(
      new iam.PolicyStatement({
        sid: 'DeviceSessionNamedAfterCertificateCN',
        principals: [service],
        actions: ['sts:AssumeRole'],
        conditions: {
          ...fromAnchor,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM
          StringEquals: { 'sts:RoleSessionName': '${aws:PrincipalTag/x509Subject/CN}' },
        },
      }),
      new iam.PolicyStatement({
        sid: 'RolesAnywhereSessionTagsAndSourceIdentity',
        principals: [service],
        actions: ['sts:TagSession', 'sts:SetSourceIdentity'],
        conditions: fromAnchor,
      }),
    );
  }
}
