/**
 * Converts one sealed WAL segment into Parquet files, the way Firehose converts a buffer:
 * SNAPPY, the Glue table's column types, one file per `dt` partition, `dt` only in the path.
 *
 * Publishing is idempotent: part files are named after the segment, written under tmp/,
 * fsynced, then renamed into `events/dt=…/`; a target that already exists was published
 * by an earlier attempt that crashed before deleting the segment, and is left as it is.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdbColumnsStruct } from '../lib/schema/index.ts';
import { ensureDirDurable, fsyncFile, renameDurable } from './durable-fs.ts';
import type { DataLayout } from './layout.ts';
import { castStoredColumns, sqlString } from './sql.ts';

export interface PublishedFile {
  readonly dt: string;
  readonly path: string;
  readonly bytes: number;
  /** False when an earlier, interrupted attempt had already published it. */
  readonly written: boolean;
}

export interface ConversionResult {
  readonly rows: number;
  readonly files: readonly PublishedFile[];
}

export class ParquetWriter {
  private closed = false;

  private constructor(
    private readonly layout: DataLayout,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(layout: DataLayout): Promise<ParquetWriter> {
    // One thread: segments are small, and the HTTP side needs the other core.
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    return new ParquetWriter(layout, instance, await instance.connect());
  }

  /** Converts an NDJSON file of stored rows and publishes the result under the segment id. */
  async convert(segmentId: string, ndjsonPath: string): Promise<ConversionResult> {
    if (this.closed) throw new EngineUnavailableError('Parquet writer is closed');
    const scratch = join(this.layout.tmp, segmentId);
    await rm(scratch, { recursive: true, force: true });
    await ensureDirDurable(this.layout.tmp);
    const reader = await this.conn.runAndReadAll(
      `COPY (SELECT ${castStoredColumns()}, ${DT_EXPRESSION} AS dt
         FROM read_json(${sqlString(ndjsonPath)}, columns = ${duckdbColumnsStruct()},
                        format = 'newline_delimited', maximum_object_size = 16777216))
       TO ${sqlString(scratch)} (FORMAT parquet, PARTITION_BY (dt), COMPRESSION snappy,
                                 FILENAME_PATTERN 'part-{i}')`,
    );
    const rows = Number(reader.getRows()[0]?.[0] ?? 0);
    const files = rows > 0 ? await this.publish(segmentId, scratch) : [];
    await rm(scratch, { recursive: true, force: true });
    return { rows, files };
  }

  private async publish(segmentId: string, scratch: string): Promise<PublishedFile[]> {
    const published: PublishedFile[] = [];
    for (const partition of (await readdir(scratch)).sort()) {
      const dt = partition.replace(/^dt=/, '');
      const targetDir = join(this.layout.events, partition);
      const parts = (await readdir(join(scratch, partition))).filter((f) => f.endsWith('.parquet')).sort();
      for (const [k, part] of parts.entries()) {
        const target = join(targetDir, `part-${segmentId}${k === 0 ? '' : `-${k}`}.parquet`);
        const existing = await stat(target).catch(() => null);
        if (existing) {
          published.push({ dt, path: target, bytes: existing.size, written: false });
          continue;
        }
        const source = join(scratch, partition, part);
        await fsyncFile(source);
        await ensureDirDurable(targetDir);
        await renameDurable(source, target);
        published.push({ dt, path: target, bytes: (await stat(target)).size, written: true });
      }
    }
    return published;
  }

  /** Whether the SQL engine still answers: tells a refused row from an engine in trouble. */
  async alive(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.conn.run('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** Not the rows' fault: the segment stays in wal/ and is converted on a later start. */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

/** `dt` is the UTC day the row was received, as Firehose's `!{timestamp:yyyy-MM-dd}` uses arrival time. */
const DT_EXPRESSION = `strftime(CAST(received_at AS TIMESTAMP), '%Y-%m-%d')`;
