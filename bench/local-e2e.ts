/**
 * Local mode end to end: events/s from the first HTTP request until every accepted row is
 * in a Parquet file on disk (the server process is stopped gracefully, which flushes), with
 * demo traffic from several concurrent clients sending as fast as they are answered; and
 * Parquet bytes as a share of the NDJSON bytes of the same rows. The server runs as its own
 * process, as `npm start` does, so the load generator does not share its event loop.
 *
 * Sustained rate and backlog: the clients send for `--seconds` (the day's batches over and
 * over), and the write-ahead folder is measured on disk every 100 ms for the peak backlog
 * (bytes accepted but not yet in Parquet); clients honour 503 + Retry-After (backpressure)
 * and send the batch again, as agents do.
 *
 *   npx tsx bench/local-e2e.ts [--employees 16] [--days 5] [--clients 8] [--seconds 20]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { collectTraffic, toEnvelope } from '../lib/synthetic/index.ts';
import { localTokenMinter } from '../local/agent-credentials.ts';
import { startServerProcess } from '../local/server-process.ts';
import { storageStats } from '../local/storage-stats.ts';
import { walBacklog } from '../local/summary.ts';

export interface LocalE2eResult {
  readonly events: number;
  readonly accepted: number;
  readonly requests: number;
  readonly clients: number;
  readonly ingestSeconds: number;
  readonly endToEndSeconds: number;
  readonly eventsPerSecond: number;
  /** Accepted events per second while the clients were sending (before the final flush). */
  readonly sustainedEventsPerSecond: number;
  /** Seconds of sending before the measurement started (not counted). */
  readonly warmUpSeconds: number;
  /** Median and 99th percentile of one HTTP exchange while measured. */
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** Largest resident set of the server process while measured. */
  readonly peakRssBytes: number;
  /** Largest backlog seen on /healthz while sending: bytes and segments not yet in Parquet. */
  readonly peakBacklogBytes: number;
  readonly peakBacklogSegments: number;
  readonly maxBacklogBytes: number;
  /** Requests answered 503 (backpressure) and sent again after Retry-After. */
  readonly refusedRequests: number;
  /** From SIGTERM until the server had flushed and exited. */
  readonly finalFlushSeconds: number;
  readonly parquetBytes: number;
  readonly ndjsonBytes: number;
  readonly parquetShare: number;
  readonly parquetFiles: number;
  /** CPU time the server process had used when the last response came (Linux only): a load-independent cost. */
  readonly serverCpuSeconds: number | null;
  /** The 1-minute load average when the run ended: other work on the machine skews events/s. */
  readonly loadAverage: number;
}

