/**
 * Turns sealed write-ahead segments into published Parquet. Whatever is waiting when a pass
 * starts (up to a byte cap) is converted together in one DuckDB pass, so conversion catches up
 * with ingest instead of paying a pass — and a set of small files — per segment.
 *
 * - A batch the engine refuses is split (refused-rows.ts): only the refused rows go to
 *   `errors/<batch>.ndjson`; the log says how many and why, never what.
 * - A failure that is not the rows' fault (disk full, read-only folder, engine down) leaves the
 *   batch in wal/ and retries it with exponential backoff while the server runs; later segments
 *   wait behind it. The backlog and the last error are reported (counts and codes only).
 * - Segments are deleted only after their Parquet files are durably in place (wal-batch.ts).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDirDurable, renameDurable, writeFileSynced } from '../lib/fs/durable-fs.ts';
import { type ErrorSummary, isRowRefusal, summarize } from './conversion-error.ts';
import type { DataLayout } from './layout.ts';
import type { Log } from './log.ts';
import type { ConversionResult, ParquetWriter } from './parquet-writer.ts';
import { type RefusedRow, stageAroundRefusals } from './refused-rows.ts';
import { cutToAcknowledged, trimTornTail } from './torn-tail.ts';
import { type Batch, commitBatch, createBatch, type SegmentRef, segmentOpenedAt } from './wal-batch.ts';

export type { SegmentRef } from './wal-batch.ts';

export interface ConversionStats {
  /** Segments converted (or found empty) and removed from wal/. */
  segments: number;
  /** DuckDB passes that published segments (one per batch). */
  batches: number;
  rows: number;
  ndjsonBytes: number;
  parquetFiles: number;
  parquetBytes: number;
  errorRows: number;
  /** Segments waiting for a retry after a failure that was not the rows' fault. */
  deferredSegments: number;
  /** Conversion attempts that failed that way, since start. */
  conversionFailures: number;
}

export interface Backlog {
  readonly segments: number;
  readonly bytes: number;
  /** Since the oldest waiting segment was opened; null when nothing waits. */
  readonly oldestAgeMs: number | null;
}

export interface ConversionError extends ErrorSummary {
  /** When it happened (ISO 8601). */
  readonly at: string;
}

export interface ConverterOptions {
  /** Convert at most this many NDJSON bytes per pass (at least one segment). */
  readonly maxBatchBytes: number;
  /** First retry delay after a failure; doubles up to `maxRetryMs`. @default 1000 */
  readonly initialRetryMs?: number;
  /** @default 30_000 */
  readonly maxRetryMs?: number;
}

export class SegmentConverter {
  private readonly counters: Omit<ConversionStats, 'deferredSegments'> = {
    segments: 0,
    batches: 0,
    rows: 0,
    ndjsonBytes: 0,
    parquetFiles: 0,
    parquetBytes: 0,
    errorRows: 0,
    conversionFailures: 0,
  };
  /** Sealed segments not yet in a batch, oldest first. */
  private readonly queue: SegmentRef[] = [];
  /** Batches that failed (or that an earlier process left): rolled back and converted before anything else. */
  private readonly retrying: Batch[] = [];
  private inFlight: readonly SegmentRef[] = [];
  private running: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failuresInARow = 0;
  private closing = false;
  private idleWaiters: (() => void)[] = [];
  /** The last failure that was not the rows' fault (kept after recovery, with its time). */
  lastError: ConversionError | null = null;

  constructor(
    private readonly layout: DataLayout,
    private readonly writer: ParquetWriter,
    private readonly log: Log,
    private readonly options: ConverterOptions,
  ) {}

  enqueue(segment: SegmentRef): void {
    this.queue.push(segment);
    this.kick();
  }

  /** A batch an earlier process started: whatever it published is removed, then it is converted again. */
  recover(batch: Batch): void {
    this.retrying.push(batch);
    this.kick();
  }

