#!/usr/bin/env -S npx tsx
/**
 * `activity-agent`: send recorded events, simulate realistic agent traffic, or preview what
 * would be stored of your own events.
 * Exit codes: 0 all delivered and accepted · 1 some events rejected or invalid ·
 * 2 usage error · 3 delivery failed (undelivered events stay in the spool, if any) ·
 * 4 any other failure (I/O, spool).
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { platform } from 'node:os';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli/run-cli.ts';
import { UsageError } from '../lib/cli/usage-error.ts';
import { Fleet } from '../lib/client/cli/fleet.ts';
import { runPreview } from '../lib/client/cli/preview.ts';
import { startProgress, summary } from '../lib/client/cli/progress.ts';
import { sendFile } from '../lib/client/cli/send.ts';
import { simulate } from '../lib/client/cli/simulate.ts';
import { DeliveryError, zeroStats } from '../lib/client/client.ts';
import { eventsUrl as eventsUrlOf } from '../lib/client/envelope.ts';
import { isLoopbackHost } from '../lib/client/loopback.ts';
import { DirectoryFormatError } from '../lib/directory/artifact.ts';
import { PeopleFileError } from '../lib/directory/people-csv.ts';
import { FolderLockedError } from '../lib/fs/folder-lock.ts';
import { ConfigError } from '../lib/ingest/config.ts';
import { PreviewInputError } from '../lib/preview/preview-events.ts';
import { PreviewSourceError } from '../lib/preview/sources.ts';
import { localTokenMinter, MissingKeyError } from '../local/agent-credentials.ts';
import { resolveDataDir } from '../local/data-dir.ts';

const USAGE = `usage:
  activity-agent token --employee-id ID [--data DIR]
      Prints the local-mode bearer token of an employee, made with the local server's key
      (DIR/pseudonym.key; default ./local-data or $ACTIVITY_DATA_DIR). Local mode only.
  activity-agent send FILE.jsonl --endpoint URL [--employee-id ID] [options]
      Sends recorded events: one RequestEvent per line (as --employee-id), or one
      RequestEnvelope per line (as written by simulate --out).
  activity-agent simulate --employees N --days D [--seed S] (--endpoint URL | --out FILE.jsonl) [options]
      Generates realistic synthetic agent traffic (reproducible with --seed) and sends it
      to --endpoint and/or writes one RequestEnvelope per line to --out.
  activity-agent preview (FILE.jsonl | --spool DIR) [--format table|json] [identity options]
      Shows what would be stored of your own events — kept fields, placeholders, dropped
      fields (named, never shown), rejections — computed here by the same ingest code.
      Nothing is sent. FILE: event lines (as --employee-id) or envelope lines; DIR: an
      agent's spool folder (what is waiting to be sent).

options:
  --endpoint URL        API base, e.g. http://127.0.0.1:8787 or https://ID.execute-api.REGION.amazonaws.com/prod
  --employee-id ID      employee of event lines (default: $ACTIVITY_EMPLOYEE_ID)
  --token TOKEN         local mode: bearer token of that employee (default: $ACTIVITY_AGENT_TOKEN)
  --data DIR            local mode: mint each employee's token from the server's data folder
                        (default for a loopback endpoint without --token: ./local-data, if it has a key)
  --spool-dir DIR       durable spool (per employee: DIR/<employee_id>); replayed on the next run
  --region REGION       SigV4 region (default: from the endpoint host or $AWS_REGION)
  --signing MODE        auto (default: unsigned on loopback only) | sigv4 | none
  --max-attempts N      consecutive failed attempts before giving up (default 10)
  --timeout-ms MS       per-request timeout (default 30000)
  --seed S              simulate: PRNG seed (default 1)
  --start-date DATE     simulate: first UTC day, YYYY-MM-DD (default 2026-01-05)
  --plant-rate R        simulate: share of events carrying planted secrets/PII (default 0.05)
  --planted FILE        simulate: write the planted strings as JSON lines {kind, value}
  --format F            preview: table (default) or json
  --spool DIR           preview: an agent's spool folder instead of a FILE
  --hint-username U, --hint-email E, --hint-name N
                        preview: your identifiers the agent sends to be scrubbed (repeatable)
  --device-id ID        preview: the device id the agent sends (scrubbed, never stored)
  --directory FILE      preview: the people directory the server uses (CSV or built artifact)
  --quiet               no progress on stderr
  --json                print the final stats as JSON on stdout
  -h, --help            this help

examples:
  activity-agent token --employee-id E000123 --data ./local-data
  activity-agent simulate --employees 4 --days 2 --endpoint http://127.0.0.1:8787 --data ./local-data
  activity-agent preview events.jsonl --employee-id E000123 --hint-email ana.silva@example.com
  activity-agent preview --spool ~/.activity-agent/spool/E000123 --format json
  activity-agent send events.jsonl --employee-id E000123 --spool-dir ~/.activity-agent/spool \\
      --endpoint https://abc123.execute-api.eu-west-1.amazonaws.com/prod      # AWS: SigV4 (AgentRole session)

exit codes: 0 ok · 1 some events rejected or lines invalid (preview: would be) · 2 usage error
(bad flag, unreadable file or spool, missing local key, a --spool-dir another process uses) ·
3 delivery failed (events stay in --spool-dir) · 4 other failure (I/O, spool)`;

function int(name: string, v: string | undefined, fallback?: number): number {
  if (v === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      endpoint: { type: 'string' },
      'employee-id': { type: 'string' },
      token: { type: 'string' },
      data: { type: 'string' },
      'spool-dir': { type: 'string' },
      region: { type: 'string' },
      signing: { type: 'string' },
      'max-attempts': { type: 'string' },
      'timeout-ms': { type: 'string' },
      employees: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      'start-date': { type: 'string' },
      'plant-rate': { type: 'string' },
      out: { type: 'string' },
      planted: { type: 'string' },
      quiet: { type: 'boolean' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      spool: { type: 'string' },
      'hint-username': { type: 'string', multiple: true },
      'hint-email': { type: 'string', multiple: true },
      'hint-name': { type: 'string', multiple: true },
      'device-id': { type: 'string' },
      directory: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const signing = values.signing as 'auto' | 'sigv4' | 'none' | undefined;
  if (signing !== undefined && !['auto', 'sigv4', 'none'].includes(signing))
    throw new UsageError('--signing must be auto, sigv4 or none');
  if (command === 'token') {
    if (rest.length > 0) throw new UsageError('token takes no positional arguments');
    const employeeId = values['employee-id'] ?? process.env.ACTIVITY_EMPLOYEE_ID;
    if (!employeeId?.trim()) throw new UsageError('token needs --employee-id');
    const mint = await localTokenMinter(resolveDataDir(values.data));
    process.stdout.write(`${mint(employeeId)}\n`);
    return 0;
  }
  if (command === 'preview') return preview(values, rest);
  const tokenFor = async (endpoint: string) => {
    const token = values.token ?? process.env.ACTIVITY_AGENT_TOKEN;
    if (token !== undefined) return () => token;
    if (values.data !== undefined) return localTokenMinter(resolveDataDir(values.data));
    if (!isLoopbackHost(eventsUrlOf(endpoint).hostname)) return undefined;
    // A local server: its default data folder's key, when there is one (an --open server needs none).
    return localTokenMinter(resolveDataDir(undefined)).catch((err: unknown) => {
      if (!(err instanceof MissingKeyError)) throw err;
      process.stderr.write(`activity-agent: no token (${err.message})\n`);
      return undefined;
    });
  };
  const retries = retryExplainer(values.endpoint);
  const makeFleet = async (endpoint: string) =>
    new Fleet({
      endpoint,
      onRetry: retries,
      ...(await tokenFor(endpoint).then((f) => (f ? { tokenFor: f } : {}))),
      ...(values.region ? { region: values.region } : {}),
      ...(signing ? { signing } : {}),
      ...(values['spool-dir'] ? { spoolDir: values['spool-dir'] } : {}),
      maxAttempts: Math.max(1, int('max-attempts', values['max-attempts'], 10)),
      timeoutMs: Math.max(1, int('timeout-ms', values['timeout-ms'], 30_000)),
    });
  const started = Date.now();

  if (values.endpoint !== undefined) checkEndpoint(values.endpoint);
  if (command === 'send') {
    const file = rest[0];
    if (!file || rest.length > 1) throw new UsageError('send takes exactly one FILE.jsonl');
    if (!values.endpoint) throw new UsageError('--endpoint is required');
    await access(file, constants.R_OK).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`send: cannot read ${file} (${err.code ?? 'error'})`);
    });
    const fleet = await makeFleet(values.endpoint);
    const stop = values.quiet ? () => {} : startProgress(() => fleet.stats());
    onInterrupt(fleet);
    const employeeId = values['employee-id'] ?? process.env.ACTIVITY_EMPLOYEE_ID;
    let failed = false;
    let result: Awaited<ReturnType<typeof sendFile>>;
    try {
      result = await sendFile(
        {
          file,
          ...(employeeId ? { employeeId } : {}),
          agent: { name: 'activity-agent-cli', version: '0.1.0', os: osFamily() },
        },
        fleet,
      );
      await fleet.flush();
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      failed = true;
      result = { lines: 0, invalidLines: [] };
    } finally {
      stop();
    }
    await fleet.close(!failed);
    const s = fleet.stats();
    report(values.json, { ...s, invalidLines: result.invalidLines.length }, summary(s, Date.now() - started));
    if (result.invalidLines.length > 0) {
      const shown = result.invalidLines.slice(0, 50).map((l) => `  line ${l.line}: ${l.reason}\n`);
      const more = result.invalidLines.length - shown.length;
      process.stderr.write(
        `${result.invalidLines.length} invalid lines (not sent):\n${shown.join('')}${more > 0 ? `  … and ${more} more\n` : ''}`,
      );
    }
    if (failed) return deliveryFailed(s.queued + s.inFlight, values['spool-dir']);
    return s.rejected > 0 || result.invalidLines.length > 0 ? 1 : 0;
  }

  if (command === 'simulate') {
    if (rest.length > 0) throw new UsageError('simulate takes no positional arguments');
    if (!values.endpoint && !values.out) throw new UsageError('simulate needs --endpoint and/or --out');
    const plantRate = values['plant-rate'] === undefined ? 0.05 : Number(values['plant-rate']);
    if (!(plantRate >= 0 && plantRate <= 1)) throw new UsageError('--plant-rate must be within [0, 1]');
    const fleet = values.endpoint ? await makeFleet(values.endpoint) : undefined;
    let generated = 0;
    const stop = values.quiet
      ? () => {}
      : fleet
        ? startProgress(
            () => fleet.stats(),
            () => `generated ${generated} `,
          )
        : startProgress(zeroStats, () => `generated ${generated} `);
    if (fleet) onInterrupt(fleet);
    try {
      const r = await simulate(
        {
          seed: values.seed ?? '1',
          employees: Math.max(1, int('employees', values.employees)),
          days: Math.max(1, int('days', values.days)),
          plantRate,
          ...(values['start-date'] ? { startDate: values['start-date'] } : {}),
          ...(values.out ? { out: values.out } : {}),
          ...(values.planted ? { plantedOut: values.planted } : {}),
        },
        fleet,
        (n) => {
          generated = n;
        },
      );
      stop();
      if (!fleet) {
        report(
          values.json,
          r,
          `generated ${r.events} events in ${r.batches} envelopes (${r.planted} planted strings)`,
        );
        return 0;
      }
      await fleet.close(true);
      const s = fleet.stats();
      report(
        values.json,
        { ...s, generated: r.events, planted: r.planted },
        summary(s, Date.now() - started),
      );
      return s.rejected > 0 ? 1 : 0;
    } catch (err) {
      stop();
      if (!(err instanceof DeliveryError) || !fleet) throw err;
      await fleet.close(false);
      const s = fleet.stats();
      report(values.json, s, summary(s, Date.now() - started));
      return deliveryFailed(s.queued + s.inFlight, values['spool-dir']);
    }
  }
  throw new UsageError(`unknown command: ${command}`);
}

/** `preview`: reads the employee's events and prints what would be stored; sends nothing. */
async function preview(
  values: {
    endpoint?: string | undefined;
    format?: string | undefined;
    spool?: string | undefined;
    'employee-id'?: string | undefined;
    'hint-username'?: string[] | undefined;
    'hint-email'?: string[] | undefined;
    'hint-name'?: string[] | undefined;
    'device-id'?: string | undefined;
    directory?: string | undefined;
  },
  files: string[],
): Promise<number> {
  if (values.endpoint !== undefined) throw new UsageError('preview sends nothing: it takes no --endpoint');
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError('--format must be table or json');
  if (files.length > 1 || (files.length === 1) === (values.spool !== undefined)) {
    throw new UsageError('preview takes one FILE.jsonl or --spool DIR');
  }
  const employeeId = values['employee-id'] ?? process.env.ACTIVITY_EMPLOYEE_ID;
  const hints = {
    ...(values['hint-username'] ? { usernames: values['hint-username'] } : {}),
    ...(values['hint-email'] ? { emails: values['hint-email'] } : {}),
    ...(values['hint-name'] ? { names: values['hint-name'] } : {}),
  };
  try {
    return await runPreview(
      {
        ...(files[0] !== undefined ? { file: files[0] } : {}),
        ...(values.spool !== undefined ? { spool: values.spool } : {}),
        format,
        identity: {
          ...(employeeId ? { employeeId } : {}),
          ...(Object.keys(hints).length > 0 ? { identityHints: hints } : {}),
          ...(values['device-id'] ? { deviceId: values['device-id'] } : {}),
        },
        ...(values.directory ? { directoryFile: values.directory } : {}),
        env: process.env,
      },
      (text) => process.stdout.write(text),
    );
  } catch (err) {
    // What the employee must change (a path, a flag, a setting): named, with the usage.
    const fix = [PreviewSourceError, PreviewInputError, ConfigError, PeopleFileError, DirectoryFormatError];
    if (fix.some((type) => err instanceof type)) throw new UsageError((err as Error).message);
    throw err;
  }
}

