/**
 * The agent client: queue → (durable spool) → batches → signed POST → per-event verdicts.
 * Delivery is at-least-once; `event_id` is kept across retries and restarts so duplicates
 * can be removed downstream. Never logs; errors and emitted reports carry ids and codes,
 * never event content.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { BatchResponse } from '../api/contract.ts';
import { type AgentInfo, type IdentityHints, REQUEST_LIMITS, type RequestEvent } from '../schema/index.ts';
import { DEFAULT_RETRY, fullJitterDelay, type RetryOptions } from './backoff.ts';
import { EnvelopeEncoder, eventsUrl, regionFromHost } from './envelope.ts';
import { isLoopbackHost } from './loopback.ts';
import { type Credentials, createSigner, type Signer } from './signer.ts';
import { Spool } from './spool.ts';
import { type FetchLike, type SendOutcome, sendEnvelope } from './transport.ts';
import { assertValidEvent, InvalidEventError } from './validate.ts';

type Distribute<E> = E extends RequestEvent
  ? Omit<E, 'event_id' | 'occurred_at'> & Partial<Pick<E, 'event_id' | 'occurred_at'>>
  : never;
/** An event to record: `event_id` and `occurred_at` are filled in when missing. */
export type EventInput = Distribute<RequestEvent>;

export interface ActivityClientOptions {
  /** API base URL, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/prod` or `http://127.0.0.1:8787`. */
  readonly endpoint: string;
  /**
   * Whose events these are. Sent in every envelope so that the API refuses the batch (403
   * `identity_mismatch`) when the credentials name someone else; the API takes the employee from
   * the credentials (AWS: the role session name; local mode: the token). Never stored.
   */
  readonly employeeId: string;
  /**
   * Local mode: the employee's bearer token (`npm run agent -- token --employee-id ID`), sent as
   * `Authorization: Bearer …`. With a token, `signing: 'auto'` sends unsigned. @default none
   */
  readonly token?: string;
  readonly agent: AgentInfo;
  /** The employee's own identifiers, so the API can scrub them from kept text. @default none */
  readonly identityHints?: IdentityHints;
  /** @default none */
  readonly deviceId?: string;
  /** SigV4 region. @default from the execute-api host name, else AWS_REGION / AWS_DEFAULT_REGION */
  readonly region?: string;
  /** @default the AWS SDK's default credential provider chain */
  readonly credentials?: Credentials;
  /** `auto`: unsigned on a loopback endpoint (127.0.0.0/8, ::1, localhost) or with a `token`, SigV4 elsewhere. @default 'auto' */
  readonly signing?: 'auto' | 'sigv4' | 'none';
  /** Folder of the durable spool; without it events are only held in memory. @default none */
  readonly spoolDir?: string;
  /** fsync spool appends (group-committed). @default true */
  readonly spoolFsync?: boolean;
  /** Most events per request (1–500). @default 500 */
  readonly maxBatchEvents?: number;
  /** Largest encoded request body in bytes. @default 1 MiB */
  readonly maxBatchBytes?: number;
  /** A partial batch waits at most this long before it is sent. @default 1000 */
  readonly flushIntervalMs?: number;
  /** Bound on unsettled events (their encoded bytes); the oldest queued are dropped beyond it. @default 64 MiB */
  readonly maxSpoolBytes?: number;
  /** @default { baseMs: 500, maxMs: 60_000, maxAttempts: Infinity } */
  readonly retry?: RetryOptions;
  /** Per-request timeout. @default 30_000 */
  readonly timeoutMs?: number;
  /** Validate events locally before queueing (rejects the `record` promise). @default true */
  readonly validate?: boolean;
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Randomness for jitter, in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** An event the API refused for good: reported once, never resent. */
export interface RejectedReport {
  readonly event_id: string;
  readonly code: string;
  readonly message?: string;
  /** HTTP status of the response that carried the verdict. */
  readonly status: number;
}

export interface ClientStats {
  /** Accepted by `record` in this process. */
  recorded: number;
  /** Replayed from the spool at start. */
  replayed: number;
  /** Waiting to be sent. */
  queued: number;
  inFlight: number;
  /** Event sends, counting resends. */
  sent: number;
  accepted: number;
  rejected: number;
  /** Events put back in the queue after a failed request or a `retry` verdict. */
  retried: number;
  /** Dropped, oldest first, to keep within `maxSpoolBytes`. */
  dropped: number;
  requests: number;
  failedRequests: number;
}

/** All counters at zero: the start of a client's stats and of a sum over clients. */
export function zeroStats(): ClientStats {
  return {
    recorded: 0,
    replayed: 0,
    queued: 0,
    inFlight: 0,
    sent: 0,
    accepted: 0,
    rejected: 0,
    retried: 0,
    dropped: 0,
    requests: 0,
    failedRequests: 0,
  };
}

export interface ClientEvents {
  rejected: [RejectedReport];
  dropped: [{ readonly eventIds: readonly string[] }];
  retrying: [
    { readonly attempt: number; readonly delayMs: number; readonly reason: string; readonly status?: number },
  ];
  response: [
    {
      readonly status: number;
      readonly events: number;
      readonly accepted: number;
      readonly rejected: number;
      readonly retry: number;
    },
  ];
}

/** `flush()` gave up after `retry.maxAttempts` consecutive failures; the events are still queued. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

interface Entry {
  readonly id: string;
  readonly json: string;
  readonly bytes: number;
  readonly seq: number;
}

interface Waiter {
  readonly upTo: number;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

function positiveInt(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new RangeError(`${name} must be an integer in [1, ${max}]`);
  return value;
}

export class ActivityClient extends EventEmitter<ClientEvents> {
  /** Resolves once the spool has been replayed; rejects if it cannot be opened. */
  readonly ready: Promise<void>;

