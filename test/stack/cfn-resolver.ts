/**
 * Resolves the intrinsics of a synthesized template (Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split,
 * Fn::Sub) into concrete names and ARNs for one fixed account and region, so that the policies in the
 * template can be evaluated by an IAM simulator. Physical names that CloudFormation would generate
 * are stand-ins derived from the logical ID; anything unknown throws rather than guessing.
 */
import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

export interface ResolverEnv {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
}

export class CfnResolver {
  private readonly partition: string;

  constructor(
    readonly template: CfnTemplate,
    readonly env: ResolverEnv,
  ) {
    this.partition = env.partition ?? 'aws';
  }

  resource(logicalId: string): CfnResource {
    const r = this.template.Resources[logicalId];
    if (!r) throw new Error(`no resource ${logicalId} in the template`);
    return r;
  }

  /** The single resource of a type, e.g. the RestApi. */
  onlyOfType(type: string): string {
    const ids = this.logicalIdsOfType(type);
    if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}`);
    return ids[0] as string;
  }

  logicalIdsOfType(type: string): string[] {
    return Object.entries(this.template.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
  }

  /** The name CloudFormation would give (an explicit literal name wins, else a stand-in). */
  physicalName(logicalId: string): string {
    const { Type, Properties: p = {} } = this.resource(logicalId);
    const explicit: Record<string, Json | undefined> = {
      'AWS::S3::Bucket': p.BucketName,
      'AWS::IAM::Role': p.RoleName,
      'AWS::IAM::ManagedPolicy': p.ManagedPolicyName,
      'AWS::Logs::LogGroup': p.LogGroupName,
      'AWS::KinesisFirehose::DeliveryStream': p.DeliveryStreamName,
      'AWS::Lambda::Function': p.FunctionName,
      'AWS::Glue::Database': (p.DatabaseInput as Record<string, Json> | undefined)?.Name,
      'AWS::Glue::Table': (p.TableInput as Record<string, Json> | undefined)?.Name,
      'AWS::Athena::WorkGroup': p.Name,
      'AWS::ApiGateway::Stage': p.StageName,
      'AWS::StepFunctions::StateMachine': p.StateMachineName,
      'AWS::CloudWatch::Alarm': p.AlarmName,
      'AWS::SNS::Topic': p.TopicName,
    };
    const name = explicit[Type];
    if (name !== undefined) return String(this.resolve(name));
    // Bucket names are lowercase; the rest keep the logical ID as CloudFormation's generated names do.
    return Type === 'AWS::S3::Bucket' ? logicalId.toLowerCase() : logicalId;
  }

  ref(logicalId: string): string {
    const pseudo: Record<string, string> = {
      'AWS::AccountId': this.env.account,
      'AWS::Region': this.env.region,
      'AWS::Partition': this.partition,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'ActivityIngest',
    };
    if (logicalId in pseudo) return pseudo[logicalId] as string;
    const { Type } = this.resource(logicalId);
    switch (Type) {
      case 'AWS::KMS::Key':
        return this.keyId(logicalId);
      case 'AWS::ApiGateway::RestApi':
        return `api${logicalId
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')
          .slice(0, 7)}`;
      case 'AWS::IAM::ManagedPolicy':
        return this.arn('iam', '', `policy/${this.physicalName(logicalId)}`);
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', this.env.region, `stateMachine:${this.physicalName(logicalId)}`);
      case 'AWS::SNS::Topic':
        return this.arn('sns', this.env.region, this.physicalName(logicalId));
      default:
        return this.physicalName(logicalId);
    }
  }

  getAtt(logicalId: string, attribute: string): string {
    const { Type } = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    const key = `${Type}.${attribute}`;
    switch (key) {
      case 'AWS::S3::Bucket.Arn':
        return `arn:${this.partition}:s3:::${name}`;
      case 'AWS::IAM::Role.Arn':
        return this.arn('iam', '', `role/${name}`);
      case 'AWS::KMS::Key.Arn':
        return this.arn('kms', this.env.region, `key/${this.keyId(logicalId)}`);
      case 'AWS::Logs::LogGroup.Arn':
        return this.arn('logs', this.env.region, `log-group:${name}:*`);
      case 'AWS::KinesisFirehose::DeliveryStream.Arn':
        return this.arn('firehose', this.env.region, `deliverystream/${name}`);
      case 'AWS::Lambda::Function.Arn':
        return this.arn('lambda', this.env.region, `function:${name}`);
      case 'AWS::CloudWatch::Alarm.Arn':
        return this.arn('cloudwatch', this.env.region, `alarm:${name}`);
      case 'AWS::ApiGateway::RestApi.RootResourceId':
        return 'rootresourceid';
      default:
        throw new Error(`Fn::GetAtt ${key} is not known to the resolver`);
    }
  }

  /** Deeply resolves intrinsics in any template value. */
  resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    const only = keys.length === 1 ? (keys[0] as string) : undefined;
    const arg = only === undefined ? undefined : (value[only] as Json);
    switch (only) {
      case 'Ref':
        return this.ref(arg as string);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return this.getAtt(String(id), String(attribute));
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, Json[]];
        return (this.resolve(parts) as Json[]).map(String).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, Json];
        return (this.resolve(list) as Json[])[Number(this.resolve(index))] ?? null;
      }
      case 'Fn::Split': {
        const [sep, source] = arg as [string, Json];
        return String(this.resolve(source)).split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars = {}] =
          typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, Json>]);
        return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (name in vars) return String(this.resolve(vars[name] as Json));
          const [id, attribute] = name.split('.');
          return attribute ? this.getAtt(id as string, attribute) : this.ref(name);
        });
      }
      default:
        if (only?.startsWith('Fn::')) throw new Error(`${only} is not known to the resolver`);
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
    }
  }

  private keyId(logicalId: string): string {
    // A stable stand-in for the UUID KMS would assign.
    const hex = createHash('sha256').update(logicalId).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }

  private arn(service: string, region: string, resource: string): string {
    return `arn:${this.partition}:${service}:${region}:${this.env.account}:${resource}`;
  }
}