  /** Resolves once nothing is waiting, or once what waits is waiting for a retry. */
  idle(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** True from a failure until the next successful conversion. */
  get failing(): boolean {
    return this.failuresInARow > 0;
  }

  snapshot(): ConversionStats {
    return { ...this.counters, deferredSegments: this.failing ? this.backlog().segments : 0 };
  }

  /** Bytes of the segments waiting, without building the backlog (asked on every request). */
  pendingBytes(): number {
    let n = 0;
    for (const b of this.retrying) for (const seg of b.segments) n += seg.bytes;
    for (const seg of this.inFlight) n += seg.bytes;
    for (const seg of this.queue) n += seg.bytes;
    return n;
  }

  backlog(now: number = Date.now()): Backlog {
    const waiting = [...this.retrying.flatMap((b) => b.segments), ...this.inFlight, ...this.queue];
    return {
      segments: waiting.length,
      bytes: waiting.reduce((n, s) => n + s.bytes, 0),
      oldestAgeMs: waiting.length ? now - Math.min(...waiting.map((s) => segmentOpenedAt(s.id))) : null,
    };
  }

  /** Tries once more right away whatever waits for a retry; what still fails stays in wal/ for the next start. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.kick();
    }
    while (this.running) await this.running;
  }

  private isSettled(): boolean {
    if (this.running) return false;
    return (
      this.retryTimer !== null || this.closing || (this.queue.length === 0 && this.retrying.length === 0)
    );
  }

  private kick(): void {
    if (this.running || this.retryTimer) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.isSettled()) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const retry = this.retrying.shift();
      const segments = retry ? retry.segments : this.takeBatch();
      if (segments.length === 0) return;
      this.inFlight = segments;
      let batch: Batch | null | undefined = retry;
      try {
        if (retry) await this.rollBack(retry);
        else batch = await this.prepare(segments);
        if (batch) await this.convert(batch);
        this.failuresInARow = 0;
      } catch (err) {
        this.deferAfterFailure(err, segments, batch ?? null);
        return;
      } finally {
        this.inFlight = [];
      }
    }
  }

  /** The oldest queued segments, up to the byte cap (at least one). */
  private takeBatch(): SegmentRef[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || bytes + this.queue[n]!.bytes <= this.options.maxBatchBytes)) {
      bytes += this.queue[n]!.bytes;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  /** Cuts each segment to what was acknowledged, drops empty ones, moves the rest into a batch folder. */
  private async prepare(segments: readonly SegmentRef[]): Promise<Batch | null> {
    const kept: SegmentRef[] = [];
    for (const s of segments) {
      const bytes = await trimmed(s);
      if (bytes > 0) kept.push({ ...s, bytes });
      else if (bytes === 0) {
        await rm(s.path, { force: true });
        this.counters.segments += 1;
      }
    }
    return kept.length > 0 ? createBatch(this.layout.wal, kept) : null;
  }

  private async convert(batch: Batch): Promise<void> {
    const started = Date.now();
    const paths = batch.segments.map((s) => s.path);
    let result: ConversionResult;
    let refused: RefusedRow[] = [];
    try {
      result = await this.writer.convert(batch.id, paths);
    } catch (err) {
      if (!isRowRefusal(err)) throw err;
      ({ result, refused } = await this.convertAroundRefusals(batch, paths));
    }
    if (refused.length > 0) await this.writeErrors(batch.id, refused);
    await commitBatch(this.layout.wal, batch);
    const ndjsonBytes = batch.segments.reduce((n, s) => n + s.bytes, 0);
    this.counters.segments += batch.segments.length;
    this.counters.batches += 1;
    this.counters.rows += result.rows;
    this.counters.ndjsonBytes += ndjsonBytes;
    this.counters.parquetFiles += result.files.length;
    this.counters.parquetBytes += result.files.reduce((n, f) => n + f.bytes, 0);
    this.log.info('segments converted', {
      batch: batch.id,
      segments: batch.segments.length,
      rows: result.rows,
      ndjson_bytes: ndjsonBytes,
      parquet_files: result.files.length,
      ms: Date.now() - started,
    });
  }

  private async convertAroundRefusals(
    batch: Batch,
    paths: readonly string[],
  ): Promise<{ result: ConversionResult; refused: RefusedRow[] }> {
    const lines: string[] = [];
    for (const path of paths) {
      for (const line of (await readFile(path, 'utf8')).split('\n')) if (line.length > 0) lines.push(line);
    }
    await ensureDirDurable(this.layout.tmp);
    await this.writer.beginStaging();
    const refused = await stageAroundRefusals(
      this.writer,
      lines,
      join(this.layout.tmp, `${batch.id}.chunk.ndjson`),
    );
    return { result: await this.writer.publishStaged(batch.id), refused };
  }

  /** An interrupted or failed attempt may have published some files, or an errors/ file: remove them. */
  private async rollBack(batch: Batch): Promise<void> {
    await this.writer.unpublish(batch.id);
    await rm(join(this.layout.errors, `${batch.id}.ndjson`), { force: true });
  }

  private deferAfterFailure(err: unknown, segments: readonly SegmentRef[], batch: Batch | null): void {
    // Before the batch folder existed, the segments are still loose: back to the head of the queue.
    if (batch) this.retrying.unshift(batch);
    else this.queue.unshift(...segments);
    this.failuresInARow += 1;
    this.counters.conversionFailures += 1;
    const summary = summarize(err);
    this.lastError = { ...summary, at: new Date().toISOString() };
    const initial = this.options.initialRetryMs ?? 1000;
    const delay = Math.min(this.options.maxRetryMs ?? 30_000, initial * 2 ** (this.failuresInARow - 1));
    this.log.error('conversion deferred', {
      batch: batch?.id ?? null,
      segments: segments.length,
      error_class: summary.class,
      error_code: summary.code,
      retry_in_ms: this.closing ? null : delay,
    });
    if (this.closing) return; // kept in wal/ for the next start
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  /** `errors/<batch>.ndjson`: one record per refused row, its raw line kept as text (scanned by the leak check). */
  private async writeErrors(batchId: string, refused: readonly RefusedRow[]): Promise<void> {
    const at = new Date().toISOString();
    const body = refused
      .map((r) =>
        JSON.stringify({
          errorCode: r.errorCode,
          errorMessage: r.errorMessage,
          segment: batchId,
          at,
          rawData: r.line,
        }),
      )
      .join('\n');
    await ensureDirDurable(this.layout.errors);
    const tmp = join(this.layout.tmp, `${batchId}.errors.ndjson`);
    await writeFileSynced(tmp, `${body}\n`);
    await renameDurable(tmp, join(this.layout.errors, `${batchId}.ndjson`));
    this.counters.errorRows += refused.length;
    // Counts and classes only: the engine's message can quote row values.
    const byClass = new Map<string, number>();
    for (const r of refused) byClass.set(r.errorClass, (byClass.get(r.errorClass) ?? 0) + 1);
    this.log.error('rows refused by Parquet conversion', {
      batch: batchId,
      rows: refused.length,
      ...Object.fromEntries(
        [...byClass].map(([cls, n]) => [`refused_${cls.toLowerCase().replaceAll(' ', '_')}`, n]),
      ),
    });
  }
}

/** The segment's length once cut to what was acknowledged; -1 if it is gone (removed by an earlier try). */
async function trimmed(s: SegmentRef): Promise<number> {
  try {
    if (s.exact) await cutToAcknowledged(s.path, s.bytes);
    return await trimTornTail(s.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return -1;
    throw err;
  }
}
