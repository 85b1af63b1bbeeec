/**
 * The people directory in AWS (`-c directoryObjectKey=directory/people.bin`): one object of the
 * data bucket, KMS-encrypted; the ingest function may read that object only (and decrypt it
 * through S3 only) and is told where it is; trainers are explicitly denied it; cdk-nag stays clean.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, configFromContext, DEFAULT_CONFIG } from '../../lib/config.ts';
import type { Json } from './cfn-resolver.ts';
import { TemplatePolicies } from './policies.ts';
import { ACCOUNT, functionEnv, logicalIdOf, REGION, type Synthesized, synthesize } from './synth.ts';

const KEY = 'directory/people.bin';
let synth: Synthesized;
let policies: TemplatePolicies;
let without: Synthesized;

beforeAll(() => {
  synth = synthesize({ directoryObjectKey: KEY, directoryRefreshMinutes: '10' });
  policies = new TemplatePolicies(synth);
  without = synthesize();
});

describe('template: the function is told where the directory is, only when one is configured', () => {
  it('sets the bucket, the key and the refresh interval', () => {
    const env = functionEnv(synth);
    expect(env.DIRECTORY_OBJECT_KEY).toBe(KEY);
    expect(env.DIRECTORY_REFRESH_SECONDS).toBe('600');
    expect(env.DIRECTORY_BUCKET).toEqual({ Ref: logicalIdOf(synth.stack.storage.dataBucket) });
  });

  it('sets nothing and grants nothing without directoryObjectKey', () => {
    const env = functionEnv(without);
    expect(Object.keys(env).filter((k) => k.startsWith('DIRECTORY_'))).toEqual([]);
    expect(JSON.stringify(without.template.toJSON())).not.toContain('ReadPeopleDirectory');
  });

  it('grants s3:GetObject on exactly the one object, and kms:Decrypt through S3 only', () => {
    const role = policies.identityPoliciesOfRole(synth.stack.ingest.role);
    const statements = role.flatMap((p) => (p.policy as { Statement: Json[] }).Statement) as Record<
      string,
      unknown
    >[];
    const read = statements.find((s) => s.Sid === 'ReadPeopleDirectory');
    const bucketArn = policies.resolver.getAtt(logicalIdOf(synth.stack.storage.dataBucket), 'Arn');
    expect(read).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucketArn}/${KEY}` });
    const decrypt = statements.find((s) => s.Sid === 'DecryptPeopleDirectoryThroughS3');
    expect(decrypt).toMatchObject({
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
    });
  });

  it('names the object to upload to in an output', () => {
    synth.template.hasOutput('PeopleDirectoryObject', {});
    expect(Object.keys(without.template.findOutputs('PeopleDirectoryObject'))).toEqual([]);
  });
});

describe('config: directoryObjectKey is a key under directory/, nowhere trainers or Firehose read', () => {
  const from = (ctx: Record<string, string>) => () => configFromContext((k) => ctx[k]);
  it.each([
    'events/people.bin',
    'errors/people.bin',
    'directory/',
    'directory/../events/x',
    'people.bin',
    'directory/a b.bin',
  ])('rejects %s', (key) => {
    expect(from({ directoryObjectKey: key })).toThrow(ConfigError);
    expect(from({ directoryObjectKey: key })).toThrow(
      /^directoryObjectKey must be an S3 key under directory\//,
    );
  });
  it('accepts a key under directory/ and defaults to none, refreshed every 15 minutes', () => {
    expect(
      configFromContext((k) => ({ directoryObjectKey: 'directory/2026/people.bin' })[k]).directoryObjectKey,
    ).toBe('directory/2026/people.bin');
    expect(DEFAULT_CONFIG.directoryObjectKey).toBe('');
    expect(DEFAULT_CONFIG.directoryRefreshMinutes).toBe(15);
    expect(from({ directoryRefreshMinutes: '0' })).toThrow(
      /directoryRefreshMinutes must be an integer from 1 to 1440/,
    );
  });
});

describe('IAM simulation: who may read the directory object', () => {
  const simulate = async (who: 'ingest' | 'trainer', action: string, resource: string, context = {}) => {
    const role = who === 'ingest' ? synth.stack.ingest.role : synth.stack.access.trainerRole;
    const arn = policies.arnOfRole(role);
    const result = await runSimulation(
      {
        request: {
          principal: arn,
          action,
          resource: { resource, accountId: ACCOUNT },
          contextVariables: { 'aws:PrincipalArn': arn, 'aws:SecureTransport': 'true', ...context },
        },
        identityPolicies: policies.identityPoliciesOfRole(role),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: resource.includes(':s3:')
          ? policies.bucketPolicy(synth.stack.storage.dataBucket)
          : policies.keyPolicy(synth.stack.storage.dataKey),
      },
      {},
    );
    if (result.resultType !== 'single') throw new Error('expected one simulation');
    return result.overallResult;
  };
  const bucket = () => policies.resolver.getAtt(logicalIdOf(synth.stack.storage.dataBucket), 'Arn');
  const dataKey = () => policies.resolver.getAtt(logicalIdOf(synth.stack.storage.dataKey), 'Arn');
  const viaS3 = { 'kms:ViaService': `s3.${REGION}.amazonaws.com` };

  it('the ingest role reads the directory object and decrypts it through S3', async () => {
    expect(await simulate('ingest', 's3:GetObject', `${bucket()}/${KEY}`)).toBe('Allowed');
    expect(await simulate('ingest', 'kms:Decrypt', dataKey(), viaS3)).toBe('Allowed');
  });
  it('the ingest role reads no other object, overwrites nothing, decrypts nothing directly', async () => {
    expect(await simulate('ingest', 's3:GetObject', `${bucket()}/directory/other.bin`)).toBe(
      'ImplicitlyDenied',
    );
    // Raw rows: the bucket policy denies them to every principal but the release role.
    expect(await simulate('ingest', 's3:GetObject', `${bucket()}/events/dt=2026-11-27/x.parquet`)).toBe(
      'ExplicitlyDenied',
    );
    expect(await simulate('ingest', 's3:PutObject', `${bucket()}/${KEY}`)).toBe('ImplicitlyDenied');
    expect(await simulate('ingest', 'kms:Decrypt', dataKey())).toBe('ImplicitlyDenied');
  });
  it('trainers are explicitly denied every directory object', async () => {
    expect(await simulate('trainer', 's3:GetObject', `${bucket()}/${KEY}`)).toBe('ExplicitlyDenied');
    expect(await simulate('trainer', 's3:GetObject', `${bucket()}/directory/older.bin`)).toBe(
      'ExplicitlyDenied',
    );
  });
});

describe('cdk-nag AwsSolutions with a directory configured', () => {
  it('has no finding', () => {
    const report = new AwsSolutionsChecks().validateScope(synth.app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});
