/**
 * The collection notice in the stack: the page of this deployment's settings is published as one
 * object of a private bucket, named by an output; the publisher may copy that one file and write
 * that one key; readers get exactly the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/cdk-context.ts';
import { CollectionNotice, NOTICE_CONTENT_TYPE } from '../../lib/constructs/collection-notice.ts';
import { noticePaths } from '../../lib/notice/notice-files.ts';
import { DEFAULT_NOTICE_SETTINGS } from '../../lib/notice/settings.ts';
import type { Json } from './cfn-resolver.ts';
import { type NamedPolicy, TemplatePolicies } from './policies.ts';
import { ACCOUNT, logicalIdOf, REGION, type Synthesized, synthesize } from './synth.ts';

let synth: Synthesized;
let custom: Synthesized;
let policies: TemplatePolicies;

beforeAll(() => {
  synth = synthesize();
  custom = synthesize({ retentionDays: '400', pseudonymWindow: 'week', releaseMinContributors: '7' });
  policies = new TemplatePolicies(synth);
});

/** The `Create` call of the publishing custom resource, resolved and parsed. */
function publishCall(s: Synthesized): { action: string; parameters: Record<string, string> } {
  const [resource] = Object.values(s.template.findResources('Custom::AWS')) as {
    Properties: { Create: Json };
  }[];
  const p = new TemplatePolicies(s);
  return JSON.parse(p.resolver.resolve(resource?.Properties.Create as Json) as string);
}

/** The HTML file the cloud assembly will upload as the page's asset (from its asset manifest), and its key. */
function assetHtml(s: Synthesized): { file: string; key: string } {
  const assembly = s.app.synth();
  const manifest = JSON.parse(
    readFileSync(join(assembly.directory, `${s.stack.artifactId}.assets.json`), 'utf8'),
  ) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  const html = Object.values(manifest.files).filter((f) => f.source.path.endsWith('.html'));
  expect(html).toHaveLength(1);
  const [asset] = html as [(typeof html)[number]];
  const [destination] = Object.values(asset.destinations);
  return {
    file: readFileSync(join(assembly.directory, asset.source.path), 'utf8'),
    key: destination?.objectKey ?? '',
  };
}

describe('the published page is the notice of this deployment’s own settings', () => {
  it('with the default settings, is byte for byte docs/what-we-collect.html, and the asset uploads exactly it', () => {
    expect(synth.stack.notice.html).toBe(readFileSync(noticePaths(REPO_ROOT).html, 'utf8'));
    expect(assetHtml(synth).file).toBe(synth.stack.notice.html);
  });

  it('states this deployment’s retention, pseudonym window and k when they are changed', () => {
    const { file } = assetHtml(custom);
    expect(file).toContain('deleted after 400 days');
    expect(file).toContain('changes every week (Monday to Sunday)');
    expect(file).toContain('at least 7 different people');
    expect(file).not.toContain('deleted after 365 days');
  });

  it('is copied from that asset to one key of the notice bucket, as HTML', () => {
    const call = publishCall(synth);
    const { key } = assetHtml(synth);
    expect(call.action).toBe('copyObject');
    expect(call.parameters).toMatchObject({
      Bucket: policies.resolver.ref(logicalIdOf(synth.stack.notice.bucket)),
      Key: 'what-we-collect.html',
      MetadataDirective: 'REPLACE',
      ContentType: NOTICE_CONTENT_TYPE,
    });
    expect(call.parameters.CopySource).toBe(`cdk-hnb659fds-assets-${ACCOUNT}-${REGION}/${key}`);
  });

  it('is named by the CollectionNoticeObject output', () => {
    const outputs = synth.template.toJSON().Outputs as Record<string, { Value: Json; Description: string }>;
    const output = outputs.CollectionNoticeObject;
    expect(policies.resolver.resolve(output?.Value as Json)).toBe(
      `s3://${policies.resolver.ref('NoticeBucket')}/what-we-collect.html`,
    );
    expect(output?.Description).toMatch(/intranet/);
  });
});

describe('the notice bucket is private: no public access, TLS only, logged, versioned', () => {
  it('blocks all public access, enforces bucket ownership, encrypts, versions and logs to the access-log bucket', () => {
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: 'AccessLogBucket' },
        LogFilePrefix: 'notice-bucket/',
      },
    });
  });

  it('allows nothing to anyone in its bucket policy, and denies every request without TLS', () => {
    const statements = (
      policies.bucketPolicy(synth.stack.notice.bucket) as { Statement: Record<string, Json>[] }
    ).Statement;
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });
});

