/**
 * The whole local pipeline in one process: HTTP edge → the Lambda's ingest core (with a
 * local key file instead of KMS) → write-ahead log → Parquet under `<data>/events/`.
 */
import type { DirectoryWithArtifact } from '../lib/directory/directory.ts';
import { fixedDirectory } from '../lib/directory/source.ts';
import { type FolderLock, lockFolder } from '../lib/fs/folder-lock.ts';
import { DEFAULT_INGEST_CONFIG } from '../lib/ingest/config.ts';
import { handleIngestRequest } from '../lib/ingest/handle-request.ts';
import type { IngestConfig, IngestRequest } from '../lib/ingest/ports.ts';
import { isJsonContentType } from '../lib/ingest/read-request.ts';
import { errorResponse } from '../lib/ingest/respond.ts';
import { callerFromAuthorization } from './agent-token.ts';
import { createCountingTelemetry, type IngestTotals } from './counting-telemetry.ts';
import { type BufferOptions, type DeliveryHealth, type DeliveryStats, LocalDelivery } from './delivery.ts';
import { createHttpEdge, type HttpLimits, listen } from './http-server.ts';
import { loadOrCreateKeyFile } from './key-file.ts';
import { type DataLayout, dataLayout } from './layout.ts';
import { createLocalWindowKeyProvider } from './local-window-key.ts';
import { type Log, silentLog } from './log.ts';
import { WorkerPool } from './worker-pool.ts';

export interface LocalServerOptions {
  readonly dataDir: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 8787 */
  readonly port?: number;
  readonly buffer?: Partial<BufferOptions>;
  /** Past this many bytes accepted but not yet in Parquet, requests get 503 + Retry-After. @default 8 × flush bytes */
  readonly maxBacklogBytes?: number;
  /** Connection limits and timeouts of the HTTP edge. @default DEFAULT_HTTP_LIMITS */
  readonly http?: Partial<HttpLimits>;
  /** @default DEFAULT_INGEST_CONFIG (the Lambda's defaults) */
  readonly ingest?: IngestConfig;
  readonly log?: Log;
  /** Ingest worker threads; 0 runs the core on the main thread. @default 0 */
  readonly workers?: number;
  /**
   * The receipt time of a request (received_at, dt and the pseudonym window come from it).
   * Only the demo changes it, to replay simulated days. @default () => new Date()
   */
  readonly clock?: () => Date;
  /**
   * Development only: take the employee from the request body instead of a bearer token, as
   * before authentication existed. Anyone who can reach the port can then post as anyone.
   * @default false
   */
  readonly open?: boolean;
  /**
   * The organisation's people directory: every person in it is scrubbed from kept text. With its
   * artifact, which worker threads decode. @default none
   */
  readonly directory?: DirectoryWithArtifact;
}

export interface LocalServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Writes every accepted row to Parquet now; resolves when the files are in place. */
  flush(): Promise<void>;
  /** Stops accepting, finishes in-flight requests, flushes to Parquet, releases everything. */
  close(): Promise<void>;
  totals(): IngestTotals;
  deliveryStats(): DeliveryStats;
  deliveryHealth(): DeliveryHealth;
}

/** How long a request past the backlog bound may wait for room before it is answered 503. */
const ADMIT_WAIT_MS = 2000;

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const layout = dataLayout(options.dataDir);
  const log = options.log ?? silentLog;
  const config = options.ingest ?? DEFAULT_INGEST_CONFIG;
  const clock = options.clock ?? (() => new Date());
  // Before anything in the folder is touched: a second server must not replay (and delete)
  // the first one's live write-ahead segments, nor race it to create the key.
  const lock = await lockFolder(layout.root, layout.lockName);
  try {
    return await startLocked(options, layout, lock, log, config, clock);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function startLocked(
  options: LocalServerOptions,
  layout: DataLayout,
  lock: FolderLock,
  log: Log,
  config: IngestConfig,
  clock: () => Date,
): Promise<LocalServer> {
  const secret = await loadOrCreateKeyFile(layout.keyFile);
  const keys = createLocalWindowKeyProvider(secret);
  const delivery = await LocalDelivery.open({
    layout,
    buffer: options.buffer ?? {},
    log,
    ...(options.maxBacklogBytes !== undefined ? { maxBacklogBytes: options.maxBacklogBytes } : {}),
  });
  const telemetry = createCountingTelemetry();
  const directory = fixedDirectory(options.directory);
  const pool =
    (options.workers ?? 0) > 0
      ? await WorkerPool.start({
          size: options.workers!,
          secret,
          config,
          directory: options.directory?.artifact,
          append: (records) => delivery.appendRecords(records),
          telemetry,
          log,
        })
      : null;
  const core = (req: IngestRequest) =>
    pool
      ? pool.handle({ ...req, receivedAt: clock() })
      : handleIngestRequest(
          { ...req, receivedAt: clock() },
          { keys, sink: delivery, config, telemetry, directory },
        );

  const edge = createHttpEdge({
    maxBodyBytes: config.maxBodyBytes,
    limits: options.http ?? {},
    // A request past the bound waits briefly for room (conversion frees it in about a pass),
    // so agents sending at full speed are paced rather than bounced.
    admit: () => delivery.admit(ADMIT_WAIT_MS),
    log,
    core,
    tooLarge: (requestId) =>
      errorResponse(
        413,
        'payload_too_large',
        `body: must be at most ${config.maxBodyBytes} bytes`,
        requestId,
      ),
    authenticate: options.open
      ? () => ({ kind: 'unauthenticated_open' })
      : (req) => callerFromAuthorization(secret, req.headers.authorization),
    acceptsBody: (contentType) => isJsonContentType(contentType).ok,
    health: () => healthReport(delivery, edge),
  });
  const { server } = edge;
  const address = await listen(server, options.port ?? 8787, options.host ?? '127.0.0.1').catch(
    async (err) => {
      // e.g. the port is taken: release the workers and the SQL engine before giving up.
      await pool?.close();
      await delivery.close();
      throw err;
    },
  );
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    dataDir: layout.root,
    flush: () => delivery.flush(),
    close: () => {
      closing ??= (async () => {
        await edge.stop();
        await pool?.close();
        await delivery.close();
        await lock.release();
      })();
      return closing;
    },
    totals: () => telemetry.totals,
    deliveryStats: () => delivery.stats(),
    deliveryHealth: () => delivery.health(),
  };
}

/** GET /healthz: counts, sizes, ages and error codes only. */
function healthReport(delivery: LocalDelivery, edge: { openConnections(): number; limits: HttpLimits }) {
  const s = delivery.stats();
  const h = delivery.health();
  return {
    status: h.conversionFailing ? 'degraded' : 'ok',
    accepted_rows: s.acceptedRows,
    parquet_files: s.parquetFiles,
    segments_converted: s.segments,
    error_rows: s.errorRows,
    backlog: {
      segments: h.backlog.segments,
      bytes: h.backlog.bytes,
      oldest_age_ms: h.backlog.oldestAgeMs,
      max_bytes: h.maxBacklogBytes,
    },
    overloaded: h.overloaded,
    last_conversion_error: h.lastConversionError,
    connections: { open: edge.openConnections(), max: edge.limits.maxConnections },
  };
}
