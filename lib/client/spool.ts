/**
 * Durable spool: every queued event is appended to an NDJSON segment file before (or
 * while) it is sent, and settled events are marked by acknowledgement records, so that a
 * restart replays exactly the unsettled ones. One writer per folder.
 *
 * Format, one JSON object per line:
 *   {"h":1,"employee_id":"E1"}    first line of each segment: whose events these are
 *   {"e":{…event…}}               an event was queued
 *   {"a":["<event_id>",…]}        these events are settled (accepted or rejected): never replay
 *   {"d":["<event_id>",…]}        these events were dropped to keep the spool bounded
 * Files are `seg-<n>.ndjson`; replay reads them in order and ignores a torn last line. The folder
 * is locked (`spool.lock/`) for as long as the spool is open: a second process gets FolderLockedError.
 * Writes are group-committed: lines queued while a write+fsync runs go out in the next one.
 */

import type { FileHandle } from 'node:fs/promises';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../fs/durable-fs.ts';
import { type FolderLock, lockFolder } from '../fs/folder-lock.ts';

/** The spool folder's lock: one writer per folder, or two processes would replay and lose each other's events. */
export const SPOOL_LOCK_NAME = 'spool.lock';

import { readSpool, SEGMENT, SpoolMismatchError } from './spool-replay.ts';

export { SpoolMismatchError };

export interface SpooledEvent {
  readonly id: string;
  /** The event's JSON, exactly as it will be sent. */
  readonly json: string;
}

export interface SpoolOptions {
  readonly dir: string;
  readonly employeeId: string;
  /** fsync after each group of appends. @default true */
  readonly fsync?: boolean;
  /** Compact when the active segment is over this size and mostly settled. @default 8 MiB */
  readonly compactBytes?: number;
}

export class SpoolWriteError extends Error {
  override readonly name = 'SpoolWriteError';
}

const segName = (n: number): string => `seg-${String(n).padStart(8, '0')}.ndjson`;

export class Spool {
  /** Unsettled events, oldest first (Map keeps insertion order). */
  private readonly live = new Map<string, string>();
  private liveBytes = 0;
  private fileBytes = 0;
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;
  private closed = false;
  /** Set when a failed append could not be rolled back: the file's tail is unknown, so nothing more is written. */
  private broken: SpoolWriteError | undefined;

  private constructor(
    private readonly opts: Required<SpoolOptions>,
    private fh: FileHandle,
    private segment: number,
    private readonly lock: FolderLock,
  ) {}

