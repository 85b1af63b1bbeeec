import { type EnvLike, integerSetting, loadIngestConfig, requiredSetting } from '../../lib/ingest/config.ts';
import type { IngestConfig } from '../../lib/ingest/ports.ts';
import type { AgentRoleIdentity } from './caller-identity.ts';

/** Everything the function reads from its environment, validated once at cold start. */
export interface LambdaSettings {
  readonly deliveryStreamName: string;
  readonly pseudonymKeyId: string;
  /** The only callers whose events are taken: sessions of this role in this account. */
  readonly agent: AgentRoleIdentity;
  readonly ingest: IngestConfig;
  /** Where the people directory object is, when one is configured. */
  readonly directory?: { readonly bucket: string; readonly key: string; readonly refreshSeconds: number };
}

// Firehose stream names; KMS key ids, key ARNs, alias names and alias ARNs.
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const KEY_ID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias\/[a-zA-Z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key|alias)\/[a-zA-Z0-9/_-]{1,250})$/;

/** Reads DELIVERY_STREAM_NAME, PSEUDONYM_KEY_ID, AGENT_* and the ingest settings; throws ConfigError naming the variable. */
export function loadLambdaSettings(env: EnvLike): LambdaSettings {
  return {
    deliveryStreamName: requiredSetting(
      env,
      'DELIVERY_STREAM_NAME',
      STREAM_NAME,
      'a Firehose delivery stream name',
    ),
    pseudonymKeyId: requiredSetting(
      env,
      'PSEUDONYM_KEY_ID',
      KEY_ID,
      'a KMS key id, key ARN, alias name or alias ARN',
    ),
    agent: {
      accountId: requiredSetting(env, 'AGENT_ACCOUNT_ID', ACCOUNT_ID, 'a 12-digit AWS account id'),
      roleName: requiredSetting(env, 'AGENT_ROLE_NAME', ROLE_NAME, 'an IAM role name'),
    },
    ingest: loadIngestConfig(env),
    ...directorySettings(env),
  };
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const OBJECT_KEY = /^directory\/[A-Za-z0-9!_.*'()/-]{1,1014}$/;

/** DIRECTORY_BUCKET, DIRECTORY_OBJECT_KEY and DIRECTORY_REFRESH_SECONDS: all or none. */
function directorySettings(env: EnvLike): Pick<LambdaSettings, 'directory'> {
  if (!env.DIRECTORY_BUCKET?.trim() && !env.DIRECTORY_OBJECT_KEY?.trim()) return {};
  const refreshSeconds = integerSetting(env, 'DIRECTORY_REFRESH_SECONDS', { min: 60, max: 86_400 }, 900);
  return {
    directory: {
      bucket: requiredSetting(env, 'DIRECTORY_BUCKET', BUCKET_NAME, 'an S3 bucket name'),
      key: requiredSetting(env, 'DIRECTORY_OBJECT_KEY', OBJECT_KEY, 'an S3 key under directory/'),
      refreshSeconds,
    },
  };
}
