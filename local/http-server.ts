/**
 * The local HTTP edge: the same route as API Gateway (`POST /v1/events`) plus `GET /healthz`.
 * It only moves bytes: the body (capped while streaming) goes to the ingest core, whose
 * response is sent back as is. Nothing here reads or logs event content.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ErrorResponse, EVENTS_ROUTE, type HttpResponse, STATUS } from '../lib/api/contract.ts';
import type { Caller } from '../lib/ingest/caller.ts';
import type { IngestRequest } from '../lib/ingest/ports.ts';
import type { Log } from './log.ts';
import { readBody } from './read-body.ts';

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
  /** Extra facts for GET /healthz (counts only). */
  readonly health: () => Record<string, number | string | boolean>;
  readonly log: Log;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
/** The core answers every outcome itself; this is only for a bug that escapes it. */
const INTERNAL_ERROR = 500;

function send(res: ServerResponse, response: HttpResponse): void {
  res.writeHead(response.statusCode, {
    ...response.headers,
    'content-length': Buffer.byteLength(response.body),
  });
  res.end(response.body);
}

function error(status: number, body: ErrorResponse, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function createHttpEdge(options: HttpEdgeOptions): Server {
  const { core, maxBodyBytes, log } = options;

  const ingest = async (req: IncomingMessage, requestId: string): Promise<HttpResponse> => {
    const contentType = req.headers['content-type'];
    const receivedAt = new Date();
    const caller = options.authenticate(req);
    const refused = caller.kind === 'unauthenticated' || caller.kind === 'forbidden';
    if (refused || !options.acceptsBody(contentType)) {
      // The core answers 401/403/415 without looking at the body; don't read one we would throw away.
      req.resume();
      return core({ contentType, body: '', requestId, receivedAt, caller });
    }
    const read = await readBody(req, maxBodyBytes);
    // The rest of an oversized body is read and dropped (up to a bound, then the connection
    // is cut), so the client gets to read the 413 instead of a reset.
    if (read.kind === 'too_large') return options.tooLarge(requestId);
    return core({ contentType, body: read.body, requestId, receivedAt, caller });
  };

  const route = async (req: IncomingMessage, requestId: string): Promise<HttpResponse> => {
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

  return createServer((req, res) => {
    const requestId = randomUUID();
    route(req, requestId).then(
      (response) => send(res, { ...response, headers: { ...response.headers, 'x-request-id': requestId } }),
      (err: unknown) => {
        log.error('request failed', { request_id: requestId, error: (err as Error)?.name ?? 'Error' });
        send(
          res,
          error(INTERNAL_ERROR, {
            error: { code: 'internal_error', message: 'internal error' },
            request_id: requestId,
          }),
        );
      },
    );
  });
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
export function stopServer(server: Server, graceMs = 10_000): Promise<void> {
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
