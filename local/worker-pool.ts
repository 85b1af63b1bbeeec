/**
 * Runs the ingest core on worker threads (one per core by default): the core is CPU-bound
 * (validation, policy, scrubbing), so one event loop caps throughput at one core. Requests
 * go to the least busy worker; rows come back serialized and are appended to the
 * write-ahead log here, on the main thread, which answers only after the fsync.
 */
import { Worker } from 'node:worker_threads';
import { type ErrorCode, type HttpResponse, STATUS } from '../lib/api/contract.ts';
import type { IngestConfig, IngestRequest } from '../lib/ingest/ports.ts';
import { errorResponse } from '../lib/ingest/respond.ts';
import type { IngestTelemetry } from '../lib/ingest/telemetry.ts';
import type { Log } from './log.ts';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.ts';

export interface WorkerPoolOptions {
  readonly size: number;
  readonly secret: Uint8Array;
  readonly config: IngestConfig;
  /** The people directory's artifact bytes; each worker decodes its own copy. */
  readonly directory?: Uint8Array;
  /** Appends serialized rows durably; resolves false if they could not be stored. */
  readonly append: (records: string[]) => Promise<boolean>;
  readonly telemetry: IngestTelemetry;
  readonly log: Log;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { readonly requestId: string; readonly answer: (r: HttpResponse) => void }>;
  ready: boolean;
}

// Workers load TypeScript through tsx's loader, registered inside the worker itself:
// loader flags given to the main process do not reach worker threads.
const TSX_API = import.meta.resolve('tsx/esm/api');
const WORKER = new URL('./ingest-worker.ts', import.meta.url).href;
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}); });`;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;

  private constructor(private readonly options: WorkerPoolOptions) {}

  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    await Promise.all(Array.from({ length: options.size }, () => pool.spawn()));
    return pool;
  }

  /** The ingest core, as the HTTP edge calls it. */
  handle(req: IngestRequest): Promise<HttpResponse> {
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.pending.set(id, { requestId: req.requestId, answer: resolve });
      const body = typeof req.body === 'string' ? req.body : new Uint8Array(req.body);
      const message: ToWorker = { type: 'request', id, req: { ...req, body } };
      slot.worker.postMessage(message, typeof body === 'string' ? [] : [body.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Promise<void> {
    const init: WorkerInit = {
      secret: this.options.secret,
      config: this.options.config,
      directory: this.options.directory,
    };
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: init });
    const slot: Slot = { worker, pending: new Map(), ready: false };
    this.slots.push(slot);
    return new Promise((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            slot.ready = true;
            resolve();
            return;
          case 'response':
            slot.pending.get(message.id)?.answer(message.response);
            slot.pending.delete(message.id);
            return;
          case 'deliver':
            void this.options.append(message.records).then((ok) => {
              const reply: ToWorker = { type: 'delivered', id: message.id, ok };
              worker.postMessage(reply);
            });
            return;
          case 'telemetry':
            if (message.event.kind === 'requestFailed')
              this.options.telemetry.requestFailed(message.event.arg);
            else this.options.telemetry.batchCompleted(message.event.arg);
            return;
        }
      });
      worker.once('error', (err) => {
        reject(err);
        this.options.log.error('ingest worker failed', { error: err.name });
      });
      worker.once('exit', () => {
        // Whatever it was handling is answered as retryable; a fresh worker takes its place.
        for (const { requestId, answer } of slot.pending.values()) answer(unavailable(requestId));
        slot.pending.clear();
        this.slots.splice(this.slots.indexOf(slot), 1);
        // Only replace a worker that had started: one that cannot start would loop.
        if (!this.closed && slot.ready) void this.spawn().catch(() => {});
      });
    });
  }
}

function unavailable(requestId: string): HttpResponse {
  const code: ErrorCode = 'unavailable';
  return errorResponse(STATUS.unavailable, code, 'ingest worker restarted; send again later', requestId);
}
