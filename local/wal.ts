/**
 * Write-ahead log: accepted rows are appended to an NDJSON segment and fsynced before
 * the request is answered. Concurrent appends are group-committed — whatever arrives
 * while one write+fsync is in flight goes out together in the next one — so the cost
 * is one fsync per group, not per request. A segment is sealed (closed and handed to
 * the Parquet converter) when it reaches a size, when it gets old, or on demand.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDirDurable, fsyncDir } from '../lib/fs/durable-fs.ts';
import { newSegmentId, SEGMENT_SUFFIX } from './segment-id.ts';
import type { SegmentRef } from './wal-batch.ts';

export interface SealedSegment extends SegmentRef {
  readonly rows: number;
}

/** The file operations a segment needs (a FileHandle has them; tests inject faults here). */
export interface SegmentFile {
  write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface WalOptions {
  readonly dir: string;
  /** Seal the open segment once it holds this many bytes. */
  readonly maxSegmentBytes: number;
  /** Called once per sealed segment, in order. */
  readonly onSealed: (segment: SealedSegment) => void;
  /** Creates a segment file (exclusive, mode 0600). @default fs.promises.open(path, 'wx', 0o600) */
  readonly createFile?: (path: string) => Promise<SegmentFile>;
}

/** Attempts to cut a failed group's bytes off a segment before its requests are answered. */
const TRUNCATE_ATTEMPTS = 3;

interface Pending {
  readonly data: Buffer;
  readonly rows: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

interface OpenSegment {
  readonly id: string;
  readonly path: string;
  readonly fh: SegmentFile;
  readonly openedAt: number;
  bytes: number;
  rows: number;
}

interface SealWaiter {
  /** Seal once this many appends have been written (or failed). */
  readonly after: number;
  readonly resolve: () => void;
}

export class WriteAheadLog {
  private readonly pending: Pending[] = [];
  private sealWaiters: SealWaiter[] = [];
  private current: OpenSegment | null = null;
  private draining: Promise<void> | null = null;
  private enqueued = 0;
  private processed = 0;
  private closed = false;

  constructor(private readonly options: WalOptions) {}

  /** Appends NDJSON records (each ending in a newline); resolves once they are on disk (fsynced). */
  append(records: readonly string[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('write-ahead log is closed'));
    if (records.length === 0) return Promise.resolve();
    const data = Buffer.from(records.join(''), 'utf8');
    if (data[data.length - 1] !== 0x0a)
      return Promise.reject(new Error('NDJSON records must end in a newline'));
    return new Promise<void>((resolve, reject) => {
      this.enqueued += 1;
      this.pending.push({ data, rows: records.length, resolve, reject });
      this.kick();
    });
  }

  /** Milliseconds since the open segment received its first row, or null when none is open. */
  openSegmentAge(now: number = Date.now()): number | null {
    return this.current ? now - this.current.openedAt : null;
  }

  /** Bytes acknowledged in the open segment (not yet handed to the converter). */
  openSegmentBytes(): number {
    return this.current?.bytes ?? 0;
  }

  /**
   * Seals the open segment once the appends queued before this call are written, and
   * resolves then. Later appends do not delay it (they may go to the next segment).
   */
  seal(): Promise<void> {
    return new Promise((resolve) => {
      this.sealWaiters.push({ after: this.enqueued, resolve });
      this.kick();
    });
  }

  /** Seals and refuses further appends. */
  async close(): Promise<void> {
    this.closed = true;
    await this.seal();
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.pending.length > 0 || this.sealWaiters.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const due = this.sealWaiters.filter((w) => w.after <= this.processed);
      if (due.length > 0) {
        this.sealWaiters = this.sealWaiters.filter((w) => w.after > this.processed);
        await this.sealCurrent();
        for (const w of due) w.resolve();
        continue;
      }
      if (this.pending.length === 0) return;
      const group = this.nextGroup();
      await this.commitGroup(group);
      this.processed += group.length;
      if (this.current && this.current.bytes >= this.options.maxSegmentBytes) await this.sealCurrent();
    }
  }
  /** Everything queued, but no more than fills the open segment (at least one append). */
  private nextGroup(): Pending[] {
    const room = this.options.maxSegmentBytes - (this.current?.bytes ?? 0);
    let n = 0;
    let bytes = 0;
    while (n < this.pending.length && (n === 0 || bytes + this.pending[n]!.data.length <= room)) {
      bytes += this.pending[n]!.data.length;
      n += 1;
    }
    return this.pending.splice(0, n);
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    let segment: OpenSegment | null = null;
    try {
      segment = this.current ?? (await this.openSegment());
      const data = group.length === 1 ? group[0]!.data : Buffer.concat(group.map((p) => p.data));
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await segment.fh.write(
          data,
          offset,
          data.length - offset,
          segment.bytes + offset,
        );
        offset += bytesWritten;
      }
      segment.bytes += data.length;
      segment.rows += group.reduce((n, p) => n + p.rows, 0);
      await segment.fh.datasync();
    } catch (err) {
      // Part of the group may be in the file, even whole lines of it. Its requests will be
      // answered `retry` and sent again, so those bytes must never be converted: cut them
      // off before answering. If the disk will not even let us do that, seal the segment —
      // the converter cuts it to the acknowledged length it is handed.
      if (segment && !(await cutBack(segment))) await this.sealCurrent();
      for (const p of group) p.reject(err);
      return;
    }
    for (const p of group) p.resolve();
  }

  private async openSegment(): Promise<OpenSegment> {
    await ensureDirDurable(this.options.dir);
    const id = newSegmentId();
    const path = join(this.options.dir, `${id}${SEGMENT_SUFFIX}`);
    const fh = await (this.options.createFile ?? ((p: string) => open(p, 'wx', 0o600)))(path);
    try {
      // The new directory entry must survive a crash before any row in it is acknowledged.
      await fsyncDir(this.options.dir);
    } catch (err) {
      await fh.close().catch(() => {});
      throw err; // the empty file is removed by the converter on the next start
    }
    this.current = { id, path, fh, openedAt: Date.now(), bytes: 0, rows: 0 };
    return this.current;
  }

  private async sealCurrent(): Promise<void> {
    const segment = this.current;
    if (!segment) return;
    this.current = null;
    // The data is already fsynced; a failing close must not strand the segment.
    await segment.fh.close().catch(() => {});
    this.options.onSealed({
      id: segment.id,
      path: segment.path,
      bytes: segment.bytes,
      rows: segment.rows,
      exact: true,
    });
  }
}

/** Truncates a segment back to its acknowledged bytes, durably; false if the disk refused. */
async function cutBack(segment: OpenSegment): Promise<boolean> {
  for (let attempt = 0; attempt < TRUNCATE_ATTEMPTS; attempt++) {
    try {
      await segment.fh.truncate(segment.bytes);
      await segment.fh.datasync();
      return true;
    } catch {
      // try again: a truncate frees space, it rarely fails twice
    }
  }
  return false;
}
