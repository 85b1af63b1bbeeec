/**
 * The local stand-in for Firehose: a RowSink that makes rows durable in the write-ahead
 * log before they count as delivered, and buffers them into Parquet by size or age.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RowDeliveryOutcome, RowSink } from '../lib/ingest/ports.ts';
import { serializeRow } from '../lib/ingest/serialize-row.ts';
import type { StoredRow } from '../lib/schema/types.ts';
import { ensureDirDurable } from './durable-fs.ts';
import type { DataLayout } from './layout.ts';
import { type Log, silentLog } from './log.ts';
import { ParquetWriter } from './parquet-writer.ts';
import { type ConversionStats, SegmentConverter } from './segment-converter.ts';
import { segmentIdOf } from './segment-id.ts';
import { WriteAheadLog } from './wal.ts';

export interface BufferOptions {
  /** Flush to Parquet once this many NDJSON bytes are buffered. @default 1 MiB */
  readonly maxBytes: number;
  /** Flush to Parquet once the oldest buffered row is this old. @default 5000 */
  readonly maxAgeMs: number;
}

export const DEFAULT_BUFFER: BufferOptions = { maxBytes: 1024 * 1024, maxAgeMs: 5000 };

export interface LocalDeliveryOptions {
  readonly layout: DataLayout;
  /** Row → one newline-terminated JSON record with the Glue column names. @default the Lambda's serializeRow */
  readonly serialize?: (row: StoredRow) => string;
  readonly buffer?: Partial<BufferOptions>;
  readonly log?: Log;
}

export interface DeliveryStats extends ConversionStats {
  /** Rows made durable in the write-ahead log since start. */
  acceptedRows: number;
  /** Segments found in wal/ at start and converted before serving. */
  replayedSegments: number;
}

export class LocalDelivery implements RowSink {
  private readonly wal: WriteAheadLog;
  private readonly timer: NodeJS.Timeout;
  private readonly serialize: (row: StoredRow) => string;
  private acceptedRows = 0;
  private closed = false;

  private constructor(
    options: LocalDeliveryOptions,
    private readonly buffer: BufferOptions,
    private readonly writer: ParquetWriter,
    private readonly converter: SegmentConverter,
    private readonly replayedSegments: number,
  ) {
    this.serialize = options.serialize ?? serializeRow;
    this.wal = new WriteAheadLog({
      dir: options.layout.wal,
      maxSegmentBytes: buffer.maxBytes,
      onSealed: (segment) => converter.enqueue(segment),
    });
    // Age-based flush, checked a few times per period so a row waits at most ~1.25 × maxAge.
    this.timer = setInterval(() => this.flushIfOld(), Math.max(50, Math.floor(buffer.maxAgeMs / 4)));
    this.timer.unref();
  }

  /** Opens the data folder and converts whatever an earlier process left in wal/ (crash recovery). */
  static async open(options: LocalDeliveryOptions): Promise<LocalDelivery> {
    const { layout } = options;
    const log = options.log ?? silentLog;
    const buffer = { ...DEFAULT_BUFFER, ...options.buffer };
    for (const dir of [layout.events, layout.wal, layout.errors]) await ensureDirDurable(dir);
    // tmp/ only ever holds unpublished scratch; whatever is there is from an interrupted run.
    await rm(layout.tmp, { recursive: true, force: true });
    const writer = await ParquetWriter.open(layout);
    const converter = new SegmentConverter(layout, writer, log);
    const leftovers = (await readdir(layout.wal))
      .map((name) => ({ id: segmentIdOf(name), path: join(layout.wal, name) }))
      .filter((s): s is { id: string; path: string } => s.id !== null)
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const segment of leftovers) converter.enqueue(segment);
    await converter.idle();
    if (leftovers.length > 0) log.info('replayed write-ahead segments', { segments: leftovers.length });
    return new LocalDelivery(options, buffer, writer, converter, leftovers.length);
  }

  /** RowSink: resolves once the rows are fsynced in the write-ahead log; never rejects. */
  async deliver(rows: readonly StoredRow[]): Promise<RowDeliveryOutcome[]> {
    if (rows.length === 0) return [];
    try {
      if (this.closed) throw new Error('delivery is closed');
      await this.wal.append(rows.map(this.serialize));
      this.acceptedRows += rows.length;
      return rows.map(() => 'delivered');
    } catch {
      return rows.map(() => 'failed');
    }
  }

  /** Already serialized rows (from an ingest worker): true once fsynced; never rejects. */
  async appendRecords(records: readonly string[]): Promise<boolean> {
    try {
      if (this.closed) return false;
      await this.wal.append(records);
      this.acceptedRows += records.length;
      return true;
    } catch {
      return false;
    }
  }

  /** Converts everything accepted so far to Parquet; resolves when the files are in place. */
  async flush(): Promise<void> {
    await this.wal.seal();
    await this.converter.idle();
  }

  /** Flushes and releases the SQL engine; later deliveries fail (retryable). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.wal.close();
    await this.converter.idle();
    this.writer.close();
  }

  stats(): DeliveryStats {
    return {
      ...this.converter.stats,
      acceptedRows: this.acceptedRows,
      replayedSegments: this.replayedSegments,
    };
  }

  private flushIfOld(): void {
    const age = this.wal.openSegmentAge();
    if (age !== null && age >= this.buffer.maxAgeMs) void this.wal.seal();
  }
}
