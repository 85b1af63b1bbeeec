/**
 * Turns sealed WAL segments into published Parquet, one at a time, in order.
 * A segment is deleted only after its Parquet files are durably in place, so a crash
 * at any point leaves either the segment (replayed on start) or the files, or both
 * (the replay then finds the files and publishes nothing twice).
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createDraft04Ajv } from '../lib/schema/draft04-ajv.ts';
import { storedRowJsonSchema } from '../lib/schema/index.ts';
import { ensureDirDurable, renameDurable, unlinkDurable } from './durable-fs.ts';
import type { DataLayout } from './layout.ts';
import type { Log } from './log.ts';
import { EngineUnavailableError, type ParquetWriter, type PublishedFile } from './parquet-writer.ts';
import { trimTornTail } from './torn-tail.ts';

export interface SegmentRef {
  readonly id: string;
  readonly path: string;
}

export interface ConversionStats {
  segments: number;
  rows: number;
  ndjsonBytes: number;
  parquetFiles: number;
  parquetBytes: number;
  errorRows: number;
  /** Segments left in wal/ after an I/O failure; they are retried on the next start. */
  deferredSegments: number;
}

export class SegmentConverter {
  readonly stats: ConversionStats = {
    segments: 0,
    rows: 0,
    ndjsonBytes: 0,
    parquetFiles: 0,
    parquetBytes: 0,
    errorRows: 0,
    deferredSegments: 0,
  };
  private chain: Promise<void> = Promise.resolve();
  private readonly validRow = createDraft04Ajv().compile(storedRowJsonSchema());

  constructor(
    private readonly layout: DataLayout,
    private readonly writer: ParquetWriter,
    private readonly log: Log,
  ) {}

  enqueue(segment: SegmentRef): void {
    this.chain = this.chain.then(() => this.process(segment));
  }

  /** Resolves once every segment enqueued so far is converted (or set aside). */
  idle(): Promise<void> {
    return this.chain;
  }

  private async process(segment: SegmentRef): Promise<void> {
    const started = Date.now();
    try {
      const bytes = await trimTornTail(segment.path);
      if (bytes > 0) {
        const files = await this.convertOrSplit(segment);
        this.stats.ndjsonBytes += bytes;
        this.record(files);
      }
      await unlinkDurable(segment.path);
      this.stats.segments += 1;
      this.log.info('segment converted', {
        segment: segment.id,
        ndjson_bytes: bytes,
        ms: Date.now() - started,
      });
    } catch (err) {
      // An I/O failure (disk full, permissions): keep the segment for the next start.
      this.stats.deferredSegments += 1;
      this.log.error('segment conversion deferred', {
        segment: segment.id,
        error: (err as NodeJS.ErrnoException).code ?? (err as Error).name,
      });
    }
  }

  private record(files: readonly PublishedFile[]): void {
    for (const f of files) {
      this.stats.parquetFiles += 1;
      this.stats.parquetBytes += f.bytes;
    }
  }

  private async convertOrSplit(segment: SegmentRef): Promise<PublishedFile[]> {
    let firstError: unknown;
    try {
      const result = await this.writer.convert(segment.id, segment.path);
      this.stats.rows += result.rows;
      return [...result.files];
    } catch (err) {
      await this.rethrowUnlessRefused(err);
      firstError = err;
    }
    // The SQL engine refused the segment: set aside the rows that break the stored-row
    // schema, like Firehose's error output, and convert the rest.
    const lines = (await readFile(segment.path, 'utf8')).split('\n').filter((l) => l.length > 0);
    const good: string[] = [];
    const bad: string[] = [];
    for (const line of lines) (this.isValidRow(line) ? good : bad).push(line);
    let files: PublishedFile[] = [];
    if (good.length > 0) {
      const retryPath = join(this.layout.tmp, `${segment.id}.valid.ndjson`);
      await ensureDirDurable(this.layout.tmp);
      await writeSynced(retryPath, `${good.join('\n')}\n`);
      try {
        const result = await this.writer.convert(segment.id, retryPath);
        this.stats.rows += result.rows;
        files = [...result.files];
      } catch (err) {
        await this.rethrowUnlessRefused(err);
        bad.push(...good);
      } finally {
        await rm(retryPath, { force: true });
      }
    }
    if (bad.length > 0) await this.writeErrors(segment.id, bad, firstError);
    return files;
  }

  /** I/O errors and a dead engine are not the rows' fault: rethrow them so the segment is kept. */
  private async rethrowUnlessRefused(err: unknown): Promise<void> {
    if ((err as NodeJS.ErrnoException).code || err instanceof EngineUnavailableError) throw err;
    if (!(await this.writer.alive())) throw new EngineUnavailableError('SQL engine unavailable');
  }

  private isValidRow(line: string): boolean {
    try {
      return this.validRow(JSON.parse(line)) === true;
    } catch {
      return false;
    }
  }

  /** `errors/<segment>.ndjson`: one record per refused row, its raw line kept as text (scanned by the leak check). */
  private async writeErrors(segmentId: string, lines: readonly string[], cause: unknown): Promise<void> {
    const errorMessage = cause instanceof Error ? cause.message : 'conversion failed';
    const at = new Date().toISOString();
    const body = lines
      .map((rawData) =>
        JSON.stringify({ errorCode: 'ConversionFailed', errorMessage, segment: segmentId, at, rawData }),
      )
      .join('\n');
    await ensureDirDurable(this.layout.errors);
    const tmp = join(this.layout.tmp, `${segmentId}.errors.ndjson`);
    await writeSynced(tmp, `${body}\n`);
    await renameDurable(tmp, join(this.layout.errors, `${segmentId}.ndjson`));
    this.stats.errorRows += lines.length;
    // Counts only: the engine's message can quote row values.
    this.log.error('rows refused by Parquet conversion', { segment: segmentId, rows: lines.length });
  }
}

async function writeSynced(path: string, text: string): Promise<void> {
  const fh = await open(path, 'w', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}