/** `--endpoint` must be an http(s) URL; the message names the flag and shows the two usual forms. */
function checkEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = eventsUrlOf(endpoint);
  } catch {
    throw new UsageError(
      '--endpoint: not a URL; expected e.g. http://127.0.0.1:8787 or https://ID.execute-api.REGION.amazonaws.com/prod',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint: must be http:// or https://, got ${url.protocol}//`);
  }
}

const RETRY_EXPLANATIONS: Record<string, string> = {
  connection_refused: 'connection refused (is the server running, on this port?)',
  dns_lookup_failed: 'host name not found (check the --endpoint host)',
  host_unreachable: 'host unreachable (network or VPN down?)',
  connection_reset: 'connection reset by the server',
  tls_certificate: 'TLS certificate not trusted',
  timeout: 'no answer within --timeout-ms',
  credentials: 'AWS credentials could not be loaded (check AWS_PROFILE / the credential process)',
  unauthenticated: 'the server wants a valid bearer token (--token, or --data DIR of the local server)',
  forbidden_caller: 'the credentials are not a session of the stack’s AgentRole',
  identity_mismatch: 'the credentials name another employee than --employee-id / the envelope',
};

/** Says once per distinct reason why requests are being retried, with the host; counts stay in the progress line. */
function retryExplainer(endpoint: string | undefined): (reason: string, status: number | undefined) => void {
  const said = new Set<string>();
  const host = endpoint ? safeHost(endpoint) : 'the endpoint';
  return (reason, status) => {
    if (said.has(reason)) return;
    said.add(reason);
    const why = RETRY_EXPLANATIONS[reason] ?? (status ? `HTTP ${status}` : reason);
    process.stderr.write(`activity-agent: ${host}: ${why}; retrying with backoff\n`);
  };
}

