import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DIRECTORY_REFRESH_MINUTES } from '../config.ts';
import type { IngestFunction } from './ingest-function.ts';
import { keyThroughS3 } from './key-through-s3.ts';

/** Key prefix of people directories in the data bucket: never readable by trainers (see Access). */
export const DIRECTORY_PREFIX = 'directory/';

export interface PeopleDirectoryProps {
  /** The stack's data bucket (KMS-encrypted with the data key). */
  readonly bucket: s3.IBucket;
  /** The directory object's key, under `directory/` (`npm run directory -- build` output, uploaded). */
  readonly objectKey: string;
  /** How often the function checks the object for a new version, minutes. @default 15 */
  readonly refreshMinutes?: number;
}

/**
 * The organisation's people directory as one object in the data bucket. Owns the permission to it:
 * `grantLoad` lets the ingest function read that one object (and decrypt it through S3 only) and
 * tells it where the object is; nothing else in the stack may read it.
 */
export class PeopleDirectory extends Construct {
  readonly bucket: s3.IBucket;
  readonly objectKey: string;
  readonly refreshMinutes: number;

  constructor(scope: Construct, id: string, props: PeopleDirectoryProps) {
    super(scope, id);
    if (!props.objectKey.startsWith(DIRECTORY_PREFIX) || props.objectKey.length === DIRECTORY_PREFIX.length) {
      throw new Error(`PeopleDirectory: objectKey must be a key under ${DIRECTORY_PREFIX}`);
    }
    const { min, max, default: fallback } = DIRECTORY_REFRESH_MINUTES;
    const refresh = props.refreshMinutes ?? fallback;
    if (!Number.isInteger(refresh) || refresh < min || refresh > max) {
      throw new Error(`PeopleDirectory: refreshMinutes must be an integer from ${min} to ${max}`);
    }
    this.bucket = props.bucket;
    this.objectKey = props.objectKey;
    this.refreshMinutes = refresh;
  }

  /** ARN of the directory object. */
  get objectArn(): string {
    return this.bucket.arnForObjects(this.objectKey);
  }

  /** Read of exactly this object, decryption through S3 only, and the function's settings. */
  grantLoad(ingest: IngestFunction): void {
    ingest.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadPeopleDirectory',
        actions: ['s3:GetObject'],
        resources: [this.objectArn],
      }),
    );
    const key = this.bucket.encryptionKey;
    if (key) {
      ingest.role.addToPrincipalPolicy(keyThroughS3('DecryptPeopleDirectoryThroughS3', key, ['kms:Decrypt']));
    }
    ingest.function.addEnvironment('DIRECTORY_BUCKET', this.bucket.bucketName);
    ingest.function.addEnvironment('DIRECTORY_OBJECT_KEY', this.objectKey);
    ingest.function.addEnvironment('DIRECTORY_REFRESH_SECONDS', String(this.refreshMinutes * 60));
  }
}
