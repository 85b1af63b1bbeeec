import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  glueColumns,
  gluePartitionKeys,
  RELEASE_REPORT_COLUMNS,
  RELEASE_REPORT_TABLE,
  RELEASED_COLUMNS,
  RELEASED_TABLE,
} from '../schema/index.ts';
import { glueTableArn } from './arns.ts';
import { parquetStorage, partitionProjection } from './catalog.ts';
import { fixLogicalId } from './logical-ids.ts';
import { RELEASE_REPORTS_PREFIX, RELEASED_PREFIX } from './storage.ts';

export interface ReleasedCatalogProps {
  /** Bucket holding `released/dt=yyyy-MM-dd/` and `release-reports/`. */
  readonly dataBucket: s3.IBucket;
  /** The Glue database (of the raw table too), created before the tables. */
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  /** First day of the projected `dt` range, yyyy-MM-dd. @default '2026-01-01' */
  readonly projectionStartDate?: string;
}

/**
 * The released zone's Glue tables, their columns derived from lib/schema/released.ts: `released`
 * (Parquet ZSTD, partitioned by dt with projection) and `release_report` (one row per dt and run).
 * Both are written by the release job only; trainers read them.
 */
export class ReleasedCatalog extends Construct {
  readonly releasedTable: glue.CfnTable;
  readonly reportTable: glue.CfnTable;
  readonly releasedTableName = RELEASED_TABLE;
  readonly reportTableName = RELEASE_REPORT_TABLE;
  private readonly databaseName: string;

  constructor(scope: Construct, id: string, props: ReleasedCatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    const account = Stack.of(this).account;
    const bucket = props.dataBucket.bucketName;
    const parquetZstd = { EXTERNAL: 'TRUE', classification: 'parquet', 'parquet.compression': 'ZSTD' };

    this.releasedTable = new glue.CfnTable(this, 'ReleasedTable', {
      catalogId: account,
      databaseName: props.databaseName,
      tableInput: {
        name: RELEASED_TABLE,
        description:
          'What trainers query: raw rows released by the release job, without contributor, event ids or instants, sessions re-keyed per release, rare quasi-identifier values suppressed.',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          ...parquetZstd,
          ...partitionProjection(bucket, props.projectionStartDate ?? '2026-01-01', RELEASED_PREFIX),
        },
        partitionKeys: gluePartitionKeys(),
        storageDescriptor: parquetStorage(`s3://${bucket}/${RELEASED_PREFIX}`, glueColumns(RELEASED_COLUMNS)),
      },
    });
    this.releasedTable.addResourceDependency(props.database);
    fixLogicalId(this.releasedTable, 'ReleasedTable');

    this.reportTable = new glue.CfnTable(this, 'ReportTable', {
      catalogId: account,
      databaseName: props.databaseName,
      tableInput: {
        name: RELEASE_REPORT_TABLE,
        description:
          'One row per released dt and release run: rows in and out, suppressed values, dropped sessions.',
        tableType: 'EXTERNAL_TABLE',
        parameters: parquetZstd,
        storageDescriptor: parquetStorage(
          `s3://${bucket}/${RELEASE_REPORTS_PREFIX}`,
          glueColumns(RELEASE_REPORT_COLUMNS),
        ),
      },
    });
    this.reportTable.addResourceDependency(props.database);
    fixLogicalId(this.reportTable, 'ReleaseReportTable');
  }

  /** Glue ARNs of the two tables. */
  get arns(): { released: string; report: string } {
    return {
      released: glueTableArn(this, this.databaseName, RELEASED_TABLE),
      report: glueTableArn(this, this.databaseName, RELEASE_REPORT_TABLE),
    };
  }
}
