/**
 * `npm run query -- "SELECT …"`: SQL over the local Parquet files, `events` standing in
 * for the Glue table. `--named NAME` runs queries/NAME.sql, `--list` lists them.
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
  --data DIR          data folder (default: $ACTIVITY_DATA_DIR or ./local-data)
The table is \`events\`: the Glue table's columns, plus \`dt\` (yyyy-MM-dd string).`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      named: { type: 'string' },
      list: { type: 'boolean' },
      format: { type: 'string', default: 'table' },
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
  const engine = await QueryEngine.open(resolveDataDir(values.data));
  try {
    process.stdout.write(formatResult(await engine.query(sql), format));
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
