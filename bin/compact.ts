/**
 * `npm run compact`: merges each raw day's small part files into one ZSTD file (local/compact.ts).
 * Safe while the server runs, and after a crash (the next run finishes or undoes what was left).
 */
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli/run-cli.ts';
import { UsageError } from '../lib/cli/usage-error.ts';
import { FolderLockedError } from '../lib/fs/folder-lock.ts';
import { checkDt } from '../lib/release/day.ts';
import { compactRaw } from '../local/compact.ts';
import { resolveDataDir } from '../local/data-dir.ts';
import { assertDataFolder, NoDataFolderError } from '../local/data-folder.ts';
import { dataLayout } from '../local/layout.ts';

const USAGE = `usage: npm run compact [-- --data DIR] [--dt YYYY-MM-DD]
  Merges each raw day's part files (one per write-ahead batch) into one ZSTD file. Safe while the
  server runs; \`npm run release\` runs it for the days it released.
  --dt DAY       compact this day only (default: every day)
  --data DIR     data folder (default: $ACTIVITY_DATA_DIR or ./local-data)
  -h, --help     this help`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, dt: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.dt !== undefined) {
    try {
      checkDt(values.dt);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const dataDir = resolveDataDir(values.data);
  await assertDataFolder(dataDir);
  const days = await compactRaw(dataLayout(dataDir), values.dt === undefined ? undefined : [values.dt]);
  if (days.length === 0)
    process.stdout.write('nothing to compact: no day has two or more small part files\n');
  for (const d of days) {
    process.stdout.write(
      `dt=${d.dt}  ${d.filesBefore} files, ${d.bytesBefore} bytes → ${d.filesAfter} file, ${d.bytesAfter} bytes\n`,
    );
  }
  return 0;
}

runCli(() => main(process.argv.slice(2)), {
  name: 'compact',
  usage: USAGE,
  operatorErrors: [NoDataFolderError, FolderLockedError],
});
