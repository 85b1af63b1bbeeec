import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { athenaWorkgroupArn } from './arns.ts';
import { RESULTS_PREFIX } from './storage.ts';

export interface NamedQueryFile {
  /** File name without `.sql`, e.g. daily_volume_by_event_type. */
  readonly id: string;
  /** From the `-- name:` header line. */
  readonly name: string;
  /** From the `-- description:` header line. */
  readonly description: string;
  /** The whole file: the same text runs in Athena and in the local DuckDB. */
  readonly sql: string;
}

function header(sql: string, key: string, file: string): string {
  const match = new RegExp(`^--\\s*${key}:\\s*(.+)$`, 'm').exec(sql);
  if (!match?.[1]) throw new Error(`${file}: missing '-- ${key}: …' header line`);
  return match[1].trim();
}

/** Reads every `*.sql` in `dir`, sorted by file name. Each starts with `-- name:` and `-- description:`. */
export function loadNamedQueries(dir: string): NamedQueryFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  if (files.length === 0) throw new Error(`${dir}: no .sql files`);
  return files.map((file) => {
    const sql = readFileSync(join(dir, file), 'utf8');
    return {
      id: basename(file, '.sql'),
      name: header(sql, 'name', file),
      description: header(sql, 'description', file),
      sql,
    };
  });
}

export interface AnalyticsProps {
  readonly workgroupName: string;
  readonly databaseName: string;
  readonly resultsBucket: s3.IBucket;
  /** Key the results are encrypted with (SSE-KMS). */
  readonly resultsKey: kms.IKey;
  /** Directory of the trainers' named queries. */
  readonly queriesDir: string;
  /** Per-query bytes-scanned cutoff in bytes (at least 10 MB). @default 10 GiB */
  readonly bytesScannedCutoff?: number;
}

/**
 * The trainers' Athena workgroup (engine v3, settings enforced so a client cannot send results
 * elsewhere or unencrypted, per-query scan cutoff, metrics) and its named queries.
 */
export class Analytics extends Construct {
  readonly workgroup: athena.CfnWorkGroup;
  readonly workgroupName: string;
  readonly namedQueries: athena.CfnNamedQuery[];

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    this.workgroupName = props.workgroupName;
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workgroupName,
      description: 'activity-ingest: trainers query pseudonymized events here only',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoff ?? 10 * 1024 ** 3,
        requesterPaysEnabled: false,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${RESULTS_PREFIX}`,
          expectedBucketOwner: Stack.of(this).account,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.resultsKey.keyArn },
        },
      },
    });

    this.namedQueries = loadNamedQueries(props.queriesDir).map((q) => {
      const query = new athena.CfnNamedQuery(this, `Query-${q.id}`, {
        name: q.name,
        description: q.description,
        database: props.databaseName,
        workGroup: this.workgroup.ref,
        queryString: q.sql,
      });
      return query;
    });
  }

  /** ARN of the trainers' workgroup. */
  get workgroupArn(): string {
    return athenaWorkgroupArn(this, this.workgroupName);
  }
}
