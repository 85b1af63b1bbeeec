/**
 * `npm run query`: SQL for trainers, on the local data folder (DuckDB) or, with `--athena`, in the
 * deployed stack's Athena workgroup — the same named queries, the same output. Locally the
 * trainers' tables are `released` and `release_report`; the raw `events` only with `--raw`.
 */
import { parseArgs } from 'node:util';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  type AthenaProgress,
  AthenaQueryCancelled,
  AthenaQueryFailed,
  runAthenaQuery,
} from '../lib/athena/run-query.ts';
import { StackOutputsError, trainerTargetsOf } from '../lib/athena/stack-outputs.ts';
import { runCli } from '../lib/cli/run-cli.ts';
import { UsageError } from '../lib/cli/usage-error.ts';
import { DEFAULT_CONFIG } from '../lib/config.ts';
import { resolveDataDir } from '../local/data-dir.ts';
import { assertDataFolder, NoDataFolderError } from '../local/data-folder.ts';
import {
  DEFAULT_TABLE_LIMIT,
  type FormatOptions,
  formatResult,
  OUTPUT_FORMATS,
  type OutputFormat,
} from '../local/format.ts';
import { dataLayout } from '../local/layout.ts';
import { listNamedQueries, loadNamedQuery } from '../local/named-queries.ts';
import { QueryEngine } from '../local/query-engine.ts';
import { summarize, summaryRows } from '../local/summary.ts';

const USAGE = `usage: npm run query -- [options] ("SQL" | --named NAME | --list | --summary)
  --named NAME        run queries/NAME.sql (a trainers' named query; the same file is deployed to Athena)
  --list              list the named queries
  --format FORMAT     table (default) | json | csv
  --limit N           print at most N rows (table default ${DEFAULT_TABLE_LIMIT}, says how many were left out;
                      json and csv print every row unless given)
  --wide              table: print long cells whole instead of cutting them at 60 characters
local (default): DuckDB over the data folder
  --data DIR          data folder (default: $ACTIVITY_DATA_DIR or ./local-data)
  --raw               also open the raw table \`events\` (operators of a local deployment only)
  --summary           what the data folder holds: partitions, rows, bytes, backlog, last release
AWS: Athena in the trainers' workgroup (credentials from the AWS SDK's default chain, e.g. the trainer role)
  --athena            run in Athena instead of locally
  --stack NAME        take the workgroup and database from this stack's outputs (e.g. ActivityIngest)
  --workgroup W       (default ${DEFAULT_CONFIG.workgroupName})
  --database D        (default ${DEFAULT_CONFIG.databaseName})
  --region R          (default: $AWS_REGION)
  progress (state, data scanned, elapsed) goes to stderr; Ctrl-C stops the query in Athena.
Tables: \`released\` (what trainers query; \`npm run release\` builds it locally) and \`release_report\`.
examples:
  npm run query -- --list
  npm run query -- --named session_summary_by_day --format csv
  npm run query -- "SELECT dt, event_type, count(*) FROM released GROUP BY ALL ORDER BY 1, 3 DESC"
  npm run query -- --athena --stack ActivityIngest --named daily_volume_by_event_type`;

const RAW_NOTICE =
  'raw data: the `events` table holds raw rows, for operators of a local deployment only; ' +
  'in AWS no person can read them, and trainers query `released`.';

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      named: { type: 'string' },
      list: { type: 'boolean' },
      format: { type: 'string', default: 'table' },
      limit: { type: 'string' },
      wide: { type: 'boolean' },
      raw: { type: 'boolean' },
      data: { type: 'string' },
      summary: { type: 'boolean' },
      athena: { type: 'boolean' },
      stack: { type: 'string' },
      workgroup: { type: 'string' },
      database: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function formatOptions(values: Values, format: OutputFormat): FormatOptions {
  let limit: number | undefined;
  if (values.limit !== undefined) {
    if (!/^\d{1,9}$/.test(values.limit) || Number(values.limit) < 1)
      throw new UsageError('--limit must be a whole number ≥ 1');
    limit = Number(values.limit);
  } else if (format === 'table') {
    limit = DEFAULT_TABLE_LIMIT;
  }
  return { ...(limit !== undefined ? { limit } : {}), ...(values.wide ? { maxCellWidth: null } : {}) };
}

