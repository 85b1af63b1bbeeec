/**
 * The local HTTP edge: the same route as API Gateway (`POST /v1/events`) plus `GET /healthz`.
 * It only moves bytes: the body (capped while streaming) goes to the ingest core, whose
 * response is sent back as is. Nothing here reads or logs event content.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ErrorResponse, EVENTS_ROUTE, type HttpResponse, STATUS } from '../lib/api/contract.ts';
import type { Caller } from '../lib/ingest/caller.ts';
import type { IngestRequest } from '../lib/ingest/ports.ts';
import { errorResponse } from '../lib/ingest/respond.ts';
import type { Log } from './log.ts';
import { readBody } from './read-body.ts';

/** What one client may hold, and for how long: a slow or hostile client must not starve the rest. */
export interface HttpLimits {
  /** Connections served at once; the next ones are answered 503 + Retry-After and closed. */
  readonly maxConnections: number;
  /** The request line and headers must arrive within this long (then 408, by Node). */
  readonly headersTimeoutMs: number;
  /** A whole request must arrive within this long (then 408, by Node). */
  readonly requestTimeoutMs: number;
  /** A body must arrive whole within this long of its headers, however it trickles (then 408). */
  readonly bodyTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxConnections: 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  bodyTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
};

/** Seconds a client is asked to wait when the server is saturated or catching up. */
export const BUSY_RETRY_AFTER_SECONDS = 1;
/** How long a connection over the limit may take to send its request before it is cut. */
const OVER_LIMIT_GRACE_MS = 2_000;

export type IngestCore = (req: IngestRequest) => Promise<HttpResponse>;

export interface HttpEdgeOptions {
  readonly core: IngestCore;
  readonly maxBodyBytes: number;
  /** The 413 answer, in the core's error format. */
  readonly tooLarge: (requestId: string) => HttpResponse;
  /** Who is calling, from the request's credentials (never its body). */
  readonly authenticate: (req: IncomingMessage) => Caller;
  /** Whether the core would read a body of this media type; if not, the body is not read at all. */
  readonly acceptsBody: (contentType: string | undefined) => boolean;
  /** Extra facts for GET /healthz (counts and codes only). */
  readonly health: () => Record<string, unknown>;
  /**
   * Backpressure: resolves true once there is room for more events, false if there is none
   * in time — then the request is answered 503 + Retry-After before its body is read.
   */
  readonly admit?: () => Promise<boolean>;
  readonly limits?: Partial<HttpLimits>;
  readonly log: Log;
}

export interface HttpEdge {
  readonly server: Server;
  readonly limits: HttpLimits;
  /** Connections open now. */
  openConnections(): number;
  /**
   * Stops accepting; idle keep-alive connections are closed at once, in-flight requests finish
   * and are answered with `Connection: close`; whatever is left after `graceMs` is cut.
   */
  stop(graceMs?: number): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
/** The core answers every outcome itself; this is only for a bug that escapes it. */
const INTERNAL_ERROR = 500;

function send(res: ServerResponse, response: HttpResponse, close: boolean): void {
  res.writeHead(response.statusCode, {
    ...response.headers,
    'content-length': Buffer.byteLength(response.body),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(response.body);
}

function busy(requestId: string, message: string): HttpResponse {
  const response = errorResponse(STATUS.unavailable, 'unavailable', message, requestId);
  return { ...response, headers: { ...response.headers, 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) } };
}

function error(status: number, body: ErrorResponse, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** Answers that also end the connection: the client is not reading, or is not wanted now. */
const CLOSING = Symbol('closing');
type Answer = HttpResponse & { [CLOSING]?: true };

export function createHttpEdge(options: HttpEdgeOptions): HttpEdge {
  const { core, maxBodyBytes, log } = options;
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  let draining = false;
  let open = 0;
  const overLimit = new WeakSet<Socket>();

  const ingest = async (req: IncomingMessage, requestId: string): Promise<Answer> => {
    if (options.admit && !(await options.admit())) {
      // Refused before any work: the body is read and dropped, the connection stays usable.
      req.resume();
      return busy(requestId, 'the server is catching up on writing Parquet; send again later');
    }
    const contentType = req.headers['content-type'];
    const receivedAt = new Date();
    const caller = options.authenticate(req);
    const refused = caller.kind === 'unauthenticated' || caller.kind === 'forbidden';
    if (refused || !options.acceptsBody(contentType)) {
      // The core answers 401/403/415 without looking at the body; don't read one we would throw away.
      req.resume();
      return core({ contentType, body: '', requestId, receivedAt, caller });
    }
    const read = await readBody(req, maxBodyBytes, limits.bodyTimeoutMs);
    // The rest of an oversized body is read and dropped (up to a bound, then the connection
    // is cut), so the client gets to read the 413 instead of a reset.
    if (read.kind === 'too_large') return options.tooLarge(requestId);
    if (read.kind === 'timeout') {
      return {
        ...errorResponse(
          STATUS.requestTimeout,
          'request_timeout',
          `body: must arrive within ${limits.bodyTimeoutMs} ms`,
          requestId,
        ),
        [CLOSING]: true,
      };
    }
    return core({ contentType, body: read.body, requestId, receivedAt, caller });
  };

  const route = async (req: IncomingMessage, requestId: string): Promise<Answer> => {
    if (overLimit.has(req.socket)) {
      req.resume();
      return { ...busy(requestId, 'too many connections; send again later'), [CLOSING]: true };
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === EVENTS_ROUTE && req.method === 'POST') return ingest(req, requestId);
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      return {
        statusCode: 200,
        headers: JSON_HEADERS,
        body: JSON.stringify({ status: 'ok', ...options.health() }),
      };
    }
    req.resume();
    // The path is the caller's text: name the routes that exist, never echo it.
    return error(STATUS.notFound, {
      error: {
        code: 'not_found',
        message: `no such route; the API is POST ${EVENTS_ROUTE} (and GET /healthz)`,
      },
      request_id: requestId,
    });
  };

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (its default, 30 s, would let them overrun).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => {
      const requestId = randomUUID();
      route(req, requestId).then(
        (response) =>
          send(
            res,
            { ...response, headers: { ...response.headers, 'x-request-id': requestId } },
            draining || response[CLOSING] === true,
          ),
        (err: unknown) => {
          log.error('request failed', { request_id: requestId, error: (err as Error)?.name ?? 'Error' });
          send(
            res,
            error(INTERNAL_ERROR, {
              error: { code: 'internal_error', message: 'internal error' },
              request_id: requestId,
            }),
            draining,
          );
        },
      );
    },
  );
  // Past the limit a connection is still answered (503 + Retry-After) rather than reset, if it
  // sends its request promptly; past a margin beyond it, Node drops new connections outright,
  // so a flood cannot run the process out of file descriptors.
  server.maxConnections = limits.maxConnections + Math.max(64, Math.ceil(limits.maxConnections / 4));
  server.on('connection', (socket: Socket) => {
    open += 1;
    socket.once('close', () => {
      open -= 1;
    });
    if (open > limits.maxConnections) {
      overLimit.add(socket);
      const cut = setTimeout(() => socket.destroy(), OVER_LIMIT_GRACE_MS);
      cut.unref();
      socket.once('close', () => clearTimeout(cut));
    }
  });

  return {
    server,
    limits,
    openConnections: () => open,
    stop: (graceMs = 10_000) => {
      draining = true;
      return stopServer(server, graceMs);
    },
  };
}

/** Listens and resolves with the bound address (port 0 picks a free port). */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Stops accepting, lets in-flight requests finish (up to `graceMs`), then drops what is left. */
function stopServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
