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
import { type BufferOptions, DEFAULT_BUFFER } from './delivery.ts';

export interface LocalServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly buffer: BufferOptions;
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

export const SERVER_USAGE = `usage: npm start -- [options]
  --host HOST         listen address (env ACTIVITY_HOST, default ${DEFAULT_HOST})
  --port PORT         listen port, 0 for any free one (env ACTIVITY_PORT, default ${DEFAULT_PORT})
  --data DIR          data folder (env ACTIVITY_DATA_DIR, default ./local-data)
  --flush-bytes N     write Parquet once N bytes are buffered (env ACTIVITY_FLUSH_BYTES, default ${DEFAULT_BUFFER.maxBytes})
  --flush-ms MS       write Parquet once the oldest buffered row is MS old (env ACTIVITY_FLUSH_MS, default ${DEFAULT_BUFFER.maxAgeMs})
  --workers N         ingest worker threads, 0 = main thread (env ACTIVITY_WORKERS, default: one per core)
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
    },
  });
  return {
    host: values.host ?? env['ACTIVITY_HOST'] ?? DEFAULT_HOST,
    port: int(values.port ?? env['ACTIVITY_PORT'], 'port', 0, 65535, DEFAULT_PORT),
    dataDir: resolveDataDir(values.data, env),
    buffer: {
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
    },
    ingest: loadIngestConfig(env),
    workers: int(values.workers ?? env['ACTIVITY_WORKERS'], 'workers', 0, 64, DEFAULT_WORKERS),
    open: values.open ?? false,
    directory: values.directory ?? (env['ACTIVITY_DIRECTORY'] || undefined),
  };
}
