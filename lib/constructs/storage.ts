import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { fixLogicalId } from './logical-ids.ts';

/** Key prefixes of the data bucket; the catalog, Firehose, the release and the trainer policy all use these. */
export const EVENTS_PREFIX = 'events/';
export const ERRORS_PREFIX = 'errors/';
/** The released zone: what trainers read. The release job writes both; nothing else does. */
export const RELEASED_PREFIX = 'released/';
export const RELEASE_REPORTS_PREFIX = 'release-reports/';
/** The released zone's prefixes: the only data-bucket keys a trainer may read or list. */
export const RELEASED_ZONE = [RELEASED_PREFIX, RELEASE_REPORTS_PREFIX] as const;
/** Key prefix of the trainers' Athena results in the results bucket. */
export const RESULTS_PREFIX = 'athena-results/';
/** Key prefix of the release job's Athena results (manifests of what it wrote) in the results bucket. */
export const RELEASE_RESULTS_PREFIX = 'release-results/';

/** `s3:prefix` values for ListBucket of these prefixes (each listed itself and below): `x` and `x*`. */
export function listablePrefixes(prefixes: readonly string[]): string[] {
  return prefixes.flatMap((x) => [x, `${x}*`]);
}

/** What every bucket here gets: TLS only, no public access, no ACLs, versioned, kept on stack deletion. */
export const SECURE_BUCKET = {
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  versioned: true,
  removalPolicy: RemovalPolicy.RETAIN,
} as const satisfies s3.BucketProps;

export interface StorageProps {
  /** Days after which objects under `events/` (and what was released from them) expire. @default 365 */
  readonly retentionDays?: number;
  /** Days after which Firehose error output under `errors/` expires. @default 30 */
  readonly errorRetentionDays?: number;
  /** Days after which noncurrent object versions expire. @default 7 */
  readonly noncurrentVersionDays?: number;
  /** Days after which Athena query results expire. @default 30 */
  readonly resultsRetentionDays?: number;
}

/**
 * The data bucket (Parquet events and Firehose error output), the Athena results bucket, the
 * customer-managed key both are encrypted with, and a separate bucket for their access logs.
 * All are retained on stack deletion: they hold the product's data.
 */
export class Storage extends Construct {
  readonly dataKey: kms.Key;
  readonly dataBucket: s3.Bucket;
  readonly resultsBucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 365;
    const errorRetentionDays = props.errorRetentionDays ?? 30;
    const noncurrentVersionDays = props.noncurrentVersionDays ?? 7;
    const resultsRetentionDays = props.resultsRetentionDays ?? 30;

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: 'activity-ingest: encrypts stored events and Athena results',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    fixLogicalId(this.dataKey, 'DataKey');

    // S3 server access logs can only be delivered to a bucket with SSE-S3 encryption.
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      ...SECURE_BUCKET,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(365) },
        { id: 'expire-noncurrent', noncurrentVersionExpiration: Duration.days(noncurrentVersionDays) },
      ],
    });
    fixLogicalId(this.accessLogBucket, 'AccessLogBucket');

    const encryptedAndLogged = {
      ...SECURE_BUCKET,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogBucket,
    } as const satisfies s3.BucketProps;
    const noncurrentAndIncomplete: s3.LifecycleRule[] = [
      {
        id: 'expire-noncurrent',
        noncurrentVersionExpiration: Duration.days(noncurrentVersionDays),
        expiredObjectDeleteMarker: true,
      },
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ];

    this.dataBucket = new s3.Bucket(this, 'DataBucket', {
      ...encryptedAndLogged,
      serverAccessLogsPrefix: 'data-bucket/',
      lifecycleRules: [
        { id: 'expire-events', prefix: EVENTS_PREFIX, expiration: Duration.days(retentionDays) },
        { id: 'expire-released', prefix: RELEASED_PREFIX, expiration: Duration.days(retentionDays) },
        {
          id: 'expire-release-reports',
          prefix: RELEASE_REPORTS_PREFIX,
          expiration: Duration.days(retentionDays),
        },
        { id: 'expire-errors', prefix: ERRORS_PREFIX, expiration: Duration.days(errorRetentionDays) },
        ...noncurrentAndIncomplete,
      ],
    });
    fixLogicalId(this.dataBucket, 'DataBucket');

    // Separate from the data bucket so that the trainer's only write access is to this bucket.
    this.resultsBucket = new s3.Bucket(this, 'ResultsBucket', {
      ...encryptedAndLogged,
      serverAccessLogsPrefix: 'results-bucket/',
      lifecycleRules: [
        { id: 'expire-results', prefix: RESULTS_PREFIX, expiration: Duration.days(resultsRetentionDays) },
        {
          id: 'expire-release-results',
          prefix: RELEASE_RESULTS_PREFIX,
          expiration: Duration.days(resultsRetentionDays),
        },
        ...noncurrentAndIncomplete,
      ],
    });
    fixLogicalId(this.resultsBucket, 'ResultsBucket');
  }
}