  private readonly encoder: EnvelopeEncoder;
  private readonly url: URL;
  private readonly signer: Signer | undefined;
  private readonly bearerToken: string | undefined;
  private readonly fetchFn: FetchLike;
  private readonly maxBatchEvents: number;
  private readonly maxBatchBytes: number;
  private readonly maxSpoolBytes: number;
  private readonly retry: Required<RetryOptions>;
  private readonly timeoutMs: number;
  private readonly validate: boolean;
  private readonly random: () => number;
  private readonly timer: NodeJS.Timeout;
  private readonly abort = new AbortController();

  private spool: Spool | undefined;
  private queue: Entry[] = [];
  private inflight: Entry[] = [];
  private readonly pendingIds = new Set<string>();
  private queuedBytes = 0;
  private inflightBytes = 0;
  private seq = 0;
  private due = false;
  private waiters: Waiter[] = [];
  private pumping: Promise<void> | undefined;
  private attempt = 0;
  /** Lowered by 413 responses: the count cap until the next success, the byte cap for good. */
  private countCap: number;
  private byteCap: number;
  private closed = false;
  private stopped = false;
  private wakeSleep: (() => void) | undefined;
  // queued/inFlight are read live from the queue in stats(); the rest are counted here.
  private readonly counters: Omit<ClientStats, 'queued' | 'inFlight'> = zeroStats();

