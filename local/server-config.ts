/**
 * Settings of `npm start`, from flags first, then environment, then defaults. The ingest
 * core's own settings (MAX_EVENTS, PSEUDONYM_WINDOW, …) come from the environment through
 * the same loader the Lambda uses.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, type EnvLike, loadIngestConfig } from '../lib/ingest/config.ts';
import type { IngestConfig } from '../lib/ingest/ports.ts';
import { resolveDataDir } from './data-dir.ts';
import { type BufferOptions, DEFAULT_BUFFER, defaultMaxBacklogBytes } from './delivery.ts';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http-server.ts';
import { openFilesLimit } from './open-files-limit.ts';

export interface LocalServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly buffer: BufferOptions;
  /** Past this many bytes accepted but not yet in Parquet, requests get 503 + Retry-After. */
  readonly maxBacklogBytes: number;
  readonly http: HttpLimits;
  readonly ingest: IngestConfig;
  readonly workers: number;
  /** Development only: no bearer tokens, the employee comes from the body. */
  readonly open: boolean;
  /** A people CSV or a built directory artifact whose people are scrubbed from all kept text. */
  readonly directory: string | undefined;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;
/** One ingest worker per core: the handler core is CPU-bound. */
export const DEFAULT_WORKERS = Math.min(availableParallelism(), 8);
/** File descriptors kept for everything but client connections (segments, DuckDB, workers, Parquet). */
const RESERVED_FDS = 256;
/** 1024 connections, fewer if the process may not open that many files (see `ulimit -n`). */
export const DEFAULT_MAX_CONNECTIONS = Math.max(
  16,
  Math.min(DEFAULT_HTTP_LIMITS.maxConnections, (openFilesLimit() ?? Number.POSITIVE_INFINITY) - RESERVED_FDS),
);

export const SERVER_USAGE = `usage: npm start -- [options]
  --host HOST         listen address (env ACTIVITY_HOST, default ${DEFAULT_HOST})
  --port PORT         listen port, 0 for any free one (env ACTIVITY_PORT, default ${DEFAULT_PORT})
  --data DIR          data folder (env ACTIVITY_DATA_DIR, default ./local-data)
  --flush-bytes N     write Parquet once N bytes are buffered (env ACTIVITY_FLUSH_BYTES, default ${DEFAULT_BUFFER.maxBytes})
  --flush-ms MS       write Parquet once the oldest buffered row is MS old (env ACTIVITY_FLUSH_MS, default ${DEFAULT_BUFFER.maxAgeMs})
  --workers N         ingest worker threads, 0 = main thread (env ACTIVITY_WORKERS, default: one per core)
  --max-backlog-bytes N   answer 503 + Retry-After while more than N accepted bytes wait for Parquet
                      (env ACTIVITY_MAX_BACKLOG_BYTES, default 8 × --flush-bytes)
  --max-connections N     serve at most N connections; more get 503 + Retry-After (env ACTIVITY_MAX_CONNECTIONS,
                      default ${DEFAULT_MAX_CONNECTIONS}, bounded by the open-files limit)
  --headers-timeout-ms MS  request headers must arrive within MS (env ACTIVITY_HEADERS_TIMEOUT_MS, default ${DEFAULT_HTTP_LIMITS.headersTimeoutMs})
  --body-timeout-ms MS     a body must arrive whole within MS of its headers (env ACTIVITY_BODY_TIMEOUT_MS, default ${DEFAULT_HTTP_LIMITS.bodyTimeoutMs})
  --request-timeout-ms MS  a whole request must arrive within MS (env ACTIVITY_REQUEST_TIMEOUT_MS, default ${DEFAULT_HTTP_LIMITS.requestTimeoutMs})
  --open              DEVELOPMENT ONLY: accept requests without a bearer token and take the
                      employee from the body (anyone who reaches the port can post as anyone)
Agents authenticate with a bearer token per employee: npm run agent -- token --employee-id ID [--data DIR]
  --directory FILE    people directory: a people CSV or \`npm run directory -- build\` output (env ACTIVITY_DIRECTORY)
Ingest settings as in the Lambda: MAX_EVENTS, MAX_BODY_BYTES, MAX_CONTENT_BYTES, PSEUDONYM_WINDOW, INTERNAL_DOMAINS.`;