  /** Opens (creating) the spool in `dir`, replays it and compacts it into a fresh segment. */
  static async open(options: SpoolOptions): Promise<{ spool: Spool; replayed: SpooledEvent[] }> {
    const opts = { fsync: true, compactBytes: 8 * 1024 * 1024, ...options };
    // Before reading anything: another process's live segments must not be replayed and deleted.
    // Locking creates the folder, durably (its entry in the parent is synced).
    const lock = await lockFolder(opts.dir, SPOOL_LOCK_NAME);
    try {
      return await Spool.openLocked(opts, lock);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  private static async openLocked(
    opts: Required<SpoolOptions>,
    lock: FolderLock,
  ): Promise<{ spool: Spool; replayed: SpooledEvent[] }> {
    const { segments: names, live } = await readSpool(opts.dir, opts.employeeId);
    const last = names.length ? Number(SEGMENT.exec(names[names.length - 1]!)![1]) : 0;
    const segment = last + 1;
    const fh = await Spool.writeSegment(opts, segment, live);
    for (const name of names) await unlink(join(opts.dir, name));
    const spool = new Spool(opts, fh, segment, lock);
    for (const [id, json] of live) spool.track(id, json);
    spool.fileBytes = (await fh.stat()).size;
    return { spool, replayed: [...live].map(([id, json]) => ({ id, json })) };
  }

  /** Writes a complete segment holding `live` via a temporary file, and opens it for appending. */
  private static async writeSegment(
    opts: Required<SpoolOptions>,
    n: number,
    live: Map<string, string>,
  ): Promise<FileHandle> {
    const path = join(opts.dir, segName(n));
    const tmp = `${path}.tmp`;
    // Owner-only, as the server's write-ahead log: the spool holds events before any scrubbing.
    const out = await open(tmp, 'w', 0o600);
    try {
      const lines = [JSON.stringify({ h: 1, employee_id: opts.employeeId })];
      for (const json of live.values()) lines.push(`{"e":${json}}`);
      await writeFully(out, Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
      if (opts.fsync) await out.sync();
    } catch (err) {
      // A half-written compaction must never replace the segments it summarises.
      await out.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw err;
    }
    await out.close();
    await rename(tmp, path);
    if (opts.fsync) await syncDir(opts.dir);
    return open(path, 'a');
  }

  private track(id: string, json: string): void {
    this.live.set(id, json);
    this.liveBytes += json.length;
  }

  private untrack(ids: readonly string[]): void {
    for (const id of ids) {
      const json = this.live.get(id);
      if (json === undefined) continue;
      this.liveBytes -= json.length;
      this.live.delete(id);
    }
  }

  /** Durably records queued events; resolves once they are on disk (fsync'd). */
  add(events: readonly SpooledEvent[]): Promise<void> {
    for (const e of events) this.track(e.id, e.json);
    return this.append(events.map((e) => `{"e":${e.json}}\n`));
  }

  /** Marks events settled (accepted or rejected by the server). */
  ack(ids: readonly string[]): Promise<void> {
    this.untrack(ids);
    return ids.length ? this.append([`${JSON.stringify({ a: ids })}\n`]) : Promise.resolve();
  }

  /** Marks events dropped to keep the spool within its bound. */
  drop(ids: readonly string[]): Promise<void> {
    this.untrack(ids);
    return ids.length ? this.append([`${JSON.stringify({ d: ids })}\n`]) : Promise.resolve();
  }

  private append(lines: string[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('spool is closed'));
    this.pending.push(...lines);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.writing ??= this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const lines = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        if (this.broken) throw this.broken;
        const data = Buffer.from(lines.join(''), 'utf8');
        try {
          await writeFully(this.fh, data);
          if (this.opts.fsync) await this.fh.datasync();
        } catch (err) {
          // A full disk can take part of a group: cut the file back to the last good offset, or
          // the torn bytes would glue onto the next line and lose an event acknowledged later.
          await this.rollBack(err);
          throw err;
        }
        this.fileBytes += data.length;
        for (const w of waiters) w.resolve();
        await this.maybeCompact();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
    this.writing = undefined;
  }

  /** Truncates the segment to its last fully written group; if even that fails, refuses all further writes. */
  private async rollBack(cause: unknown): Promise<void> {
    try {
      await this.fh.truncate(this.fileBytes);
      if (this.opts.fsync) await this.fh.datasync();
    } catch {
      this.broken = new SpoolWriteError('spool: a failed write could not be rolled back; reopen the spool', {
        cause,
      });
    }
  }

  /** Rewrites the spool as only its live events once settled records dominate the file. */
  private async maybeCompact(): Promise<void> {
    if (this.fileBytes < this.opts.compactBytes || this.fileBytes < 2 * this.liveBytes) return;
    const next = this.segment + 1;
    const fh = await Spool.writeSegment(this.opts, next, this.live);
    const old = this.fh;
    const oldSegment = this.segment;
    this.fh = fh;
    this.segment = next;
    this.fileBytes = (await fh.stat()).size;
    await old.close();
    await unlink(join(this.opts.dir, segName(oldSegment)));
  }

  /** Bytes of unsettled events (their JSON). */
  get bytes(): number {
    return this.liveBytes;
  }

  /** Waits for pending writes, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.writing) await this.writing;
    this.closed = true;
    await this.fh.close();
    await this.lock.release();
  }
}

/** Writes every byte or throws: `write` may write less than asked (a full disk), and says so only by its count. */
async function writeFully(fh: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await fh.write(data, offset, data.length - offset);
    if (bytesWritten <= 0) throw new SpoolWriteError('spool: the disk accepted no more bytes');
    offset += bytesWritten;
  }
}

async function syncDir(dir: string): Promise<void> {
  // Makes a rename durable; best effort on a laptop's file system (a failure here loses no event
  // whose write was acknowledged: only the compaction's rename might be undone by a power cut).
  await fsyncDir(dir).catch(() => {});
}
