import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DT_FORMAT, type GlueColumn, glueColumns, gluePartitionKeys } from '../schema/index.ts';
import { type GlueTableArns, glueTableArns } from './arns.ts';
import { fixLogicalId } from './logical-ids.ts';
import { EVENTS_PREFIX } from './storage.ts';

/** The raw table's name; the release SQL says `events` and runs unchanged in Athena and in the local DuckDB. */
export const EVENTS_TABLE = 'events';

export interface CatalogProps {
  /** Bucket holding `events/dt=yyyy-MM-dd/` Parquet files. */
  readonly dataBucket: s3.IBucket;
  /** Glue database name. @default 'activity_ingest' */
  readonly databaseName?: string;
  /** First day of the projected `dt` range, yyyy-MM-dd; the range ends at NOW. @default '2026-01-01' */
  readonly projectionStartDate?: string;
}

/**
 * Partition projection on `dt`: Athena computes partitions, so no crawler and no partition-adding
 * code. `prefix` is where the table's `dt=…/` folders are (raw events by default).
 */
export function partitionProjection(
  bucketName: string,
  startDate: string,
  prefix: string = EVENTS_PREFIX,
): Record<string, string> {
  const [dt] = gluePartitionKeys();
  if (dt === undefined || gluePartitionKeys().length !== 1) {
    throw new Error('partition projection expects exactly one partition key (dt)');
  }
  return {
    'projection.enabled': 'true',
    [`projection.${dt.name}.type`]: 'date',
    [`projection.${dt.name}.format`]: DT_FORMAT,
    [`projection.${dt.name}.range`]: `${startDate},NOW`,
    [`projection.${dt.name}.interval`]: '1',
    [`projection.${dt.name}.interval.unit`]: 'DAYS',
    'storage.location.template': `s3://${bucketName}/${prefix}${dt.name}=\${${dt.name}}/`,
  };
}

/** Where and how a Parquet table's files are stored (Hive Parquet SerDe), with its columns. */
export function parquetStorage(
  location: string,
  columns: GlueColumn[],
): glue.CfnTable.StorageDescriptorProperty {
  return {
    columns,
    location,
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serdeInfo: {
      serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      parameters: { 'serialization.format': '1' },
    },
    compressed: false,
    storedAsSubDirectories: false,
  };
}

/** Glue database and the Parquet `events` table, its columns derived from the schema module. */
export class Catalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly databaseName: string;
  readonly tableName = EVENTS_TABLE;

  constructor(scope: Construct, id: string, props: CatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName ?? 'activity_ingest';
    const account = Stack.of(this).account;

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: account,
      databaseInput: {
        name: this.databaseName,
        description: 'activity-ingest: pseudonymized, scrubbed activity events for model training',
      },
    });
    fixLogicalId(this.database, 'EventsDatabase');

    this.table = new glue.CfnTable(this, 'Table', {
      catalogId: account,
      databaseName: this.databaseName,
      tableInput: {
        name: EVENTS_TABLE,
        description:
          'Raw rows, one per accepted event; written by Firehose as Parquet, partitioned by dt. Machine-only: read by the release job.',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          classification: 'parquet',
          'parquet.compression': 'SNAPPY',
          ...partitionProjection(props.dataBucket.bucketName, props.projectionStartDate ?? '2026-01-01'),
        },
        partitionKeys: gluePartitionKeys(),
        storageDescriptor: parquetStorage(
          `s3://${props.dataBucket.bucketName}/${EVENTS_PREFIX}`,
          glueColumns(),
        ),
      },
    });
    this.table.addResourceDependency(this.database);
    fixLogicalId(this.table, 'EventsTable');
  }

  /** ARNs of the catalog, the database and the table, for Glue permissions. */
  get arns(): GlueTableArns {
    return glueTableArns(this, this.databaseName, EVENTS_TABLE);
  }
}
