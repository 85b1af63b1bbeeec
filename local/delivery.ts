/**
 * The local stand-in for Firehose: a RowSink that makes rows durable in the write-ahead
 * log before they count as delivered, and buffers them into Parquet by size or age.
 */
import { rm } from 'node:fs/promises';
import { ensureDirDurable } from '../lib/fs/durable-fs.ts';
import type { RowDeliveryOutcome, RowSink } from '../lib/ingest/ports.ts';
import { serializeRow } from '../lib/ingest/serialize-row.ts';
import type { StoredRow } from '../lib/schema/types.ts';
import type { DataLayout } from './layout.ts';
import { type Log, silentLog } from './log.ts';
import { ParquetWriter } from './parquet-writer.ts';
import {
  type Backlog,
  type ConversionError,
  type ConversionStats,
  SegmentConverter,
} from './segment-converter.ts';
import { type SegmentFile, WriteAheadLog } from './wal.ts';
import { findLeftovers } from './wal-batch.ts';

export interface BufferOptions {
  /** Flush to Parquet once this many NDJSON bytes are buffered. @default 1 MiB */
  readonly maxBytes: number;
  /** Flush to Parquet once the oldest buffered row is this old. @default 5000 */
  readonly maxAgeMs: number;
}

export const DEFAULT_BUFFER: BufferOptions = { maxBytes: 1024 * 1024, maxAgeMs: 5000 };

/** Past this many NDJSON bytes not yet in Parquet, new requests are answered 503 + Retry-After. */
export function defaultMaxBacklogBytes(flushBytes: number): number {
  return 8 * flushBytes;
}

const ADMIT_POLL_MS = 20;

/** How many bytes one conversion pass takes at most: a few flush sizes, so a pass stays short. */
function maxBatchBytes(flushBytes: number): number {
  return Math.max(flushBytes, Math.min(8 * flushBytes, 64 * 1024 * 1024));
}

export interface LocalDeliveryOptions {
  readonly layout: DataLayout;
  /** Row → one newline-terminated JSON record with the Glue column names. @default the Lambda's serializeRow */
  readonly serialize?: (row: StoredRow) => string;
  readonly buffer?: Partial<BufferOptions>;
  /** @default defaultMaxBacklogBytes(buffer.maxBytes) */
  readonly maxBacklogBytes?: number;
  /** First retry of a failed conversion after this long (doubling up to 30 s). @default 1000 */
  readonly conversionRetryMs?: number;
  /** Tests inject file-system faults here. @default fs.promises.open */
  readonly createSegmentFile?: (path: string) => Promise<SegmentFile>;
  readonly log?: Log;
}

/** What is accepted but not yet in Parquet, and why not (for /healthz and backpressure). */
export interface DeliveryHealth {
  readonly backlog: Backlog;
  readonly maxBacklogBytes: number;
  /** True while new requests are refused until the backlog shrinks. */
  readonly overloaded: boolean;
  /** True from a conversion failure (not the rows' fault) until the next success. */
  readonly conversionFailing: boolean;
  readonly lastConversionError: ConversionError | null;
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
  private readonly maxBacklogBytes: number;
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
    this.maxBacklogBytes = options.maxBacklogBytes ?? defaultMaxBacklogBytes(buffer.maxBytes);
    this.wal = new WriteAheadLog({
      dir: options.layout.wal,
      maxSegmentBytes: buffer.maxBytes,
      onSealed: (segment) => converter.enqueue(segment),
      ...(options.createSegmentFile ? { createFile: options.createSegmentFile } : {}),
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
    const converter = new SegmentConverter(layout, writer, log, {
      maxBatchBytes: maxBatchBytes(buffer.maxBytes),
      ...(options.conversionRetryMs !== undefined ? { initialRetryMs: options.conversionRetryMs } : {}),
    });
    const leftovers = await findLeftovers(layout.wal);
    for (const batch of leftovers.batches) converter.recover(batch);
    for (const segment of leftovers.segments) converter.enqueue(segment);
    const replayed = leftovers.segments.length + leftovers.batches.reduce((n, b) => n + b.segments.length, 0);
    // Converted before serving; if the disk refuses, the server starts anyway and keeps retrying.
    await converter.idle();
    if (replayed > 0) log.info('replayed write-ahead segments', { segments: replayed });
    return new LocalDelivery(options, buffer, writer, converter, replayed);
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
    await this.converter.close();
    this.writer.close();
  }

  stats(): DeliveryStats {
    return {
      ...this.converter.snapshot(),
      acceptedRows: this.acceptedRows,
      replayedSegments: this.replayedSegments,
    };
  }

  /**
   * Backpressure: true at once while the backlog is within its bound; past it, waits up to
   * `waitMs` for conversion to make room (requests queue here instead of failing outright).
   */
  async admit(waitMs: number): Promise<boolean> {
    const until = Date.now() + waitMs;
    while (this.overloaded()) {
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, ADMIT_POLL_MS));
    }
    return true;
  }

  /** The backlog past its bound; the same sum as `health()`'s, without building the report. */
  private overloaded(): boolean {
    return this.converter.pendingBytes() + this.wal.openSegmentBytes() > this.maxBacklogBytes;
  }

  /** Accepted rows not yet in Parquet: the open segment, sealed ones waiting, and any that failed. */
  health(now: number = Date.now()): DeliveryHealth {
    const waiting = this.converter.backlog(now);
    const openBytes = this.wal.openSegmentBytes();
    const openAge = openBytes > 0 ? this.wal.openSegmentAge(now) : null;
    const backlog: Backlog = {
      segments: waiting.segments + (openBytes > 0 ? 1 : 0),
      bytes: waiting.bytes + openBytes,
      oldestAgeMs:
        Math.max(waiting.oldestAgeMs ?? -1, openAge ?? -1) < 0
          ? null
          : Math.max(waiting.oldestAgeMs ?? 0, openAge ?? 0),
    };
    return {
      backlog,
      maxBacklogBytes: this.maxBacklogBytes,
      overloaded: backlog.bytes > this.maxBacklogBytes,
      conversionFailing: this.converter.failing,
      lastConversionError: this.converter.lastError,
    };
  }

  private flushIfOld(): void {
    const age = this.wal.openSegmentAge();
    if (age !== null && age >= this.buffer.maxAgeMs) void this.wal.seal();
  }
}
