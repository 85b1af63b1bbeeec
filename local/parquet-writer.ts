/**
 * Converts NDJSON stored rows into published Parquet files, the way Firehose converts a
 * buffer: the Glue table's column types, one file per `dt` partition (more if DuckDB's threads
 * split one), `dt` only in the path. ZSTD rather than Firehose's SNAPPY: smaller, and every
 * reader here (DuckDB, the release) reads both.
 *
 * Files are written under tmp/, fsynced, then renamed into `events/dt=…/part-<batch>[-k].parquet`
 * with the directory fsynced. Publishing a batch is made all-or-nothing by the caller (see
 * wal-batch.ts): an interrupted batch is rolled back with `unpublish` and written again.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ensureDirDurable, fsyncFile, renameDurable, unlinkDurable } from '../lib/fs/durable-fs.ts';
import { duckdbColumns, duckdbColumnsStruct, duckdbPartitionColumns } from '../lib/schema/index.ts';
import type { DataLayout } from './layout.ts';
import { castStoredColumns, emptySelect, sqlString } from './sql.ts';

export interface PublishedFile {
  readonly dt: string;
  readonly path: string;
  readonly bytes: number;
}

export interface ConversionResult {
  readonly rows: number;
  readonly files: readonly PublishedFile[];
}

const STAGED = 'staged_rows';

export class ParquetWriter {
  private closed = false;

  private constructor(
    private readonly layout: DataLayout,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(layout: DataLayout): Promise<ParquetWriter> {
    // DuckDB's own threads (one per core) parse and encode in parallel: conversion has to keep
    // up with ingest. Its work runs off the event loop, so HTTP keeps answering meanwhile.
    const instance = await DuckDBInstance.create(':memory:', { threads: String(availableParallelism()) });
    return new ParquetWriter(layout, instance, await instance.connect());
  }

  /** Converts NDJSON files of stored rows in one pass and publishes the result as `part-<batchId>…`. */
  async convert(batchId: string, ndjsonPaths: readonly string[]): Promise<ConversionResult> {
    return this.copyAndPublish(batchId, selectStoredRows(ndjsonPaths));
  }

  /**
   * Staging, for a batch the engine refused as a whole: chunks are added one statement each
   * (a refused chunk adds nothing), and `publishStaged` writes what was staged in one pass.
   */
  async beginStaging(): Promise<void> {
    this.assertOpen();
    await this.conn.run(
      `CREATE OR REPLACE TEMP TABLE ${STAGED} AS ${emptySelect([...duckdbColumns(), ...duckdbPartitionColumns()])}`,
    );
  }

  /** Adds the rows of one NDJSON file; throws (adding nothing) if the engine refuses any of them. */
  async stage(ndjsonPath: string): Promise<void> {
    this.assertOpen();
    await this.conn.run(`INSERT INTO ${STAGED} BY NAME ${selectStoredRows([ndjsonPath])}`);
  }

  async publishStaged(batchId: string): Promise<ConversionResult> {
    try {
      return await this.copyAndPublish(batchId, `SELECT * FROM ${STAGED}`);
    } finally {
      await this.conn.run(`DROP TABLE IF EXISTS ${STAGED}`).catch(() => {});
    }
  }

  /** Removes every file a batch published (an interrupted attempt); returns how many. */
  async unpublish(batchId: string): Promise<number> {
    let removed = 0;
    const prefix = `part-${batchId}`;
    for (const partition of await readdir(this.layout.events).catch(() => [] as string[])) {
      const dir = join(this.layout.events, partition);
      for (const file of await readdir(dir).catch(() => [] as string[])) {
        const rest = file.slice(prefix.length);
        if (file.startsWith(prefix) && (rest === '.parquet' || /^-\d+\.parquet$/.test(rest))) {
          await unlinkDurable(join(dir, file));
          removed += 1;
        }
      }
    }
    return removed;
  }

  private async copyAndPublish(batchId: string, select: string): Promise<ConversionResult> {
    this.assertOpen();
    const scratch = join(this.layout.tmp, batchId);
    await rm(scratch, { recursive: true, force: true });
    await ensureDirDurable(this.layout.tmp);
    try {
      const reader = await this.conn.runAndReadAll(
        `COPY (${select}) TO ${sqlString(scratch)}
           (FORMAT parquet, PARTITION_BY (dt), COMPRESSION zstd, FILENAME_PATTERN 'part-{i}')`,
      );
      const rows = Number(reader.getRows()[0]?.[0] ?? 0);
      return { rows, files: rows > 0 ? await this.publish(batchId, scratch) : [] };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private async publish(batchId: string, scratch: string): Promise<PublishedFile[]> {
    const published: PublishedFile[] = [];
    for (const partition of (await readdir(scratch)).sort()) {
      const dt = partition.replace(/^dt=/, '');
      const targetDir = join(this.layout.events, partition);
      const parts = (await readdir(join(scratch, partition))).filter((f) => f.endsWith('.parquet')).sort();
      for (const [k, part] of parts.entries()) {
        const target = join(targetDir, `part-${batchId}${k === 0 ? '' : `-${k}`}.parquet`);
        const source = join(scratch, partition, part);
        await fsyncFile(source);
        await ensureDirDurable(targetDir);
        await renameDurable(source, target);
        published.push({ dt, path: target, bytes: (await stat(target)).size });
      }
    }
    return published;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.closeSync();
    this.instance.closeSync();
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineUnavailableError('Parquet writer is closed');
  }
}

/** Not the rows' fault: the batch stays in wal/ and is converted again later. */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

/** `dt` is the UTC day the row was received, as Firehose's `!{timestamp:yyyy-MM-dd}` uses arrival time. */
const DT_EXPRESSION = `strftime(CAST(received_at AS TIMESTAMP), '%Y-%m-%d')`;

/** The stored columns with the Glue types, plus dt, read from NDJSON files. */
function selectStoredRows(paths: readonly string[]): string {
  const list = `[${paths.map(sqlString).join(', ')}]`;
  return `SELECT ${castStoredColumns()}, ${DT_EXPRESSION} AS dt
            FROM read_json(${list}, columns = ${duckdbColumnsStruct()},
                           format = 'newline_delimited', maximum_object_size = 16777216)`;
}
