/**
 * `npm run query -- "SELECT …"`: SQL over the local Parquet files. Trainers' tables: `released`
 * and `release_report`; the raw `events` table only with `--raw`. `--named NAME` runs
 * queries/NAME.sql, `--list` lists them.
 */
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../local/data-dir.ts';
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from '../local/format.ts';
import { listNamedQueries, loadNamedQuery } from '../local/named-queries.ts';
import { QueryEngine } from '../local/query-engine.ts';

const USAGE = `usage: npm run query -- [options] ["SQL"]
  --named NAME        run queries/NAME.sql (a trainer named query)
  --list              list the named queries
  --format FORMAT     table (default) | json | csv
  --raw               also open the raw table \`events\` (operators of a local deployment only)
  --data DIR          data folder (default: $ACTIVITY_DATA_DIR or ./local-data)
Tables: \`released\` (what trainers query; \`npm run release\` builds it) and \`release_report\`.`;

const RAW_NOTICE =
  'raw data: the `events` table holds raw rows, for operators of a local deployment only; ' +
  'in AWS no person can read them, and trainers query `released`.';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      named: { type: 'string' },
      list: { type: 'boolean' },
      format: { type: 'string', default: 'table' },
      raw: { type: 'boolean' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const format = values.format as OutputFormat;
  if (values.help || !OUTPUT_FORMATS.includes(format)) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (values.list) {
    for (const q of await listNamedQueries()) {
      process.stdout.write(`${q.name}\n    ${q.title}: ${q.description}\n`);
    }
    return 0;
  }
  const sql = values.named ? (await loadNamedQuery(values.named)).sql : positionals.join(' ');
  if (!sql.trim()) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (values.raw) process.stderr.write(`${RAW_NOTICE}\n`);
  const engine = await QueryEngine.open(resolveDataDir(values.data), { raw: values.raw === true });
  try {
    process.stdout.write(formatResult(await engine.query(sql), format));
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

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`query failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