  constructor(options: ActivityClientOptions) {
    super();
    this.url = eventsUrl(options.endpoint);
    this.maxBatchEvents = positiveInt(
      'maxBatchEvents',
      options.maxBatchEvents ?? REQUEST_LIMITS.maxEvents,
      REQUEST_LIMITS.maxEvents,
    );
    this.maxBatchBytes = positiveInt('maxBatchBytes', options.maxBatchBytes ?? REQUEST_LIMITS.maxBodyBytes);
    this.maxSpoolBytes = positiveInt('maxSpoolBytes', options.maxSpoolBytes ?? 64 * 1024 * 1024);
    this.timeoutMs = positiveInt('timeoutMs', options.timeoutMs ?? 30_000);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    if (!(this.retry.baseMs >= 0 && this.retry.maxMs >= this.retry.baseMs))
      throw new RangeError('retry needs 0 <= baseMs <= maxMs');
    if (!(this.retry.maxAttempts >= 1)) throw new RangeError('retry.maxAttempts must be >= 1');
    this.validate = options.validate ?? true;
    this.random = options.random ?? Math.random;
    this.fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
    this.countCap = this.maxBatchEvents;
    this.byteCap = this.maxBatchBytes;
    this.encoder = new EnvelopeEncoder({
      employee_id: options.employeeId,
      ...(options.deviceId !== undefined ? { device_id: options.deviceId } : {}),
      ...(options.identityHints !== undefined ? { identity_hints: options.identityHints } : {}),
      agent: options.agent,
    });
    if (this.encoder.overhead >= this.maxBatchBytes)
      throw new RangeError('maxBatchBytes is smaller than the envelope');

    const signing = options.signing ?? 'auto';
    if (options.token !== undefined) {
      if (signing === 'sigv4')
        throw new RangeError('token: local-mode bearer tokens cannot be combined with SigV4 signing');
      if (!/^[\x21-\x7e]{1,2048}$/.test(options.token))
        throw new RangeError('token: must be a bearer token (printable ASCII)');
      this.bearerToken = options.token;
    }
    const unsigned =
      signing === 'none' ||
      (signing === 'auto' && (isLoopbackHost(this.url.hostname) || options.token !== undefined));
    if (!unsigned) {
      const region =
        options.region ??
        regionFromHost(this.url.hostname) ??
        process.env.AWS_REGION ??
        process.env.AWS_DEFAULT_REGION;
      if (!region)
        throw new RangeError('region is required for SigV4 (option, execute-api host name or AWS_REGION)');
      this.signer = createSigner({
        region,
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
    }

    const interval = positiveInt('flushIntervalMs', options.flushIntervalMs ?? 1000);
    this.timer = setInterval(() => {
      if (this.queue.length > 0) {
        this.due = true;
        this.kick();
      }
    }, interval);
    this.timer.unref();

    this.ready = this.open(options);
    this.ready.catch(() => {}); // surfaced through record()/flush()
  }

  private async open(options: ActivityClientOptions): Promise<void> {
    if (options.spoolDir === undefined) return;
    const { spool, replayed } = await Spool.open({
      dir: options.spoolDir,
      employeeId: options.employeeId,
      fsync: options.spoolFsync ?? true,
    });
    this.spool = spool;
    for (const r of replayed) this.enqueue(r.id, r.json);
    this.counters.replayed = replayed.length;
    this.enforceBound();
    if (this.queue.length > 0) {
      this.due = true;
      this.kick();
    }
  }

  /**
   * Queues an event (filling in `event_id` and `occurred_at` when missing) and resolves with
   * its `event_id` once it is durably spooled. Rejects with InvalidEventError, without
   * queueing, for an event the API would certainly reject.
   */
  async record(input: EventInput): Promise<string> {
    if (this.closed) throw new Error('client is closed');
    const event = { ...input } as RequestEvent;
    event.event_id ??= randomUUID();
    event.occurred_at ??= new Date().toISOString();
    if (this.validate) assertValidEvent(event);
    const json = JSON.stringify(event);
    if (this.encoder.size(1, Buffer.byteLength(json)) > this.maxBatchBytes) {
      throw new InvalidEventError('event does not fit in one request (maxBatchBytes)', 'too_large');
    }
    await this.ready;
    if (this.closed) throw new Error('client is closed');
    if (this.pendingIds.has(event.event_id)) return event.event_id; // already queued: idempotent
    this.enqueue(event.event_id, json);
    this.counters.recorded++;
    const durable = this.spool?.add([{ id: event.event_id, json }]);
    this.enforceBound();
    this.kick();
    await durable;
    return event.event_id;
  }

  /** Sends everything recorded so far; resolves when all of it is settled (accepted, rejected or dropped). */
  async flush(): Promise<void> {
    await this.ready;
    const upTo = this.seq;
    if (this.settledThrough(upTo)) return;
    this.due = true;
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.kick();
    });
  }

