/**
 * `npm start`: the local ingest server (the embedded default). One structured line on
 * start, one on stop; never event content. SIGINT/SIGTERM flush everything to Parquet.
 */

import { EVENTS_ROUTE } from '../lib/api/contract.ts';
import { DirectoryFormatError, loadDirectoryFile, PeopleFileError } from '../lib/directory/index.ts';
import { type LocalServer, startLocalServer } from '../local/local-server.ts';
import { createLog } from '../local/log.ts';
import { parseServerArgs, SERVER_USAGE } from '../local/server-config.ts';
import { describeStartError } from '../local/start-error.ts';

const log = createLog('activity-ingest-local');

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${SERVER_USAGE}\n`);
    return;
  }
  let config: ReturnType<typeof parseServerArgs>;
  try {
    config = parseServerArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${SERVER_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // Handlers first: a signal that arrives while starting (replay can take a while) stops the
  // server as soon as it is up, flushing like any other stop.
  let server: LocalServer | undefined;
  let stopSignal: string | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    stopSignal ??= signal;
    if (!server || stopping) return;
    stopping = true;
    log.info('stopping: flushing to Parquet', { signal });
    const running = server;
    running.close().then(
      () => {
        const s = running.deliveryStats();
        const left = running.deliveryHealth().backlog;
        log.info('stopped', {
          accepted_rows: s.acceptedRows,
          parquet_files: s.parquetFiles,
          parquet_bytes: s.parquetBytes,
          ndjson_bytes: s.ndjsonBytes,
          error_rows: s.errorRows,
          // Not converted (e.g. the disk is full): kept in wal/, converted on the next start.
          wal_segments_left: left.segments,
        });
        process.exit(0);
      },
      (err: unknown) => {
        log.error('stop failed', { error: (err as Error)?.name ?? 'Error' });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  // The people directory: a file that cannot be used stops the start (its problems name lines, never values).
  let directory: Awaited<ReturnType<typeof loadDirectoryFile>> | undefined;
  if (config.directory !== undefined) {
    try {
      directory = await loadDirectoryFile(config.directory);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException)?.code;
      if (!(err instanceof PeopleFileError || err instanceof DirectoryFormatError || code)) throw err;
      process.stderr.write(
        `--directory: ${code ? `cannot read the file (${code})` : (err as Error).message}\n`,
      );
      process.exitCode = 2;
      return;
    }
  }
  try {
    server = await startLocalServer({ ...config, directory, log });
  } catch (err) {
    const failure = describeStartError(err, config);
    log.error('failed to start', { error: failure.message, ...failure.fields });
    process.exit(failure.exitCode);
  }
  if (config.open) {
    log.warn(
      'UNAUTHENTICATED: --open takes the employee from the request body; anyone who can reach this port can post as any employee. Development only.',
      { url: server.url },
    );
  }
  const stats = server.deliveryStats();
  log.info('listening', {
    url: server.url,
    route: `POST ${EVENTS_ROUTE}`,
    data_dir: server.dataDir,
    flush_bytes: config.buffer.maxBytes,
    flush_ms: config.buffer.maxAgeMs,
    max_backlog_bytes: config.maxBacklogBytes,
    max_connections: config.http.maxConnections,
    pseudonym_window: config.ingest.pseudonymWindow,
    workers: config.workers,
    key: 'local key file (local only, not for production)',
    auth: config.open ? 'none (--open)' : 'bearer tokens: npm run agent -- token --employee-id ID',
    directory_people: directory?.people ?? 0,
    replayed_segments: stats.replayedSegments,
    pid: process.pid,
  });
  if (stopSignal) stop(stopSignal);
}

main().catch((err: unknown) => {
  log.error('failed', { error: String((err as NodeJS.ErrnoException)?.code ?? (err as Error)?.name) });
  process.exit(1);
});