export async function run(
  options: {
    employees?: number;
    days?: number;
    clients?: number;
    seconds?: number;
    warmUpSeconds?: number;
  } = {},
): Promise<LocalE2eResult> {
  const employees = options.employees ?? 16;
  const days = options.days ?? 5;
  const clients = options.clients ?? 8;
  const seconds = options.seconds ?? 20;
  // Not measured: the JIT, DuckDB's first conversions and the worker pool settle first.
  const warmUpSeconds = options.warmUpSeconds ?? 3;
  // Generated and encoded up front: the agents' cost is not the pipeline's.
  const traffic = collectTraffic({ seed: 'bench-local-e2e', employees, days });
  const bodies = traffic.batches.map((b) => ({
    body: JSON.stringify(toEnvelope(b)),
    events: b.events.length,
    employeeId: b.employee.employeeId,
  }));

  const dataDir = await mkdtemp(join(tmpdir(), 'activity-bench-'));
  const server = await startServerProcess(['--port', '0', '--data', dataDir]);
  try {
    let measuringStarted: Promise<void> | undefined;
    const mint = await localTokenMinter(dataDir);
    const tokens = new Map(bodies.map((b) => [b.employeeId, mint(b.employeeId)]));
    let next = 0;
    let sent = 0;
    let requests = 0;
    let accepted = 0;
    let refused = 0;
    let sending = true;
    let peakBytes = 0;
    let peakSegments = 0;
    let peakRssBytes = 0;
    let measuring = false;
    const latenciesMs: number[] = [];
    const sampler = (async () => {
      while (sending) {
        if (measuring) {
          const wal = await walBacklog(join(dataDir, 'wal'));
          peakBytes = Math.max(peakBytes, wal.bytes);
          peakSegments = Math.max(peakSegments, wal.segments);
          peakRssBytes = Math.max(peakRssBytes, (await rssBytes(server.child.pid)) ?? 0);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const warmUpEnds = performance.now() + warmUpSeconds * 1000;
    let started = warmUpEnds;
    let deadline = warmUpEnds + seconds * 1000;
    let cpuAtMeasureStart: number | null = null;
    const startMeasuring = async () => {
      measuring = true;
      started = performance.now();
      deadline = started + seconds * 1000;
      cpuAtMeasureStart = await processCpuSeconds(server.child.pid);
    };
    const client = async () => {
      while (performance.now() < deadline) {
        if (!measuring && performance.now() >= warmUpEnds) {
          measuringStarted ??= startMeasuring();
          await measuringStarted;
        }
        const counted = measuring;
        const { body, employeeId, events: n } = bodies[next++ % bodies.length]!;
        if (counted) {
          sent += n;
          requests += 1;
        }
        for (;;) {
          const t0 = performance.now();
          const res = await fetch(`${server.url}/v1/events`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens.get(employeeId)}`,
            },
            body,
          });
          const json = (await res.json()) as { accepted?: number };
          if (counted) latenciesMs.push(performance.now() - t0);
          if (res.status !== 503) {
            if (counted) accepted += json.accepted ?? 0;
            break;
          }
          if (counted) refused += 1;
          await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    const ingested = performance.now();
    sending = false;
    await sampler;
    const cpuSeconds = await processCpuSeconds(server.child.pid);
    const stopAt = performance.now();
    server.child.kill('SIGTERM'); // graceful stop: flushes every accepted row to Parquet
    await server.exited;
    const finished = performance.now();

    const stopped = server.logLines().find((l) => l['msg'] === 'stopped') ?? {};
    const storage = await storageStats(dataDir);
    const ndjsonBytes = Number(stopped['ndjson_bytes'] ?? 0);
    const endToEndSeconds = (finished - started) / 1000;
    const health = server.logLines().find((l) => l['msg'] === 'listening') ?? {};
    const result: LocalE2eResult = {
      events: sent,
      accepted,
      requests,
      clients,
      ingestSeconds: (ingested - started) / 1000,
      endToEndSeconds,
      eventsPerSecond: accepted / endToEndSeconds,
      sustainedEventsPerSecond: accepted / ((ingested - started) / 1000),
      peakBacklogBytes: peakBytes,
      peakBacklogSegments: peakSegments,
      maxBacklogBytes: Number(health['max_backlog_bytes'] ?? Number.NaN),
      refusedRequests: refused,
      finalFlushSeconds: (finished - stopAt) / 1000,
      parquetBytes: storage.parquetBytes,
      ndjsonBytes,
      parquetShare: ndjsonBytes ? storage.parquetBytes / ndjsonBytes : Number.NaN,
      parquetFiles: storage.parquetFiles,
      serverCpuSeconds:
        cpuSeconds !== null && cpuAtMeasureStart !== null ? cpuSeconds - cpuAtMeasureStart : null,
      warmUpSeconds,
      latencyP50Ms: percentile(latenciesMs, 0.5),
      latencyP99Ms: percentile(latenciesMs, 0.99),
      peakRssBytes,
      loadAverage: loadavg()[0]!,
    };
    print(result);
    return result;
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** Resident set size of a process from /proc (VmRSS), or null where there is no /proc. */
async function rssBytes(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}

/** utime + stime of a process from /proc (all its threads), or null where there is no /proc. */
async function processCpuSeconds(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5); after the command name they are at index 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

function print(r: LocalE2eResult): void {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    [
      `local end to end (HTTP request → Parquet on disk), ${r.clients} concurrent clients at full speed, demo traffic`,
      `  events sent ${n(r.events)} in ${n(r.requests)} requests, accepted ${n(r.accepted)}`,
      `  after ${r.warmUpSeconds} s of warm-up, measured ${r.ingestSeconds.toFixed(2)} s: sustained ${n(r.sustainedEventsPerSecond)} events/s`,
      `  request latency (each HTTP exchange, 503s included) p50 ${r.latencyP50Ms.toFixed(1)} ms, p99 ${r.latencyP99Ms.toFixed(1)} ms; server peak RSS ${(r.peakRssBytes / 1048576).toFixed(0)} MiB`,
      `  peak write-ahead backlog on disk ${n(r.peakBacklogBytes)} B in ${r.peakBacklogSegments} segments (bound ${n(r.maxBacklogBytes)} B); ${n(r.refusedRequests)} requests answered 503 and sent again`,
      `  final flush ${r.finalFlushSeconds.toFixed(2)} s; end to end ${r.endToEndSeconds.toFixed(2)} s = ${n(r.eventsPerSecond)} events/s  (target ≥ 5,000)`,
      ...(r.serverCpuSeconds !== null
        ? [
            `  server CPU ${r.serverCpuSeconds.toFixed(2)} s for ${n(r.accepted)} events = ${n(r.accepted / r.serverCpuSeconds)} events per CPU-second (before the final flush)`,
          ]
        : []),
      `  machine load average (1 min) at the end: ${r.loadAverage.toFixed(2)} on ${availableParallelism()} cores`,
      `  Parquet ${n(r.parquetBytes)} B in ${r.parquetFiles} files vs NDJSON ${n(r.ndjsonBytes)} B = ${(100 * r.parquetShare).toFixed(1)}%  (target ≤ 20%)`,
    ].join('\n'),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      employees: { type: 'string' },
      days: { type: 'string' },
      clients: { type: 'string' },
      seconds: { type: 'string' },
    },
  });
  await run({
    ...(values.employees ? { employees: Number(values.employees) } : {}),
    ...(values.days ? { days: Number(values.days) } : {}),
    ...(values.clients ? { clients: Number(values.clients) } : {}),
    ...(values.seconds ? { seconds: Number(values.seconds) } : {}),
  });
}