function int(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = /^\d{1,12}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}: must be an integer between ${min} and ${max}`);
  }
  return n;
}

export function parseServerArgs(argv: readonly string[], env: EnvLike = process.env): LocalServerConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'flush-bytes': { type: 'string' },
      'flush-ms': { type: 'string' },
      workers: { type: 'string' },
      open: { type: 'boolean' },
      directory: { type: 'string' },
      'max-backlog-bytes': { type: 'string' },
      'max-connections': { type: 'string' },
      'headers-timeout-ms': { type: 'string' },
      'body-timeout-ms': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
    },
  });
  const flag = (name: keyof typeof values, envName: string) => {
    const v = values[name];
    return typeof v === 'string' ? v : env[envName];
  };
  const buffer: BufferOptions = {
    maxBytes: int(
      values['flush-bytes'] ?? env['ACTIVITY_FLUSH_BYTES'],
      'flush-bytes',
      4096,
      512 * 1024 * 1024,
      DEFAULT_BUFFER.maxBytes,
    ),
    maxAgeMs: int(
      values['flush-ms'] ?? env['ACTIVITY_FLUSH_MS'],
      'flush-ms',
      100,
      900_000,
      DEFAULT_BUFFER.maxAgeMs,
    ),
  };
  const ms = (
    name: 'headers-timeout-ms' | 'body-timeout-ms' | 'request-timeout-ms',
    envName: string,
    fallback: number,
  ) => int(flag(name, envName), name, 100, 3_600_000, fallback);
  const http: HttpLimits = {
    ...DEFAULT_HTTP_LIMITS,
    maxConnections: int(
      flag('max-connections', 'ACTIVITY_MAX_CONNECTIONS'),
      'max-connections',
      1,
      1_000_000,
      DEFAULT_MAX_CONNECTIONS,
    ),
    headersTimeoutMs: ms(
      'headers-timeout-ms',
      'ACTIVITY_HEADERS_TIMEOUT_MS',
      DEFAULT_HTTP_LIMITS.headersTimeoutMs,
    ),
    bodyTimeoutMs: ms('body-timeout-ms', 'ACTIVITY_BODY_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.bodyTimeoutMs),
    requestTimeoutMs: ms(
      'request-timeout-ms',
      'ACTIVITY_REQUEST_TIMEOUT_MS',
      DEFAULT_HTTP_LIMITS.requestTimeoutMs,
    ),
  };
  if (http.requestTimeoutMs < http.headersTimeoutMs) {
    throw new ConfigError(
      'request-timeout-ms: must be at least headers-timeout-ms (the headers are part of the request)',
    );
  }
  return {
    host: values.host ?? env['ACTIVITY_HOST'] ?? DEFAULT_HOST,
    port: int(values.port ?? env['ACTIVITY_PORT'], 'port', 0, 65535, DEFAULT_PORT),
    dataDir: resolveDataDir(values.data, env),
    buffer,
    maxBacklogBytes: int(
      flag('max-backlog-bytes', 'ACTIVITY_MAX_BACKLOG_BYTES'),
      'max-backlog-bytes',
      buffer.maxBytes,
      64 * 1024 * 1024 * 1024,
      defaultMaxBacklogBytes(buffer.maxBytes),
    ),
    http,
    ingest: loadIngestConfig(env),
    workers: int(values.workers ?? env['ACTIVITY_WORKERS'], 'workers', 0, 64, DEFAULT_WORKERS),
    open: values.open ?? false,
    directory: values.directory ?? (env['ACTIVITY_DIRECTORY'] || undefined),
  };
}
