import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import type * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DT_FORMAT } from '../schema/index.ts';
import { glueTableArns } from './arns.ts';
import { keyThroughS3 } from './key-through-s3.ts';
import { fixLogicalId } from './logical-ids.ts';
import { acknowledgeWildcards } from './nag.ts';
import { ERRORS_PREFIX, EVENTS_PREFIX } from './storage.ts';

/** Where converted rows land: the Glue table's `dt=` partition layout, dated by arrival (UTC). */
export const DATA_OUTPUT_PREFIX = `${EVENTS_PREFIX}dt=!{timestamp:${DT_FORMAT}}/`;
/** Where records that failed conversion land, by failure type; expired early by the storage lifecycle. */
export const ERROR_OUTPUT_PREFIX = `${ERRORS_PREFIX}!{firehose:error-output-type}/dt=!{timestamp:${DT_FORMAT}}/`;

export interface DeliveryProps {
  readonly bucket: s3.IBucket;
  /** Key of the data bucket; encrypts the stream at rest and the delivered objects. */
  readonly dataKey: kms.IKey;
  /** The Glue table whose columns Firehose converts JSON rows to. */
  readonly table: glue.CfnTable;
  /** Buffer size in MiB; format conversion needs at least 64. @default 128 */
  readonly bufferSizeMiB?: number;
  /** Buffer interval in seconds. @default 300 */
  readonly bufferIntervalSeconds?: number;
  /** Retention of the delivery error log group. @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Firehose DirectPut stream: JSON rows (already redacted by the ingest function) → Parquet (SNAPPY)
 * converted with the Glue table's schema → `events/dt=…/` in the data bucket.
 */
export class Delivery extends Construct {
  readonly stream: firehose.DeliveryStream;
  readonly logGroup: logs.LogGroup;
  /** The destination role Firehose assumes to write S3 and read the table schema. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // CDK's S3 destination would grant its role read/write/delete on the whole bucket; Firehose
    // needs much less, so it gets an immutable handle (grants become no-ops) and the policy below.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'activity-ingest Firehose: write events/ and errors/, read the Glue table schema',
    });
    const policy = new iam.Policy(this, 'RolePolicy', {
      roles: [this.role],
      statements: deliveryStatements(props, this.logGroup),
    });

    const destination = new firehose.S3Bucket(props.bucket, {
      role: this.role.withoutPolicyUpdates(),
      dataOutputPrefix: DATA_OUTPUT_PREFIX,
      errorOutputPrefix: ERROR_OUTPUT_PREFIX,
      bufferingSize: Size.mebibytes(props.bufferSizeMiB ?? 128),
      bufferingInterval: Duration.seconds(props.bufferIntervalSeconds ?? 300),
      encryptionKey: props.dataKey,
      loggingConfig: new firehose.EnableLogging(this.logGroup),
      dataFormatConversion: {
        schemaConfiguration: firehose.SchemaConfiguration.fromCfnTable(props.table),
        inputFormat: new firehose.OpenXJsonInputFormat(),
        // Compression belongs to the output format when converting (else a synth-time conflict).
        outputFormat: new firehose.ParquetOutputFormat({ compression: firehose.ParquetCompression.SNAPPY }),
      },
    });

    this.stream = new firehose.DeliveryStream(this, 'Stream', {
      destination,
      encryption: firehose.StreamEncryption.customerManagedKey(props.dataKey),
    });
    fixLogicalId(this.stream, 'DeliveryStream');
    // Firehose checks its role's permissions when the stream is created.
    this.stream.node.addDependency(policy);

    acknowledgeWildcards(policy, [
      [
        `Resource::<DataBucket.Arn>/${EVENTS_PREFIX}*`,
        'Firehose writes objects under generated keys (dt=…/file names) below events/ only.',
      ],
      [
        `Resource::<DataBucket.Arn>/${ERRORS_PREFIX}*`,
        'Firehose writes records that failed conversion under generated keys below errors/ only.',
      ],
    ]);
    // The stream's SSE role gets CDK's encrypt/decrypt grant on the data key.
    const sseGrant =
      'CDK grant to the stream’s server-side-encryption role, limited to the one data key; Firehose ' +
      'uses these to encrypt buffered records at rest.';
    acknowledgeWildcards(this.stream, [
      ['Action::kms:GenerateDataKey*', sseGrant],
      ['Action::kms:ReEncrypt*', sseGrant],
    ]);
  }
}

/** What AWS documents Firehose needs for an S3 destination with format conversion, on these resources only. */
function deliveryStatements(props: DeliveryProps, logGroup: logs.ILogGroup): iam.PolicyStatement[] {
  const { databaseName, tableInput } = props.table;
  const tableName = (tableInput as glue.CfnTable.TableInputProperty).name as string;
  const glueArns = glueTableArns(props.bucket, databaseName, tableName);
  return [
    new iam.PolicyStatement({
      sid: 'WriteEventsAndErrors',
      actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      resources: [
        props.bucket.arnForObjects(`${EVENTS_PREFIX}*`),
        props.bucket.arnForObjects(`${ERRORS_PREFIX}*`),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'Bucket',
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [props.bucket.bucketArn],
    }),
    keyThroughS3('DataKeyThroughS3', props.dataKey, ['kms:GenerateDataKey', 'kms:Decrypt'], {
      StringLike: {
        'kms:EncryptionContext:aws:s3:arn': [`${props.bucket.bucketArn}/*`, props.bucket.bucketArn],
      },
    }),
    new iam.PolicyStatement({
      sid: 'ReadTableSchema',
      actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      resources: [glueArns.catalog, glueArns.database, glueArns.table],
    }),
    new iam.PolicyStatement({
      sid: 'DeliveryErrorLogs',
      actions: ['logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  ];
}
