/**
 * The collection notice for employees, published: the HTML page rendered from this deployment's
 * own settings (retention, window, k, …), put as one object into a small private bucket of its own.
 * No public access: the company serves it from its intranet, through a proxy or role it grants
 * read to (`grantRead`), or as a presigned URL.
 *
 * Publishing without Docker or a bundled CLI: the page is a file asset (uploaded by `cdk deploy`),
 * and a custom resource copies it into the bucket with an S3 CopyObject — its role may read that one
 * asset object and write that one key, nothing else.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { NOTICE_HTML_NAME, renderNotice } from '../notice/notice-files.ts';
import type { NoticeSettings } from '../notice/settings.ts';
import { fixLogicalId } from './logical-ids.ts';
import { SECURE_BUCKET } from './storage.ts';

export interface CollectionNoticeProps {
  /** What this deployment does: the notice states these settings. */
  readonly settings: NoticeSettings;
  /** The stack's access-log bucket: reads of the notice are logged like every bucket's. */
  readonly accessLogBucket: s3.IBucket;
  /** Retention of the publishing function's log group. @default 90 days */
  readonly logRetention?: logs.RetentionDays;
  /** Days after which replaced versions of the page expire. @default 7 */
  readonly noncurrentVersionDays?: number;
}

/** Content type of the published page. */
export const NOTICE_CONTENT_TYPE = 'text/html; charset=utf-8';

export class CollectionNotice extends Construct {
  readonly bucket: s3.Bucket;
  /** Key of the page in the bucket. */
  readonly objectKey = NOTICE_HTML_NAME;
  /** The page as rendered for this deployment (what the bucket will hold). */
  readonly html: string;

  constructor(scope: Construct, id: string, props: CollectionNoticeProps) {
    super(scope, id);
    this.html = renderNotice(props.settings).html;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...SECURE_BUCKET,
      // A public page's text: S3-managed keys, so readers need no KMS grant.
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'notice-bucket/',
      lifecycleRules: [
        {
          id: 'expire-noncurrent',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 7),
        },
      ],
    });
    fixLogicalId(this.bucket, 'NoticeBucket');

    // The rendered page as a file asset: a new page is a new asset hash, hence a new copy. One
    // folder per distinct page, so repeated syntheses reuse it rather than pile up temporary files.
    const digest = createHash('sha256').update(this.html).digest('hex').slice(0, 16);
    const folder = join(tmpdir(), `activity-ingest-notice-${digest}`);
    mkdirSync(folder, { recursive: true });
    // Written aside and renamed into place: a synthesis running at the same time never reads half a page.
    const partial = join(folder, `${NOTICE_HTML_NAME}.${process.pid}.tmp`);
    writeFileSync(partial, this.html);
    renameSync(partial, join(folder, NOTICE_HTML_NAME));
    const asset = new s3assets.Asset(this, 'Page', { path: join(folder, NOTICE_HTML_NAME) });

    const copy: cr.AwsSdkCall = {
      service: 'S3',
      action: 'copyObject',
      parameters: {
        Bucket: this.bucket.bucketName,
        Key: this.objectKey,
        CopySource: `${asset.s3BucketName}/${asset.s3ObjectKey}`,
        MetadataDirective: 'REPLACE',
        ContentType: NOTICE_CONTENT_TYPE,
        CacheControl: 'no-cache',
      },
      // One physical resource for the stack's life: an update copies again, nothing is replaced.
      physicalResourceId: cr.PhysicalResourceId.of(`collection-notice/${this.objectKey}`),
    };
    const publish = new cr.AwsCustomResource(this, 'Publish', {
      onCreate: copy,
      onUpdate: copy,
      // No onDelete: like the bucket, the page stays when the stack is deleted.
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          sid: 'ReadNoticeAsset',
          actions: ['s3:GetObject'],
          resources: [asset.bucket.arnForObjects(asset.s3ObjectKey)],
        }),
        new iam.PolicyStatement({
          sid: 'WriteNotice',
          actions: ['s3:PutObject'],
          resources: [this.bucket.arnForObjects(this.objectKey)],
        }),
      ]),
      installLatestAwsSdk: false,
      logGroup: new logs.LogGroup(this, 'PublishLogs', {
        retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      timeout: Duration.minutes(2),
    });
    publish.node.addDependency(this.bucket);

    // The provider function is a stack-wide singleton of aws-cdk-lib; its role's managed policy is its own.
    const provider = Stack.of(this).node.tryFindChild(PROVIDER_ID);
    if (provider) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The custom-resource provider of aws-cdk-lib that publishes the collection notice; the managed ' +
          'policy only lets it write its own CloudWatch logs, and it runs only during deployments.',
      });
    }
  }

  /** `s3://bucket/what-we-collect.html`. */
  get s3Uri(): string {
    return `s3://${this.bucket.bucketName}/${this.objectKey}`;
  }

  /** Read of the page, nothing else of the bucket: for the intranet's proxy or publishing role. */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantRead(grantee, this.objectKey);
  }
}

/** Construct id of aws-cdk-lib's AwsCustomResource provider singleton (fixed by aws-cdk-lib). */
const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';