  /**
   * Stops the client. With `flush` (default) it first tries to deliver everything for up to
   * `timeoutMs`; whatever is left stays in the spool for the next start. `flush: false`
   * abandons in-flight requests at once (their events are replayed next time).
   */
  async close(options: { flush?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    if (options.flush ?? true) {
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        this.flush().catch(() => {}),
        new Promise<void>((r) => {
          timeout = setTimeout(r, options.timeoutMs ?? 30_000);
        }),
      ]);
      clearTimeout(timeout);
    }
    this.stopped = true;
    this.abort.abort();
    this.wakeSleep?.();
    await this.pumping;
    for (const w of this.waiters.splice(0)) w.reject(new DeliveryError('client closed before delivery'));
    await this.ready.catch(() => {});
    await this.spool?.close();
  }

  stats(): ClientStats {
    return { ...this.counters, queued: this.queue.length, inFlight: this.inflight.length };
  }

  // ---- queue ----

  private enqueue(id: string, json: string): void {
    const bytes = Buffer.byteLength(json);
    this.queue.push({ id, json, bytes, seq: ++this.seq });
    this.pendingIds.add(id);
    this.queuedBytes += bytes;
  }

  /** Drops the oldest queued events while unsettled bytes exceed the bound (never the newest one). */
  private enforceBound(): void {
    const dropped: string[] = [];
    while (this.queuedBytes + this.inflightBytes > this.maxSpoolBytes && this.queue.length > 1) {
      const e = this.queue.shift()!;
      this.queuedBytes -= e.bytes;
      this.pendingIds.delete(e.id);
      dropped.push(e.id);
    }
    if (dropped.length === 0) return;
    this.counters.dropped += dropped.length;
    this.spool?.drop(dropped).catch(() => {});
    this.emit('dropped', { eventIds: dropped });
    this.resolveWaiters();
  }

  private settled(entries: readonly Entry[]): void {
    for (const e of entries) this.pendingIds.delete(e.id);
    this.spool?.ack(entries.map((e) => e.id)).catch(() => {});
  }

  private requeueFront(entries: readonly Entry[]): void {
    this.queue = [...entries, ...this.queue];
    for (const e of entries) this.queuedBytes += e.bytes;
  }

  private takeBatch(): Entry[] {
    const batch: Entry[] = [];
    let bytes = 0;
    while (batch.length < this.countCap && this.queue.length > batch.length) {
      const next = this.queue[batch.length]!;
      if (batch.length > 0 && this.encoder.size(batch.length + 1, bytes + next.bytes) > this.byteCap) break;
      batch.push(next);
      bytes += next.bytes;
    }
    this.queue = this.queue.slice(batch.length);
    this.queuedBytes -= bytes;
    this.inflight = batch;
    this.inflightBytes = bytes;
    return batch;
  }

  private fullBatchQueued(): boolean {
    return (
      this.queue.length >= this.countCap ||
      this.encoder.size(this.queue.length, this.queuedBytes) >= this.byteCap
    );
  }

  private settledThrough(upTo: number): boolean {
    const oldest = this.inflight[0]?.seq ?? this.queue[0]?.seq ?? Number.POSITIVE_INFINITY;
    return oldest > upTo;
  }

  private resolveWaiters(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!this.settledThrough(w.upTo)) return true;
      w.resolve();
      return false;
    });
  }

  // ---- delivery ----

  private kick(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      // Work may have arrived between the loop's last check and now.
      if (
        !this.stopped &&
        this.queue.length > 0 &&
        (this.due || this.waiters.length > 0 || this.fullBatchQueued())
      ) {
        this.kick();
      }
    });
  }

  private async pump(): Promise<void> {
    while (
      !this.stopped &&
      this.queue.length > 0 &&
      (this.due || this.waiters.length > 0 || this.fullBatchQueued())
    ) {
      const batch = this.takeBatch();
      const body = this.encoder.encode(batch.map((e) => e.json));
      this.counters.requests++;
      this.counters.sent += batch.length;
      const outcome = await sendEnvelope(
        {
          url: this.url,
          signer: this.signer,
          fetch: this.fetchFn,
          timeoutMs: this.timeoutMs,
          ...(this.bearerToken !== undefined ? { bearerToken: this.bearerToken } : {}),
        },
        body,
        this.abort.signal,
      );
      if (this.stopped) return; // abandoned: leave everything to the spool
      this.inflight = [];
      this.inflightBytes = 0;
      const delay = this.handle(batch, outcome, Buffer.byteLength(body));
      if (this.queue.length === 0) this.due = false;
      this.resolveWaiters();
      if (this.attempt >= this.retry.maxAttempts) {
        for (const w of this.waiters.splice(0))
          w.reject(new DeliveryError(`delivery failed ${this.attempt} times`));
        this.attempt = 0;
        this.due = false;
        return;
      }
      if (delay > 0) await this.sleep(delay);
    }
  }

  /** Applies one response; returns how long to wait before the next request. */
  private handle(batch: Entry[], outcome: SendOutcome, bodyBytes: number): number {
    switch (outcome.kind) {
      case 'verdicts':
        return this.applyVerdicts(batch, outcome.status, outcome.response.results);
      case 'too_large':
        if (batch.length === 1) {
          this.reject(batch, outcome.status, 'payload_too_large', 'event too large for the API');
        } else {
          // Split and resend at once; remember the size the server refused.
          this.countCap = Math.ceil(batch.length / 2);
          this.byteCap = Math.min(this.byteCap, bodyBytes - 1);
          this.requeueFront(batch);
        }
        return 0;
      case 'bad_request':
        // The request itself is malformed (a client or configuration bug): resending the same
        // envelope cannot succeed, so its events are reported as rejected rather than retried forever.
        this.reject(batch, outcome.status, outcome.code, outcome.message);
        this.attempt = 0;
        return 0;
      case 'retry': {
        this.counters.failedRequests++;
        this.counters.retried += batch.length;
        this.requeueFront(batch);
        return this.backoff(outcome.reason, outcome.status, outcome.retryAfterMs);
      }
    }
  }

  private applyVerdicts(batch: Entry[], status: number, results: BatchResponse['results']): number {
    const byIndex = new Map(results.map((r) => [r.index, r]));
    const accepted: Entry[] = [];
    const rejected: Entry[] = [];
    const retry: Entry[] = [];
    batch.forEach((entry, i) => {
      const r = byIndex.get(i);
      // A verdict that is missing or names another event is not trusted: resend.
      if (!r || (r.event_id !== null && r.event_id !== entry.id)) retry.push(entry);
      else if (r.status === 'accepted') accepted.push(entry);
      else if (r.status === 'rejected') {
        rejected.push(entry);
        this.emit('rejected', {
          event_id: entry.id,
          code: r.code ?? 'rejected',
          ...(r.message !== undefined ? { message: r.message } : {}),
          status,
        });
      } else retry.push(entry);
    });
    this.counters.accepted += accepted.length;
    this.counters.rejected += rejected.length;
    this.settled([...accepted, ...rejected]);
    this.countCap = this.maxBatchEvents;
    this.emit('response', {
      status,
      events: batch.length,
      accepted: accepted.length,
      rejected: rejected.length,
      retry: retry.length,
    });
    if (retry.length === 0) {
      this.attempt = 0;
      return 0;
    }
    this.counters.retried += retry.length;
    this.requeueFront(retry);
    return this.backoff('retry_verdict', status, undefined);
  }

  private reject(batch: Entry[], status: number, code: string, message: string): void {
    this.counters.rejected += batch.length;
    this.settled(batch);
    for (const e of batch) this.emit('rejected', { event_id: e.id, code, message, status });
  }

  private backoff(reason: string, status: number | undefined, retryAfterMs: number | undefined): number {
    this.attempt++;
    const jitter = fullJitterDelay(this.attempt - 1, this.retry.baseMs, this.retry.maxMs, this.random);
    // Retry-After is a floor (capped at an hour so a bad header cannot stall the agent for days).
    const delayMs = Math.max(jitter, Math.min(retryAfterMs ?? 0, 3_600_000));
    this.emit('retrying', {
      attempt: this.attempt,
      delayMs,
      reason,
      ...(status !== undefined ? { status } : {}),
    });
    return delayMs;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wakeSleep = () => {
        this.wakeSleep = undefined;
        done();
      };
    });
  }
}
