/**
 * A fault-injecting fake of `POST /v1/events` on an ephemeral 127.0.0.1 port, for the
 * client tests. It speaks the contract (200/207 verdicts, 400/413/415, 429/503 with
 * Retry-After), records every request and every event_id it accepted, and can verify SigV4
 * by re-signing the received request with the AWS SDK's signer, independently of the client.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { BatchResponse, EventVerdict } from '../../lib/api/contract.ts';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; code?: string }
  /** Never answer (the client must time out). */
  | { kind: 'hang' }
  /** Close the connection before answering. */
  | { kind: 'destroy' }
  /** Behave normally (to let some requests through before `always` applies). */
  | { kind: 'pass' };

export type Verdict = 'accepted' | 'rejected' | 'retry';

export interface ReceivedRequest {
  readonly at: number;
  readonly bytes: number;
  readonly eventIds: string[];
  readonly status: number | 'hang' | 'destroy';
  /** Set when SigV4 verification is on. */
  readonly signatureValid?: boolean;
  /** When the response was sent (ms). */
  answeredAt?: number;
}

export interface FakeApiOptions {
  /** Bodies over this many bytes get 413. @default 1 MiB */
  readonly maxBodyBytes?: number;
  /** Verify SigV4 with these credentials (region us-east-1, service execute-api). */
  readonly verifySigV4?: { accessKeyId: string; secretAccessKey: string; region: string };
}

export class FakeApi {
  readonly accepted = new Map<string, number>();
  readonly rejected = new Map<string, number>();
  readonly requests: ReceivedRequest[] = [];
  /** Faults consumed one per request, before the default behaviour. */
  readonly faults: Fault[] = [];
  /** Applied to every request with no pending fault (e.g. to keep the API down). */
  always: Fault | undefined;
  /** Per-event verdict; default accepts everything. */
  verdict: (event: Record<string, unknown>, seenBefore: number) => Verdict = () => 'accepted';
  private readonly seen = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  url = '';

  constructor(private readonly options: FakeApiOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Accepted at least once. */
  acceptedIds(): Set<string> {
    return new Set(this.accepted.keys());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const next = this.faults.shift() ?? this.always;
    const fault = next?.kind === 'pass' ? undefined : next;
    if (fault?.kind === 'destroy') {
      this.requests.push({ at: Date.now(), bytes: 0, eventIds: [], status: 'destroy' });
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const body = raw.toString('utf8');
    let parsed: { events?: Record<string, unknown>[] } | undefined;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    const eventIds = (parsed?.events ?? []).map((e) => String(e.event_id));
    const rec: ReceivedRequest = {
      at: Date.now(),
      bytes: raw.length,
      eventIds,
      status: 200,
      ...(this.options.verifySigV4 ? { signatureValid: await this.verify(req, body) } : {}),
    };
    this.requests.push(rec);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      (rec as { status: number }).status = status;
      rec.answeredAt = Date.now();
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (fault?.kind === 'hang') {
      (rec as { status: string }).status = 'hang';
      return; // the socket is destroyed by stop() or by the client's timeout
    }
    if (fault?.kind === 'status') {
      send(
        fault.status,
        { error: { code: fault.code ?? 'unavailable', message: 'injected' } },
        fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {},
      );
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/events')
      return send(404, { error: { code: 'not_found', message: 'route' } });
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      return send(415, { error: { code: 'unsupported_media_type', message: 'content-type' } });
    }
    if (raw.length > (this.options.maxBodyBytes ?? 1024 * 1024)) {
      return send(413, { error: { code: 'payload_too_large', message: 'body' } });
    }
    if (!parsed || !Array.isArray(parsed.events)) {
      return send(400, { error: { code: 'invalid_envelope', message: 'events', field: '/events' } });
    }
    const results: EventVerdict[] = parsed.events.map((e, index) => {
      const id = String(e.event_id);
      const before = this.seen.get(id) ?? 0;
      this.seen.set(id, before + 1);
      const status = this.verdict(e, before);
      if (status === 'accepted') this.accepted.set(id, (this.accepted.get(id) ?? 0) + 1);
      if (status === 'rejected') this.rejected.set(id, (this.rejected.get(id) ?? 0) + 1);
      return status === 'accepted'
        ? { index, event_id: id, status }
        : {
            index,
            event_id: id,
            status,
            code: status === 'rejected' ? 'policy_violation' : 'delivery_failed',
            message: 'injected',
          };
    });
    const count = (s: Verdict) => results.filter((r) => r.status === s).length;
    const response: BatchResponse = {
      request_id: `req-${this.requests.length}`,
      accepted: count('accepted'),
      rejected: count('rejected'),
      retry: count('retry'),
      results,
    };
    send(response.accepted === results.length ? 200 : 207, response);
  }

  /** Re-signs the request as received with the SDK's SignatureV4 and compares the Authorization header. */
  private async verify(req: IncomingMessage, body: string): Promise<boolean> {
    const creds = this.options.verifySigV4!;
    const auth = String(req.headers.authorization ?? '');
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!m || signedHeaders.length === 0) return false;
    const headers: Record<string, string> = {};
    for (const h of signedHeaders) {
      if (h === 'x-amz-date') continue;
      const v = req.headers[h];
      if (v === undefined) return false;
      headers[h] = Array.isArray(v) ? v.join(',') : v;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const signer = new SignatureV4({
      service: 'execute-api',
      region: creds.region,
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: req.method ?? 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        headers,
        body,
      }),
      { signingDate: new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) },
    );
    return signed.headers.authorization === auth;
  }
}
