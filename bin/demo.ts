/**
 * `npm run demo`: the whole local pipeline on this machine, end to end. Starts the server,
 * replays simulated employees' days through the real HTTP endpoint, flushes to Parquet,
 * releases the raw rows into the trainers' table, runs the trainers' named queries on it, and
 * proves that no planted secret or identifier was stored anywhere and that no raw pseudonym
 * reached the released zone. Exits non-zero on any leak.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli/run-cli.ts';
import { UsageError } from '../lib/cli/usage-error.ts';
import { DEFAULT_RELEASE_SETTINGS } from '../lib/release/settings.ts';
import { localTokenMinter } from '../local/agent-credentials.ts';
import { compactRaw } from '../local/compact.ts';
import { makeDemoDirectory } from '../local/demo/people.ts';
import { leakSearch, planDemo } from '../local/demo/plan.ts';
import { bold, bytes, dim, green, num, out, pct, preview, red, step } from '../local/demo/report.ts';
import { createDemoAgents } from '../local/demo/send.ts';
import { dataLayout } from '../local/layout.ts';
import { describeLeaks, leakCheck } from '../local/leak-check.ts';
import { startLocalServer } from '../local/local-server.ts';
import { listNamedQueries } from '../local/named-queries.ts';
import { QueryEngine } from '../local/query-engine.ts';
import { rawDays, releaseDays } from '../local/release.ts';
import { describeReleasedDay } from '../local/release-summary.ts';
import { DEFAULT_WORKERS } from '../local/server-config.ts';
import { storageStats } from '../local/storage-stats.ts';

const STEPS = 7;

const USAGE = `usage: npm run demo [-- options]
  The whole pipeline on this machine: a local server, simulated agents sending their days through
  POST /v1/events, Parquet, the release, the trainers' named queries, and a leak check of every
  stored byte. Exits 1 if anything planted or identifying is found in stored data.
  --employees N   simulated employees (default 8, 1–500)
  --days N        working days, ending yesterday (default 5, 1–60)
  --seed S        traffic seed, a whole number (default 42): the same seed gives the same traffic
  --rows N        rows shown per named query (default 5)
  --data DIR      data folder to write (default: a new temporary folder, kept afterwards)
  -h, --help      this help
afterwards: npm run query -- --data DIR --list   (the folder is printed at the start)`;

function wholeNumber(flag: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (raw === undefined || !/^\d{1,16}$/.test(raw) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      employees: { type: 'string', default: '8' },
      days: { type: 'string', default: '5' },
      seed: { type: 'string', default: '42' },
      rows: { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const employees = wholeNumber('--employees', values.employees, 1, 500);
  const days = wholeNumber('--days', values.days, 1, 60);
  const previewRows = wholeNumber('--rows', values.rows, 0, 1000);
  wholeNumber('--seed', values.seed, 0, Number.MAX_SAFE_INTEGER);
  const started = Date.now();
  const dataDir = values.data ? resolve(values.data) : await mkdtemp(join(tmpdir(), 'activity-demo-'));

  out(bold('activity-ingest — local demo: agents → HTTP → redaction → Parquet → release → SQL → leak check'));
  out(dim(`data folder: ${dataDir}`));

  step(1, STEPS, 'Synthetic agent traffic');
  const plan = planDemo(Number(values.seed), employees, days);
  out(
    `  ${employees} employees × ${days} days (${plan.days[0]?.day} … ${plan.days.at(-1)?.day}), seed ${values.seed}: ` +
      `${num(plan.events)} events, ${num(plan.planted.size)} planted secrets and personal values`,
  );

  // The company's people directory, outside the data folder (the people file is personal data).
  const peopleDir = await mkdtemp(join(tmpdir(), 'activity-demo-people-'));
  const people = await makeDemoDirectory(values.seed!, peopleDir);
  const dirStats = people.directory.stats();
  out(
    `  people directory: ${num(dirStats.people)} people of the simulated company, ${people.peopleFile} → ` +
      `${people.artifactFile} (${num(dirStats.entries)} keyed hashes, no names)`,
  );

  step(2, STEPS, 'Local server (same route, validation and handler core as the Lambda)');
  let now = new Date();
  const server = await startLocalServer({
    dataDir,
    port: 0,
    clock: () => now,
    workers: DEFAULT_WORKERS,
    directory: people.directory,
  });
  await rm(peopleDir, { recursive: true, force: true });
  out(
    `  listening on ${server.url}  ·  ${DEFAULT_WORKERS} ingest workers  ·  pseudonym key: ${join(dataDir, 'pseudonym.key')} (local only)`,
  );

  step(3, STEPS, 'Agents (ActivityClient, one per employee) send their days through POST /v1/events');
  const spoolRoot = await mkdtemp(join(tmpdir(), 'activity-demo-agents-'));
  // Each simulated agent authenticates as its own employee, with a token minted from the data folder's key.
  const agents = createDemoAgents(server.url, plan.employees, spoolRoot, await localTokenMinter(dataDir));
  const sendStarted = Date.now();
  for (const day of plan.days) {
    now = day.receivedAt;
    const before = { ...server.totals() };
    const t0 = Date.now();
    await agents.sendDay(day, (n) => {
      if (process.stdout.isTTY) process.stdout.write(`\r  ${day.day}  ${num(n)}/${num(day.events)} events`);
    });
    const t = server.totals();
    if (process.stdout.isTTY) process.stdout.write('\r\x1b[2K');
    out(
      `  ${day.day}  ${num(day.events).padStart(6)} events  accepted ${num(t.accepted - before.accepted).padStart(6)}` +
        `  rejected ${num(t.rejected - before.rejected).padStart(4)}  ${dim(`${Date.now() - t0} ms`)}`,
    );
  }
  const sendMs = Date.now() - sendStarted;
  await agents.close();
  await rm(spoolRoot, { recursive: true, force: true });

  step(4, STEPS, 'Flush: write-ahead log → Parquet (ZSTD, Glue schema, dt= partitions)');
  await server.close();
  const totals = server.totals();
  const delivery = server.deliveryStats();
  const storage = await storageStats(dataDir);
  out(
    `  events accepted ${green(num(totals.accepted))}, rejected ${num(totals.rejected)}` +
      `${
        Object.keys(totals.rejectedByCode).length
          ? ` (${Object.entries(totals.rejectedByCode)
              .map(([c, n]) => `${c} ${n}`)
              .join(', ')})`
          : ''
      }` +
      `, retry ${num(totals.retry)}  ·  ${num(Math.round((plan.events / sendMs) * 1000))} events/s through the agent SDK`,
  );
  out(
    `  ${num(storage.parquetFiles)} Parquet files in ${storage.partitions.length} partitions (${storage.partitions.join(', ')})`,
  );
  out(
    `  Parquet ${bytes(storage.parquetBytes)} vs NDJSON of the same rows ${bytes(delivery.ndjsonBytes)}: ` +
      `${bold(pct(storage.parquetBytes, delivery.ndjsonBytes))}` +
      `  ·  left in write-ahead log: ${storage.walSegments} segments, error output: ${storage.errorFiles} files`,
  );

  step(5, STEPS, 'Release (queries/release/, the SQL Athena runs): raw events/ → released/ for trainers');
  const settings = DEFAULT_RELEASE_SETTINGS;
  out(
    `  k = ${settings.minContributors} contributors per quasi-identifier value and day, sessions of at least ` +
      `${settings.minSessionEvents} events; no contributor, event id or instant; sessions re-keyed`,
  );
  const releasedDays = await rawDays(dataDir);
  for (const day of await releaseDays(dataDir, releasedDays, { settings })) {
    out(`  ${describeReleasedDay(day)}`);
  }
  // As after every release: each released day's small raw part files become one ZSTD file.
  const compacted = await compactRaw(dataLayout(dataDir), releasedDays);
  const compactedStorage = await storageStats(dataDir);
  out(
    `  raw compaction: ${num(compacted.reduce((n, c) => n + c.filesBefore, 0))} part files → ${num(compacted.length)}` +
      `  ·  raw Parquet ${bytes(compactedStorage.parquetBytes)} vs NDJSON ${bytes(delivery.ndjsonBytes)}: ` +
      `${bold(pct(compactedStorage.parquetBytes, delivery.ndjsonBytes))} (goal ≤ 10 %)`,
  );

  step(6, STEPS, "Trainers' named queries (queries/*.sql, unchanged) on the released table, in DuckDB");
  const engine = await QueryEngine.open(dataDir);
  try {
    for (const q of await listNamedQueries()) {
      out(`  ${bold(q.name)} ${dim(q.title)}`);
      out(preview(await engine.query(q.sql), previewRows));
    }
    out(`  ${bold('redactions by type')} ${dim('(released rows)')}`);
    const redactions = await engine.query(
      `SELECT t.type, sum(redactions[t.type]) AS "values", count(*) AS events
         FROM released CROSS JOIN UNNEST(map_keys(redactions)) AS t(type)
         GROUP BY t.type ORDER BY 2 DESC, 1`,
    );
    out(preview(redactions, 100));
  } finally {
    engine.close();
  }

  step(7, STEPS, 'Leak check: every stored byte (raw and released), Parquet decoded');
  const report = await leakCheck(dataDir, leakSearch(plan));
  out(
    `  searched ${num(report.planted)} planted values and identifiers in ${num(report.decodedRows)} decoded rows ` +
      `of ${num(report.parquetFiles)} Parquet files and ${num(report.rawFiles)} files as raw bytes (${bytes(report.rawBytes)})`,
  );
  for (const line of describeLeaks(report.leaks)) out(red(`  LEAK: ${line}`));
  // Trainers read the released zone: not one raw pseudonym (contributor or session) may be in it.
  const pseudonyms = await rawPseudonyms(dataDir);
  const inReleasedZone = (path: string) => /^(released|release-reports)\//.test(path);
  const releasedReport = await leakCheck(dataDir, pseudonyms, { include: inReleasedZone });
  out(
    `  released zone: searched ${num(pseudonyms.length)} raw contributor and session pseudonyms in ` +
      `${num(releasedReport.decodedRows)} decoded rows of ${num(releasedReport.parquetFiles)} released and report files`,
  );
  for (const line of describeLeaks(releasedReport.leaks)) out(red(`  PSEUDONYM IN RELEASED ZONE: ${line}`));
  const leaks = [...report.leaks, ...releasedReport.leaks];
  out(
    leaks.length === 0
      ? green(bold(`  LEAK CHECK: 0 leaks`))
      : red(
          bold(
            `  LEAK CHECK: ${new Set(report.leaks.map((l) => l.value)).size} planted values found in stored data, ` +
              `${new Set(releasedReport.leaks.map((l) => l.value)).size} raw pseudonyms in the released zone`,
          ),
        ),
  );
  out();
  out(
    dim(
      `done in ${((Date.now() - started) / 1000).toFixed(1)} s · try: npm run query -- --data ${dataDir} --list`,
    ),
  );
  return leaks.length === 0 && totals.accepted > 0 ? 0 : 1;
}

/** Every distinct contributor and session pseudonym of the raw rows (read as the local operator). */
async function rawPseudonyms(dataDir: string): Promise<{ kind: string; value: string }[]> {
  const raw = await QueryEngine.open(dataDir, { raw: true });
  try {
    const result = await raw.query(
      `SELECT DISTINCT 'contributor' AS kind, contributor AS value FROM events
       UNION SELECT DISTINCT 'session', "session" FROM events`,
    );
    return result.rows.map(([kind, value]) => ({ kind: String(kind), value: String(value) }));
  } finally {
    raw.close();
  }
}

runCli(main, {
  name: 'demo',
  usage: USAGE,
  // The message only (it names files and steps, never event content); the stack on request.
  report: (err, kind) => {
    if (kind !== 'failure') return undefined;
    const detail = process.env.ACTIVITY_DEBUG ? ((err as Error).stack ?? '') : '';
    return `demo failed: ${err instanceof Error ? err.message : String(err)}\n${detail}`;
  },
});