async function sqlOf(values: Values, positionals: string[]): Promise<string> {
  if (values.named !== undefined) {
    if (positionals.length > 0) throw new UsageError('give either --named NAME or SQL, not both');
    return (
      await loadNamedQuery(values.named).catch((err: Error) => {
        throw new UsageError(err.message);
      })
    ).sql;
  }
  const sql = positionals.join(' ');
  if (!sql.trim()) throw new UsageError('no query: give SQL, --named NAME, --list or --summary');
  return sql;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const format = values.format as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`);
  if (values.list) {
    for (const q of await listNamedQueries())
      process.stdout.write(`${q.name}\n    ${q.title}: ${q.description}\n`);
    return 0;
  }
  const options = formatOptions(values, format);
  if (values.athena) return athena(values, await sqlOf(values, positionals), format, options);
  for (const flag of ['stack', 'workgroup', 'database', 'region'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is for --athena`);
  }

  const dataDir = resolveDataDir(values.data);
  // What to run is checked before where: a usage error is named first.
  const sql = values.summary ? '' : await sqlOf(values, positionals);
  await assertDataFolder(dataDir);
  if (values.summary) {
    const engine = await QueryEngine.open(dataDir, { raw: true });
    try {
      const rows = summaryRows(await summarize(dataLayout(dataDir), engine));
      const result = {
        columns: [
          { name: 'what', type: 'VARCHAR' },
          { name: 'value', type: 'VARCHAR' },
        ],
        rows,
      };
      process.stdout.write(formatResult(result, format, { maxCellWidth: null }));
    } finally {
      engine.close();
    }
    return 0;
  }
  if (values.raw) process.stderr.write(`${RAW_NOTICE}\n`);
  const engine = await QueryEngine.open(dataDir, { raw: values.raw === true });
  try {
    process.stdout.write(formatResult(await engine.query(sql), format, options));
  } catch (err) {
    if (!values.raw && /Table with name events does not exist/i.test((err as Error).message)) {
      throw new Error(
        '`events` is the raw table: trainers query `released` (see --list); operators of a local deployment can add --raw',
      );
    }
    throw err;
  } finally {
    engine.close();
  }
  return 0;
}

async function athena(
  values: Values,
  sql: string,
  format: OutputFormat,
  options: FormatOptions,
): Promise<number> {
  if (values.raw || values.summary || values.data !== undefined) {
    throw new UsageError('--raw, --summary and --data are for the local data folder, not --athena');
  }
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new UsageError('--athena needs a region: --region R or AWS_REGION');
  let workgroup = values.workgroup ?? DEFAULT_CONFIG.workgroupName;
  let database = values.database ?? DEFAULT_CONFIG.databaseName;
  if (values.stack !== undefined) {
    const targets = await trainerTargetsOf(new CloudFormationClient({ region }), values.stack);
    workgroup = values.workgroup ?? targets.workgroup;
    database = values.database ?? targets.database;
  }
  const controller = new AbortController();
  const onInterrupt = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onInterrupt);
  const progress = progressPrinter();
  try {
    const result = await runAthenaQuery({
      client: new AthenaClient({ region }),
      workgroup,
      database,
      sql,
      signal: controller.signal,
      onProgress: progress,
      // One row past the limit: enough to say that rows were left out, without paging them all.
      ...(options.limit !== undefined ? { maxRows: options.limit + 1 } : {}),
    });
    progress.done();
    const more = options.limit !== undefined && result.rows.length > options.limit;
    process.stdout.write(
      formatResult(result, format, { ...options, ...(more ? { totalRows: 'more' as const } : {}) }),
    );
    return 0;
  } catch (err) {
    progress.done();
    if (err instanceof AthenaQueryCancelled) {
      process.stderr.write(`query: ${err.message}\n`);
      return 130;
    }
    if (err instanceof AthenaQueryFailed) {
      process.stderr.write(`query failed in Athena (${err.queryExecutionId}): ${err.reason}\n`);
      return 1;
    }
    throw err;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** One stderr line per change of state (rewritten in place on a terminal): state, data scanned, elapsed. */
function progressPrinter(): ((p: AthenaProgress) => void) & { done(): void } {
  const tty = process.stderr.isTTY === true;
  let lastState = '';
  let drawn = false;
  const print = (p: AthenaProgress) => {
    const line = `athena ${p.queryExecutionId || '…'} ${p.state} · scanned ${(p.dataScannedBytes / 1048576).toFixed(1)} MiB · ${(p.elapsedMs / 1000).toFixed(1)} s`;
    if (tty) {
      process.stderr.write(`\r\x1b[2K${line}`);
      drawn = true;
    } else if (p.state !== lastState) {
      process.stderr.write(`${line}\n`);
    }
    lastState = p.state;
  };
  return Object.assign(print, {
    done() {
      if (tty && drawn) process.stderr.write('\n');
      drawn = false;
    },
  });
}

// The message names a flag, a file or the SQL the user wrote; an engine error may quote a
// value of the rows queried, which this user may read anyway, on their own terminal only.
runCli(() => main(process.argv.slice(2)), {
  name: 'query',
  usage: USAGE,
  operatorErrors: [NoDataFolderError, StackOutputsError],
});
