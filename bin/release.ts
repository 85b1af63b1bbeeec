/**
 * `npm run release`: builds the trainers' table (`released/`) from the raw rows (`events/`) with
 * the same SQL the AWS release runs in Athena. Default: yesterday (UTC), as the daily schedule.
 */
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli/run-cli.ts';
import { UsageError } from '../lib/cli/usage-error.ts';
import { checkDt, yesterday } from '../lib/release/day.ts';
import {
  checkReleaseSettings,
  DEFAULT_RELEASE_SETTINGS,
  ReleaseInputError,
  type ReleaseSettings,
} from '../lib/release/settings.ts';
import { compactRaw } from '../local/compact.ts';
import { resolveDataDir } from '../local/data-dir.ts';
import { assertDataFolder, NoDataFolderError } from '../local/data-folder.ts';
import { dataLayout } from '../local/layout.ts';
import { rawDays, releaseDays } from '../local/release.ts';
import { describeReleasedDay } from '../local/release-summary.ts';

const USAGE = `usage: npm run release -- [--data DIR] [--dt YYYY-MM-DD | --all] [--k N] [--min-session-events N] [--json]
  --dt DAY                  release this day (default: yesterday, UTC)
  --all                     release every day that has raw rows
  --k N                     a quasi-identifier value is kept only if N distinct contributors used it that day (default ${DEFAULT_RELEASE_SETTINGS.minContributors})
  --min-session-events N    drop sessions with fewer events (default ${DEFAULT_RELEASE_SETTINGS.minSessionEvents})
  --json                    print the release_report rows as JSON
  --data DIR                data folder (default: $ACTIVITY_DATA_DIR or ./local-data)
Releasing a day again replaces its released rows; each run adds one release_report row per day.`;

function integer(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} must be a whole number`);
  return Number(raw);
}

function settingsFrom(values: { k?: string; 'min-session-events'?: string }): ReleaseSettings {
  const settings = {
    minContributors: integer('--k', values.k, DEFAULT_RELEASE_SETTINGS.minContributors),
    minSessionEvents: integer(
      '--min-session-events',
      values['min-session-events'],
      DEFAULT_RELEASE_SETTINGS.minSessionEvents,
    ),
  };
  try {
    return checkReleaseSettings(settings, {
      minContributors: '--k',
      minSessionEvents: '--min-session-events',
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      dt: { type: 'string' },
      all: { type: 'boolean' },
      k: { type: 'string' },
      'min-session-events': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.all && values.dt !== undefined) throw new UsageError('give --dt or --all, not both');
  const settings = settingsFrom(values);
  if (values.dt !== undefined) checkDt(values.dt);
  const dataDir = resolveDataDir(values.data);
  await assertDataFolder(dataDir);
  const days = values.all ? await rawDays(dataDir) : [values.dt ?? yesterday(new Date())];
  if (days.length === 0) {
    process.stderr.write(`no raw rows in ${dataDir}/events: nothing to release\n`);
    return 0;
  }
  const released = await releaseDays(dataDir, days, { settings });
  // A released day is a finished day: its small raw part files can become one.
  const compacted = await compactRaw(dataLayout(dataDir), days);
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify(
        released.map((d) => d.report),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const runId = released[0]?.report.run_id;
  process.stdout.write(
    `release run ${String(runId)}: k = ${settings.minContributors}, sessions of at least ${settings.minSessionEvents} events\n`,
  );
  for (const day of released) {
    process.stdout.write(`  ${describeReleasedDay(day)}\n`);
    if (!day.hadRawRows) process.stdout.write(`    (no raw rows for this day: its release is now empty)\n`);
  }
  for (const c of compacted) {
    process.stdout.write(
      `  compacted raw dt=${c.dt}: ${c.filesBefore} files → 1 (${c.bytesBefore} → ${c.bytesAfter} bytes)\n`,
    );
  }
  return 0;
}

runCli(main, {
  name: 'release',
  usage: USAGE,
  usageErrors: [NoDataFolderError, ReleaseInputError],
  report: (err, kind) =>
    `release failed: ${err instanceof Error ? err.message : String(err)}\n${kind === 'usage' ? `${USAGE}\n` : ''}`,
});