describe('the publisher may copy the one page and nothing else (IAM simulation)', () => {
  let publisher: { arn: string; identityPolicies: NamedPolicy[] };
  const notice = () => `${policies.resolver.getAtt('NoticeBucket', 'Arn')}/what-we-collect.html`;

  beforeAll(() => {
    const r = policies.resolver;
    const [roleId] = r
      .logicalIdsOfType('AWS::IAM::Role')
      .filter((id) => id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'));
    const role = r.resource(roleId as string).Properties ?? {};
    // Its only managed policy is Lambda's basic execution role (its own logs).
    expect(JSON.stringify(role.ManagedPolicyArns)).toContain('service-role/AWSLambdaBasicExecutionRole');
    expect(role.ManagedPolicyArns).toHaveLength(1);
    const identityPolicies = r
      .logicalIdsOfType('AWS::IAM::Policy')
      .map((id) => ({ id, props: r.resource(id).Properties ?? {} }))
      .filter(({ props }) => JSON.stringify(props.Roles) === JSON.stringify([{ Ref: roleId }]))
      .map(({ id, props }) => ({ name: id, policy: r.resolve(props.PolicyDocument as Json) }));
    expect(identityPolicies).toHaveLength(1);
    publisher = { arn: r.getAtt(roleId as string, 'Arn'), identityPolicies };
  });

  async function simulate(action: string, resource: string, resourcePolicy?: Json): Promise<string> {
    const result = await runSimulation(
      {
        request: {
          principal: publisher.arn,
          action,
          resource: { resource, accountId: ACCOUNT },
          contextVariables: {
            'aws:PrincipalArn': publisher.arn,
            'aws:PrincipalAccount': ACCOUNT,
            'aws:SecureTransport': 'true',
          },
        },
        identityPolicies: publisher.identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy,
      },
      {},
    );
    if (result.resultType !== 'single') throw new Error(JSON.stringify(result));
    return result.overallResult;
  }

  it.each([
    ['s3:PutObject', 'the page', 'Allowed'],
    ['s3:GetObject', 'the page asset', 'Allowed'],
    ['s3:PutObject', 'another key of the notice bucket', 'ImplicitlyDenied'],
    ['s3:DeleteObject', 'the page', 'ImplicitlyDenied'],
    ['s3:GetObject', 'another asset (the ingest function’s code)', 'ImplicitlyDenied'],
    ['s3:GetObject', 'a raw row', 'ExplicitlyDenied'],
    ['s3:PutObject', 'a raw row', 'ImplicitlyDenied'],
  ])('%s on %s → %s', async (action, what, expected) => {
    const { key } = assetHtml(synth);
    const assets = `arn:aws:s3:::cdk-hnb659fds-assets-${ACCOUNT}-${REGION}`;
    const dataBucket = policies.resolver.getAtt('DataBucket', 'Arn');
    const noticePolicy = policies.bucketPolicy(synth.stack.notice.bucket);
    const resources: Record<string, [string, Json | undefined]> = {
      'the page': [notice(), noticePolicy],
      'the page asset': [`${assets}/${key}`, undefined],
      'another key of the notice bucket': [
        `${policies.resolver.getAtt('NoticeBucket', 'Arn')}/index.html`,
        noticePolicy,
      ],
      'another asset (the ingest function’s code)': [`${assets}/0123456789abcdef.zip`, undefined],
      'a raw row': [
        `${dataBucket}/events/dt=2026-11-27/part-1.parquet`,
        policies.bucketPolicy(synth.stack.storage.dataBucket),
      ],
    };
    const [resource, policy] = resources[what] as [string, Json | undefined];
    expect(await simulate(action, resource, policy)).toBe(expected);
  });
});

describe('grantRead gives a reader the page, nothing else of the bucket', () => {
  it('grants read actions on the one object', () => {
    const stack = new Stack(new App(), 'NoticeOnly', { env: { account: ACCOUNT, region: REGION } });
    const notice = new CollectionNotice(stack, 'Notice', {
      settings: DEFAULT_NOTICE_SETTINGS,
      accessLogBucket: new s3.Bucket(stack, 'Logs'),
    });
    const proxy = new iam.Role(stack, 'IntranetProxy', { assumedBy: new iam.AccountRootPrincipal() });
    notice.grantRead(proxy);
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('IntranetProxy'),
    ) as { Properties: { PolicyDocument: { Statement: { Action: string[]; Resource: Json[] }[] } } }[];
    const statements = policy?.Properties.PolicyDocument.Statement ?? [];
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toContain('s3:GetObject*');
    expect(JSON.stringify(statements[0]?.Resource)).toContain('/what-we-collect.html');
    expect(statements[0]?.Action.some((a) => /Put|Delete/.test(a))).toBe(false);
  });
});