function safeHost(endpoint: string): string {
  try {
    return eventsUrlOf(endpoint).host;
  } catch {
    return 'the endpoint';
  }
}

function report(json: boolean | undefined, data: object, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${text}\n`);
}

function deliveryFailed(left: number, spoolDir: string | undefined): number {
  process.stderr.write(
    `delivery failed: ${left} events undelivered${spoolDir ? `; they stay in ${spoolDir} and are sent by the next run with the same --spool-dir` : ' (no --spool-dir: they are lost)'}\n`,
  );
  return 3;
}

function osFamily(): string {
  const p = platform();
  return p === 'darwin' ? 'macos' : p === 'win32' ? 'windows' : p;
}

/** Ctrl-C: stop at once; spooled events are replayed next time. */
function onInterrupt(fleet: Fleet): void {
  process.once('SIGINT', () => {
    fleet.close(false).finally(() => process.exit(130));
  });
}

// Only the error's message: it names options or files, never event content.
runCli(() => main(process.argv.slice(2)), {
  name: 'activity-agent',
  usage: USAGE,
  // A missing local key is a wrong --data folder: a usage error, with the folder named.
  usageErrors: [MissingKeyError],
  // Another agent process uses this spool: two writers would lose each other's events.
  operatorErrors: [FolderLockedError],
  failureCode: 4,
  report: (err) =>
    err instanceof FolderLockedError
      ? `activity-agent: spool ${err.message}; stop it, or use another --spool-dir\n`
      : undefined,
});
